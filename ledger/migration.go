package ledger

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Moving in from another system (app/migrate_*.go read their files): the
// customers, the invoices with their lines and what was paid of them,
// and the credit still open, written in one transaction — all or nothing,
// like every import. The source's numbers are kept.

// MigrationInvoice is an invoice as the source had it: issued whole, and
// Paid of it settled there (a payment dated PaidOn, applied to it).
type MigrationInvoice struct {
	Invoice InvoiceInput
	Paid    Money
	PaidOn  time.Time
	Total   Money // the source's total: the invoice is refused if Paidup works out another
	Line    int   // where it starts in its file, for messages
	File    string
}

// MigrationCredit is a credit note: credit the customer still has (a
// credit note of its open amount, unapplied), or, with Credit.Apply, a
// whole credit note applied on its date to the invoices named.
type MigrationCredit struct {
	Credit CreditNoteInput
	Total  Money // the source's total, when it has one: refused if Paidup works out another
	Line   int
	File   string
}

// MigrationPayment is a payment as the source had it, with what it was
// applied to on its own date; the rest stays unapplied credit.
type MigrationPayment struct {
	Payment PaymentInput // Number is required: applications name it
	Line    int
	File    string
}

// MigrationApplication is unapplied credit (a payment or credit note
// that moved in) applied to invoices later, on Date, as the source did.
type MigrationApplication struct {
	Credit string // the payment's or credit note's number
	Date   time.Time
	Apply  []AllocationInput
	Line   int
	File   string
}

// Migration is what moves in, written in this order: customers,
// invoices, credit notes, payments, applications.
type Migration struct {
	Customers    []Customer
	Invoices     []MigrationInvoice
	Credits      []MigrationCredit
	Payments     []MigrationPayment
	Applications []MigrationApplication
}

// MigrationResult counts what was written (or, in a dry run, would be)
// and what is open afterwards of it, per currency.
type MigrationResult struct {
	Customers, Invoices, Payments, Credits, Applications int
	Open                                                 map[string]int64 // open invoices less open credits of what moved in
	DryRun                                               bool
}

// Migrate writes m in one transaction; with dryRun it is rolled back.
// The first document that cannot be written refuses the whole of it,
// naming its file and line.
func (s *Store) Migrate(ctx context.Context, m *Migration, dryRun bool) (*MigrationResult, error) {
	var res *MigrationResult
	err := s.write(ctx, func(t *tx) error {
		res = &MigrationResult{Open: map[string]int64{}, DryRun: dryRun}
		for i := range m.Customers {
			c := m.Customers[i]
			if _, err := t.createCustomer(&c); err != nil {
				return fmt.Errorf("customer %s: %w", c.Code, err)
			}
			res.Customers++
		}
		for i := range m.Invoices {
			mi := m.Invoices[i]
			in := mi.Invoice
			where := fmt.Sprintf("%s:%d: invoice %s", mi.File, mi.Line, in.Number)
			cust, err := t.customerByCode(in.CustomerCode)
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			_, total, err := t.issueInvoice(cust, &in, 0)
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			if mi.Total.Currency != "" && total != mi.Total.Minor {
				return Errorf(EINVALID, "%s: its lines come to %s here but %s there (tax rounded otherwise?): correct it there or leave it out",
					where, NewMoney(total, cust.currency).Plain(), mi.Total.Plain())
			}
			res.Invoices++
			open := total
			if mi.Paid.Minor > 0 {
				pay := PaymentInput{CustomerCode: in.CustomerCode, Date: mi.PaidOn, Amount: mi.Paid,
					Reference: "paid before the move: " + in.Number,
					Apply:     []AllocationInput{{InvoiceNumber: in.Number, Amount: mi.Paid}}}
				if _, _, err := t.recordPayment(&pay); err != nil {
					return fmt.Errorf("%s: what was paid of it: %w", where, err)
				}
				res.Payments++
				open -= mi.Paid.Minor
			}
			res.Open[cust.currency] += open
		}
		for i := range m.Credits {
			mc := m.Credits[i]
			in := mc.Credit
			in.KeepUnapplied = true
			where := fmt.Sprintf("%s:%d: credit note %s", mc.File, mc.Line, in.Number)
			id, err := t.issueCreditNote(&in)
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			d, err := t.docByID(id)
			if err != nil {
				return err
			}
			if mc.Total.Currency != "" && d.total != mc.Total.Minor {
				return Errorf(EINVALID, "%s: its lines come to %s here but %s there (tax rounded otherwise?): correct it there or leave it out",
					where, NewMoney(d.total, d.currency).Plain(), mc.Total.Plain())
			}
			res.Credits++
			// What it settled was counted open with its invoices.
			res.Open[d.currency] -= d.total
		}
		for i := range m.Payments {
			mp := m.Payments[i]
			in := mp.Payment
			in.KeepUnapplied = true
			where := fmt.Sprintf("%s:%d: payment %s", mp.File, mp.Line, in.Number)
			if in.Number == "" {
				return Errorf(EINVALID, "%s: a payment that moves in needs its number", where)
			}
			if _, _, err := t.recordPayment(&in); err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			res.Payments++
			res.Open[in.Amount.Currency] -= in.Amount.Minor
		}
		for _, ma := range m.Applications {
			where := fmt.Sprintf("%s:%d: applying %s", ma.File, ma.Line, ma.Credit)
			credit, err := t.docByNumber(ma.Credit)
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			var want int64
			for _, a := range ma.Apply {
				want += a.Amount.Minor
			}
			got, err := t.applyCredit(&credit, ma.Date, ma.Apply)
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			if got != want {
				return Errorf(EINVALID, "%s: %s applied here, %s there", where, NewMoney(got, credit.currency).Plain(), NewMoney(want, credit.currency).Plain())
			}
			res.Applications++
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		return res, nil
	}
	if err != nil {
		return nil, fmt.Errorf("move in: %w", err)
	}
	return res, nil
}
