package ledger

import (
	"context"
	"strings"
	"testing"
)

// fxEntries sums the exchange-difference postings of a document's
// entries: account → home minor units.
func fxEntries(t *testing.T, s *Store, number string) map[Account]int64 {
	t.Helper()
	d, err := s.Document(context.Background(), number)
	if err != nil {
		t.Fatal(err)
	}
	es, err := s.Entries(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[Account]int64{}
	for _, e := range es {
		if e.Kind != "fx" {
			continue
		}
		if e.Currency != "EUR" {
			t.Fatalf("%s: an exchange difference in %s", number, e.Currency)
		}
		for _, p := range e.Postings {
			out[p.Account] += p.Amount
		}
	}
	return out
}

// Realized differences checked by hand: a USD invoice booked at 0.92,
// paid in two parts at 0.95 (a Saturday takes Friday's) and 0.90; half
// cents round away from zero; a void posts the difference back; a
// corrected rate changes no booked rate; a currency without rates books
// none; a currency with rates but none on an invoice's date refuses the
// payment, naming currency and date, and writes nothing.
func TestRealizedExchangeDifferences(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.ChangeSettings(ctx, map[string]string{"business.currency": "EUR"}))
	for _, c := range []Customer{{Code: "US", Name: "US Co", Currency: "USD"}, {Code: "UK", Name: "UK Ltd", Currency: "GBP"},
		{Code: "JP", Name: "JP KK", Currency: "JPY"}, {Code: "DE", Name: "DE GmbH", Currency: "EUR"}} {
		c.TermsDays = 30
		_, err := s.CreateCustomer(ctx, c)
		must(err)
	}
	must(s.SetRate(ctx, "USD", day("2026-03-02"), "0.92", "t"))
	must(s.SetRate(ctx, "USD", day("2026-03-20"), "0.95", "t"))
	must(s.SetRate(ctx, "USD", day("2026-03-25"), "0.90", "t"))
	must(s.SetRate(ctx, "GBP", day("2026-03-10"), "1.17", "t"))
	inv := func(cust, date string, price int64) string {
		t.Helper()
		d, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: cust, Date: day(date), Lines: []Line{{Description: "x", Quantity: D4(1), UnitPrice: price}}})
		must(err)
		return d.Number
	}
	pay := func(cust, date string, amount int64, cur, to string) (string, error) {
		t.Helper()
		d, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: cust, Date: day(date), Amount: NewMoney(amount, cur),
			Apply: []AllocationInput{{InvoiceNumber: to, Amount: NewMoney(amount, cur)}}})
		return d.Number, err
	}
	i1 := inv("US", "2026-03-02", 100000) // 1,000.00 USD booked at 0.92: 920.00 EUR
	// Rates entered later change nothing booked.
	must(s.SetRate(ctx, "USD", day("2026-03-02"), "0.99", "corrected"))
	p1, err := pay("US", "2026-03-21", 60000, "USD", i1) // 600.00 at 0.95 = 570.00, was 552.00: gain 18.00
	must(err)
	if got := fxEntries(t, s, p1); got[AccFXAdjust] != 1800 || got[AccFXResult] != -1800 || len(got) != 2 {
		t.Fatalf("gain: %v", got)
	}
	p2, err := pay("US", "2026-03-26", 40000, "USD", i1) // 400.00 at 0.90 = 360.00, was 368.00: loss 8.00
	must(err)
	if got := fxEntries(t, s, p2); got[AccFXAdjust] != -800 || got[AccFXResult] != 800 {
		t.Fatalf("loss: %v", got)
	}
	// 333.33 USD: 306.6636 → 306.66 at 0.92, 316.6635 → 316.66 at 0.95
	// (half away from zero, each side once): 10.00.
	must(s.SetRate(ctx, "USD", day("2026-03-03"), "0.92", "t"))
	i2 := inv("US", "2026-03-03", 33333)
	must(s.SetRate(ctx, "USD", day("2026-03-23"), "0.95", "t"))
	p3, err := pay("US", "2026-03-23", 33333, "USD", i2)
	must(err)
	if got := fxEntries(t, s, p3); got[AccFXAdjust] != 1000 {
		t.Fatalf("rounding: %v", got)
	}
	// The void of the second payment posts its loss back.
	must(s.Void(ctx, p2, day("2026-03-27"), "bounced"))
	if got := fxEntries(t, s, p2); got[AccFXAdjust] != 0 || got[AccFXResult] != 0 {
		t.Fatalf("after the void: %v", got)
	}
	bal, err := s.AccountBalances(ctx)
	must(err)
	if bal[AccFXResult]["EUR"] != -2800 || bal[AccFXAdjust]["EUR"] != 2800 {
		t.Fatalf("4950 %v, 1190 %v: want gains of 28.00", bal[AccFXResult], bal[AccFXAdjust])
	}
	// Home-currency documents and a currency without rates: nothing.
	jp := inv("JP", "2026-03-02", 50000)
	pj, err := pay("JP", "2026-03-20", 50000, "JPY", jp)
	must(err)
	de := inv("DE", "2026-03-02", 50000)
	pd, err := pay("DE", "2026-03-20", 50000, "EUR", de)
	must(err)
	if len(fxEntries(t, s, pj)) != 0 || len(fxEntries(t, s, pd)) != 0 {
		t.Fatal("an exchange difference without rates or at home")
	}
	// GBP has rates from 10 March: an invoice of 1 March has none.
	uk := inv("UK", "2026-03-01", 10000)
	before, _ := s.AccountBalances(ctx)
	_, err = pay("UK", "2026-03-15", 10000, "GBP", uk)
	if err == nil || !strings.Contains(err.Error(), "no exchange rate from GBP to EUR on or before 2026-03-01") {
		t.Fatalf("a missing booked rate: %v", err)
	}
	after, _ := s.AccountBalances(ctx)
	if after[AccBank]["GBP"] != before[AccBank]["GBP"] {
		t.Fatal("a refused payment wrote something")
	}
	must(s.SetRate(ctx, "GBP", day("2026-02-27"), "1.15", "t"))
	pu, err := pay("UK", "2026-03-15", 10000, "GBP", uk) // 100.00 at 1.17 = 117.00, was 115.00
	must(err)
	if got := fxEntries(t, s, pu); got[AccFXAdjust] != 200 {
		t.Fatalf("GBP: %v", got)
	}
	// AR control still equals the open items in each currency, and the
	// ledger checks clean.
	mustCheck(t, s)
}
