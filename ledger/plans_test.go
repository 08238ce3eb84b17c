package ledger

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSplitInstalments(t *testing.T) {
	for _, c := range []struct {
		total int64
		n     int
		want  string
	}{
		{8000, 3, "2666 2666 2668"},
		{10000, 4, "2500 2500 2500 2500"},
		{5, 5, "1 1 1 1 1"},
		{7, 2, "3 4"},
		{1, 1, "1"},
	} {
		got, err := SplitInstalments(c.total, c.n)
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		var parts []string
		for _, g := range got {
			sum += g
			parts = append(parts, itoa(g))
		}
		if strings.Join(parts, " ") != c.want || sum != c.total {
			t.Errorf("%d in %d: %v", c.total, c.n, got)
		}
	}
	for _, bad := range []struct {
		total int64
		n     int
	}{{4, 5}, {100, 0}, {100, MaxInstalments + 1}} {
		if _, err := SplitInstalments(bad.total, bad.n); err == nil {
			t.Errorf("%d in %d split", bad.total, bad.n)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A plan over an invoice someone has already paid part of: the rest is
// split, the remainder on the last instalment; reminders wait for each
// instalment's date plus the grace; a payment settles the oldest first; a
// missed one lets reminders through; paying the rest completes the plan.
func TestPlanOverPartlyPaidInvoice(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t) // today: 2026-03-31
	mustCustomer(t, s, "P", "EUR")
	inv := mustInvoice(t, s, "P", "2026-01-01", line(1, 10000, 0))
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "P", Date: day("2026-02-01"), Amount: NewMoney(2000, "EUR")}); err != nil {
		t.Fatal(err)
	}
	p, err := s.CreatePlan(ctx, PlanInput{Invoice: inv.Number, Count: 3, Every: Monthly, Interval: 1, First: day("2026-03-10"),
		MadeOn: day("2026-03-01"), GraceDays: 3, Note: "agreed on the phone"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, i := range p.Instalments {
		got = append(got, fmtDate(i.Due)+" "+i.Amount.Plain())
	}
	if p.Amount != NewMoney(8000, "EUR") || strings.Join(got, ", ") != "2026-03-10 26.66, 2026-04-10 26.66, 2026-05-10 26.68" ||
		p.Status != PlanActive || p.Paid.Minor != 0 || len(p.Invoices) != 1 {
		t.Fatalf("plan %+v: %v", p, got)
	}
	if _, err := s.CreatePlan(ctx, PlanInput{Invoice: inv.Number, Count: 2, MadeOn: day("2026-03-01")}); err == nil ||
		!strings.Contains(err.Error(), "already in payment plan #") {
		t.Fatalf("a second plan over the same invoice: %v", err)
	}
	wait := func(asOf string) *PlanWait {
		t.Helper()
		custs, err := s.ReminderCandidates(ctx, ReminderQuery{AsOf: day(asOf)})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range custs {
			for _, it := range c.Items {
				if it.Number == inv.Number {
					return it.Plan
				}
			}
		}
		t.Fatalf("%s is not a candidate on %s", inv.Number, asOf)
		return nil
	}
	if w := wait("2026-03-12"); w == nil || w.Plan != p.ID || w.Next.Seq != 1 || fmtDate(w.Until) != "2026-03-13" || w.Next.Left().Minor != 2666 {
		t.Fatalf("wait on 12 March: %+v", w)
	}
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "P", Date: day("2026-03-12"), Amount: NewMoney(3000, "EUR")}); err != nil {
		t.Fatal(err)
	}
	// 30.00 paid: the first instalment, and 3.34 of the second.
	if w := wait("2026-04-14"); w == nil || w.Next.Seq != 2 || w.Next.Left().Minor != 2332 || fmtDate(w.Until) != "2026-04-13" {
		t.Fatalf("wait on 14 April: %+v", w)
	}
	p, err = s.Plan(ctx, p.ID, day("2026-04-14"))
	if err != nil || p.Missed() != 1 || !p.Instalments[1].Missed || p.Instalments[0].Missed || p.Paid.Minor != 3000 {
		t.Fatalf("plan on 14 April: %+v %v", p, err)
	}
	// Missed, but its terms never cancel it: it stays active.
	if ended, err := s.SettlePlans(ctx, day("2026-04-14")); err != nil || len(ended) != 0 {
		t.Fatalf("settled on 14 April: %+v %v", ended, err)
	}
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "P", Date: day("2026-03-31"), Amount: NewMoney(5000, "EUR")}); err != nil {
		t.Fatal(err)
	}
	ended, err := s.SettlePlans(ctx, day("2026-03-31"))
	if err != nil || len(ended) != 1 || ended[0].Status != PlanCompleted || ended[0].EndReason != "paid in full" {
		t.Fatalf("settled once paid: %+v %v", ended, err)
	}
	if w := activeWaits(t, s, "2026-03-31"); len(w) != 0 {
		t.Fatalf("a completed plan still holds reminders back: %v", w)
	}
	mustCheck(t, s)
}

