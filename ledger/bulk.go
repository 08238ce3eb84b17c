package ledger

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// BulkOptions choose how Bulk writes.
type BulkOptions struct {
	// RealPaths writes every document through the ledger's own
	// transaction paths (as IssueInvoice, RecordPayment, IssueCreditNote,
	// WriteOff and Void do), a statement per row: slow, for tests that
	// hold the bulk writer to those paths row for row.
	RealPaths bool
}

// Bulk runs fn with a BulkWriter in one transaction on a ledger file: all
// it writes is committed when fn returns nil, none of it otherwise, so a
// killed run leaves the ledger as it was. Indexes the writer does not read
// are dropped first and rebuilt at the end, sorted in one pass, which is
// several times cheaper than keeping them up to date row by row; foreign
// keys go unchecked (the rows refer to customers and to ids the writer
// handed out itself; Check runs foreign_key_check).
//
// It is the seam for generators of whole ledgers (the demo, package
// paidup/demo): what it writes is what the ledger's own paths would,
// computed by their own functions (planInvoice, planNamed, newAllocation,
// planVoid, the entries of entries.go), only written many rows to a
// statement and on a goroutine of its own.
func (s *Store) Bulk(ctx context.Context, o BulkOptions, fn func(*BulkWriter) error) error {
	// The multi-row writer is SQLite's: on PostgreSQL every document goes
	// the real path, the one the multi-row writer is held to.
	o.RealPaths = o.RealPaths || s.dialect == postgresDialect
	write := s.writeUnchecked
	if o.RealPaths {
		write = s.write
	}
	return write(ctx, func(t *tx) error {
		// Numbers are the caller's, in a ledger whose numbers it knows.
		t.freshNumbers = true
		drop := []string{"documents_customer", "documents_asof", "documents_kind_date", "documents_late", "journal_entries_document", "journal_entries_date"}
		if !o.RealPaths {
			// The real paths read these (a void looks up the allocations
			// it releases); the bulk writer reads nothing back.
			drop = append(drop, "allocations_invoice", "allocations_credit")
		}
		rebuild, err := t.dropIndexes(drop...)
		if err != nil {
			return err
		}
		w := &BulkWriter{t: t, days: bulkDays{}, customers: map[string]*custRow{}, invoices: map[string]*BulkInvoice{}}
		w.lookup = w.invoiceDoc
		if !o.RealPaths {
			if w.rows, err = newBulkRows(t); err != nil {
				return err
			}
		}
		if err := fn(w); err != nil {
			w.stop()
			return err
		}
		if err := w.close(); err != nil {
			return err
		}
		if w.rows != nil {
			// The audit trail: one entry per auditUnitsPerEntry documents,
			// their digests hashed as the rows went in.
			w.rows.audit.hand(t)
			t.audit.docAction = "document.bulk"
		}
		for _, q := range rebuild {
			if _, err := t.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("rebuild index: %w", err)
			}
		}
		return nil
	})
}

// BulkWriter writes customers and documents in one transaction (Bulk),
// taking the same inputs as the Store's own operations. It reads nothing
// back from the file: it knows the customers it created and the invoices
// it issued, as they stand, and every document's number must be given.
//
// An invoice's row is written once, when it is issued, as it will end up
// (IssueInvoice): the payments, credit notes, write-offs and void that
// come later write their own rows and are held to what that row says.
//
// A BulkWriter belongs to one goroutine and lives as long as Bulk's fn.
type BulkWriter struct {
	t         *tx
	days      bulkDays
	customers map[string]*custRow
	invoices  map[string]*BulkInvoice             // issued and not settled, by number
	lookup    func(number string) (docRow, error) // invoiceDoc
	found     []*BulkInvoice                      // by lookup, for the plan being written
	rows      *bulkRows                           // nil: through the real paths
}

// InvoiceState is where an issued invoice stands, as its row in the file
// says: status, what is open, the day of its last change and, once void,
// when and why. Its methods change it as the ledger's own paths change
// that row.
type InvoiceState struct {
	status     Status
	open       int64
	lastChange int64 // Unix days
	voidDay    int64
	voidReason string
}

// Status is the invoice's status.
func (s InvoiceState) Status() Status { return s.status }

// Open is what is open on the invoice.
func (s InvoiceState) Open() int64 { return s.open }

