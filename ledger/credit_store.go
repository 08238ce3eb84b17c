package ledger

import (
	"context"
	"fmt"
	"time"
)

// PaymentInput describes money received from a customer.
type PaymentInput struct {
	CustomerCode string
	Date         time.Time
	Amount       Money
	Reference    string // the bank's or the customer's reference
	Number       string // empty: the next number of the payment sequence
	// Apply names invoices and amounts. When nil the payment goes to the
	// customer's oldest open invoices first (by due date) unless
	// KeepUnapplied is set. Whatever is left is an unapplied credit.
	Apply         []AllocationInput
	KeepUnapplied bool
}

// RecordPayment posts Dr 1000 amount, Cr 1100 the allocated part, Cr 2100
// the rest, with the payment and its allocations, in one transaction.
func (s *Store) RecordPayment(ctx context.Context, in PaymentInput) (Document, error) {
	var id int64
	err := s.write(ctx, func(t *tx) error {
		in := in // recording fills in the number: a retried transaction starts afresh
		var err error
		id, _, err = t.recordPayment(&in)
		return err
	})
	if err != nil {
		return Document{}, fmt.Errorf("record payment: %w", err)
	}
	return s.DocumentByID(ctx, id)
}

func (t *tx) recordPayment(in *PaymentInput) (id int64, allocated int64, err error) {
	cust, err := t.customerByCode(in.CustomerCode)
	if err != nil {
		return 0, 0, err
	}
	d, err := paymentDoc(cust, in, fmtDate(in.Date))
	if err != nil {
		return 0, 0, err
	}
	if in.Number, err = t.numberFor(KindPayment, in.Number); err != nil {
		return 0, 0, err
	}
	d.number = in.Number
	var plan []plannedAlloc
	if !in.KeepUnapplied || in.Apply != nil {
		if plan, allocated, err = t.planAllocations(&d, cust, in.Date, in.Apply); err != nil {
			return 0, 0, err
		}
	}
	d.open -= allocated
	if d.id, err = t.insertDoc(&d, in.Reference, ""); err != nil {
		return 0, 0, err
	}
	if err := t.writeAllocations(&d, plan, in.Date, true); err != nil {
		return 0, 0, err
	}
	e := creditEntry(&d, plan)
	if err := t.postEntry(in.Date, &d, &e); err != nil {
		return 0, 0, err
	}
	if err := t.takeDiscounts(&d, plan, in.Date, in.Date); err != nil {
		return 0, 0, err
	}
	return d.id, allocated, nil
}

// paymentDoc checks a payment from cust, dated day, and returns its
// documents row as it is written before anything is applied, unnumbered.
func paymentDoc(cust custRow, in *PaymentInput, day string) (docRow, error) {
	if in.Date.IsZero() {
		return docRow{}, Errorf(EINVALID, "payment date is required")
	}
	if in.Amount.Currency != cust.currency {
		return docRow{}, Errorf(EINVALID, "payment is in %s but customer %s deals in %s", in.Amount.Currency, cust.code, cust.currency)
	}
	if in.Amount.Minor <= 0 {
		return docRow{}, Errorf(EINVALID, "payment amount must be more than zero")
	}
	if err := checkRange(in.Amount.Minor); err != nil {
		return docRow{}, Errorf(EINVALID, "payment amount: %v", err)
	}
	if err := validText("reference", in.Reference); err != nil {
		return docRow{}, err
	}
	return docRow{kind: KindPayment, customerID: cust.id, status: StatusIssued,
		date: day, dueDate: day, currency: cust.currency, total: in.Amount.Minor, open: in.Amount.Minor}, nil
}

// numberFor returns the given number after checking it is free, or the
// next number of the kind's sequence.
func (t *tx) numberFor(kind Kind, number string) (string, error) {
	if number == "" {
		return t.nextNumber(kind)
	}
	if err := validNumber(number); err != nil {
		return "", err
	}
	taken, err := t.numberTaken(number)
	if err != nil {
		return "", err
	}
	if taken {
		return "", Errorf(ECONFLICT, "number %s is used already", number)
	}
	return number, nil
}

func (t *tx) insertDoc(d *docRow, reference, notes string) (int64, error) {
	id, err := t.insertID(`INSERT INTO documents (kind, number, customer_id, status, date, due_date, currency, net, tax, total, open, reference, notes, last_change, closed_on, created_at)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?5, CASE WHEN CAST(?11 AS BIGINT) = 0 THEN ?5 ELSE '9999-12-31' END, ?14)`,
		string(d.kind), d.number, d.customerID, string(d.status), d.date, d.dueDate, d.currency, d.net, d.tax, d.total, d.open, reference, notes, t.stamp())
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", docRef(d.kind, d.number), err)
	}
	return id, nil
}

