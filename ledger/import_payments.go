package ledger

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// ImportPayments reads payments from CSV (docs/DESIGN.md: customer_code, date,
// amount, reference, invoice_number; optional currency). With an invoice
// number the payment goes to that invoice, any excess becoming unapplied
// credit (reported as a notice); without, to the oldest open items first.
// A row that repeats a payment already in the ledger (same customer, date,
// amount and non-empty reference) is refused: importing a bank file twice
// must not count the money twice.
//
// A row without a reference cannot be told from the same row imported
// before by its own fields: it is refused as a repeat when a payment of the
// same customer, date and amount came in a file with the same SHA-256
// (payment_sources), unless opts.NewPayments says it is a new payment.
// Within one file, two rows with the same reference are refused as a
// repeated row; two without are two payments.
func (s *Store) ImportPayments(ctx context.Context, r io.Reader, name string, opts ImportOptions) (*ImportResult, error) {
	required := []string{"customer_code", "date", "amount"}
	optional := []string{"reference", "invoice_number", "currency"}
	r, sum, err := fileSHA256(r)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	return s.runImport(ctx, r, name, opts, required, optional, func(t *tx, im *importer) error {
		f := im.f
		custs := map[string]*custRow{}
		rep, err := newRepeats(t, sum, opts.NewPayments)
		if err != nil {
			return err
		}
		return im.rows(func() (bool, error) {
			in, cust, probs, err := parsePaymentRow(t, f, custs, rep)
			if err != nil {
				return true, err
			}
			if len(probs) > 0 {
				return im.bad(probs...), nil
			}
			if im.failed {
				return false, nil
			}
			invNum := f.get("invoice_number")
			id, allocated, err := t.recordPayment(&in)
			if err != nil {
				if ErrorCode(err) == EINTERNAL {
					return true, err
				}
				return im.bad(rowProblem(f, "", err)), nil
			}
			if _, err := t.exec(`INSERT INTO payment_sources (document_id, file_sha256) VALUES (?, ?)`, id, sum); err != nil {
				return true, fmt.Errorf("line %d: source of the payment: %w", f.line, err)
			}
			im.res.Imported++
			if err := addTotal(im.res.Totals, in.Amount); err != nil {
				return true, fmt.Errorf("line %d: total imported: %w", f.line, err)
			}
			applied := NewMoney(allocated, cust.currency)
			rest, err := in.Amount.Sub(applied)
			if err != nil {
				return true, fmt.Errorf("line %d: unapplied part of the payment: %w", f.line, err)
			}
			if rest.IsPositive() {
				if err := addTotal(im.res.Credits, rest); err != nil {
					return true, fmt.Errorf("line %d: unapplied credit imported: %w", f.line, err)
				}
				if invNum != "" {
					im.res.Notices = append(im.res.Notices, f.problem("amount",
						"payment of %s is more than the %s open on invoice %s: %s kept as unapplied credit for %s",
						in.Amount.Plain(), applied.Plain(), invNum, rest.Plain(), cust.code))
				}
			}
			return false, nil
		})
	})
}

func parsePaymentRow(t *tx, f *csvFile, custs map[string]*custRow, rp *repeats) (PaymentInput, *custRow, []Problem, error) {
	probs := f.textProbs
	code := f.get("customer_code")
	in := PaymentInput{CustomerCode: code, Reference: f.get("reference")}
	cust, ok := custs[code]
	if !ok {
		c, err := t.customerByCode(code)
		switch ErrorCode(err) {
		case "":
			cust = &c
		case ENOTFOUND:
		default:
			return in, nil, nil, err
		}
		custs[code] = cust
	}
	if code == "" {
		probs = append(probs, f.problem("customer_code", "customer code is empty"))
	} else if cust == nil {
		probs = append(probs, f.problem("customer_code", "unknown customer %q", code))
	}
	d, err := ParseDate(f.get("date"))
	if err != nil {
		probs = append(probs, f.problem("date", "%v", err))
	}
	in.Date = d
	if cust == nil {
		return in, nil, probs, nil
	}
	if c := strings.ToUpper(f.get("currency")); c != "" && c != cust.currency {
		probs = append(probs, f.problem("currency", "payment is in %s but customer %s deals in %s", c, cust.code, cust.currency))
		return in, cust, probs, nil
	}
	amt, err := ParseMoney(f.get("amount"), cust.currency)
	switch {
	case err != nil:
		probs = append(probs, f.problem("amount", "%v", err))
	case amt.Minor <= 0:
		probs = append(probs, f.problem("amount", "a payment must be more than zero (record refunds separately)"))
	}
	in.Amount = amt
	if len(probs) > 0 {
		return in, cust, probs, nil
	}
	// A row of this file first: rows it wrote already are in the ledger
	// too, and must not be called "already in the ledger".
	if p := rp.check(f, cust, in); len(p) > 0 {
		return in, cust, append(probs, p...), nil
	}
	if in.Reference != "" {
		var dup string
		err := t.queryRow(`SELECT number FROM documents WHERE customer_id = ? AND kind = 'payment' AND date = ? AND total = ?
			AND reference = ? AND status = 'issued' LIMIT 1`, cust.id, fmtDate(in.Date), amt.Minor, in.Reference).Scan(&dup)
		if err == nil {
			probs = append(probs, f.problem("reference", "looks like payment %s, already in the ledger (same customer, date, amount and reference)", dup))
			return in, cust, probs, nil
		}
	}
	if num := f.get("invoice_number"); num != "" {
		inv, err := t.docByNumber(num)
		switch {
		case ErrorCode(err) == ENOTFOUND:
			probs = append(probs, f.problem("invoice_number", "no invoice numbered %q", num))
		case err != nil:
			return in, cust, nil, err
		case !inv.kind.Receivable():
			probs = append(probs, f.problem("invoice_number", "%s is a %s, not an invoice or a charge", num, inv.kind.label()))
		case inv.customerID != cust.id:
			probs = append(probs, f.problem("invoice_number", "invoice %s belongs to another customer, not %s", num, cust.code))
		case inv.status != StatusIssued:
			probs = append(probs, f.problem("invoice_number", "invoice %s is %s", num, inv.status))
		case inv.date > fmtDate(in.Date):
			probs = append(probs, f.problem("date", "payment dated %s is before invoice %s (%s)", fmtDate(in.Date), num, inv.date))
		default:
			in.Apply = []AllocationInput{}
			if inv.open > 0 {
				in.Apply = append(in.Apply, AllocationInput{InvoiceNumber: num, Amount: NewMoney(min(inv.open, amt.Minor), cust.currency)})
			}
		}
	}
	return in, cust, probs, nil
}
