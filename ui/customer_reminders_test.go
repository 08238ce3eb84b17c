package ui

import (
	"context"
	"testing"

	"paidup/ledger"
)

func TestCustomerReminderSettings(t *testing.T) {
	ctx := context.Background()
	m, h, st := openLedger(t, "customers")
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "ACME", Name: "Acme", Currency: "USD", Email: "ap@acme.example"}); err != nil {
		t.Fatal(err)
	}
	r := newCustomerReminders(m.app, m.customers.detail.l, "ACME", ledger.CustomerReminders{}, []string{defaultPolicyLabel})
	if r.policy.Selected != defaultPolicyLabel || r.off.Checked {
		t.Fatalf("initial form: policy %q off %v", r.policy.Selected, r.off.Checked)
	}
	// A bad address is refused next to the field and nothing is stored.
	r.email.SetText("not an address")
	r.save()
	h.settle(t)
	if !r.errMsg.Visible() || r.errMsg.Text == "" {
		t.Fatalf("no message for a bad address")
	}
	r.email.SetText("dunning@acme.example")
	r.off.SetChecked(true)
	r.save()
	h.settle(t)
	got, err := st.CustomerReminders(ctx, "ACME")
	if err != nil || got.Email != "dunning@acme.example" || !got.Off || got.Policy != "" {
		t.Fatalf("stored %+v %v", got, err)
	}
}
