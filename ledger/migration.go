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

// MigrationCredit is credit the customer still has: a credit note of its
// open amount, unapplied.
type MigrationCredit struct {
	Credit CreditNoteInput
	Line   int
	File   string
}

// Migration is what moves in.
type Migration struct {
	Customers []Customer
	Invoices  []MigrationInvoice
	Credits   []MigrationCredit
}

// MigrationResult counts what was written (or, in a dry run, would be)
// and what is open afterwards of it, per currency.
type MigrationResult struct {
	Customers, Invoices, Payments, Credits int
	Open                                   map[string]int64 // open invoices less open credits of what moved in
	DryRun                                 bool
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
			if _, err := t.issueCreditNote(&in); err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			cust, err := t.customerByCode(in.CustomerCode)
			if err != nil {
				return err
			}
			var total int64
			for _, l := range in.Lines {
				total += l.Net
			}
			res.Credits++
			res.Open[cust.currency] -= total
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
