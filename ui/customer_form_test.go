package ui

import (
	"context"
	"testing"
)

// A new customer starts from the settings business.currency and
// customer.terms_days; what the user typed before they arrive stays.
func TestCustomerFormDefaults(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	ctx := context.Background()

	f := showCustomerForm(m.app, m.customers.detail.l, nil, nil)
	h.settle(t)
	if f.currency.Text != "" || f.terms.Text != "30" {
		t.Errorf("no settings: currency %q, terms %q; want empty and 30", f.currency.Text, f.terms.Text)
	}
	f.dlg.Hide()

	for k, v := range map[string]string{"business.currency": "CHF", "customer.terms_days": "14"} {
		if err := st.ChangeSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	f = showCustomerForm(m.app, m.customers.detail.l, nil, nil)
	h.settle(t)
	if f.currency.Text != "CHF" || f.terms.Text != "14" {
		t.Errorf("with settings: currency %q, terms %q; want CHF and 14", f.currency.Text, f.terms.Text)
	}
	f.dlg.Hide()

	f = showCustomerForm(m.app, m.customers.detail.l, nil, nil)
	f.currency.SetText("USD")
	f.terms.SetText("60")
	h.settle(t)
	if f.currency.Text != "USD" || f.terms.Text != "60" {
		t.Errorf("typed before the defaults came: currency %q, terms %q; want USD and 60", f.currency.Text, f.terms.Text)
	}
	f.dlg.Hide()
}