// plannedAlloc is an allocation decided but not yet written.
type plannedAlloc struct {
	inv    docRow
	amount int64
}

// planAllocations decides where up to credit.open of a payment or credit
// note goes, dated date: to the named invoices, or (apply nil) to the
// customer's oldest open invoices first. It writes nothing, so a new
// credit can be written once with its final open amount.
func (t *tx) planAllocations(credit *docRow, cust custRow, date time.Time, apply []AllocationInput) ([]plannedAlloc, int64, error) {
	var plan []plannedAlloc
	var allocated int64
	avail := credit.open
	if apply == nil {
		rows, err := t.openInvoices(cust.id, fmtDate(date))
		if err != nil {
			return nil, 0, err
		}
		for _, inv := range rows {
			if avail == 0 {
				break
			}
			amt := min(inv.open, avail)
			plan = append(plan, plannedAlloc{inv: inv, amount: amt})
			avail -= amt
			allocated += amt
		}
		return plan, allocated, nil
	}
	return planNamed(credit, cust, fmtDate(date), apply, t.docByNumber)
}

// planNamed plans the allocations of up to credit.open to the invoices
// apply names, dated day; invoice finds an invoice as it stands by its
// number. The real paths and the bulk writer both plan with it.
func planNamed(credit *docRow, cust custRow, day string, apply []AllocationInput, invoice func(number string) (docRow, error)) ([]plannedAlloc, int64, error) {
	var plan []plannedAlloc
	var allocated int64
	avail := credit.open
	var used map[string]int64 // an invoice named twice: both amounts count
	for _, a := range apply {
		inv, err := invoice(a.InvoiceNumber)
		if err != nil {
			return nil, 0, err
		}
		open := inv.open - used[inv.number]
		switch {
		case !inv.kind.Receivable() && inv.kind != KindRefund:
			return nil, 0, Errorf(EINVALID, "%s is not an invoice or a charge", docRef(inv.kind, inv.number))
		case inv.status != StatusIssued:
			return nil, 0, Errorf(ECONFLICT, "invoice %s is %s", inv.number, inv.status)
		case inv.customerID != cust.id:
			return nil, 0, Errorf(EINVALID, "invoice %s belongs to another customer, not %s", inv.number, cust.code)
		case a.Amount.Currency != inv.currency:
			return nil, 0, Errorf(EINVALID, "amount for invoice %s is in %s, the invoice in %s", inv.number, a.Amount.Currency, inv.currency)
		case a.Amount.Minor <= 0:
			return nil, 0, Errorf(EINVALID, "amount for invoice %s must be more than zero", inv.number)
		case inv.date > day:
			return nil, 0, Errorf(EINVALID, "invoice %s is dated %s, after %s: apply the credit on or after the invoice date", inv.number, inv.date, day)
		case a.Amount.Minor > open:
			return nil, 0, Errorf(EINVALID, "%s exceeds the %s open on invoice %s", a.Amount.Plain(), NewMoney(open, inv.currency).Plain(), inv.number)
		case a.Amount.Minor > avail:
			return nil, 0, Errorf(EINVALID, "allocations exceed the %s available on %s", NewMoney(credit.open, credit.currency).Plain(), docRef(credit.kind, credit.number))
		}
		if len(apply) > 1 {
			if used == nil {
				used = map[string]int64{}
			}
			used[inv.number] += a.Amount.Minor
		}
		plan = append(plan, plannedAlloc{inv: inv, amount: a.Amount.Minor})
		avail -= a.Amount.Minor
		allocated += a.Amount.Minor
	}
	return plan, allocated, nil
}

// writeAllocations writes planned allocations of a credit (their Cr 1100
// is the credit's entry's: creditApplied). The credit's own open amount is
// lowered once, by the sum, unless it was written with its final open
// amount (fresh).
func (t *tx) writeAllocations(credit *docRow, plan []plannedAlloc, date time.Time, fresh bool) error {
	var sum int64
	for i := range plan {
		p := &plan[i]
		if err := t.allocate(credit, &p.inv, p.amount, date, false); err != nil {
			return err
		}
		sum += p.amount
	}
	if !fresh && sum != 0 {
		if err := t.addOpen(credit.id, -sum, fmtDate(date)); err != nil {
			return err
		}
		credit.open -= sum
	}
	return nil
}