func activeWaits(t *testing.T, s *Store, asOf string) map[int64]PlanWait {
	t.Helper()
	w, err := activePlanWaits(context.Background(), s.r, day(asOf))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// A plan over a customer's overdue balance (not what is disputed or not
// yet due) that defaults: one instalment missed ends it, the rest due at
// once; reminders go out again.
func TestPlanDefaults(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t) // today: 2026-03-31
	mustCustomer(t, s, "D", "EUR")
	a := mustInvoice(t, s, "D", "2026-01-01", line(1, 10000, 0))
	b := mustInvoice(t, s, "D", "2026-01-10", line(1, 5001, 0))
	disputed := mustInvoice(t, s, "D", "2026-01-12", line(1, 700, 0))
	mustInvoice(t, s, "D", "2026-03-20", line(1, 900, 0)) // not due on 1 March
	if _, err := s.OpenDispute(ctx, disputed.Number, "wrong goods"); err != nil {
		t.Fatal(err)
	}
	p, err := s.CreatePlan(ctx, PlanInput{Customer: "D", Count: 2, Every: Weekly, Interval: 2, MadeOn: day("2026-03-01"), CancelAfter: 1})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(p.Invoices, ",") != a.Number+","+b.Number || p.Amount.Minor != 15001 ||
		fmtDate(p.Instalments[0].Due) != "2026-03-15" || fmtDate(p.Instalments[1].Due) != "2026-03-29" || p.Instalments[1].Amount.Minor != 7501 {
		t.Fatalf("plan %+v", p)
	}
	if ended, err := s.SettlePlans(ctx, day("2026-03-15")); err != nil || len(ended) != 0 {
		t.Fatalf("settled on its first date: %+v %v", ended, err)
	}
	ended, err := s.SettlePlans(ctx, day("2026-03-16"))
	if err != nil || len(ended) != 1 || ended[0].Status != PlanDefaulted || !strings.Contains(ended[0].EndReason, "150.01 EUR, is due at once") {
		t.Fatalf("settled the day after: %+v %v", ended, err)
	}
	if w := activeWaits(t, s, "2026-03-16"); len(w) != 0 {
		t.Fatalf("a defaulted plan still holds reminders back: %v", w)
	}
	if _, err := s.CancelPlan(ctx, p.ID, "too late"); err == nil {
		t.Fatal("a defaulted plan cancelled")
	}
	// A new plan can cover them now.
	q, err := s.CreatePlan(ctx, PlanInput{Invoice: a.Number, Dates: []time.Time{day("2026-04-01"), day("2026-05-01")},
		Amounts: []Money{NewMoney(4000, "EUR"), NewMoney(6000, "EUR")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CancelPlan(ctx, q.ID, " "); err == nil {
		t.Fatal("cancelled without a reason")
	}
	c, err := s.CancelPlan(ctx, q.ID, "customer went bust")
	if err != nil || c.Status != PlanCancelled || !strings.HasPrefix(c.EndReason, "customer went bust") {
		t.Fatalf("cancelled: %+v %v", c, err)
	}
	hist, err := s.CustomerHistory(ctx, "D")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, h := range hist {
		if strings.HasPrefix(h.Kind, "plan") {
			kinds = append(kinds, h.Kind)
		}
	}
	if got := strings.Join(kinds, " "); got != "plan plan_defaulted plan plan_cancelled" {
		t.Fatalf("the history tells of plans: %s", got)
	}
	mustCheck(t, s)
}
