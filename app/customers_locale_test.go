package app

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"paidup/ledger"
)

// TestFindCustomersFollowsLocale: the customer list (window and `customer
// list`) takes its order from invoice.locale, and a changed locale orders
// the next list by its own rules: nothing is stored per locale to go stale.
func TestFindCustomersFollowsLocale(t *testing.T) {
	ctx := context.Background()
	st, err := ledger.Open(ctx, filepath.Join(t.TempDir(), "locale.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for i, n := range []string{"Sklo", "Řeznictví Novák", "Rybářství", "Åkeri AB", "Zápis"} {
		c := ledger.Customer{Code: string(rune('A' + i)), Name: n, Currency: "EUR", TermsDays: 30}
		if _, err := st.CreateCustomer(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	a := New(st, nil)
	names := func() []string {
		t.Helper()
		rows, err := a.FindCustomers(ctx, ledger.CustomerListFilter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rows {
			out = append(out, r.Name)
		}
		return out
	}
	for _, c := range []struct {
		locale string
		want   []string
	}{
		{"cs-CZ", []string{"Åkeri AB", "Rybářství", "Řeznictví Novák", "Sklo", "Zápis"}},
		{"sv-SE", []string{"Řeznictví Novák", "Rybářství", "Sklo", "Zápis", "Åkeri AB"}},
		{"en-GB", []string{"Åkeri AB", "Řeznictví Novák", "Rybářství", "Sklo", "Zápis"}},
	} {
		if err := st.ChangeSetting(ctx, "invoice.locale", c.locale); err != nil {
			t.Fatal(err)
		}
		if got := names(); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.locale, got, c.want)
		}
	}
}