// openInvoices lists a customer's open invoices issued on or before date,
// oldest due first: the order in which payments settle them.
func (t *tx) openInvoices(customerID int64, date string) ([]docRow, error) {
	st, err := t.stmt(`SELECT ` + docRowCols + ` FROM documents
		WHERE customer_id = ? AND kind IN ('invoice', 'charge') AND closed_on = '9999-12-31' AND date <= ?
		ORDER BY due_date, date, id`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(t.ctx, customerID, date)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []docRow
	for rows.Next() {
		d, err := scanDocRow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// allocate records an allocation and lowers the invoice's open amount, and
// the credit's too when updateCredit is set.
func (t *tx) allocate(credit, inv *docRow, amount int64, date time.Time, updateCredit bool) error {
	a, err := newAllocation(credit, inv, amount, fmtDate(date))
	if err != nil {
		return err
	}
	day := a.date
	fx, err := t.allocationFX(credit, inv, amount)
	if err != nil {
		return fmt.Errorf("allocate to %s: %w", inv.number, err)
	}
	if _, err := t.exec(`INSERT INTO allocations (credit_id, invoice_id, amount, date, fx) VALUES (?, ?, ?, ?, ?)`,
		a.creditID, a.invoiceID, a.amount, a.date, fx); err != nil {
		return fmt.Errorf("allocate to %s: %w", inv.number, err)
	}
	if err := t.addOpen(inv.id, -amount, day); err != nil {
		return err
	}
	if updateCredit && credit.kind != KindWriteOff && credit.kind != KindDiscount {
		if err := t.addOpen(credit.id, -amount, day); err != nil {
			return err
		}
		credit.open -= amount
	}
	inv.open -= amount
	credit.fx += fx
	return nil
}

// allocation is an allocations row.
type allocation struct {
	creditID, invoiceID, amount int64
	date                        string
}

// newAllocation checks an allocation of amount of credit to inv, dated
// day, and returns its row: the real paths (t.allocate) and the bulk
// writer write what it returns.
func newAllocation(credit, inv *docRow, amount int64, day string) (allocation, error) {
	// An allocation dated before an earlier reversal on either document
	// would make the past disagree with itself (both counted at once).
	for _, d := range [2]*docRow{credit, inv} {
		if day < d.reopenedOn {
			return allocation{}, Errorf(EINVALID, "%s had an allocation reversed on %s: date this one on or after that", docRef(d.kind, d.number), d.reopenedOn)
		}
	}
	return allocation{creditID: credit.id, invoiceID: inv.id, amount: amount, date: day}, nil
}

// addOpen changes a document's open amount on a date and keeps closed_on
// (the as-of index) right: the latest change when it closes, far future
// while it is open.
func (t *tx) addOpen(id, delta int64, day string) error {
	_, err := t.exec(`UPDATE documents SET open = open + ?1, last_change = MAX(last_change, ?2),
		closed_on = CASE WHEN open + ?1 = 0 THEN MAX(last_change, ?2) ELSE '9999-12-31' END WHERE id = ?3`, delta, day, id)
	return err
}

// CreditNoteInput describes a credit note: lines as on an invoice, credited.
type CreditNoteInput struct {
	CustomerCode  string
	Number        string // empty: the next number of the credit note sequence
	Date          time.Time
	Reference     string
	Notes         string
	Lines         []Line
	Apply         []AllocationInput // nil: oldest open invoices first
	KeepUnapplied bool
}

// IssueCreditNote posts Dr 4000 net, Dr 2200 tax, Cr 1100 what it settles
// and Cr 2100 the rest.
func (s *Store) IssueCreditNote(ctx context.Context, in CreditNoteInput) (Document, error) {
	var id int64
	err := s.write(ctx, func(t *tx) error {
		in := in // issuing fills in the number: a retried transaction starts afresh
		var err error
		id, err = t.issueCreditNote(&in)
		return err
	})
	if err != nil {
		return Document{}, fmt.Errorf("issue credit note: %w", err)
	}
	return s.DocumentByID(ctx, id)
}

func (t *tx) issueCreditNote(in *CreditNoteInput) (int64, error) {
	cust, err := t.customerByCode(in.CustomerCode)
	if err != nil {
		return 0, err
	}
	d, err := creditNoteDoc(cust, in, fmtDate(in.Date))
	if err != nil {
		return 0, err
	}
	if in.Number, err = t.numberFor(KindCreditNote, in.Number); err != nil {
		return 0, err
	}
	d.number = in.Number
	var plan []plannedAlloc
	var allocated int64
	if !in.KeepUnapplied || in.Apply != nil {
		if plan, allocated, err = t.planAllocations(&d, cust, in.Date, in.Apply); err != nil {
			return 0, err
		}
	}
	d.open -= allocated
	if d.id, err = t.insertDoc(&d, in.Reference, in.Notes); err != nil {
		return 0, err
	}
	if err := t.insertLines(d.id, in.Lines); err != nil {
		return 0, err
	}
	if err := t.writeAllocations(&d, plan, in.Date, true); err != nil {
		return 0, err
	}
	e := creditEntry(&d, plan)
	if err := t.postEntry(in.Date, &d, &e); err != nil {
		return 0, err
	}
	return d.id, nil
}

// creditNoteDoc checks a credit note to cust, dated day, completes its
// lines' nets and returns its documents row as it is written before
// anything is applied, unnumbered.
func creditNoteDoc(cust custRow, in *CreditNoteInput, day string) (docRow, error) {
	if in.Date.IsZero() {
		return docRow{}, Errorf(EINVALID, "credit note date is required")
	}
	if len(in.Lines) == 0 {
		return docRow{}, Errorf(EINVALID, "a credit note needs at least one line")
	}
	net, tax, _, err := computeLines(in.Lines)
	if err != nil {
		return docRow{}, err
	}
	return docRow{kind: KindCreditNote, customerID: cust.id, status: StatusIssued,
		date: day, dueDate: day, currency: cust.currency, net: net, tax: tax, total: net + tax, open: net + tax}, nil
}

// ApplyCredit applies an unapplied payment or credit note to invoices on
// date (Dr 2100, Cr 1100). With apply nil it goes oldest-first.
func (s *Store) ApplyCredit(ctx context.Context, creditNumber string, date time.Time, apply []AllocationInput) (Money, error) {
	var allocated int64
	var cur string
	err := s.write(ctx, func(t *tx) error {
		credit, err := t.docByNumber(creditNumber)
		if err != nil {
			return err
		}
		cur = credit.currency
		switch {
		case credit.kind != KindPayment && credit.kind != KindCreditNote:
			return Errorf(EINVALID, "%s is not a payment or credit note", docRef(credit.kind, credit.number))
		case credit.status != StatusIssued:
			return Errorf(ECONFLICT, "%s is %s", docRef(credit.kind, credit.number), credit.status)
		case credit.open == 0:
			return Errorf(ECONFLICT, "%s has nothing left to apply", docRef(credit.kind, credit.number))
		case date.IsZero():
			return Errorf(EINVALID, "date is required")
		case fmtDate(date) < credit.date:
			return Errorf(EINVALID, "%s is dated %s: apply it on or after that", docRef(credit.kind, credit.number), credit.date)
		}
		sum, err := t.applyCredit(&credit, date, apply)
		if err != nil {
			return err
		}
		if sum == 0 {
			return Errorf(ECONFLICT, "no open invoice dated on or before %s to apply it to", fmtDate(date))
		}
		allocated = sum
		return nil
	})
	if err != nil {
		return Money{}, fmt.Errorf("apply %s: %w", creditNumber, err)
	}
	return NewMoney(allocated, cur), nil
}

// applyCredit applies credit to the customer's open invoices on date and
// posts the entry; it returns what was applied (zero when nothing was
// open on or before date, and then writes nothing).
func (t *tx) applyCredit(credit *docRow, date time.Time, apply []AllocationInput) (int64, error) {
	var cust custRow
	if err := t.queryRow(`SELECT id, code, currency, terms_days FROM customers WHERE id = ?`, credit.customerID).
		Scan(&cust.id, &cust.code, &cust.currency, &cust.terms); err != nil {
		return 0, err
	}
	plan, sum, err := t.planAllocations(credit, cust, date, apply)
	if err != nil || sum == 0 {
		return 0, err
	}
	if err := t.writeAllocations(credit, plan, date, false); err != nil {
		return 0, err
	}
	e := applyEntry(credit, plan)
	if err := t.postEntry(date, credit, &e); err != nil {
		return 0, err
	}
	if credit.kind == KindPayment {
		// A payment received by the discount date earns it when applied
		// later too (recorded unapplied, applied once matched).
		paid, err := ParseDate(credit.date)
		if err != nil {
			return 0, err
		}
		if err := t.takeDiscounts(credit, plan, paid, date); err != nil {
			return 0, err
		}
	}
	return sum, nil
}

// CreditApplied is what ApplyCredits applied of one payment or credit note.
type CreditApplied struct {
	Kind    Kind
	Number  string
	Applied Money
}

// ApplyCredits applies every unapplied payment and credit note of a
// customer dated on or before date, oldest first, each to the oldest open
// invoices, in one transaction: all of it is applied or none. It stops
// when no invoice is left open; an empty result means nothing was applied.
func (s *Store) ApplyCredits(ctx context.Context, customerCode string, date time.Time) ([]CreditApplied, error) {
	if date.IsZero() {
		return nil, Errorf(EINVALID, "date is required")
	}
	var out []CreditApplied
	err := s.write(ctx, func(t *tx) error {
		out = nil // a retried transaction starts again
		cust, err := t.customerByCode(customerCode)
		if err != nil {
			return err
		}
		numbers, err := t.openCredits(cust.id, date)
		if err != nil {
			return err
		}
		for _, n := range numbers {
			credit, err := t.docByNumber(n)
			if err != nil {
				return err
			}
			sum, err := t.applyCredit(&credit, date, nil)
			if err != nil {
				return fmt.Errorf("%s: %w", docRef(credit.kind, credit.number), err)
			}
			if sum == 0 {
				break // nothing open is left
			}
			out = append(out, CreditApplied{Kind: credit.kind, Number: credit.number, Applied: NewMoney(sum, credit.currency)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("apply credits of %s: %w", customerCode, err)
	}
	return out, nil
}

// openCredits lists the numbers of a customer's issued payments and credit
// notes with something left to apply, dated on or before date, oldest first.
func (t *tx) openCredits(customerID int64, date time.Time) ([]string, error) {
	st, err := t.stmt(`SELECT number FROM documents
		WHERE customer_id = ? AND kind IN ('payment', 'credit_note') AND status = 'issued' AND open <> 0 AND date <= ?
		ORDER BY date, id`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(t.ctx, customerID, fmtDate(date))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// WriteOff gives up an amount of an invoice as a bad debt (Dr 6100, Cr
// 1100). A zero amount writes off all that is open.
func (s *Store) WriteOff(ctx context.Context, invoiceNumber string, date time.Time, amount Money, reason string) (Document, error) {
	var id int64
	err := s.write(ctx, func(t *tx) error {
		inv, err := t.docByNumber(invoiceNumber)
		if err != nil {
			return err
		}
		id, err = t.writeOff(&inv, "", date, amount, reason)
		return err
	})
	if err != nil {
		return Document{}, fmt.Errorf("write off %s: %w", invoiceNumber, err)
	}
	return s.DocumentByID(ctx, id)
}

// writeOff writes off amount (zero: all that is open) of invoice inv as
// write-off number (empty: the next of the sequence).
func (t *tx) writeOff(inv *docRow, number string, date time.Time, amount Money, reason string) (int64, error) {
	d, err := writeOffDoc(inv, date, amount, fmtDate(date))
	if err != nil {
		return 0, err
	}
	if number == "" {
		if number, err = t.nextNumber(KindWriteOff); err != nil {
			return 0, err
		}
	}
	d.number = number
	if d.id, err = t.insertDoc(&d, inv.number, reason); err != nil {
		return 0, err
	}
	if err := t.allocate(&d, inv, d.total, date, false); err != nil {
		return 0, err
	}
	e := writeOffEntry(&d, inv)
	return d.id, t.postEntry(date, &d, &e)
}

// writeOffDoc checks a write-off of amount (zero: all that is open) of
// invoice inv, dated day, and returns its documents row, unnumbered.
func writeOffDoc(inv *docRow, date time.Time, amount Money, day string) (docRow, error) {
	if amount.Minor == 0 {
		amount = NewMoney(inv.open, inv.currency)
	}
	switch {
	case !inv.kind.Receivable():
		return docRow{}, Errorf(EINVALID, "%s is not an invoice or a charge", docRef(inv.kind, inv.number))
	case inv.status != StatusIssued:
		return docRow{}, Errorf(ECONFLICT, "invoice %s is %s", inv.number, inv.status)
	case inv.open == 0:
		return docRow{}, Errorf(ECONFLICT, "invoice %s has nothing open to write off", inv.number)
	case amount.Currency != inv.currency:
		return docRow{}, Errorf(EINVALID, "amount is in %s, invoice %s in %s", amount.Currency, inv.number, inv.currency)
	case amount.Minor < 0 || amount.Minor > inv.open:
		return docRow{}, Errorf(EINVALID, "write-off must be between 0 and the %s open", NewMoney(inv.open, inv.currency).Plain())
	case date.IsZero() || day < inv.date:
		return docRow{}, Errorf(EINVALID, "write-off date must be on or after the invoice date %s", inv.date)
	}
	return docRow{kind: KindWriteOff, customerID: inv.customerID, status: StatusIssued,
		date: day, dueDate: day, currency: inv.currency, total: amount.Minor}, nil
}
