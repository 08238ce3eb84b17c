package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// docRow is a document as posting needs it.
type docRow struct {
	id         int64
	kind       Kind
	number     string
	customerID int64
	status     Status
	date       string
	dueDate    string
	currency   string
	net, tax   int64
	total      int64
	open       int64
	reopenedOn string
	// chargeInterest is what a charge credited to interest (4110), read
	// when a charge is voided; the rest of its total went to 4100.
	chargeInterest int64
	// fx is the realized exchange difference of the allocations written
	// for this credit and not yet posted (postEntry posts it: fx.go).
	fx int64
}

const docRowCols = `id, kind, COALESCE(number, ''), customer_id, status, date, due_date, currency, net, tax, total, open, reopened_on`

func scanDocRow(sc interface{ Scan(...any) error }) (docRow, error) {
	var d docRow
	err := sc.Scan(&d.id, &d.kind, &d.number, &d.customerID, &d.status, &d.date, &d.dueDate, &d.currency, &d.net, &d.tax, &d.total, &d.open, &d.reopenedOn)
	return d, err
}

func (t *tx) docByNumber(number string) (docRow, error) {
	d, err := scanDocRow(t.queryRow(`SELECT `+docRowCols+` FROM documents WHERE number = ?`, number))
	if errors.Is(err, sql.ErrNoRows) {
		return d, Errorf(ENOTFOUND, "no document numbered %q", number)
	}
	return d, err
}

func (t *tx) docByID(id int64) (docRow, error) {
	d, err := scanDocRow(t.queryRow(`SELECT `+docRowCols+` FROM documents WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, Errorf(ENOTFOUND, "no document with id %d", id)
	}
	return d, err
}

func (t *tx) numberTaken(number string) (bool, error) {
	var n int
	err := t.queryRow(`SELECT count(*) FROM documents WHERE number = ?`, number).Scan(&n)
	return n > 0, err
}

// nextNumber takes the next number of a sequence inside the issuing
// transaction: a rollback gives it back, so numbers have no gaps. Numbers
// already used (by an import, say) are stepped over.
func (t *tx) nextNumber(kind Kind) (string, error) {
	var prefix string
	var width int
	var next int64
	// The counter row is locked first (on PostgreSQL; SQLite's writer holds
	// the whole file): a second desk numbering the same kind waits here,
	// then loses the race and runs again, never taking the same number.
	if err := t.queryRow(`SELECT prefix, width, next FROM sequences WHERE kind = ?`+t.dialect.forUpdate(), string(kind)).Scan(&prefix, &width, &next); err != nil {
		return "", fmt.Errorf("numbering %s: %w", kind, err)
	}
	for {
		num := fmt.Sprintf("%s%0*d", prefix, width, next)
		next++
		taken, err := t.numberTaken(num)
		if err != nil {
			return "", err
		}
		if !taken {
			if _, err := t.exec(`UPDATE sequences SET next = ? WHERE kind = ?`, next, string(kind)); err != nil {
				return "", err
			}
			return num, nil
		}
	}
}

// SetNumbering sets the prefix and the next number of a document sequence.
func (s *Store) SetNumbering(ctx context.Context, kind Kind, prefix string, next int64) error {
	if next < 1 {
		return Errorf(EINVALID, "next number must be at least 1")
	}
	return s.write(ctx, func(t *tx) error {
		res, err := t.exec(`UPDATE sequences SET prefix = ?, next = ? WHERE kind = ?`, prefix, next, string(kind))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(ENOTFOUND, "no numbering for %s", kind)
		}
		// Recorded, so that Check expects the gap before next.
		_, err = t.exec(`INSERT INTO settings (key, value) VALUES (?1, ?2)
			ON CONFLICT (key) DO UPDATE SET value = settings.value || ?3 || excluded.value`,
			numberingKey(string(kind)), prefix+"\t"+strconv.FormatInt(next, 10), "\n")
		return err
	})
}

func validNumber(n string) error {
	if n == "" || len(n) > 64 || strings.TrimSpace(n) != n {
		return Errorf(EINVALID, "document number %q must be 1 to 64 characters without leading or trailing spaces", n)
	}
	return nil
}

func (t *tx) insertLines(docID int64, lines []Line) error {
	for i, l := range lines {
		if _, err := t.exec(`INSERT INTO document_lines (document_id, line_no, description, quantity, unit_price, discount, tax_rate, net,
			vat_category, vat_reason, unit_code)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, docID, i+1, l.Description, int64(l.Quantity), l.UnitPrice, int64(l.Discount), int64(l.TaxRate), l.Net,
			l.VATCategory, l.VATReason, l.UnitCode); err != nil {
			return fmt.Errorf("write line %d: %w", i+1, err)
		}
	}
	return nil
}

