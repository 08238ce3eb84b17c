package ui

import (
	"context"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// customerRemindersLedger is what a customer's reminder settings read and
// change.
type customerRemindersLedger interface {
	CustomerReminders(ctx context.Context, code string) (ledger.CustomerReminders, error)
	ReminderPolicies(ctx context.Context) (map[string]string, error)
	SetCustomerReminders(ctx context.Context, code string, r ledger.CustomerReminders) error
}

// customerReminders edits one customer's reminder settings: their own
// reminder address, no reminders at all, or a named policy.
type customerReminders struct {
	*app
	l      customerRemindersLedger
	code   string
	email  *widget.Entry
	off    *widget.Check
	policy *widget.Select
	errMsg *widget.Label
	dlg    dialog.Dialog
}

const defaultPolicyLabel = "default"

// onReminders loads the customer's settings and the policies, then shows
// the form.
func (d *customerDetail) onReminders() {
	code := d.code
	type loaded struct {
		cr       ledger.CustomerReminders
		policies []string
	}
	run(d.app, d.base, "", func(ctx context.Context) (loaded, error) {
		cr, err := d.l.CustomerReminders(ctx, code)
		if err != nil {
			return loaded{}, err
		}
		ps, err := d.l.ReminderPolicies(ctx)
		if err != nil {
			return loaded{}, err
		}
		names := []string{defaultPolicyLabel}
		for n := range ps {
			if n != defaultPolicyLabel {
				names = append(names, n)
			}
		}
		sort.Strings(names[1:])
		return loaded{cr, names}, nil
	}, func(l loaded) { newCustomerReminders(d.app, d.l, code, l.cr, l.policies).show() })
}

func newCustomerReminders(a *app, l customerRemindersLedger, code string, cr ledger.CustomerReminders, policies []string) *customerReminders {
	r := &customerReminders{app: a, l: l, code: code, email: widget.NewEntry(), off: widget.NewCheck("No reminders for this customer", nil),
		policy: widget.NewSelect(policies, nil), errMsg: fieldError()}
	r.email.SetText(cr.Email)
	r.email.SetPlaceHolder("the customer's own email")
	r.off.SetChecked(cr.Off)
	if cr.Policy == "" {
		r.policy.SetSelected(defaultPolicyLabel)
	} else {
		r.policy.SetSelected(cr.Policy)
	}
	return r
}

func (r *customerReminders) show() {
	form := widget.NewForm(
		widget.NewFormItem("Send reminders to", r.email),
		widget.NewFormItem("", r.off),
		widget.NewFormItem("Policy", r.policy),
		widget.NewFormItem("", r.errMsg),
	)
	r.dlg = dialog.NewCustomConfirm("Reminders for "+r.code, "Save", "Cancel", form, func(ok bool) {
		if ok {
			r.save()
		}
	}, r.win)
	r.dlg.Resize(fyne.NewSize(480, 0))
	r.dlg.Show()
}

// save stores the settings; a refusal (a bad address) reopens the form
// with the ledger's message next to the fields.
func (r *customerReminders) save() {
	cr := ledger.CustomerReminders{Email: r.email.Text, Off: r.off.Checked, Policy: r.policy.Selected}
	if cr.Policy == defaultPolicyLabel {
		cr.Policy = ""
	}
	run(r.app, r.base, "", func(ctx context.Context) (struct{}, error) {
		if err := r.l.SetCustomerReminders(ctx, r.code, cr); err != nil {
			r.env.do(func() { setFieldError(r.errMsg, userMessage(err)); r.show() })
			return struct{}{}, errHandled
		}
		return struct{}{}, nil
	}, func(struct{}) {})
}