// Apply is amount of a payment, credit note or write-off applied to the
// invoice on date. What the file's constraints would refuse (nothing, more
// than is open, an invoice not issued) it refuses.
func (s *InvoiceState) Apply(amount int64, date time.Time) error {
	if amount <= 0 || amount > s.open || s.status != StatusIssued {
		return Errorf(EINTERNAL, "cannot apply %d to a %s invoice with %d open", amount, s.status, s.open)
	}
	s.open -= amount
	s.lastChange = max(s.lastChange, unixDay(date))
	return nil
}

// Void is the invoice voided on date for reason, as t.void leaves its row.
func (s *InvoiceState) Void(date time.Time, reason string) error {
	if s.status != StatusIssued {
		return Errorf(EINTERNAL, "cannot void a %s invoice", s.status)
	}
	d := unixDay(date)
	s.status, s.open, s.voidDay, s.voidReason = StatusVoid, 0, d, reason
	s.lastChange = max(s.lastChange, d)
	return nil
}

// BulkInvoice is an invoice of a BulkWriter: planned (PlanInvoice), then
// issued (IssueInvoice), as it stands.
type BulkInvoice struct {
	doc       docRow // with open and status as they stand
	cust      *custRow
	in        *InvoiceInput // until it is issued
	seen, end InvoiceState  // as it stands; as its row says it ends up
	allocs    int           // allocations to it
	issued    bool
}

// Number is the invoice's number.
func (inv *BulkInvoice) Number() string { return inv.doc.number }

// Net is the invoice's net amount.
func (inv *BulkInvoice) Net() int64 { return inv.doc.net }

// Total is the invoice's total.
func (inv *BulkInvoice) Total() int64 { return inv.doc.total }

// State is where the invoice stands now.
func (inv *BulkInvoice) State() InvoiceState { return inv.seen }

// CreateCustomer creates a customer (as Store.CreateCustomer does) and
// sets c.ID.
func (w *BulkWriter) CreateCustomer(c *Customer) error {
	if err := w.sync(); err != nil {
		return err
	}
	id, err := w.t.createCustomer(c)
	if err != nil {
		return err
	}
	c.ID = id
	w.customers[c.Code] = &custRow{id: id, code: c.Code, currency: c.Currency, terms: c.TermsDays}
	return nil
}

// DefaultSetting sets a setting unless the ledger has it already.
func (w *BulkWriter) DefaultSetting(key, value string) error {
	if err := w.sync(); err != nil {
		return err
	}
	_, err := w.t.exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, value)
	return err
}

// SetNextNumber sets the next number of a document sequence, past the
// numbers the writer was given.
func (w *BulkWriter) SetNextNumber(kind Kind, next int64) error {
	if err := w.sync(); err != nil {
		return err
	}
	_, err := w.t.exec(`UPDATE sequences SET next = ? WHERE kind = ?`, next, string(kind))
	return err
}

func (w *BulkWriter) customer(code string) (*custRow, error) {
	c, ok := w.customers[code]
	if !ok {
		return nil, Errorf(ENOTFOUND, "no customer %s among those the bulk writer created", code)
	}
	return c, nil
}

// invoice is an issued invoice the writer holds.
func (w *BulkWriter) invoice(number string) (*BulkInvoice, error) {
	inv, ok := w.invoices[number]
	if !ok {
		return nil, Errorf(ENOTFOUND, "no invoice %s among those the bulk writer issued and holds", number)
	}
	return inv, nil
}

// invoiceDoc is planNamed's look-up: an invoice as it stands. It notes
// the invoices it finds, in order, for applied.
func (w *BulkWriter) invoiceDoc(number string) (docRow, error) {
	inv, err := w.invoice(number)
	if err != nil {
		return docRow{}, err
	}
	w.found = append(w.found, inv)
	return inv.doc, nil
}

// begin checks what every new document needs here: a customer the writer
// created and a number.
func (w *BulkWriter) begin(code string, kind Kind, number string) (*custRow, error) {
	cust, err := w.customer(code)
	if err != nil {
		return nil, err
	}
	return cust, needNumber(kind, number)
}

func needNumber(kind Kind, number string) error {
	if number == "" {
		return Errorf(EINVALID, "the bulk writer numbers no %s itself: give its number", kind.label())
	}
	return validNumber(number)
}