// InvoiceInput describes an invoice (or a draft of one).
type InvoiceInput struct {
	CustomerCode string
	Number       string    // empty: the next number of the invoice sequence
	Date         time.Time // issue date
	DueDate      time.Time // zero: Date + the customer's terms
	Reference    string
	Notes        string
	Lines        []Line
	// OverrideHold is the reason to invoice a customer on hold anyway,
	// kept with the invoice; empty: a customer on hold is refused.
	OverrideHold string
	// For e-invoices: the service date or period and the payment means.
	ServiceFrom, ServiceTo time.Time
	PaymentMeans           string
	// Discount is the early-payment discount (discount.go); nil: the
	// customer's default terms.
	Discount *DiscountTerms
}

// writeEInvoiceFields stores a document's e-invoice fields, checked, in
// the transaction that writes the document.
func (t *tx) writeEInvoiceFields(id int64, in *InvoiceInput) error {
	var err error
	if in.PaymentMeans, err = checkPaymentMeans(in.PaymentMeans); err != nil {
		return err
	}
	if err := checkServicePeriod(in.ServiceFrom, in.ServiceTo); err != nil {
		return err
	}
	opt := func(d time.Time) string {
		if d.IsZero() {
			return ""
		}
		return fmtDate(d)
	}
	_, err = t.exec(`UPDATE documents SET service_from = ?, service_to = ?, payment_means = ? WHERE id = ?`,
		opt(in.ServiceFrom), opt(in.ServiceTo), in.PaymentMeans, id)
	return err
}

// IssueInvoice issues an invoice and posts Dr 1100 total, Cr 4000 net,
// Cr 2200 tax, in one transaction.
func (s *Store) IssueInvoice(ctx context.Context, in InvoiceInput) (Document, error) {
	var id int64
	err := s.write(ctx, func(t *tx) error {
		in := in // issuing fills in the number: a retried transaction starts afresh
		cust, err := t.customerByCode(in.CustomerCode)
		if err != nil {
			return err
		}
		id, _, err = t.issueInvoice(cust, &in, 0)
		return err
	})
	if err != nil {
		return Document{}, fmt.Errorf("issue invoice: %w", err)
	}
	return s.DocumentByID(ctx, id)
}

// issueInvoice issues a new invoice, or the draft draftID when it is not 0,
// and returns its id and total.
func (t *tx) issueInvoice(cust custRow, in *InvoiceInput, draftID int64) (id, total int64, err error) {
	hold, err := t.checkHold(cust, in.OverrideHold)
	if err != nil {
		return 0, 0, err
	}
	net, tax, err := t.planInvoice(cust, in)
	if err != nil {
		return 0, 0, err
	}
	total = net + tax
	id = draftID
	if draftID == 0 {
		id, err = t.insertID(`INSERT INTO documents (kind, number, customer_id, status, date, due_date, currency, net, tax, total, open, reference, notes, last_change, closed_on, created_at)
			VALUES ('invoice', ?1, ?2, 'issued', ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?3, CASE WHEN CAST(?8 AS BIGINT) = 0 THEN ?3 ELSE '9999-12-31' END, ?11)`,
			in.Number, cust.id, fmtDate(in.Date), fmtDate(in.DueDate), cust.currency, net, tax, total, in.Reference, in.Notes, t.stamp())
	} else {
		// Replace the draft's lines with the computed ones before the
		// status change makes them immutable.
		if _, err = t.exec(`DELETE FROM document_lines WHERE document_id = ?`, id); err != nil {
			return 0, 0, err
		}
		_, err = t.exec(`UPDATE documents SET number = ?1, status = 'issued', date = ?2, due_date = ?3, net = ?4, tax = ?5, total = ?6, open = ?6,
			reference = ?7, notes = ?8, last_change = ?2, closed_on = CASE WHEN CAST(?6 AS BIGINT) = 0 THEN ?2 ELSE '9999-12-31' END WHERE id = ?9 AND status = 'draft'`,
			in.Number, fmtDate(in.Date), fmtDate(in.DueDate), net, tax, total, in.Reference, in.Notes, id)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("write invoice %s: %w", in.Number, err)
	}
	if err := t.insertLines(id, in.Lines); err != nil {
		return 0, 0, err
	}
	if err := t.writeEInvoiceFields(id, in); err != nil {
		return 0, 0, err
	}
	if err := t.writeInvoiceDiscount(id, cust, in.Discount, draftID != 0); err != nil {
		return 0, 0, err
	}
	b := invoiceEntry(cust.id, net, tax)
	if err := t.post(in.Date, id, "issue", "invoice "+in.Number, cust.currency, &b); err != nil {
		return 0, 0, err
	}
	if hold != nil {
		if err := t.recordOverride(id, hold, in.OverrideHold); err != nil {
			return 0, 0, err
		}
	}
	return id, total, nil
}

