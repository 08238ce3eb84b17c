package ledger

import (
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// demoSink takes the demo generator's decisions: the ledger's own
// transaction paths (demoPaths), or demoWriter, which writes the same rows
// in bulk. TestDemoWriterMatchesRealPaths holds the two to the same file.
type demoSink interface {
	// issueInvoice issues in for inv.cust and fills in inv.doc.
	issueInvoice(inv *demoInvoice, in *InvoiceInput) error
	insertDoc(d *docRow, reference, notes string) (int64, error)
	// allocate applies amount of a new credit to inv and lowers inv.doc.open.
	allocate(credit *docRow, inv *demoInvoice, amount int64, date time.Time) error
	post(date time.Time, docID int64, kind, memo, currency string, b *entryBuilder) error
	void(inv *demoInvoice, date time.Time, reason string) error
	// issueCreditNote issues in, which applies to inv alone; like the real
	// path it leaves inv.doc alone.
	issueCreditNote(in *CreditNoteInput, inv *demoInvoice) (int64, error)
	// settled is told when all of inv's events have happened.
	settled(inv *demoInvoice) error
	// close writes what is left; the sink takes nothing more.
	close() error
}

// demoPaths is the demo through the ledger's own transaction paths.
type demoPaths struct {
	t    *tx
	days demoDays
}

func (p demoPaths) issueInvoice(inv *demoInvoice, in *InvoiceInput) error {
	id, total, err := p.t.issueInvoice(inv.cust.row, in, 0)
	if err != nil {
		return err
	}
	inv.setDoc(in, id, total, p.days)
	return nil
}

func (p demoPaths) insertDoc(d *docRow, reference, notes string) (int64, error) {
	return p.t.insertDoc(d, reference, notes)
}

func (p demoPaths) allocate(credit *docRow, inv *demoInvoice, amount int64, date time.Time) error {
	return p.t.allocate(credit, &inv.doc, amount, date, false)
}

func (p demoPaths) post(date time.Time, docID int64, kind, memo, currency string, b *entryBuilder) error {
	return p.t.post(date, docID, kind, memo, currency, b)
}

func (p demoPaths) void(inv *demoInvoice, date time.Time, reason string) error {
	return p.t.void(&inv.doc, date, reason)
}

func (p demoPaths) issueCreditNote(in *CreditNoteInput, _ *demoInvoice) (int64, error) {
	return p.t.issueCreditNote(in)
}

func (demoPaths) settled(*demoInvoice) error { return nil }

func (demoPaths) close() error { return nil }

// setDoc records an invoice just issued as the generator tracks it.
func (inv *demoInvoice) setDoc(in *InvoiceInput, id, total int64, days demoDays) {
	c := inv.cust.row
	inv.doc = docRow{id: id, kind: KindInvoice, number: in.Number, customerID: c.id, status: StatusIssued,
		date: days.of(in.Date), dueDate: days.of(in.DueDate), currency: c.currency, total: total, open: total}
	for _, l := range in.Lines {
		inv.doc.net += l.Net
	}
	inv.doc.tax = total - inv.doc.net
}

// openUntil is closed_on while a document is open.
const openUntil = "9999-12-31"

// demoDoc is a documents row as demoWriter will write it.
type demoDoc struct {
	id               int64
	kind             Kind
	number           string
	customerID       int64
	date, dueDate    string
	currency         string
	net, tax, total  int64
	reference, notes string
	demoState        // voidDate "" is NULL
}

// closedOn is what the real paths keep in closed_on: every change to a
// document's open amount sets it to last_change when the amount reaches
// zero and to the far future otherwise, and a void closes the document on
// its new last_change.
func (d *demoDoc) closedOn() string {
	if d.open == 0 {
		return d.lastChange
	}
	return openUntil
}

// demoWriter writes the demo ledger as t.issueInvoice, t.insertDoc,
// t.allocate, t.post, t.void and t.issueCreditNote would, row for row,
// but without a statement per row and without reading anything back:
//   - ids are handed out here as SQLite would hand them out, the largest
//     plus one (nothing else writes during the demo's transaction);
//   - rows gather in batches that go in with multi-row INSERTs, on a
//     goroutine of their own while the generator carries on;
//   - an invoice's row is written once, as it ends up (demoGen.fate), not
//     updated by each payment, write-off or void as on the real paths;
//     what happens to it afterwards is checked against that (settled).
type demoWriter struct {
	t     *tx
	stamp string
	days  demoDays
	// The next id of each table.
	nextDoc, nextEntry, nextAlloc int64
	b                             *demoBatch // being filled
	// Batches go to the writing goroutine on todo and come back emptied
	// on free; it reports its first error on done when todo is closed,
	// and sets failed at once so that the generator stops early.
	todo, free chan *demoBatch
	done       chan error
	failed     atomic.Bool
	closed     bool
	closeErr   error
	// Of the writing goroutine alone.
	stmts map[bulkKey]*sql.Stmt
}

// demoBatch is rows on their way to the file, each table's values one
// after another.
type demoBatch struct {
	docs, lines, entries, postings, allocs []any
	nDocs                                  int
}

// demoBatchDocs is how many documents make a batch; statements take at
// most demoChunk rows, so their parameters stay far below SQLite's limit.
const (
	demoBatchDocs = 1024
	demoChunk     = 128
)

// newDemoWriter starts a writer; close stops it.
func newDemoWriter(t *tx, days demoDays) (*demoWriter, error) {
	w := &demoWriter{t: t, stamp: t.stamp(), days: days, stmts: map[bulkKey]*sql.Stmt{},
		b: &demoBatch{}, todo: make(chan *demoBatch, 1), free: make(chan *demoBatch, 3), done: make(chan error, 1)}
	// An INTEGER PRIMARY KEY without AUTOINCREMENT takes the largest id
	// plus one.
	for _, n := range []struct {
		table string
		next  *int64
	}{{"documents", &w.nextDoc}, {"journal_entries", &w.nextEntry}, {"allocations", &w.nextAlloc}} {
		if err := t.QueryRowContext(t.ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM `+n.table).Scan(n.next); err != nil {
			return nil, fmt.Errorf("demo: next id of %s: %w", n.table, err)
		}
	}
	// Three batches: one filling, one waiting, one being written.
	w.free <- &demoBatch{}
	w.free <- &demoBatch{}
	go w.run()
	return w, nil
}

// run writes the batches it is given, in order, until todo is closed.
func (w *demoWriter) run() {
	var err error
	for b := range w.todo {
		if err == nil {
			if err = w.write(b); err != nil {
				w.failed.Store(true)
			}
		}
		for _, s := range []*[]any{&b.docs, &b.lines, &b.entries, &b.postings, &b.allocs} {
			clear(*s)
			*s = (*s)[:0]
		}
		b.nDocs = 0
		w.free <- b
	}
	w.done <- err
}

// write writes a batch, parents before children.
func (w *demoWriter) write(b *demoBatch) error {
	for _, r := range []struct {
		ins  *bulkInsert
		rows []any
	}{{demoDocsInsert, b.docs}, {demoLinesInsert, b.lines}, {demoEntriesInsert, b.entries}, {demoPostingsInsert, b.postings}, {demoAllocsInsert, b.allocs}} {
		if err := w.insert(r.ins, r.rows); err != nil {
			return err
		}
	}
	return nil
}

// handOff sends the batch to be written and starts another.
func (w *demoWriter) handOff() error {
	if w.failed.Load() {
		return w.close()
	}
	w.todo <- w.b
	w.b = <-w.free
	return nil
}

// close writes what is left, waits until it is written and stops the
// writer; it returns the first error the writer met.
func (w *demoWriter) close() error {
	if w.closed {
		return w.closeErr
	}
	w.closed = true
	w.todo <- w.b
	close(w.todo)
	w.closeErr = <-w.done
	return w.closeErr
}

func (w *demoWriter) day(t time.Time) string { return w.days.of(t) }

// addDoc gives d the next document id and queues its row (t.insertDoc).
func (w *demoWriter) addDoc(d *demoDoc) (int64, error) {
	d.id = w.nextDoc
	w.nextDoc++
	var void any
	if d.voidDate != "" {
		void = d.voidDate
	}
	b := w.b
	b.docs = append(b.docs, d.id, string(d.kind), d.number, d.customerID, string(d.status), d.date, d.dueDate, d.currency,
		d.net, d.tax, d.total, d.open, d.reference, d.notes, void, d.voidReason, d.lastChange, d.closedOn())
	if b.nDocs++; b.nDocs < demoBatchDocs {
		return d.id, nil
	}
	return d.id, w.handOff()
}

func (w *demoWriter) insertLines(docID int64, lines []Line) {
	for i, l := range lines {
		w.b.lines = append(w.b.lines, docID, int64(i+1), l.Description, int64(l.Quantity), l.UnitPrice, int64(l.Discount), int64(l.TaxRate), l.Net)
	}
}

// issueInvoice is t.issueInvoice for a new invoice whose number the demo
// chose (t.freshNumbers), written as it will end up, inv.end.
func (w *demoWriter) issueInvoice(inv *demoInvoice, in *InvoiceInput) error {
	c := inv.cust.row
	if in.Date.IsZero() {
		return Errorf(EINVALID, "issue date is required")
	}
	if len(in.Lines) == 0 {
		return Errorf(EINVALID, "an invoice needs at least one line")
	}
	if in.DueDate.IsZero() {
		in.DueDate = in.Date.AddDate(0, 0, c.terms)
	}
	if in.DueDate.Before(in.Date) {
		return Errorf(EINVALID, "due date %s is before the issue date %s", fmtDate(in.DueDate), fmtDate(in.Date))
	}
	net, tax, _, err := computeLines(in.Lines)
	if err != nil {
		return err
	}
	total := net + tax
	date := w.day(in.Date)
	inv.seen = demoState{status: StatusIssued, open: total, lastChange: date}
	id, err := w.addDoc(&demoDoc{kind: KindInvoice, number: in.Number, customerID: c.id, date: date, dueDate: w.day(in.DueDate),
		currency: c.currency, net: net, tax: tax, total: total, reference: in.Reference, notes: in.Notes, demoState: inv.end})
	if err != nil {
		return err
	}
	w.insertLines(id, in.Lines)
	var b entryBuilder
	b.debit(AccReceivable, c.id, total)
	b.credit(AccSales, 0, net)
	b.credit(AccTaxPayable, 0, tax)
	if err := w.post(in.Date, id, "issue", "invoice "+in.Number, c.currency, &b); err != nil {
		return err
	}
	inv.setDoc(in, id, total, w.days)
	return nil
}

// settled checks that an invoice whose events have all happened stands
// where its row, written when it was issued, says it ends up.
func (w *demoWriter) settled(inv *demoInvoice) error {
	// The generator's view too; it leaves a void invoice's open alone, as
	// t.void does.
	if inv.seen != inv.end || inv.doc.status != inv.end.status || (inv.doc.status == StatusIssued && inv.doc.open != inv.end.open) {
		return Errorf(EINTERNAL, "demo: invoice %s ends as %+v (open %d), not as foreseen, %+v", inv.doc.number, inv.seen, inv.doc.open, inv.end)
	}
	return nil
}

// insertDoc is t.insertDoc for a document that will not change.
func (w *demoWriter) insertDoc(d *docRow, reference, notes string) (int64, error) {
	return w.addDoc(&demoDoc{kind: d.kind, number: d.number, customerID: d.customerID, date: d.date, dueDate: d.dueDate,
		currency: d.currency, net: d.net, tax: d.tax, total: d.total, reference: reference, notes: notes,
		demoState: demoState{status: d.status, open: d.open, lastChange: d.date}})
}

// allocate is t.allocate(credit, &inv.doc, amount, date, false).
func (w *demoWriter) allocate(credit *docRow, inv *demoInvoice, amount int64, date time.Time) error {
	day := w.day(date)
	for _, d := range []*docRow{credit, &inv.doc} {
		if day < d.reopenedOn {
			return Errorf(EINVALID, "%s had an allocation reversed on %s: date this one on or after that", docRef(d.kind, d.number), d.reopenedOn)
		}
	}
	if err := w.allocateRow(credit.id, inv, amount, day); err != nil {
		return err
	}
	inv.doc.open -= amount
	return nil
}

// allocateRow writes an allocation to an invoice and lowers what it has
// open as t.addOpen does. What the file's constraints would refuse (an
// allocation of nothing, an invoice paid more than it owes) it refuses.
func (w *demoWriter) allocateRow(creditID int64, inv *demoInvoice, amount int64, day string) error {
	s := &inv.seen
	if amount <= 0 || amount > s.open || s.status != StatusIssued {
		return Errorf(EINTERNAL, "demo: cannot allocate %d to %s invoice %s with %d open", amount, s.status, inv.doc.number, s.open)
	}
	w.b.allocs = append(w.b.allocs, w.nextAlloc, creditID, inv.doc.id, amount, day)
	w.nextAlloc++
	inv.allocs++
	s.open -= amount
	s.lastChange = max(s.lastChange, day)
	return nil
}

// post is t.post.
func (w *demoWriter) post(date time.Time, docID int64, kind, memo, currency string, b *entryBuilder) error {
	ps, err := b.postings()
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return nil
	}
	day := w.day(date)
	id := w.nextEntry
	w.nextEntry++
	w.b.entries = append(w.b.entries, id, day, docID, kind, memo)
	for i, p := range ps {
		var cust any
		if p.Customer != 0 {
			cust = p.Customer
		}
		w.b.postings = append(w.b.postings, id, int64(i+1), day, int64(p.Account), cust, currency, p.Amount)
	}
	return nil
}

// void is t.void for an invoice nothing has been applied to, the only
// kind the demo voids; anything else is refused rather than written wrong.
func (w *demoWriter) void(inv *demoInvoice, date time.Time, reason string) error {
	d := &inv.doc
	reason = strings.TrimSpace(reason)
	ref := docRef(d.kind, d.number)
	switch {
	case d.status == StatusDraft:
		return Errorf(ECONFLICT, "%s is a draft: discard it instead", ref)
	case d.status == StatusVoid:
		return Errorf(ECONFLICT, "%s is void already", ref)
	case date.IsZero():
		return Errorf(EINVALID, "void date is required")
	case fmtDate(date) < d.date:
		return Errorf(EINVALID, "%s is dated %s: the void cannot be dated before it", ref, d.date)
	case reason == "":
		return Errorf(EINVALID, "say why %s is voided", ref)
	case d.kind != KindInvoice || inv.allocs != 0:
		return Errorf(EINTERNAL, "demo: voiding %s with allocations in force is not modelled", ref)
	}
	day := w.day(date)
	var b entryBuilder
	b.credit(AccReceivable, d.customerID, d.total)
	b.debit(AccSales, 0, d.net)
	b.debit(AccTaxPayable, 0, d.tax)
	s := &inv.seen
	s.status, s.open, s.voidDate, s.voidReason = StatusVoid, 0, day, reason
	s.lastChange = max(s.lastChange, day)
	return w.post(date, d.id, "void", "void "+d.number+": "+reason, d.currency, &b)
}

// issueCreditNote is t.issueCreditNote for a credit note that applies to
// inv alone (its Apply names inv and nothing else).
func (w *demoWriter) issueCreditNote(in *CreditNoteInput, inv *demoInvoice) (int64, error) {
	c, r := inv.cust.row, &inv.doc
	switch {
	case in.CustomerCode != c.code || len(in.Apply) != 1 || in.Apply[0].InvoiceNumber != r.number:
		return 0, Errorf(EINTERNAL, "demo: credit note %s must apply to invoice %s of %s alone", in.Number, r.number, c.code)
	case in.Date.IsZero():
		return 0, Errorf(EINVALID, "credit note date is required")
	case len(in.Lines) == 0:
		return 0, Errorf(EINVALID, "a credit note needs at least one line")
	}
	net, tax, _, err := computeLines(in.Lines)
	if err != nil {
		return 0, err
	}
	if err := validNumber(in.Number); err != nil {
		return 0, err
	}
	day := w.day(in.Date)
	a := in.Apply[0].Amount
	// planAllocations' checks, against the invoice as it stands.
	switch open := inv.seen.open; {
	case r.kind != KindInvoice:
		return 0, Errorf(EINVALID, "%s is not an invoice", docRef(r.kind, r.number))
	case inv.seen.status != StatusIssued:
		return 0, Errorf(ECONFLICT, "invoice %s is %s", r.number, inv.seen.status)
	case r.customerID != c.id:
		return 0, Errorf(EINVALID, "invoice %s belongs to another customer, not %s", r.number, c.code)
	case a.Currency != r.currency:
		return 0, Errorf(EINVALID, "amount for invoice %s is in %s, the invoice in %s", r.number, a.Currency, r.currency)
	case a.Minor <= 0:
		return 0, Errorf(EINVALID, "amount for invoice %s must be more than zero", r.number)
	case r.date > day:
		return 0, Errorf(EINVALID, "invoice %s is dated %s, after %s: apply the credit on or after the invoice date", r.number, r.date, day)
	case a.Minor > open:
		return 0, Errorf(EINVALID, "%s exceeds the %s open on invoice %s", a.Plain(), NewMoney(open, r.currency).Plain(), r.number)
	case a.Minor > net+tax:
		return 0, Errorf(EINVALID, "allocations exceed the %s available on %s", NewMoney(net+tax, c.currency).Plain(), docRef(KindCreditNote, in.Number))
	}
	total := net + tax
	id, err := w.addDoc(&demoDoc{kind: KindCreditNote, number: in.Number, customerID: c.id, date: day, dueDate: day,
		currency: c.currency, net: net, tax: tax, total: total, reference: in.Reference, notes: in.Notes,
		demoState: demoState{status: StatusIssued, open: total - a.Minor, lastChange: day}})
	if err != nil {
		return 0, err
	}
	w.insertLines(id, in.Lines)
	var b entryBuilder
	b.debit(AccSales, 0, net)
	b.debit(AccTaxPayable, 0, tax)
	if err := w.allocateRow(id, inv, a.Minor, day); err != nil {
		return 0, err
	}
	b.credit(AccReceivable, r.customerID, a.Minor)
	b.credit(AccCredits, c.id, total-a.Minor)
	if err := w.post(in.Date, id, "issue", "credit note "+in.Number, c.currency, &b); err != nil {
		return 0, err
	}
	return id, nil
}

var (
	demoDocsInsert = newBulkInsert(`INSERT OR FAIL INTO documents (id, kind, number, customer_id, status, date, due_date, currency,
		net, tax, total, open, reference, notes, void_date, void_reason, last_change, closed_on, created_at) VALUES `,
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?S)")
	demoLinesInsert = newBulkInsert(`INSERT OR FAIL INTO document_lines (document_id, line_no, description, quantity, unit_price, discount, tax_rate, net) VALUES `,
		"(?, ?, ?, ?, ?, ?, ?, ?)")
	demoEntriesInsert = newBulkInsert(`INSERT OR FAIL INTO journal_entries (id, date, document_id, kind, memo, created_at) VALUES `,
		"(?, ?, ?, ?, ?, ?S)")
	demoPostingsInsert = newBulkInsert(`INSERT OR FAIL INTO postings (entry_id, line, date, account, customer_id, currency, amount) VALUES `,
		"(?, ?, ?, ?, ?, ?, ?)")
	demoAllocsInsert = newBulkInsert(`INSERT OR FAIL INTO allocations (id, credit_id, invoice_id, amount, date) VALUES `,
		"(?, ?, ?, ?, ?)")
)

// insert runs ins over rows in statements of demoChunk rows, and of
// powers of two for the rest, so that few statements are ever prepared.
func (w *demoWriter) insert(ins *bulkInsert, rows []any) error {
	for len(rows) > 0 {
		n := stmtRows(len(rows)/ins.cols, demoChunk)
		k := bulkKey{ins, n}
		st, ok := w.stmts[k]
		if !ok {
			var err error
			if st, err = w.t.stmt(ins.query(n, w.stamp)); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			w.stmts[k] = st
		}
		if _, err := st.ExecContext(w.t.ctx, rows[:n*ins.cols]...); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		rows = rows[n*ins.cols:]
	}
	return nil
}
