package app

import (
	"context"
	"time"

	"paidup/ledger"
)

// Allocation names an invoice to settle and how much; a nil Amount means
// as much of what the invoice has open as the payment has left.
type Allocation struct {
	InvoiceNumber string
	Amount        *ledger.Money
}

// PaymentRequest is a payment received, as a user records it.
type PaymentRequest struct {
	CustomerCode string
	Date         time.Time // zero: today
	Amount       ledger.Money
	Reference    string
	Number       string // empty: the next payment number
	// To names the invoices to settle, in order. None: the oldest open
	// invoices first, unless KeepUnapplied.
	To            []Allocation
	KeepUnapplied bool
}

// ReceivePayment records a payment and allocates it as asked; whatever is
// left is the customer's unapplied credit. All of it is one transaction.
func (a *App) ReceivePayment(ctx context.Context, req PaymentRequest) (ledger.Document, error) {
	in := ledger.PaymentInput{CustomerCode: req.CustomerCode, Date: a.orToday(req.Date), Amount: req.Amount,
		Reference: req.Reference, Number: req.Number, KeepUnapplied: req.KeepUnapplied}
	apply, err := a.allocations(ctx, req.Amount, req.To)
	if err != nil {
		return ledger.Document{}, err
	}
	in.Apply = apply
	return a.RecordPayment(ctx, in)
}

// allocations turns named invoices into amounts: an invoice without an
// amount takes what it has open, up to what the credit has left.
func (a *App) allocations(ctx context.Context, total ledger.Money, to []Allocation) ([]ledger.AllocationInput, error) {
	if len(to) == 0 {
		return nil, nil
	}
	left := total
	var out []ledger.AllocationInput
	for _, t := range to {
		amt := t.Amount
		if amt == nil {
			doc, err := a.Document(ctx, t.InvoiceNumber)
			if err != nil {
				return nil, err
			}
			if doc.Kind != ledger.KindInvoice {
				return nil, ledger.Errorf(ledger.EINVALID, "%s is a %s, not an invoice", t.InvoiceNumber, doc.Kind)
			}
			m := doc.Open
			if c, err := m.Cmp(left); err != nil {
				return nil, err
			} else if c > 0 {
				m = left
			}
			if !m.IsPositive() {
				if doc.Open.IsPositive() {
					return nil, ledger.Errorf(ledger.EINVALID, "nothing is left of the amount for %s", t.InvoiceNumber)
				}
				return nil, ledger.Errorf(ledger.ECONFLICT, "invoice %s has nothing open", t.InvoiceNumber)
			}
			amt = &m
		}
		var err error
		if left, err = left.Sub(*amt); err != nil {
			return nil, err
		}
		out = append(out, ledger.AllocationInput{InvoiceNumber: t.InvoiceNumber, Amount: *amt})
	}
	return out, nil
}

// CreditNoteRequest is a credit note as a user issues it.
type CreditNoteRequest struct {
	CustomerCode string
	Date         time.Time // zero: today
	Reference    string
	Notes        string
	Lines        []ledger.Line
	// Invoice, when set, is the invoice credited: the note settles it
	// first; otherwise the oldest open invoices are settled first.
	Invoice       string
	KeepUnapplied bool
}

// CreditCustomer issues a credit note and applies it.
func (a *App) CreditCustomer(ctx context.Context, req CreditNoteRequest) (ledger.Document, error) {
	in := ledger.CreditNoteInput{CustomerCode: req.CustomerCode, Date: a.orToday(req.Date), Reference: req.Reference,
		Notes: req.Notes, Lines: req.Lines, KeepUnapplied: req.KeepUnapplied}
	if req.Invoice != "" {
		c, err := a.CustomerByCode(ctx, req.CustomerCode)
		if err != nil {
			return ledger.Document{}, err
		}
		p, err := ledger.PreviewInvoice(c.Currency, req.Lines)
		if err != nil {
			return ledger.Document{}, err
		}
		if in.Apply, err = a.allocations(ctx, p.Total, []Allocation{{InvoiceNumber: req.Invoice}}); err != nil {
			return ledger.Document{}, err
		}
	}
	return a.IssueCreditNote(ctx, in)
}

// WriteOffRequest gives up an invoice's open amount, or part of it, as a bad debt.
type WriteOffRequest struct {
	Invoice string
	Date    time.Time     // zero: today
	Amount  *ledger.Money // nil: everything open
	Reason  string
}

// WriteOffInvoice posts the write-off (Dr 6100, Cr 1100).
func (a *App) WriteOffInvoice(ctx context.Context, req WriteOffRequest) (ledger.Document, error) {
	if req.Amount == nil {
		doc, err := a.Document(ctx, req.Invoice)
		if err != nil {
			return ledger.Document{}, err
		}
		req.Amount = &doc.Open
	}
	return a.WriteOff(ctx, req.Invoice, a.orToday(req.Date), *req.Amount, req.Reason)
}
