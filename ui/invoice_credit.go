package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
)

// Before an invoice is issued the editor's confirmation says when it takes
// the customer over their credit limit (balance, limit, excess: the user
// may go on) and, for a customer on hold, asks the reason to invoice them
// anyway, which the ledger keeps with the invoice.

// invoiceCreditLedger is the optional part of the editor's ledger for
// credit control (the application layer has it).
type invoiceCreditLedger interface {
	CreditCheck(ctx context.Context, code string, amount ledger.Money) (*paidapp.CreditWarning, *ledger.Hold, error)
	IssueDraftOverride(ctx context.Context, id int64, overrideHold string) (ledger.Document, error)
}

// creditNotice is what the confirmation adds: the warning, and for a
// held customer the reason asked for.
type creditNotice struct {
	box    *fyne.Container
	hold   *ledger.Hold
	reason *widget.Entry
}

func (c *creditNotice) overridden() bool { return strings.TrimSpace(c.reason.Text) != "" }

// creditNotice checks the customer before the confirmation shows; show
// gets nil when there is nothing to say (or no credit control).
func (e *invoiceEditor) creditNotice(code string, total ledger.Money, show func(*creditNotice)) {
	cl, ok := e.l.(invoiceCreditLedger)
	if !ok || code == "" {
		show(nil)
		return
	}
	type checked struct {
		w *paidapp.CreditWarning
		h *ledger.Hold
	}
	run(e.app, e.base, "Could not check the credit limit", func(ctx context.Context) (checked, error) {
		w, h, err := cl.CreditCheck(ctx, code, total)
		return checked{w, h}, err
	}, func(c checked) {
		if c.w == nil && c.h == nil {
			show(nil)
			return
		}
		n := &creditNotice{box: container.NewVBox(), hold: c.h, reason: widget.NewEntry()}
		if c.w != nil {
			l := widget.NewLabel("Over the credit limit: " + c.w.String() + ". You may issue it all the same.")
			l.Wrapping = fyne.TextWrapWord
			l.Importance = widget.WarningImportance
			n.box.Add(l)
		}
		if c.h != nil {
			l := widget.NewLabel(fmt.Sprintf("%s is on hold since %s (%s). To invoice them anyway, say why; the reason is kept with the invoice.",
				code, c.h.SetAt.Local().Format("2006-01-02"), c.h.Reason))
			l.Wrapping = fyne.TextWrapWord
			l.Importance = widget.DangerImportance
			n.reason.SetPlaceHolder("e.g. paid in advance by card")
			n.box.Add(l)
			n.box.Add(widget.NewForm(widget.NewFormItem("Reason", n.reason)))
		}
		show(n)
	})
}

// issueOverriding issues the draft over the customer's hold, for reason.
func (e *invoiceEditor) issueOverriding(reason string) {
	cl := e.l.(invoiceCreditLedger)
	e.saveThen(func(ctx context.Context, id int64) (ledger.Document, error) {
		return cl.IssueDraftOverride(ctx, id, reason)
	},
		func(d ledger.Document) {
			e.saved = e.snapshot()
			e.nav.invoices().open(d.ID, d.Status)
		})
}