// PlanInvoice checks an invoice and completes in (due date, lines' nets)
// as issuing it would (planInvoice), and returns it, not yet written:
// its totals are known, so the caller can foresee how it ends up. in must
// not change until the invoice is issued.
func (w *BulkWriter) PlanInvoice(in *InvoiceInput) (*BulkInvoice, error) {
	cust, err := w.begin(in.CustomerCode, KindInvoice, in.Number)
	if err != nil {
		return nil, err
	}
	net, tax, err := w.t.planInvoice(*cust, in)
	if err != nil {
		return nil, err
	}
	total := net + tax
	inv := &BulkInvoice{cust: cust, in: in,
		doc: docRow{kind: KindInvoice, number: in.Number, customerID: cust.id, status: StatusIssued, date: w.days.of(in.Date),
			dueDate: w.days.of(in.DueDate), currency: cust.currency, net: net, tax: tax, total: total, open: total},
		seen: InvoiceState{status: StatusIssued, open: total, lastChange: unixDay(in.Date)}}
	return inv, nil
}

// IssueInvoice issues a planned invoice and posts Dr 1100 total, Cr 4000
// net, Cr 2200 tax, writing its row as end says it ends up: what is
// applied to it later and its void are held to end (Settled).
func (w *BulkWriter) IssueInvoice(inv *BulkInvoice, end InvoiceState) error {
	if inv.issued {
		return Errorf(ECONFLICT, "invoice %s is issued already", inv.doc.number)
	}
	inv.end, inv.issued = end, true
	d := &inv.doc
	if w.rows == nil {
		in := *inv.in
		id, _, err := w.t.issueInvoice(*inv.cust, &in, 0)
		if err != nil {
			return err
		}
		d.id = id
	} else {
		r := w.rows
		d.id = r.addDoc(d, inv.in.Reference, inv.in.Notes, end, w.days)
		r.addLines(d.id, inv.in.Lines)
		b := invoiceEntry(d.customerID, d.net, d.tax)
		if err := r.post(d.date, d.id, &docEntry{kind: "issue", memo: "invoice " + d.number, b: b}, d.currency); err != nil {
			return err
		}
		if err := r.full(); err != nil {
			return err
		}
	}
	inv.in = nil
	n := len(w.invoices)
	if w.invoices[d.number] = inv; len(w.invoices) == n {
		return Errorf(ECONFLICT, "invoice number %s is used already", d.number)
	}
	return nil
}

// RecordPayment records a payment as Store.RecordPayment does, applied to
// the invoices in.Apply names (with KeepUnapplied, to none); its number
// must be given.
func (w *BulkWriter) RecordPayment(in PaymentInput) error {
	cust, err := w.begin(in.CustomerCode, KindPayment, in.Number)
	if err != nil {
		return err
	}
	d, err := paymentDoc(*cust, &in, w.days.of(in.Date))
	if err != nil {
		return err
	}
	return w.newCredit(&d, cust, bulkCredit{number: in.Number, date: in.Date, reference: in.Reference,
		apply: in.Apply, keep: in.KeepUnapplied, payment: &in})
}

// IssueCreditNote issues a credit note as Store.IssueCreditNote does,
// applied to the invoices in.Apply names (with KeepUnapplied, to none);
// its number must be given.
func (w *BulkWriter) IssueCreditNote(in CreditNoteInput) error {
	cust, err := w.begin(in.CustomerCode, KindCreditNote, in.Number)
	if err != nil {
		return err
	}
	d, err := creditNoteDoc(*cust, &in, w.days.of(in.Date))
	if err != nil {
		return err
	}
	return w.newCredit(&d, cust, bulkCredit{number: in.Number, date: in.Date, reference: in.Reference, notes: in.Notes,
		lines: in.Lines, apply: in.Apply, keep: in.KeepUnapplied, creditNote: &in})
}

// bulkCredit is what a new payment or credit note writes besides its
// documents row, and its input, for the real paths.
type bulkCredit struct {
	number, reference, notes string
	date                     time.Time
	lines                    []Line
	apply                    []AllocationInput
	keep                     bool
	payment                  *PaymentInput
	creditNote               *CreditNoteInput
}

