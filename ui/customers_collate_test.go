package ui

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"paidup/ledger"
)

// TestCustomersInLocaleOrder: the Customers screen lists names in the
// order of the business's locale (invoice.locale): in Czech, Hora before
// Chata and Rybářství before Řeznictví before Sklo.
func TestCustomersInLocaleOrder(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	ctx := context.Background()
	if err := st.ChangeSetting(ctx, "invoice.locale", "cs-CZ"); err != nil {
		t.Fatal(err)
	}
	for i, n := range []string{"Sklo", "Řeznictví Novák", "Rybářství", "Chata Hory", "Hora a syn"} {
		if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: fmt.Sprintf("C%d", i), Name: n, Currency: "CZK", TermsDays: 30}); err != nil {
			t.Fatal(err)
		}
	}
	m.customers.reload()
	h.settle(t)
	var got []string
	for _, s := range shown(m.win) {
		if slices.Contains([]string{"Sklo", "Řeznictví Novák", "Rybářství", "Chata Hory", "Hora a syn"}, s) {
			got = append(got, s)
		}
	}
	if want := []string{"Hora a syn", "Chata Hory", "Rybářství", "Řeznictví Novák", "Sklo"}; !slices.Equal(got, want) {
		t.Errorf("the list shows %q, want %q", got, want)
	}
}
