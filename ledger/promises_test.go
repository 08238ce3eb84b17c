package ledger

import (
	"context"
	"testing"
)

// A promise for an invoice holds its reminders back until its date plus
// the grace; an account promise covers every invoice. After the date it
// is kept when the payments received in time cover it (two of them here),
// broken otherwise.
func TestPromises(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t) // today: 2026-03-31
	mustCustomer(t, s, "KEEP", "EUR")
	mustCustomer(t, s, "BREAK", "EUR")
	a := mustInvoice(t, s, "KEEP", "2026-01-01", line(1, 10000, 0))
	mustInvoice(t, s, "KEEP", "2026-01-05", line(1, 5000, 0))
	mustInvoice(t, s, "BREAK", "2026-01-01", line(1, 7000, 0))

	p, err := s.AddPromise(ctx, PromiseInput{Invoices: []string{a.Number}, MadeOn: day("2026-03-01"), PayBy: day("2026-03-20"), Note: "on the phone"})
	if err != nil {
		t.Fatal(err)
	}
	if p.CustomerCode != "KEEP" || p.Amount != NewMoney(10000, "EUR") || len(p.Invoices) != 1 || p.Status != PromiseOpen {
		t.Fatalf("promise %+v", p)
	}
	if _, err := s.AddPromise(ctx, PromiseInput{CustomerCode: "BREAK", Amount: NewMoney(7000, "EUR"), MadeOn: day("2026-03-01"), PayBy: day("2026-03-10")}); err != nil {
		t.Fatal(err)
	}
	custs, err := s.ReminderCandidates(ctx, ReminderQuery{AsOf: day("2026-03-15")})
	if err != nil {
		t.Fatal(err)
	}
	until := map[string]string{}
	for _, c := range custs {
		for _, it := range c.Items {
			until[it.Number] = fmtDate(it.PromisedUntil)
		}
	}
	if until[a.Number] != "2026-03-23" || until["INV-000002"] != "0001-01-01" || until["INV-000003"] != "2026-03-13" {
		t.Fatalf("promised until %v", until)
	}
	// Paid in two parts by the date: kept. Nothing from BREAK: broken.
	for _, d := range []string{"2026-03-05", "2026-03-19"} {
		if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "KEEP", Date: day(d), Amount: NewMoney(5000, "EUR")}); err != nil {
			t.Fatal(err)
		}
	}
	if early, err := s.SettlePromises(ctx, day("2026-03-15")); err != nil || len(early) != 1 || early[0].CustomerCode != "BREAK" || early[0].Status != PromiseBroken {
		t.Fatalf("settled on 15 March: %+v %v", early, err)
	}
	// Within the grace (3 days after 20 March) it stays open.
	if early, err := s.SettlePromises(ctx, day("2026-03-23")); err != nil || len(early) != 0 {
		t.Fatalf("settled within the grace: %+v %v", early, err)
	}
	done, err := s.SettlePromises(ctx, day("2026-03-24"))
	if err != nil || len(done) != 1 || done[0].Status != PromiseKept || done[0].Paid != NewMoney(10000, "EUR") {
		t.Fatalf("settled on 24 March: %+v %v", done, err)
	}
	if again, err := s.SettlePromises(ctx, day("2026-03-31")); err != nil || len(again) != 0 {
		t.Fatalf("settled twice: %+v %v", again, err)
	}
	mustCheck(t, s)
}

func TestPromiseRefusals(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "A", "EUR")
	mustCustomer(t, s, "B", "EUR")
	inv := mustInvoice(t, s, "A", "2026-01-01", line(1, 100, 0))
	for name, in := range map[string]PromiseInput{
		"date before made":  {CustomerCode: "A", Amount: NewMoney(100, "EUR"), MadeOn: day("2026-03-10"), PayBy: day("2026-03-01")},
		"no date":           {CustomerCode: "A", Amount: NewMoney(100, "EUR")},
		"no amount":         {CustomerCode: "A", PayBy: day("2026-04-01")},
		"another's invoice": {CustomerCode: "B", Invoices: []string{inv.Number}, PayBy: day("2026-04-01")},
		"currency":          {CustomerCode: "A", Amount: NewMoney(100, "USD"), PayBy: day("2026-04-01")},
		"no such invoice":   {Invoices: []string{"INV-999"}, PayBy: day("2026-04-01")},
		"no such customer":  {CustomerCode: "Z", Amount: NewMoney(100, "EUR"), PayBy: day("2026-04-01")},
	} {
		if _, err := s.AddPromise(ctx, in); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if ps, err := s.Promises(ctx, PromiseFilter{}); err != nil || len(ps) != 0 {
		t.Fatalf("refused promises stored: %+v %v", ps, err)
	}
}
