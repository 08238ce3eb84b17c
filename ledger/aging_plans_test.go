package ledger

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// An invoice under a payment plan is aged by its instalments: each one's
// open part in the bucket of its own date, current while not yet due;
// before the plan is made, and once it is cancelled, by the invoice's own
// due date. The aging's total never changes (1100 less 2100), only the
// buckets; the detail lists one row per instalment, the one-customer
// aging and the statement's aging line agree, and the forecast expects
// the instalments on their dates.
func TestAgingFollowsPaymentPlan(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t) // today: 2026-03-31
	mustCustomer(t, s, "P", "EUR")
	mustCustomer(t, s, "Q", "EUR")
	// Enough customers that an aging of them all is summed in slices.
	for i := range 300 {
		mustCustomer(t, s, fmt.Sprintf("F%03d", i), "EUR")
	}
	inv := mustInvoice(t, s, "P", "2026-01-01", line(1, 10000, 0)) // due 2026-01-31
	other := mustInvoice(t, s, "Q", "2026-01-01", line(1, 5000, 0))
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "P", Date: day("2026-02-01"), Amount: NewMoney(2000, "EUR")}); err != nil {
		t.Fatal(err)
	}
	p, err := s.CreatePlan(ctx, PlanInput{Invoice: inv.Number, Count: 3, Every: Monthly, Interval: 1, First: day("2026-03-10"),
		MadeOn: day("2026-03-01"), GraceDays: 3})
	if err != nil {
		t.Fatal(err)
	}
	// 26.66 on 10 March, 26.66 on 10 April, 26.68 on 10 May.
	buckets := func(asOf, code string) []int64 {
		t.Helper()
		a, err := s.Aging(ctx, AgingOptions{AsOf: day(asOf)})
		if err != nil {
			t.Fatal(err)
		}
		assertAgingMatchesGL(t, s, a)
		for _, l := range a.Sections[0].Lines {
			if l.CustomerCode != code {
				continue
			}
			oi, err := s.CustomerOpenItems(ctx, code, AgingOptions{AsOf: day(asOf)})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(oi.Aging.Buckets, l.Buckets) {
				t.Errorf("%s on %s: statement's aging %v, aging %v", code, asOf, oi.Aging.Buckets, l.Buckets)
			}
			if b := buckets1(t, s, asOf, code); !reflect.DeepEqual(b, l.Buckets) {
				t.Errorf("%s on %s: one customer's aging %v, all customers' %v", code, asOf, b, l.Buckets)
			}
			return l.Buckets
		}
		return nil
	}
	for _, c := range []struct {
		asOf string
		want []int64 // current, 1-30, 31-60, 61-90, 91+
	}{
		{"2026-02-28", []int64{0, 8000, 0, 0, 0}},       // before the plan: 28 days past the invoice's due date
		{"2026-03-05", []int64{8000, 0, 0, 0, 0}},       // nothing of the plan due yet
		{"2026-03-31", []int64{5334, 2666, 0, 0, 0}},    // the first instalment 21 days late
		{"2026-06-15", []int64{0, 0, 2668, 2666, 2666}}, // 36, 66 and 97 days late
	} {
		if got := buckets(c.asOf, "P"); !reflect.DeepEqual(got, c.want) {
			t.Errorf("P on %s: %v, want %v", c.asOf, got, c.want)
		}
	}
	if got := buckets("2026-03-31", "Q"); !reflect.DeepEqual(got, []int64{0, 0, 5000, 0, 0}) {
		t.Errorf("Q, no plan, on 31 March: %v", got)
	}

	// The detail: one row per instalment, with its date and open part.
	var rows []string
	err = s.AgingDetail(ctx, AgingOptions{AsOf: day("2026-03-31"), Customer: "P"}, func(it AgingItem) error {
		rows = append(rows, fmt.Sprintf("%s/%d %s %d %d %d", it.Number, it.Instalment, fmtDate(it.DueDate), it.DaysPastDue, it.Bucket, it.Open))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n := inv.Number
	if want := n + "/1 2026-03-10 21 1 2666, " + n + "/2 2026-04-10 -10 0 2666, " + n + "/3 2026-05-10 -40 0 2668"; strings.Join(rows, ", ") != want {
		t.Errorf("detail:\n%s\nwant\n%s", strings.Join(rows, ", "), want)
	}

	// The forecast as of today: the first instalment late, the others in
	// weeks 2 and 6; Q's invoice, due 31 January, late.
	f, err := s.Forecast(ctx, ForecastOptions{Weeks: 8})
	if err != nil {
		t.Fatal(err)
	}
	if l := f.Lines[0]; l.Late != 2666+5000 || !reflect.DeepEqual(l.Weeks, []int64{0, 2666, 0, 0, 0, 2668, 0, 0}) || l.Later != 0 {
		t.Errorf("forecast %+v", l)
	}

	// A payment of 30.00 on 15 March settles the first instalment and
	// 3.34 of the second.
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "P", Date: day("2026-03-15"), Amount: NewMoney(3000, "EUR")}); err != nil {
		t.Fatal(err)
	}
	if got := buckets("2026-03-31", "P"); !reflect.DeepEqual(got, []int64{5000, 0, 0, 0, 0}) {
		t.Errorf("P paid 30.00, on 31 March: %v", got)
	}
	if got := buckets("2026-04-20", "P"); !reflect.DeepEqual(got, []int64{2668, 2332, 0, 0, 0}) {
		t.Errorf("P paid 30.00, on 20 April: %v", got)
	}

	// Cancelled today: aged by the invoice's own due date again from
	// today, by the instalments until yesterday.
	if _, err := s.CancelPlan(ctx, p.ID, "customer asked to pay at once"); err != nil {
		t.Fatal(err)
	}
	if got := buckets("2026-03-31", "P"); !reflect.DeepEqual(got, []int64{0, 0, 5000, 0, 0}) {
		t.Errorf("plan cancelled, on 31 March: %v", got)
	}
	if got := buckets("2026-03-30", "P"); !reflect.DeepEqual(got, []int64{5000, 0, 0, 0, 0}) {
		t.Errorf("plan cancelled on 31 March, on 30 March: %v", got)
	}
	f, err = s.Forecast(ctx, ForecastOptions{Weeks: 8})
	if err != nil {
		t.Fatal(err)
	}
	if l := f.Lines[0]; l.Late != 5000+5000 {
		t.Errorf("forecast once cancelled %+v", l)
	}
	_ = other
	mustCheck(t, s)
}