// newCredit writes a new payment or credit note d, as t.recordPayment and
// t.issueCreditNote do once they have checked it.
func (w *BulkWriter) newCredit(d *docRow, cust *custRow, c bulkCredit) error {
	d.number = c.number
	plan, err := w.plan(d, cust, d.date, c.apply, c.keep)
	if err != nil {
		return err
	}
	if w.rows == nil {
		if c.payment != nil {
			_, _, err = w.t.recordPayment(c.payment)
		} else {
			_, err = w.t.issueCreditNote(c.creditNote)
		}
		if err != nil {
			return err
		}
		return w.applied(plan, c.date)
	}
	d.id = w.rows.addCredit(d, c.reference, c.notes, c.date, w.days)
	w.rows.addLines(d.id, c.lines)
	if err := w.writePlan(d, plan, d.date); err != nil {
		return err
	}
	e := creditEntry(d, plan)
	if err := w.rows.post(d.date, d.id, &e, d.currency); err != nil {
		return err
	}
	if err := w.rows.full(); err != nil {
		return err
	}
	return w.applied(plan, c.date)
}

// WriteOff writes off amount (zero: all that is open) of an invoice as
// Store.WriteOff does, as write-off number.
func (w *BulkWriter) WriteOff(invoiceNumber, number string, date time.Time, amount Money, reason string) error {
	inv, err := w.invoice(invoiceNumber)
	if err != nil {
		return err
	}
	if err := needNumber(KindWriteOff, number); err != nil {
		return err
	}
	day := w.days.of(date)
	d, err := writeOffDoc(&inv.doc, date, amount, day)
	if err != nil {
		return err
	}
	d.number = number
	plan := []plannedAlloc{{inv: inv.doc, amount: d.total}}
	w.found = append(w.found[:0], inv)
	if w.rows == nil {
		doc := inv.doc
		if _, err := w.t.writeOff(&doc, number, date, amount, reason); err != nil {
			return err
		}
	} else {
		d.id = w.rows.addCredit(&d, inv.doc.number, reason, date, w.days)
		if err := w.writePlan(&d, plan, day); err != nil {
			return err
		}
		e := writeOffEntry(&d, &inv.doc)
		if err := w.rows.post(day, d.id, &e, d.currency); err != nil {
			return err
		}
		if err := w.rows.full(); err != nil {
			return err
		}
	}
	return w.applied(plan, date)
}

// Void voids an invoice as Store.Void does. The bulk writer voids only
// invoices nothing has been applied to: it would have to release
// allocations it has written.
func (w *BulkWriter) Void(number string, date time.Time, reason string) error {
	inv, err := w.invoice(number)
	if err != nil {
		return err
	}
	if inv.allocs != 0 {
		return Errorf(EINVALID, "the bulk writer voids no invoice with allocations in force, as %s has", number)
	}
	v, err := planVoid(&inv.doc, nil, date, reason)
	if err != nil {
		return err
	}
	if w.rows == nil {
		doc := inv.doc
		if err := w.t.void(&doc, date, reason); err != nil {
			return err
		}
	} else if err := w.rows.post(v.day, inv.doc.id, &v.entry, inv.doc.currency); err != nil {
		return err
	}
	if err := inv.seen.Void(date, v.reason); err != nil {
		return fmt.Errorf("invoice %s: %w", number, err)
	}
	inv.doc.status, inv.doc.open = inv.seen.status, inv.seen.open
	return nil
}

// Settled tells the writer that nothing more will happen to inv: it checks
// that inv stands as its row says it ends up, and forgets it. Invoices not
// settled are checked when Bulk's fn returns.
func (w *BulkWriter) Settled(inv *BulkInvoice) error {
	if inv.seen != inv.end {
		return Errorf(EINTERNAL, "invoice %s ends as %+v, not as its row says, %+v", inv.doc.number, inv.seen, inv.end)
	}
	delete(w.invoices, inv.doc.number)
	return nil
}

// plan plans the allocations of a new credit d to the invoices apply names.
func (w *BulkWriter) plan(d *docRow, cust *custRow, day string, apply []AllocationInput, keep bool) ([]plannedAlloc, error) {
	w.found = w.found[:0]
	if apply == nil {
		if !keep {
			return nil, Errorf(EINVALID, "the bulk writer applies %s only to invoices named: name them, or keep it unapplied", docRef(d.kind, d.number))
		}
		return nil, nil
	}
	plan, allocated, err := planNamed(d, *cust, day, apply, w.lookup)
	d.open -= allocated
	return plan, err
}

