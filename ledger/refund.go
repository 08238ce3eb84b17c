package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Refunds: money paid back to a customer out of their unapplied credit
// (an overpayment, a credit note with nothing left to settle). A refund is
// a document of its own kind (migration 0019), numbered REF-…, posted
//
//	Dr 1100 (the customer)  Cr 1000 Bank         the refund's issue
//	Dr 2100 (the customer)  Cr 1100 (the customer) each credit it pays out
//
// so in all Dr 2100, Cr 1000, the chart's "refund of a credit". The credits
// are allocated to the refund like payments to an invoice, in the same
// transaction, so a refund is never open: it owes nothing and ages
// nowhere. A credit paid out cannot be voided under its refund (void the
// refund first); voiding the refund gives the credit back.

// RefundInput is a refund as a user asks for it.
type RefundInput struct {
	CustomerCode string
	Amount       Money
	Date         time.Time
	Number       string // empty: the next of the REF- series
	Reference    string
	// From names the payments and credit notes to pay out, in order; none:
	// the customer's unapplied credits, oldest first.
	From []string
}

// IssueRefund records a refund in one transaction: the refund, its
// postings and the allocations of the credits it pays out. More than the
// customer's unapplied credit (or the credits named) is refused.
func (s *Store) IssueRefund(ctx context.Context, in RefundInput) (Document, error) {
	var id int64
	err := s.write(ctx, func(t *tx) error {
		var err error
		id, err = t.issueRefund(in)
		return err
	})
	if err != nil {
		return Document{}, fmt.Errorf("refund to %s: %w", in.CustomerCode, err)
	}
	return s.DocumentByID(ctx, id)
}

func (t *tx) issueRefund(in RefundInput) (int64, error) {
	cust, err := t.customerByCode(in.CustomerCode)
	if err != nil {
		return 0, err
	}
	switch {
	case in.Date.IsZero():
		return 0, Errorf(EINVALID, "refund date is required")
	case in.Amount.Currency != cust.currency:
		return 0, Errorf(EINVALID, "refund is in %s but customer %s deals in %s", in.Amount.Currency, cust.code, cust.currency)
	case in.Amount.Minor <= 0:
		return 0, Errorf(EINVALID, "refund amount must be more than zero")
	}
	if err := checkRange(in.Amount.Minor); err != nil {
		return 0, Errorf(EINVALID, "refund amount: %v", err)
	}
	if err := validText("reference", in.Reference); err != nil {
		return 0, err
	}
	if err := DateInRange(in.Date); err != nil {
		return 0, Errorf(EINVALID, "refund date: %v", err)
	}
	day := fmtDate(in.Date)
	from := in.From
	if len(from) == 0 {
		if from, err = t.openCredits(cust.id, in.Date); err != nil {
			return 0, err
		}
	}
	// Plan what each credit pays out before writing anything.
	type part struct {
		credit docRow
		amount int64
	}
	var parts []part
	left := in.Amount.Minor
	var avail int64
	for _, n := range from {
		if left == 0 {
			break
		}
		c, err := t.docByNumber(n)
		if err != nil {
			return 0, err
		}
		switch {
		case c.kind != KindPayment && c.kind != KindCreditNote:
			return 0, Errorf(EINVALID, "%s is not a payment or credit note: only credit is refunded", docRef(c.kind, c.number))
		case c.customerID != cust.id:
			return 0, Errorf(EINVALID, "%s belongs to another customer, not %s", docRef(c.kind, c.number), cust.code)
		case c.status != StatusIssued:
			return 0, Errorf(ECONFLICT, "%s is %s", docRef(c.kind, c.number), c.status)
		case c.date > day:
			return 0, Errorf(EINVALID, "%s is dated %s, after the refund", docRef(c.kind, c.number), c.date)
		case c.open == 0:
			continue
		}
		amt := min(c.open, left)
		parts = append(parts, part{c, amt})
		left -= amt
		avail += c.open
	}
	if left > 0 {
		what := "unapplied credit"
		if len(in.From) > 0 {
			what = "credit left on " + strings.Join(in.From, ", ")
		}
		return 0, Errorf(EINVALID, "%s has %s of %s: a refund of %s is more", cust.code, NewMoney(avail, cust.currency), what, in.Amount)
	}
	number, err := t.numberFor(KindRefund, in.Number)
	if err != nil {
		return 0, err
	}
	r := docRow{kind: KindRefund, number: number, customerID: cust.id, status: StatusIssued, date: day, dueDate: day,
		currency: cust.currency, total: in.Amount.Minor, open: in.Amount.Minor}
	if r.id, err = t.insertDoc(&r, in.Reference, ""); err != nil {
		return 0, err
	}
	e := docEntry{kind: "issue", memo: "refund " + number}
	e.b.debit(AccReceivable, cust.id, r.total)
	e.b.credit(AccBank, 0, r.total)
	if err := t.postEntry(in.Date, &r, &e); err != nil {
		return 0, err
	}
	for i := range parts {
		c := &parts[i].credit
		if _, err := t.applyCredit(c, in.Date, []AllocationInput{{InvoiceNumber: number, Amount: NewMoney(parts[i].amount, cust.currency)}}); err != nil {
			return 0, fmt.Errorf("pay out %s: %w", docRef(c.kind, c.number), err)
		}
	}
	return r.id, nil
}

