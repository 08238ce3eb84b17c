package ledger

import (
	"database/sql"
	"fmt"
	"strings"
)

// invoiceWriter writes imported invoices as t.issueInvoice writes a new
// invoice whose number is given (documents row, lines, journal entry and
// postings), row for row, but many rows to a statement: the import spent
// most of its time on the cost of a statement (bind, step, cursors), not
// on the rows.
//
//   - Ids are foreseen here as SQLite hands them out, the largest plus one
//     (nothing else writes in the import's transaction), so that lines and
//     postings can name their parents; SQLite still picks them, and each
//     statement checks it picked the ids foreseen. Giving the id instead
//     would make SQLite keep a statement journal: it must be able to take
//     back a multi-row INSERT whose id turns out not to be an integer.
//   - Rows gather until importWriteBatch invoices are waiting, then go in
//     with multi-row INSERTs, parents before children.
//   - On PostgreSQL ids come from the tables' sequences, taken a batch at
//     a time (nextval: other desks may be taking ids at the same moment)
//     and written with the rows; there is no LastInsertId to check.
//   - OR FAIL: a row the file refuses ends the statement and, with it, the
//     import's transaction, as ABORT would, but without the statement
//     journal ABORT needs to take back a statement's earlier rows. (A
//     foreign key checked as the rows go in needs that journal too, which
//     is why ImportInvoices runs with them unchecked.)
type invoiceWriter struct {
	t                              *tx
	stamp                          string
	nextDoc, nextEntry             int64 // the ids of the next invoice and entry added
	doneDoc, doneEntry             int64 // and of the next written
	docs, lines, entries, postings []any // each table's values, row after row
	n                              int   // invoices waiting
	stmts                          map[bulkKey]*sql.Stmt
	pg                             bool    // ids from sequences, written with the rows
	freeDocs, freeEntries          []int64 // on PostgreSQL: ids taken from the sequences, not used yet
	audit                          *bulkUnits
}

// importWriteBatch is how many invoices are written at once; statements
// take at most importChunk rows, so their parameters stay far below
// SQLite's limit.
const (
	importWriteBatch = 512
	importChunk      = 128
)

