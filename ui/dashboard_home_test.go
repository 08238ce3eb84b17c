package ui

import (
	"context"
	"strings"
	"testing"

	"paidup/ledger"
)

// The dashboard adds the figures and the forecast of all currencies in
// the home currency, with the rates used; a missing rate is said on the
// dashboard, naming currency and date.
func TestDashboardHomeCurrency(t *testing.T) {
	m, h, st := openLedger(t, "dashboard")
	ctx := context.Background()
	d := m.built["dashboard"].(*dashboardScreen)
	if err := st.ChangeSettings(ctx, map[string]string{"business.currency": "EUR"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []ledger.Customer{{Code: "NORD", Name: "Nordlicht", Currency: "EUR"}, {Code: "ACME", Name: "Acme", Currency: "USD"}} {
		c.TermsDays = 30
		if _, err := st.CreateCustomer(ctx, c); err != nil {
			t.Fatal(err)
		}
		if _, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: c.Code, Date: flowDay.AddDate(0, -2, 0),
			Lines: []ledger.Line{{Description: "Design", Quantity: ledger.D4(1), UnitPrice: 100000}}}); err != nil {
			t.Fatal(err)
		}
	}
	d.refresh()
	h.settle(t)
	all := strings.Join(append(shownIn(d.figures), shownIn(d.forecast)...), "\n")
	if !strings.Contains(all, "In the home currency: ") || !strings.Contains(all, "no exchange rate from USD to EUR on or before 2026-03-31") {
		t.Fatalf("without a rate the dashboard shows:\n%s", all)
	}
	if err := st.SetRate(ctx, "USD", flowDay.AddDate(0, -3, 0), "0.9", "t"); err != nil {
		t.Fatal(err)
	}
	d.refresh()
	h.settle(t)
	figures, forecast := strings.Join(shownIn(d.figures), "\n"), strings.Join(shownIn(d.forecast), "\n")
	for _, want := range []string{"All in EUR", "1,900.00 EUR", "At the rates of 2026-03-31: 1 USD = 0.9 EUR (2025-12-31)"} {
		if !strings.Contains(figures, want) {
			t.Fatalf("no %q in the figures:\n%s", want, figures)
		}
	}
	if strings.Count(figures, "All in EUR") != strings.Count(figures, "Currency") { // shownIn sees each label as often as the header
		t.Fatalf("the home row is not there once:\n%s", figures)
	}
	if !strings.Contains(forecast, "All in EUR") {
		t.Fatalf("no home forecast:\n%s", forecast)
	}
}