// BankRefund is an issued refund no statement line has been matched to
// yet: what money out on a statement is compared with.
type BankRefund struct {
	ID       int64
	Number   string
	Customer string // code
	Name     string // the customer's name
	Amount   Money
	Date     time.Time
}

// UnmatchedRefunds lists issued refunds no matched statement line names.
func (s *Store) UnmatchedRefunds(ctx context.Context) ([]BankRefund, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT d.id, d.number, c.code, c.name, d.total, d.currency, d.date
		FROM documents d JOIN customers c ON c.id = d.customer_id
		WHERE d.kind = 'refund' AND d.status = 'issued'
		AND NOT EXISTS (SELECT 1 FROM bank_lines b WHERE b.payment_id = d.id AND b.status = 'matched')
		ORDER BY d.date, d.id`)
	if err != nil {
		return nil, fmt.Errorf("refunds: %w", err)
	}
	defer rows.Close()
	var out []BankRefund
	for rows.Next() {
		var r BankRefund
		var date string
		if err := rows.Scan(&r.ID, &r.Number, &r.Customer, &r.Name, &r.Amount.Minor, &r.Amount.Currency, &date); err != nil {
			return nil, fmt.Errorf("refunds: %w", err)
		}
		if r.Date, err = ParseDate(date); err != nil {
			return nil, fmt.Errorf("refund %s: %w", r.Number, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// MatchBankRefund links a statement line of money out to the refund it
// paid, in one transaction: the refund is posted already, so nothing is
// posted; the line is matched (and the payee's IBAN learned as the
// customer's). The amounts must agree exactly.
func (s *Store) MatchBankRefund(ctx context.Context, lineID int64, refundNumber string, confidence int, reason string) error {
	err := s.write(ctx, func(t *tx) error {
		var status, bankID, date, iban, currency string
		var amount int64
		if err := t.queryRow(`SELECT status, bank_id, date, iban, amount, currency FROM bank_lines WHERE id = ?`, lineID).
			Scan(&status, &bankID, &date, &iban, &amount, &currency); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return Errorf(ENOTFOUND, "no statement line #%d", lineID)
			}
			return err
		}
		if status == string(BankMatched) || status == string(BankIgnored) {
			return Errorf(ECONFLICT, "statement line %s is %s already", bankID, status)
		}
		r, err := t.docByNumber(refundNumber)
		if err != nil {
			return err
		}
		switch {
		case r.kind != KindRefund:
			return Errorf(EINVALID, "%s is not a refund", docRef(r.kind, r.number))
		case r.status != StatusIssued:
			return Errorf(ECONFLICT, "refund %s is %s", r.number, r.status)
		case amount != -r.total || currency != r.currency:
			return Errorf(EINVALID, "statement line %s is %s, refund %s is %s paid out", bankID, NewMoney(amount, currency), r.number, NewMoney(r.total, r.currency))
		}
		var other string
		err = t.queryRow(`SELECT bank_id FROM bank_lines WHERE payment_id = ? AND status = 'matched'`, r.id).Scan(&other)
		if err == nil {
			return Errorf(ECONFLICT, "refund %s is matched to statement line %s already", r.number, other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := t.exec(`UPDATE bank_lines SET status = 'matched', invoices = ?, confidence = ?, reason = ?, payment_id = ?,
			decided_by = ?, decided_at = ? WHERE id = ?`, r.number, clampPercent(confidence), reason, r.id, t.actor(), t.stamp(), lineID); err != nil {
			return err
		}
		var code string
		if err := t.queryRow(`SELECT code FROM customers WHERE id = ?`, r.customerID).Scan(&code); err != nil {
			return err
		}
		return t.learnPayer(iban, code, date)
	})
	if err != nil {
		return fmt.Errorf("match statement line %d to refund %s: %w", lineID, refundNumber, err)
	}
	return nil
}