// planInvoice checks an invoice about to be issued and completes in: its
// due date, its lines' nets and, when it has none, its number, the next of
// the sequence. It writes nothing but the sequence, so the bulk import can
// write the invoice its own way (invoiceWriter) exactly as issueInvoice would.
func (t *tx) planInvoice(cust custRow, in *InvoiceInput) (net, tax int64, err error) {
	if in.Date.IsZero() {
		return 0, 0, Errorf(EINVALID, "issue date is required")
	}
	if len(in.Lines) == 0 {
		return 0, 0, Errorf(EINVALID, "an invoice needs at least one line")
	}
	if in.DueDate.IsZero() {
		in.DueDate = in.Date.AddDate(0, 0, cust.terms)
	}
	if in.DueDate.Before(in.Date) {
		return 0, 0, Errorf(EINVALID, "due date %s is before the issue date %s", fmtDate(in.DueDate), fmtDate(in.Date))
	}
	for _, f := range []struct{ name, v string }{{"reference", in.Reference}, {"notes", in.Notes}} {
		if err := validText(f.name, f.v); err != nil {
			return 0, 0, err
		}
	}
	// The due date may be worked out (issue date plus terms): it must stay
	// a date the ledger can store and read back.
	for _, d := range []struct {
		what string
		t    time.Time
	}{{"issue date", in.Date}, {"due date", in.DueDate}} {
		if err := DateInRange(d.t); err != nil {
			return 0, 0, Errorf(EINVALID, "%s %s is %v", d.what, fmtDate(d.t), err)
		}
	}
	net, tax, _, err = computeLines(in.Lines)
	if err != nil {
		return 0, 0, err
	}
	if in.Number == "" {
		if in.Number, err = t.nextNumber(KindInvoice); err != nil {
			return 0, 0, err
		}
	} else if !t.freshNumbers {
		if err := validNumber(in.Number); err != nil {
			return 0, 0, err
		}
		taken, err := t.numberTaken(in.Number)
		if err != nil {
			return 0, 0, err
		}
		if taken {
			return 0, 0, Errorf(ECONFLICT, "invoice number %s is used already", in.Number)
		}
	}
	return net, tax, nil
}

// invoiceEntry is the journal entry of an invoice: Dr 1100 total, Cr 4000
// net, Cr 2200 tax.
func invoiceEntry(customerID, net, tax int64) entryBuilder {
	var b entryBuilder
	b.debit(AccReceivable, customerID, net+tax)
	b.credit(AccSales, 0, net)
	b.credit(AccTaxPayable, 0, tax)
	return b
}

