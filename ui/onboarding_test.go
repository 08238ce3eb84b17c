package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	paidapp "paidup/app"
)

// "Open the demo" makes demo.db beside the new ledger, opens it in a new
// window in place of this one, and leaves the new ledger as it was.
func TestOnboardingOpensDemo(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	m.checkFirstRun()
	h.settle(t)
	if m.onboarding == nil {
		t.Fatal("no welcome on a new ledger")
	}
	tapIn(t, topDialog(t, m), "Open the demo")
	h.settle(t)
	next := m.next
	if next == nil {
		t.Fatal("no demo window")
	}
	t.Cleanup(next.close) // closes the demo ledger
	if got, want := next.win.Title(), "Paidup — demo.db"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	demo := next.src.window.(*paidapp.App)
	if want := filepath.Join(filepath.Dir(st.Path()), "demo.db"); demo.Path() != want {
		t.Errorf("demo at %s, want %s", demo.Path(), want)
	}
	ctx := context.Background()
	if n, err := demo.CountCustomers(ctx, ""); err != nil || n < 40 {
		t.Errorf("demo has %d customers (%v)", n, err)
	}
	if n, err := st.CountCustomers(ctx, ""); err != nil || n != 0 {
		t.Errorf("the new ledger got %d customers (%v)", n, err)
	}
	if rep, err := demo.Check(ctx); err != nil || !rep.OK() {
		t.Errorf("demo check: %v %v", err, rep)
	}
	if got := next.customers.status.Text; !strings.HasSuffix(got, " customers") || strings.HasPrefix(got, "No ") {
		t.Errorf("the demo window's customer list says %q", got)
	}
}