// writePlan writes the allocations of a new credit, dated day.
func (w *BulkWriter) writePlan(credit *docRow, plan []plannedAlloc, day string) error {
	for i := range plan {
		a, err := newAllocation(credit, &plan[i].inv, plan[i].amount, day)
		if err != nil {
			return err
		}
		w.rows.addAllocation(a)
	}
	return nil
}

// applied brings the invoices plan allocated to where they now stand:
// those plan found (w.found), in order.
func (w *BulkWriter) applied(plan []plannedAlloc, date time.Time) error {
	if len(w.found) != len(plan) {
		return Errorf(EINTERNAL, "bulk: %d invoices planned, %d found", len(plan), len(w.found))
	}
	for i, inv := range w.found {
		if err := inv.seen.Apply(plan[i].amount, date); err != nil {
			return fmt.Errorf("invoice %s: %w", inv.doc.number, err)
		}
		inv.doc.open = inv.seen.open
		inv.allocs++
	}
	return nil
}

// sync waits until all the rows queued are written, so that the caller
// may run statements on the transaction itself.
func (w *BulkWriter) sync() error {
	if w.rows == nil {
		return nil
	}
	return w.rows.sync()
}

// close checks the invoices still held and writes what is left.
func (w *BulkWriter) close() error {
	for _, inv := range w.invoices {
		if err := w.Settled(inv); err != nil {
			w.stop()
			return err
		}
	}
	return w.sync()
}

// stop stops the writing goroutine, if any, after a failure.
func (w *BulkWriter) stop() {
	if w.rows != nil {
		_ = w.rows.sync() // the first error is what the caller reports
	}
}

func unixDay(t time.Time) int64 {
	s := t.Unix()
	if s < 0 {
		return (s - 86399) / 86400
	}
	return s / 86400
}

// bulkDays formats dates, each once: a bulk writer writes the same few
// hundred days millions of times.
type bulkDays map[int64]string

func (m bulkDays) of(t time.Time) string { return m.ofDay(unixDay(t)) }

func (m bulkDays) ofDay(k int64) string {
	s, ok := m[k]
	if !ok {
		s = fmtDate(time.Unix(k*86400, 0).UTC())
		m[k] = s
	}
	return s
}

// openUntil is closed_on while a document is open.
const openUntil = "9999-12-31"

// bulkRows writes rows as the real paths would (t.insertDoc,
// t.insertLines, t.allocate, t.post), row for row, but without a
// statement per row and without reading anything back:
//   - ids are handed out here as SQLite would hand them out, the largest
//     plus one (nothing else writes during the transaction);
//   - rows gather in batches that go in with multi-row INSERTs, on a
//     goroutine of their own while the caller carries on.
type bulkRows struct {
	t     *tx
	stamp string
	// The next id of each table.
	nextDoc, nextEntry, nextAlloc int64
	b                             *bulkBatch // being filled
	// Batches go to the writing goroutine on todo and come back emptied
	// on free; it reports its first error on done when todo is closed,
	// and sets failed at once so that the caller stops early. The
	// goroutine starts with the first full batch and stops on sync.
	todo, free chan *bulkBatch
	done       chan error
	failed     atomic.Bool
	running    bool
	err        error // the first error, kept
	// Of the writing goroutine alone (or of the caller's, when it is not
	// running).
	stmts map[bulkKey]*sql.Stmt
	audit *bulkUnits // the digests of the documents written (audit_rows.go)
}

// bulkBatch is rows on their way to the file, each table's values one
// after another.
type bulkBatch struct {
	docs, lines, entries, postings, allocs []any
	nDocs                                  int
}

// bulkBatchDocs is how many documents make a batch; statements take at
// most bulkChunk rows, so their parameters stay far below SQLite's limit.
const (
	bulkBatchDocs = 1024
	bulkChunk     = 128
)