func newInvoiceWriter(t *tx) (*invoiceWriter, error) {
	w := &invoiceWriter{t: t, stamp: t.stamp(), stmts: map[bulkKey]*sql.Stmt{}, pg: t.dialect == postgresDialect}
	// Every document it writes is new: its rows are hashed as they are
	// added, for the audit trail (flush hands them over).
	w.audit = newBulkUnits(0, w.stamp)
	if w.pg {
		return w, nil
	}
	// An INTEGER PRIMARY KEY without AUTOINCREMENT takes the largest id
	// plus one.
	for _, n := range []struct {
		table string
		next  *int64
	}{{"documents", &w.nextDoc}, {"journal_entries", &w.nextEntry}} {
		if err := t.QueryRowContext(t.ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM `+n.table).Scan(n.next); err != nil {
			return nil, fmt.Errorf("next id of %s: %w", n.table, err)
		}
	}
	w.doneDoc, w.doneEntry = w.nextDoc, w.nextEntry
	return w, nil
}

// add queues the rows of an invoice that planInvoice has completed, and
// writes the queue when it is full.
func (w *invoiceWriter) add(cust *custRow, in *InvoiceInput, net, tax int64, terms DiscountTerms) error {
	total := net + tax
	b := invoiceEntry(cust.id, net, tax)
	ps, err := b.postings()
	if err != nil {
		return err
	}
	var id int64
	if w.pg {
		if id, err = w.takeID("documents", &w.freeDocs); err != nil {
			return err
		}
		w.docs = append(w.docs, id)
	} else {
		id = w.nextDoc
		w.nextDoc++
	}
	date := fmtDate(in.Date)
	closedOn := openUntil
	if total == 0 {
		closedOn = date
	}
	w.docs = append(w.docs, in.Number, cust.id, date, fmtDate(in.DueDate), cust.currency,
		net, tax, total, total, in.Reference, in.Notes, date, closedOn, int64(terms.BP), int64(terms.Days))
	w.audit.doc(id, string(KindInvoice), in.Number, cust.id, string(StatusIssued), date, fmtDate(in.DueDate), cust.currency,
		net, tax, total, total, in.Reference, in.Notes, nil, "")
	for i, l := range in.Lines {
		w.lines = append(w.lines, id, int64(i+1), l.Description, int64(l.Quantity), l.UnitPrice, int64(l.Discount), int64(l.TaxRate), l.Net,
			l.VATCategory, l.VATReason, l.UnitCode)
		w.audit.line(id, int64(i+1), l.Description, int64(l.Quantity), l.UnitPrice, int64(l.Discount), int64(l.TaxRate), l.Net)
		w.audit.lineExt(id, int64(i+1), l.VATCategory, l.VATReason, l.UnitCode)
	}
	// t.post writes no entry for an invoice of nothing.
	if len(ps) > 0 {
		var eid int64
		if w.pg {
			if eid, err = w.takeID("journal_entries", &w.freeEntries); err != nil {
				return err
			}
			w.entries = append(w.entries, eid)
		} else {
			eid = w.nextEntry
			w.nextEntry++
		}
		w.entries = append(w.entries, date, id, "invoice "+in.Number)
		w.audit.entry(eid, date, id, "issue", "invoice "+in.Number)
		for i, p := range ps {
			var c any
			if p.Customer != 0 {
				c = p.Customer
			}
			w.postings = append(w.postings, eid, int64(i+1), date, int64(p.Account), c, cust.currency, p.Amount)
			w.audit.posting(eid, int64(i+1), date, int64(p.Account), c, cust.currency, p.Amount)
		}
		clear(w.audit.entries)
	}
	if w.n++; w.n < importWriteBatch {
		return nil
	}
	return w.flush()
}

// takeID hands out the next id of table on PostgreSQL, taking a batch
// from its sequence when none is left.
func (w *invoiceWriter) takeID(table string, free *[]int64) (int64, error) {
	if len(*free) == 0 {
		st, err := w.t.stmt(`SELECT nextval(pg_get_serial_sequence('` + table + `', 'id')) FROM generate_series(1, ?)`)
		if err != nil {
			return 0, err
		}
		rows, err := st.QueryContext(w.t.ctx, importWriteBatch)
		if err != nil {
			return 0, fmt.Errorf("ids of %s: %w", table, err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return 0, err
			}
			*free = append(*free, id)
		}
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("ids of %s: %w", table, err)
		}
	}
	id := (*free)[0]
	*free = (*free)[1:]
	return id, nil
}

// flush writes the invoices waiting, parents before children.
func (w *invoiceWriter) flush() error {
	docs, entries := importDocsInsert, importEntriesInsert
	doneDoc, doneEntry := &w.doneDoc, &w.doneEntry
	if w.pg {
		docs, entries = importDocsInsertPG, importEntriesInsertPG
		doneDoc, doneEntry = nil, nil
	}
	for _, r := range []struct {
		ins  *bulkInsert
		rows *[]any
		ids  *int64 // the id the first row gets, nil for tables without (or ids given)
	}{{docs, &w.docs, doneDoc}, {importLinesInsert, &w.lines, nil},
		{entries, &w.entries, doneEntry}, {importPostingsInsert, &w.postings, nil}} {
		if err := w.insert(r.ins, *r.rows, r.ids); err != nil {
			return fmt.Errorf("write invoices: %w", err)
		}
		clear(*r.rows)
		*r.rows = (*r.rows)[:0]
	}
	w.n = 0
	w.audit.hand(w.t)
	return nil
}

// The columns and values of t.issueInvoice's and t.post's INSERTs, with
// the ids given; the columns left out take their defaults there as here.
var (
	importDocsInsert = newBulkInsert(`INSERT OR FAIL INTO documents (kind, number, customer_id, status, date, due_date, currency,
		net, tax, total, open, reference, notes, last_change, closed_on, discount_bp, discount_days, created_at) VALUES `,
		"('invoice', ?, ?, 'issued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?S)")
	importLinesInsert = newBulkInsert(`INSERT OR FAIL INTO document_lines (document_id, line_no, description, quantity, unit_price, discount, tax_rate, net,
		vat_category, vat_reason, unit_code) VALUES `,
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
	importEntriesInsert = newBulkInsert(`INSERT OR FAIL INTO journal_entries (date, document_id, kind, memo, created_at) VALUES `,
		"(?, ?, 'issue', ?, ?S)")
	// On PostgreSQL the ids are given (takeID).
	importDocsInsertPG = newBulkInsert(`INSERT INTO documents (id, kind, number, customer_id, status, date, due_date, currency,
		net, tax, total, open, reference, notes, last_change, closed_on, discount_bp, discount_days, created_at) VALUES `,
		"(?, 'invoice', ?, ?, 'issued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?S)")
	importEntriesInsertPG = newBulkInsert(`INSERT INTO journal_entries (id, date, document_id, kind, memo, created_at) VALUES `,
		"(?, ?, ?, 'issue', ?, ?S)")
	importPostingsInsert = newBulkInsert(`INSERT OR FAIL INTO postings (entry_id, line, date, account, customer_id, currency, amount) VALUES `,
		"(?, ?, ?, ?, ?, ?, ?)")
)

// insert runs ins over rows in statements of importChunk rows, and of
// powers of two for the rest, so that few statements are ever prepared.
// With ids it checks that the rows got the ids from *ids on, and moves
// *ids past them.
func (w *invoiceWriter) insert(ins *bulkInsert, rows []any, ids *int64) error {
	for len(rows) > 0 {
		n := stmtRows(len(rows)/ins.cols, importChunk)
		k := bulkKey{ins, n}
		st, ok := w.stmts[k]
		if !ok {
			var err error
			if st, err = w.t.stmt(ins.query(n, w.stamp)); err != nil {
				return err
			}
			w.stmts[k] = st
		}
		res, err := st.ExecContext(w.t.ctx, rows[:n*ins.cols]...)
		if err != nil {
			return err
		}
		if ids != nil {
			last, err := res.LastInsertId()
			if err != nil {
				return err
			}
			if want := *ids + int64(n) - 1; last != want {
				return Errorf(EINTERNAL, "ids out of step: row %d written as %d", want, last)
			}
			*ids += int64(n)
		}
		rows = rows[n*ins.cols:]
	}
	return nil
}

// numbersTaken returns which of numbers the ledger has already, in one
// query: the import looks up the numbers of many invoices at once instead
// of one SELECT per invoice. The list is padded to a power of two with its
// last number, so that few statements are ever prepared.
func (t *tx) numbersTaken(numbers []string) (map[string]bool, error) {
	if len(numbers) == 0 {
		return nil, nil
	}
	n := 1
	for n < len(numbers) {
		n <<= 1
	}
	args := make([]any, n)
	for i := range args {
		args[i] = numbers[min(i, len(numbers)-1)]
	}
	st, err := t.stmt(`SELECT number FROM documents WHERE number IN (` + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + `)`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(t.ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var taken map[string]bool
	for rows.Next() {
		var num string
		if err := rows.Scan(&num); err != nil {
			return nil, err
		}
		if taken == nil {
			taken = map[string]bool{}
		}
		taken[num] = true
	}
	return taken, rows.Err()
}