// A plan over a customer's overdue balance of two invoices: the open
// instalments are owed by the oldest invoice first.
func TestAgingPlanOverTwoInvoices(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "P", "EUR")
	a := mustInvoice(t, s, "P", "2026-01-01", line(1, 3000, 0)) // due 31 January
	b := mustInvoice(t, s, "P", "2026-01-10", line(1, 6000, 0)) // due 9 February
	if _, err := s.CreatePlan(ctx, PlanInput{Customer: "P", Count: 2, Every: Monthly, Interval: 1, First: day("2026-03-15"),
		MadeOn: day("2026-03-01")}); err != nil {
		t.Fatal(err)
	}
	var rows []string
	err := s.AgingDetail(ctx, AgingOptions{AsOf: day("2026-03-31")}, func(it AgingItem) error {
		rows = append(rows, fmt.Sprintf("%s/%d %s %d", it.Number, it.Instalment, fmtDate(it.DueDate), it.Open))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := a.Number + "/1 2026-03-15 3000, " + b.Number + "/1 2026-03-15 1500, " + b.Number + "/2 2026-04-15 4500"
	if strings.Join(rows, ", ") != want {
		t.Errorf("detail %q, want %q", strings.Join(rows, ", "), want)
	}
	ag, err := s.Aging(ctx, AgingOptions{AsOf: day("2026-03-31")})
	if err != nil {
		t.Fatal(err)
	}
	assertAgingMatchesGL(t, s, ag)
	if got := ag.Sections[0].Lines[0].Buckets; !reflect.DeepEqual(got, []int64{4500, 4500, 0, 0, 0}) {
		t.Errorf("aging %v", got)
	}
	// By issue date a plan changes nothing.
	ag, err = s.Aging(ctx, AgingOptions{AsOf: day("2026-03-31"), Basis: BasisIssue})
	if err != nil {
		t.Fatal(err)
	}
	if got := ag.Sections[0].Lines[0].Buckets; !reflect.DeepEqual(got, []int64{0, 0, 0, 9000, 0}) {
		t.Errorf("by issue date %v", got)
	}
	assertAgingMatchesGL(t, s, ag)
}

func buckets1(t *testing.T, s *Store, asOf, code string) []int64 {
	t.Helper()
	a, err := s.Aging(context.Background(), AgingOptions{AsOf: day(asOf), Customer: code})
	if err != nil {
		t.Fatal(err)
	}
	return a.Sections[0].Lines[0].Buckets
}