func newBulkRows(t *tx) (*bulkRows, error) {
	r := &bulkRows{t: t, stamp: t.stamp(), stmts: map[bulkKey]*sql.Stmt{}, b: &bulkBatch{},
		free: make(chan *bulkBatch, 3), done: make(chan error, 1)}
	// An INTEGER PRIMARY KEY without AUTOINCREMENT takes the largest id
	// plus one.
	for _, n := range []struct {
		table string
		next  *int64
	}{{"documents", &r.nextDoc}, {"journal_entries", &r.nextEntry}, {"allocations", &r.nextAlloc}} {
		if err := t.QueryRowContext(t.ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM `+n.table).Scan(n.next); err != nil {
			return nil, fmt.Errorf("bulk: next id of %s: %w", n.table, err)
		}
	}
	r.audit = newBulkUnits(r.nextDoc, r.stamp)
	// Three batches: one filling, one waiting, one being written.
	r.free <- &bulkBatch{}
	r.free <- &bulkBatch{}
	return r, nil
}

// run writes the batches it is given, in order, until todo is closed.
func (r *bulkRows) run(todo <-chan *bulkBatch) {
	var err error
	for b := range todo {
		if err == nil {
			if err = r.write(b); err != nil {
				r.failed.Store(true)
			}
		}
		b.reset()
		r.free <- b
	}
	r.done <- err
}

func (b *bulkBatch) reset() {
	for _, s := range []*[]any{&b.docs, &b.lines, &b.entries, &b.postings, &b.allocs} {
		clear(*s)
		*s = (*s)[:0]
	}
	b.nDocs = 0
}

// write writes a batch, parents before children, and hashes its rows
// for the audit trail.
func (r *bulkRows) write(b *bulkBatch) error {
	r.audit.batch(b)
	for _, x := range []struct {
		ins  *bulkInsert
		rows []any
	}{{bulkDocsInsert, b.docs}, {bulkLinesInsert, b.lines}, {bulkEntriesInsert, b.entries}, {bulkPostingsInsert, b.postings}, {bulkAllocsInsert, b.allocs}} {
		if err := r.insert(x.ins, x.rows); err != nil {
			return err
		}
	}
	return nil
}

// full hands the batch to the writing goroutine, starting it, when it
// holds enough documents.
func (r *bulkRows) full() error {
	if r.b.nDocs < bulkBatchDocs {
		return nil
	}
	if r.failed.Load() {
		return r.sync()
	}
	if !r.running {
		r.todo = make(chan *bulkBatch, 1)
		r.running = true
		go r.run(r.todo)
	}
	r.todo <- r.b
	r.b = <-r.free
	return nil
}

// sync writes what is queued and waits until it is written, stopping the
// goroutine; it returns the first error met, then and later.
func (r *bulkRows) sync() error {
	if r.running {
		r.running = false
		r.todo <- r.b
		close(r.todo)
		if err := <-r.done; err != nil && r.err == nil {
			r.err = err
		}
		r.b = <-r.free
	} else if r.err == nil {
		r.err = r.write(r.b)
		r.b.reset()
	}
	return r.err
}

// addDoc gives d the next document id and queues its row (t.insertDoc) as
// s says it stands.
func (r *bulkRows) addDoc(d *docRow, reference, notes string, s InvoiceState, days bulkDays) int64 {
	id := r.nextDoc
	r.nextDoc++
	var void any
	if s.status == StatusVoid {
		void = days.ofDay(s.voidDay)
	}
	last := days.ofDay(s.lastChange)
	closedOn := openUntil
	if s.open == 0 {
		// Every change to a document's open amount sets closed_on to
		// last_change when it reaches zero, and a void closes the
		// document on its new last_change.
		closedOn = last
	}
	b := r.b
	b.docs = append(b.docs, id, string(d.kind), d.number, d.customerID, string(s.status), d.date, d.dueDate, d.currency,
		d.net, d.tax, d.total, s.open, reference, notes, void, s.voidReason, last, closedOn)
	b.nDocs++
	return id
}

// addCredit queues the row of a new payment, credit note or write-off
// dated date, which stands as it is written.
func (r *bulkRows) addCredit(d *docRow, reference, notes string, date time.Time, days bulkDays) int64 {
	return r.addDoc(d, reference, notes, InvoiceState{status: d.status, open: d.open, lastChange: unixDay(date)}, days)
}

func (r *bulkRows) addLines(docID int64, lines []Line) {
	for i, l := range lines {
		r.b.lines = append(r.b.lines, docID, int64(i+1), l.Description, int64(l.Quantity), l.UnitPrice, int64(l.Discount), int64(l.TaxRate), l.Net)
	}
}

func (r *bulkRows) addAllocation(a allocation) {
	r.b.allocs = append(r.b.allocs, r.nextAlloc, a.creditID, a.invoiceID, a.amount, a.date)
	r.nextAlloc++
}

// post queues e for document docID, dated day (t.post).
func (r *bulkRows) post(day string, docID int64, e *docEntry, currency string) error {
	ps, err := e.b.postings()
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return nil
	}
	id := r.nextEntry
	r.nextEntry++
	r.b.entries = append(r.b.entries, id, day, docID, e.kind, e.memo)
	for i, p := range ps {
		var cust any
		if p.Customer != 0 {
			cust = p.Customer
		}
		r.b.postings = append(r.b.postings, id, int64(i+1), day, int64(p.Account), cust, currency, p.Amount)
	}
	return nil
}

// The columns of t.insertDoc's, t.insertLines', t.post's and
// t.allocate's INSERTs, with the ids given.
var (
	bulkDocsInsert = newBulkInsert(`INSERT OR FAIL INTO documents (id, kind, number, customer_id, status, date, due_date, currency,
		net, tax, total, open, reference, notes, void_date, void_reason, last_change, closed_on, created_at) VALUES `,
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?S)")
	bulkLinesInsert = newBulkInsert(`INSERT OR FAIL INTO document_lines (document_id, line_no, description, quantity, unit_price, discount, tax_rate, net) VALUES `,
		"(?, ?, ?, ?, ?, ?, ?, ?)")
	bulkEntriesInsert = newBulkInsert(`INSERT OR FAIL INTO journal_entries (id, date, document_id, kind, memo, created_at) VALUES `,
		"(?, ?, ?, ?, ?, ?S)")
	bulkPostingsInsert = newBulkInsert(`INSERT OR FAIL INTO postings (entry_id, line, date, account, customer_id, currency, amount) VALUES `,
		"(?, ?, ?, ?, ?, ?, ?)")
	bulkAllocsInsert = newBulkInsert(`INSERT OR FAIL INTO allocations (id, credit_id, invoice_id, amount, date) VALUES `,
		"(?, ?, ?, ?, ?)")
)

// insert runs ins over rows in statements of bulkChunk rows, and of
// powers of two for the rest, so that few statements are ever prepared.
func (r *bulkRows) insert(ins *bulkInsert, rows []any) error {
	for len(rows) > 0 {
		n := stmtRows(len(rows)/ins.cols, bulkChunk)
		k := bulkKey{ins, n}
		st, ok := r.stmts[k]
		if !ok {
			var err error
			if st, err = r.t.stmt(ins.query(n, r.stamp)); err != nil {
				return fmt.Errorf("bulk: %w", err)
			}
			r.stmts[k] = st
		}
		if _, err := st.ExecContext(r.t.ctx, rows[:n*ins.cols]...); err != nil {
			return fmt.Errorf("bulk: %w", err)
		}
		rows = rows[n*ins.cols:]
	}
	return nil
}

// writeUnchecked is write with foreign keys unchecked, for writers that
// refer only to rows they read or wrote themselves (Bulk, the invoice
// import): the parent lookups would cost a tenth of their time. PRAGMA
// foreign_keys does nothing inside a transaction, so it is set on the
// writer's connection, held for the transaction, and set back after.
//
// PostgreSQL checks every foreign key on every write and has no switch for
// it: there it is an ordinary write.
func (s *Store) writeUnchecked(ctx context.Context, fn func(*tx) error) (err error) {
	if s.dialect == postgresDialect {
		return s.write(ctx, fn)
	}
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if _, onErr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); onErr != nil {
			err = errors.Join(err, fmt.Errorf("check foreign keys again: %w", onErr))
			// Never hand the pool back a connection that does not check
			// them: one its user calls bad, database/sql closes.
			if rawErr := conn.Raw(func(any) error { return driver.ErrBadConn }); !errors.Is(rawErr, driver.ErrBadConn) {
				err = errors.Join(err, rawErr)
			}
			return
		}
		err = errors.Join(err, conn.Close())
	}()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	return s.writeOn(ctx, conn, fn)
}

// dropIndexes drops indexes and returns the statements that recreate them,
// as the schema itself records them.
func (t *tx) dropIndexes(names ...string) ([]string, error) {
	var rebuild []string
	def := `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`
	if t.dialect == postgresDialect {
		def = `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?`
	}
	for _, n := range names {
		var q string
		if err := t.QueryRowContext(t.ctx, def, n).Scan(&q); err != nil {
			return nil, fmt.Errorf("index %s: %w", n, err)
		}
		if _, err := t.ExecContext(t.ctx, `DROP INDEX `+n); err != nil {
			return nil, err
		}
		rebuild = append(rebuild, q)
	}
	return rebuild, nil
}