// SaveDraft creates (id 0) or replaces a draft invoice. Drafts post
// nothing and take no number; their lines may be incomplete.
func (s *Store) SaveDraft(ctx context.Context, id int64, in InvoiceInput) (int64, error) {
	err := s.write(ctx, func(t *tx) error {
		cust, err := t.customerByCode(in.CustomerCode)
		if err != nil {
			return err
		}
		if in.Date.IsZero() {
			in.Date = Day(t.now)
		}
		if in.DueDate.IsZero() {
			in.DueDate = in.Date.AddDate(0, 0, cust.terms)
		}
		var net, tax int64
		if len(in.Lines) > 0 {
			if net, tax, _, err = computeLines(in.Lines); err != nil {
				return err
			}
		}
		if id == 0 {
			id, err = t.insertID(`INSERT INTO documents (kind, number, customer_id, status, date, due_date, currency, net, tax, total, open, reference, notes, last_change, created_at)
				VALUES ('invoice', NULL, ?1, 'draft', ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?2, ?10)`,
				cust.id, fmtDate(in.Date), fmtDate(in.DueDate), cust.currency, net, tax, net+tax, in.Reference, in.Notes, t.stamp())
			if err != nil {
				return fmt.Errorf("save draft: %w", err)
			}
		} else {
			d, err := t.docByID(id)
			if err != nil {
				return err
			}
			if d.status != StatusDraft {
				return Errorf(ECONFLICT, "%s is issued and cannot be edited; void it and issue a new one", docRef(d.kind, d.number))
			}
			if _, err := t.exec(`DELETE FROM document_lines WHERE document_id = ?`, id); err != nil {
				return err
			}
			if _, err := t.exec(`UPDATE documents SET customer_id = ?, date = ?, due_date = ?, currency = ?, net = ?, tax = ?, total = ?,
				reference = ?, notes = ? WHERE id = ?`,
				cust.id, fmtDate(in.Date), fmtDate(in.DueDate), cust.currency, net, tax, net+tax, in.Reference, in.Notes, id); err != nil {
				return fmt.Errorf("save draft: %w", err)
			}
		}
		if err := t.insertLines(id, in.Lines); err != nil {
			return err
		}
		if err := t.writeInvoiceDiscount(id, cust, in.Discount, false); err != nil {
			return err
		}
		return t.writeEInvoiceFields(id, &in)
	})
	return id, err
}

// IssueDraft issues a draft invoice as it stands, giving it a number.
func (s *Store) IssueDraft(ctx context.Context, id int64) (Document, error) {
	return s.IssueDraftOverride(ctx, id, "")
}

// IssueDraftOverride is IssueDraft with the reason to invoice a customer
// on hold anyway (InvoiceInput.OverrideHold).
func (s *Store) IssueDraftOverride(ctx context.Context, id int64, overrideHold string) (Document, error) {
	d, err := s.DocumentByID(ctx, id)
	if err != nil {
		return Document{}, err
	}
	if d.Status != StatusDraft {
		return Document{}, Errorf(ECONFLICT, "%s is issued already", docRef(d.Kind, d.Number))
	}
	err = s.write(ctx, func(t *tx) error {
		cust, err := t.customerByCode(d.CustomerCode)
		if err != nil {
			return err
		}
		in := InvoiceInput{CustomerCode: d.CustomerCode, Date: d.Date, DueDate: d.DueDate, Reference: d.Reference, Notes: d.Notes, Lines: d.Lines,
			OverrideHold: overrideHold, ServiceFrom: d.ServiceFrom, ServiceTo: d.ServiceTo, PaymentMeans: d.PaymentMeans}
		_, _, err = t.issueInvoice(cust, &in, id)
		return err
	})
	if err != nil {
		return Document{}, fmt.Errorf("issue draft: %w", err)
	}
	return s.DocumentByID(ctx, id)
}

// DiscardDraft removes a draft; nothing was posted for it.
func (s *Store) DiscardDraft(ctx context.Context, id int64) error {
	return s.write(ctx, func(t *tx) error {
		d, err := t.docByID(id)
		if err != nil {
			return err
		}
		if d.status != StatusDraft {
			return Errorf(ECONFLICT, "%s is issued: void it instead", docRef(d.kind, d.number))
		}
		if _, err := t.exec(`DELETE FROM document_lines WHERE document_id = ?`, id); err != nil {
			return err
		}
		_, err = t.exec(`DELETE FROM documents WHERE id = ?`, id)
		return err
	})
}
