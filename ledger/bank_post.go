package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// BankDecision is matching's verdict on a line that it does not post:
// review (with the best suggestion) or unmatched.
type BankDecision struct {
	LineID     int64
	Status     BankStatus // BankReview or BankUnmatched
	Invoices   []string
	Confidence int
	Reason     string
}

// SetBankDecisions records decisions in one transaction. A line decided
// meanwhile (matched or ignored by someone else) keeps that decision.
func (s *Store) SetBankDecisions(ctx context.Context, ds []BankDecision) error {
	for _, d := range ds {
		if d.Status != BankReview && d.Status != BankUnmatched {
			return Errorf(EINTERNAL, "statement line %d: a suggestion is review or unmatched, not %s", d.LineID, d.Status)
		}
	}
	err := s.write(ctx, func(t *tx) error {
		for _, d := range ds {
			if _, err := t.exec(`UPDATE bank_lines SET status = ?, invoices = ?, confidence = ?, reason = ?
				WHERE id = ? AND status IN ('unmatched', 'review')`,
				string(d.Status), strings.Join(d.Invoices, " "), clampPercent(d.Confidence), d.Reason, d.LineID); err != nil {
				return fmt.Errorf("statement line %d: %w", d.LineID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record match suggestions: %w", err)
	}
	return nil
}

func clampPercent(n int) int { return max(0, min(100, n)) }

// BankPosting is a line accepted as a customer's payment: allocated to
// invoices, with small shortfalls written off (bank charges) and any rest
// kept as the customer's unapplied credit.
type BankPosting struct {
	LineID     int64
	Customer   string
	Apply      []AllocationInput
	WriteOffs  []AllocationInput // each: the invoice and the shortfall written off
	Confidence int
	Reason     string
}

// PostBankLine records the line's payment (RecordPayment's path), its
// write-offs, the line's decision and the payer's IBAN → customer link, in
// one transaction. A line already matched or ignored is refused. The
// payment returned has its id, number, customer, date and amounts only:
// a match run posts thousands, and reading each back cost a tenth of it.
func (s *Store) PostBankLine(ctx context.Context, p BankPosting) (Document, error) {
	var doc Document
	err := s.write(ctx, func(t *tx) error {
		var err error
		doc, err = t.postBankLine(p)
		return err
	})
	if err != nil {
		return Document{}, fmt.Errorf("post statement line %d: %w", p.LineID, err)
	}
	return doc, nil
}

// PostBankLines posts many lines in one transaction, each behind its own
// savepoint: a line refused (decided meanwhile, an invoice paid by someone
// else) is rolled back alone and its error returned in errs, the others
// are kept. A match run posts thousands of lines; one transaction each
// cost a commit (an fsync) and a fresh prepare of every statement apiece,
// most of the run's time. A crash before the commit leaves every line of
// the batch unmatched, as it was.
func (s *Store) PostBankLines(ctx context.Context, ps []BankPosting) (docs []Document, errs []error, err error) {
	err = s.write(ctx, func(t *tx) error {
		docs, errs = make([]Document, len(ps)), make([]error, len(ps))
		for i, p := range ps {
			if _, err := t.ExecContext(t.ctx, `SAVEPOINT bank_line`); err != nil {
				return err
			}
			doc, err := t.postBankLine(p)
			if err != nil {
				if retryable(err) {
					// PostgreSQL: the whole batch runs again.
					return err
				}
				if _, rbErr := t.ExecContext(t.ctx, `ROLLBACK TO SAVEPOINT bank_line`); rbErr != nil {
					return errors.Join(err, rbErr)
				}
				errs[i] = fmt.Errorf("post statement line %d: %w", p.LineID, err)
			} else {
				docs[i] = doc
			}
			if _, err := t.ExecContext(t.ctx, `RELEASE SAVEPOINT bank_line`); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("post statement lines: %w", err)
	}
	return docs, errs, nil
}

// postBankLine is PostBankLine inside a transaction.
func (t *tx) postBankLine(p BankPosting) (Document, error) {
	var id, allocated int64
	var pay PaymentInput
	var status, bankID, date, iban, currency string
	var amount int64
	if err := t.queryRow(`SELECT status, bank_id, date, iban, amount, currency FROM bank_lines WHERE id = ?`, p.LineID).
		Scan(&status, &bankID, &date, &iban, &amount, &currency); err != nil {
		return Document{}, fmt.Errorf("statement line %d: %w", p.LineID, err)
	}
	if status == string(BankMatched) || status == string(BankIgnored) {
		return Document{}, Errorf(ECONFLICT, "statement line %s is %s already", bankID, status)
	}
	if amount <= 0 {
		return Document{}, Errorf(EINVALID, "statement line %s is money out, not a customer's payment", bankID)
	}
	day, err := ParseDate(date)
	if err != nil {
		return Document{}, err
	}
	ref := "bank " + bankID
	if len(ref) > 200 {
		ref = ref[:200]
	}
	pay = PaymentInput{CustomerCode: p.Customer, Date: day, Amount: NewMoney(amount, currency),
		Reference: ref, Apply: p.Apply, KeepUnapplied: true}
	if id, allocated, err = t.recordPayment(&pay); err != nil {
		return Document{}, err
	}
	var numbers []string
	for _, a := range p.Apply {
		numbers = append(numbers, a.InvoiceNumber)
	}
	for _, w := range p.WriteOffs {
		inv, err := t.docByNumber(w.InvoiceNumber)
		if err != nil {
			return Document{}, err
		}
		if _, err := t.writeOff(&inv, "", day, w.Amount, writeOffNote(p.LineID, bankID)); err != nil {
			return Document{}, fmt.Errorf("write off %s: %w", w.InvoiceNumber, err)
		}
	}
	if _, err := t.exec(`UPDATE bank_lines SET status = 'matched', invoices = ?, confidence = ?, reason = ?, payment_id = ?,
		decided_by = ?, decided_at = ? WHERE id = ?`, strings.Join(numbers, " "), clampPercent(p.Confidence), p.Reason, id,
		t.actor(), t.stamp(), p.LineID); err != nil {
		return Document{}, err
	}
	if err := t.learnPayer(iban, p.Customer, date); err != nil {
		return Document{}, err
	}
	return Document{ID: id, Kind: KindPayment, Number: pay.Number, CustomerCode: pay.CustomerCode, Status: StatusIssued,
		Date: pay.Date, DueDate: pay.Date, Total: pay.Amount, Open: NewMoney(pay.Amount.Minor-allocated, pay.Amount.Currency),
		Reference: pay.Reference}, nil
}

// learnPayer links an IBAN to the customer who paid from it; the latest
// accepted match wins, since an account may change hands.
func (t *tx) learnPayer(iban, customer, date string) error {
	if iban == "" {
		return nil
	}
	c, err := t.customerByCode(customer)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO bank_payers (iban, customer_id, learned_on) VALUES (?, ?, ?)
		ON CONFLICT (iban) DO UPDATE SET customer_id = excluded.customer_id, learned_on = excluded.learned_on,
		matches = bank_payers.matches + 1`, iban, c.id, date)
	if err != nil {
		return fmt.Errorf("learn payer %s: %w", iban, err)
	}
	return nil
}

// IgnoreBankLine marks a line as not a customer's payment (a transfer
// between own accounts, a grant…), so matching leaves it alone.
func (s *Store) IgnoreBankLine(ctx context.Context, lineID int64, reason string) error {
	if err := validText("reason", reason); err != nil {
		return err
	}
	err := s.write(ctx, func(t *tx) error {
		r, err := t.exec(`UPDATE bank_lines SET status = 'ignored', invoices = '', confidence = 0, reason = ?, decided_by = ?, decided_at = ?
			WHERE id = ? AND status IN ('unmatched', 'review')`, reason, t.actor(), t.stamp(), lineID)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return Errorf(ECONFLICT, "statement line %d is matched or ignored already", lineID)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("ignore statement line %d: %w", lineID, err)
	}
	return nil
}

// writeOffNote marks a write-off as made for a statement line, so undoing
// the line's match finds it.
func writeOffNote(lineID int64, bankID string) string {
	return fmt.Sprintf("short payment (bank charges), statement line #%d %s", lineID, bankID)
}

// UndoBankLine takes an accepted match back, in one transaction: the
// line's payment and the write-offs made with it are voided (dated date,
// or the line's date if later), the line waits for review again, and the
// IBAN → customer link it taught is forgotten unless other matches taught
// it too.
func (s *Store) UndoBankLine(ctx context.Context, lineID int64, date time.Time, reason string) error {
	if err := validText("reason", reason); err != nil {
		return err
	}
	err := s.write(ctx, func(t *tx) error {
		var status, bankID, lineDate, iban string
		var paymentID sql.NullInt64
		if err := t.queryRow(`SELECT status, bank_id, date, iban, payment_id FROM bank_lines WHERE id = ?`, lineID).
			Scan(&status, &bankID, &lineDate, &iban, &paymentID); err != nil {
			return fmt.Errorf("statement line %d: %w", lineID, err)
		}
		if status != string(BankMatched) || !paymentID.Valid {
			return Errorf(ECONFLICT, "statement line %s is %s: only a matched line is undone", bankID, status)
		}
		if d := fmtDate(date); d < lineDate {
			date, _ = ParseDate(lineDate)
		}
		pay, err := t.docByID(paymentID.Int64)
		if err != nil {
			return err
		}
		why := "undo of statement line " + bankID
		if reason != "" {
			why += ": " + reason
		}
		if pay.kind == KindRefund {
			// The refund was posted when it was made, not by the line:
			// only the link goes (void the refund itself if it never was).
			return t.unlinkBankLine(lineID, iban, pay.customerID, why+" (unlinked from refund "+pay.number+")")
		}
		if pay.status == StatusIssued {
			if err := t.void(&pay, date, why); err != nil {
				return fmt.Errorf("void %s: %w", pay.number, err)
			}
		}
		st, err := t.stmt(`SELECT id FROM documents WHERE kind = ? AND status = ? AND notes = ?`)
		if err != nil {
			return err
		}
		rows, err := st.QueryContext(t.ctx, string(KindWriteOff), string(StatusIssued), writeOffNote(lineID, bankID))
		if err != nil {
			return err
		}
		var wos []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			wos = append(wos, id)
		}
		rows.Close()
		for _, id := range wos {
			wo, err := t.docByID(id)
			if err != nil {
				return err
			}
			if err := t.void(&wo, date, why); err != nil {
				return fmt.Errorf("void %s: %w", wo.number, err)
			}
		}
		return t.unlinkBankLine(lineID, iban, pay.customerID, why+" ("+pay.number+" voided)")
	})
	if err != nil {
		return fmt.Errorf("undo statement line %d: %w", lineID, err)
	}
	return nil
}

// unlinkBankLine sends a matched line back to review and forgets the IBAN
// → customer link it taught, unless other matches taught it too.
func (t *tx) unlinkBankLine(lineID int64, iban string, customerID int64, reason string) error {
	if iban != "" {
		if _, err := t.exec(`UPDATE bank_payers SET matches = matches - 1 WHERE iban = ? AND customer_id = ?`, iban, customerID); err != nil {
			return err
		}
		if _, err := t.exec(`DELETE FROM bank_payers WHERE iban = ? AND matches <= 0`, iban); err != nil {
			return err
		}
	}
	_, err := t.exec(`UPDATE bank_lines SET status = 'review', invoices = '', confidence = 0, reason = ?, payment_id = NULL,
		decided_by = ?, decided_at = ? WHERE id = ?`, reason, t.actor(), t.stamp(), lineID)
	return err
}
