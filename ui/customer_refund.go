package ui

import (
	"context"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
)

// customerRefundLedger is the optional part of a customer screen's ledger
// that pays credit back (paidup refund).
type customerRefundLedger interface {
	Refund(ctx context.Context, req paidapp.RefundRequest) (ledger.Document, error)
}

// refundButton is "Refund…" when the ledger pays credit back, else nil.
func (c *customerCredit) refundButton() *widget.Button {
	if _, ok := c.d.l.(customerRefundLedger); !ok {
		return nil
	}
	return widget.NewButtonWithIcon("Refund…", theme.MailReplyIcon(), c.onRefund)
}

// onRefund pays an amount of the customer's unapplied credit back, dated
// today, oldest credit first; more than the credit is said under the field.
func (c *customerCredit) onRefund() {
	l, ok := c.d.l.(customerRefundLedger)
	if !ok {
		return
	}
	code := c.d.code
	c.ask("Refund to "+code, "Amount", "out of their unapplied credit, e.g. 50.00", "Refund", func(ctx context.Context, text string) error {
		_, err := l.Refund(ctx, paidapp.RefundRequest{CustomerCode: code, Amount: c.d.number(text), Date: c.d.today()})
		return err
	})
}
