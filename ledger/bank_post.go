package ledger

import (
	"context"
	"fmt"
	"strings"
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
	var id, allocated int64
	var pay PaymentInput
	err := s.write(ctx, func(t *tx) error {
		var status, bankID, date, iban, currency string
		var amount int64
		if err := t.queryRow(`SELECT status, bank_id, date, iban, amount, currency FROM bank_lines WHERE id = ?`, p.LineID).
			Scan(&status, &bankID, &date, &iban, &amount, &currency); err != nil {
			return fmt.Errorf("statement line %d: %w", p.LineID, err)
		}
		if status == string(BankMatched) || status == string(BankIgnored) {
			return Errorf(ECONFLICT, "statement line %s is %s already", bankID, status)
		}
		if amount <= 0 {
			return Errorf(EINVALID, "statement line %s is money out, not a customer's payment", bankID)
		}
		day, err := ParseDate(date)
		if err != nil {
			return err
		}
		ref := "bank " + bankID
		if len(ref) > 200 {
			ref = ref[:200]
		}
		pay = PaymentInput{CustomerCode: p.Customer, Date: day, Amount: NewMoney(amount, currency),
			Reference: ref, Apply: p.Apply, KeepUnapplied: true}
		if id, allocated, err = t.recordPayment(&pay); err != nil {
			return err
		}
		var numbers []string
		for _, a := range p.Apply {
			numbers = append(numbers, a.InvoiceNumber)
		}
		for _, w := range p.WriteOffs {
			inv, err := t.docByNumber(w.InvoiceNumber)
			if err != nil {
				return err
			}
			if _, err := t.writeOff(&inv, "", day, w.Amount, "short payment (bank charges), statement line "+bankID); err != nil {
				return fmt.Errorf("write off %s: %w", w.InvoiceNumber, err)
			}
		}
		if _, err := t.exec(`UPDATE bank_lines SET status = 'matched', invoices = ?, confidence = ?, reason = ?, payment_id = ?,
			decided_by = ?, decided_at = ? WHERE id = ?`, strings.Join(numbers, " "), clampPercent(p.Confidence), p.Reason, id,
			t.actor(), t.stamp(), p.LineID); err != nil {
			return err
		}
		return t.learnPayer(iban, p.Customer, date)
	})
	if err != nil {
		return Document{}, fmt.Errorf("post statement line %d: %w", p.LineID, err)
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
