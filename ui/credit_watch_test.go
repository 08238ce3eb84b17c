package ui

import (
	"context"
	"strings"
	"testing"

	"paidup/ledger"
)

// The dashboard names the customers on hold or over their limit, and
// hides the line when there are none.
func TestDashboardCreditWatch(t *testing.T) {
	m, h, st := openLedger(t, "dashboard")
	ctx := context.Background()
	d := m.built["dashboard"].(*dashboardScreen)
	if d.credit.Visible() {
		t.Fatalf("nobody on hold, the dashboard says %q", d.credit.Text)
	}
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "NGUYEN", Name: "Thương mại Nguyễn Đức", Currency: "EUR", TermsDays: 14}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetHold(ctx, "NGUYEN", "cheque bounced"); err != nil {
		t.Fatal(err)
	}
	d.refresh()
	h.settle(t)
	if !d.credit.Visible() || !strings.Contains(d.credit.Text, "Thương mại Nguyễn Đức (NGUYEN)") || !strings.Contains(d.credit.Text, "cheque bounced") {
		t.Fatalf("the dashboard says %q", d.credit.Text)
	}
}
