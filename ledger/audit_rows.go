package ledger

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/bits"
	"sort"
	"strings"
)

// A document's digest (see audit.go): the sum modulo 2^128 of its rows'
// hashes, so that rows may be hashed in any order: by a bulk writer as it
// writes them, by verify as it scans each table once.

// digest is a 128-bit sum.
type digest struct{ hi, lo uint64 }

func (d *digest) add(h [32]byte) {
	var c uint64
	d.lo, c = bits.Add64(d.lo, binary.BigEndian.Uint64(h[8:16]), 0)
	d.hi, _ = bits.Add64(d.hi, binary.BigEndian.Uint64(h[0:8]), c)
}

// plus is the sum of two digests.
func (d digest) plus(e digest) digest {
	lo, c := bits.Add64(d.lo, e.lo, 0)
	hi, _ := bits.Add64(d.hi, e.hi, c)
	return digest{hi, lo}
}

func (d digest) append(b []byte) []byte {
	b = binary.BigEndian.AppendUint64(b, d.hi)
	return binary.BigEndian.AppendUint64(b, d.lo)
}

func (d digest) String() string { return hex.EncodeToString(d.append(nil)) }

// docDigestCols are the columns of each table a document's digest covers,
// in the order they are encoded. documents leaves out last_change,
// closed_on and reopened_on: dates kept for speed, derived from the
// allocations the digest covers.
var docDigestCols = map[string]string{
	"documents":       "id, kind, number, customer_id, status, date, due_date, currency, net, tax, total, open, reference, notes, void_date, void_reason, created_at",
	"document_lines":  "document_id, line_no, description, quantity, unit_price, discount, tax_rate, net",
	"journal_entries": "id, date, document_id, kind, memo, created_at",
	"postings":        "entry_id, line, date, account, customer_id, currency, amount",
	"allocations":     "id, credit_id, invoice_id, amount, date, void_date",
}

// docExtCols are the e-invoice columns (migration 0016) a document's
// digest covers since audit v2, as a row of their own ("TABLE.einvoice":
// the key columns, then these) counted only when one of them is set: a
// document without them digests as it did under v1, and the bulk writers
// that never set them need not hash them.
var docExtCols = map[string]string{
	"documents":      "service_from, service_to, payment_means",
	"document_lines": "vat_category, vat_reason, unit_code",
}

// anySet reports whether one of vals is a text that is not empty.
func anySet(vals []any) bool {
	for _, v := range vals {
		if asText(v) != "" {
			return true
		}
	}
	return false
}

// rowHasher hashes rows with a buffer it reuses.
type rowHasher struct{ c canon }

func (h *rowHasher) row(table string, vals ...any) [32]byte {
	h.c.b = h.c.b[:0]
	h.c.str(table)
	for _, v := range vals {
		h.c.value(v)
	}
	return sha256.Sum256(h.c.b)
}

// docInfo is what a scan learns of a document besides its digest.
type docInfo struct {
	number     string // kept when asked (keepNumbers) or for a few documents
	customerID int64
	present    bool
	draft      bool
	digest     digest // the rows of docDigestCols (audit v1)
	ext        digest // the e-invoice rows of docExtCols
}

// full is the document's digest as entries are written now (v2).
func (d *docInfo) full() digest { return d.digest.plus(d.ext) }

// digestAs is the digest an entry of audit v1 (v1) or v2 gives the
// document.
func (d *docInfo) digestAs(v1 bool) digest {
	if v1 {
		return d.digest
	}
	return d.full()
}

// docSet accumulates documents' digests: dense (a slice by id) for a whole
// ledger, a map for a few documents.
type docSet struct {
	dense       []docInfo
	few         map[int64]*docInfo
	keepNumbers bool
}

func (s *docSet) get(id int64, create bool) *docInfo {
	if s.few != nil {
		d := s.few[id]
		if d == nil && create {
			d = &docInfo{}
			s.few[id] = d
		}
		return d
	}
	if id <= 0 {
		return nil
	}
	if int(id) >= len(s.dense) {
		if !create {
			return nil
		}
		n := max(int(id)+1, 2*len(s.dense))
		s.dense = append(s.dense, make([]docInfo, n-len(s.dense))...)
	}
	return &s.dense[id]
}

// queryer runs queries: a transaction being written or one reading.
type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// scanRows runs q and calls fn with each row's values.
func scanRows(ctx context.Context, db queryer, q string, args []any, fn func(vals []any) error) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

func asInt(v any) int64 {
	switch v := v.(type) {
	case int64:
		return v
	case int:
		return int64(v)
	case int32:
		return int64(v)
	}
	return 0
}

func asText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	return ""
}

// digestDocs works out the digests of documents from their rows: every
// document when ids is nil (with their numbers if keepNumbers), else those
// of ids (in chunks).
func digestDocs(ctx context.Context, db queryer, ids []int64, keepNumbers bool) (*docSet, error) {
	set := &docSet{keepNumbers: keepNumbers}
	if ids == nil {
		// One slice of the right size: grown by doubling, a million
		// documents' would take twice the memory, and copies of it.
		var maxID int64
		if err := scanRows(ctx, db, `SELECT COALESCE(MAX(id), 0) FROM documents`, nil, func(v []any) error { maxID = asInt(v[0]); return nil }); err != nil {
			return nil, fmt.Errorf("documents: %w", err)
		}
		set.dense = make([]docInfo, maxID+1)
		return set, digestChunk(ctx, db, set, "", nil, nil)
	}
	set.keepNumbers = true
	set.few = map[int64]*docInfo{}
	const chunk = 500
	for len(ids) > 0 {
		n := min(len(ids), chunk)
		part := ids[:n]
		ids = ids[n:]
		args := make([]any, len(part))
		chunkIDs := make(map[int64]bool, len(part))
		for i, id := range part {
			args[i] = id
			chunkIDs[id] = true
			set.get(id, true)
		}
		if err := digestChunk(ctx, db, set, "IN ("+strings.TrimSuffix(strings.Repeat("?, ", n), ", ")+")", args, chunkIDs); err != nil {
			return nil, err
		}
	}
	return set, nil
}

// digestChunk adds the rows of the documents whose id is "in" (every
// document when in is empty), ids, to set.
func digestChunk(ctx context.Context, db queryer, set *docSet, in string, args []any, ids map[int64]bool) error {
	var h rowHasher
	where := func(col string) string {
		if in == "" {
			return ""
		}
		return " WHERE " + col + " " + in
	}
	nDoc := len(strings.Split(docDigestCols["documents"], ", "))
	err := scanRows(ctx, db, `SELECT `+docDigestCols["documents"]+`, `+docExtCols["documents"]+` FROM documents`+where("id"), args, func(v []any) error {
		d := set.get(asInt(v[0]), true)
		d.present, d.draft, d.customerID = true, asText(v[4]) == string(StatusDraft), asInt(v[3])
		if set.keepNumbers {
			d.number = asText(v[2])
		}
		d.digest.add(h.row("documents", v[:nDoc]...))
		if ext := v[nDoc:]; anySet(ext) {
			d.ext.add(h.row("documents.einvoice", append([]any{v[0]}, ext...)...))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("documents: %w", err)
	}
	nLine := len(strings.Split(docDigestCols["document_lines"], ", "))
	err = scanRows(ctx, db, `SELECT `+docDigestCols["document_lines"]+`, `+docExtCols["document_lines"]+` FROM document_lines`+where("document_id"), args, func(v []any) error {
		d := set.get(asInt(v[0]), true)
		d.digest.add(h.row("document_lines", v[:nLine]...))
		if ext := v[nLine:]; anySet(ext) {
			d.ext.add(h.row("document_lines.einvoice", append([]any{v[0], v[1]}, ext...)...))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("document lines: %w", err)
	}
	if in == "" {
		// Each entry's document, by entry id, for the postings' scan.
		var maxEntry int64
		if err := scanRows(ctx, db, `SELECT COALESCE(MAX(id), 0) FROM journal_entries`, nil, func(v []any) error { maxEntry = asInt(v[0]); return nil }); err != nil {
			return fmt.Errorf("journal entries: %w", err)
		}
		entryDoc := make([]int64, maxEntry+1)
		err = scanRows(ctx, db, `SELECT `+docDigestCols["journal_entries"]+` FROM journal_entries`, nil, func(v []any) error {
			id, doc := asInt(v[0]), asInt(v[2])
			if id > 0 {
				if int(id) >= len(entryDoc) {
					entryDoc = append(entryDoc, make([]int64, max(int(id)+1, 2*len(entryDoc))-len(entryDoc))...)
				}
				entryDoc[id] = doc
			}
			set.get(doc, true).digest.add(h.row("journal_entries", v...))
			return nil
		})
		if err != nil {
			return fmt.Errorf("journal entries: %w", err)
		}
		err = scanRows(ctx, db, `SELECT `+docDigestCols["postings"]+` FROM postings`, nil, func(v []any) error {
			var doc int64
			if e := asInt(v[0]); e > 0 && int(e) < len(entryDoc) {
				doc = entryDoc[e]
			}
			// A posting of no entry counts against document 0, which no
			// document is: verify reports it.
			if d := set.get(doc, true); d != nil {
				d.digest.add(h.row("postings", v...))
			}
			return nil
		})
	} else {
		err = scanRows(ctx, db, `SELECT `+prefixed("e", docDigestCols["journal_entries"])+` FROM journal_entries e`+where("e.document_id"), args, func(v []any) error {
			set.get(asInt(v[2]), true).digest.add(h.row("journal_entries", v...))
			return nil
		})
		if err != nil {
			return fmt.Errorf("journal entries: %w", err)
		}
		err = scanRows(ctx, db, `SELECT `+prefixed("p", docDigestCols["postings"])+`, e.document_id FROM postings p JOIN journal_entries e ON e.id = p.entry_id`+where("e.document_id"), args, func(v []any) error {
			set.get(asInt(v[7]), true).digest.add(h.row("postings", v[:7]...))
			return nil
		})
	}
	if err != nil {
		return fmt.Errorf("postings: %w", err)
	}
	allocs := `SELECT ` + docDigestCols["allocations"] + ` FROM allocations`
	aargs := args
	if in != "" {
		allocs += ` WHERE credit_id ` + in + ` OR invoice_id ` + in
		aargs = append(append([]any{}, args...), args...)
	}
	err = scanRows(ctx, db, allocs, aargs, func(v []any) error {
		sum := h.row("allocations", v...)
		for _, side := range []int64{asInt(v[1]), asInt(v[2])} {
			if ids != nil && !ids[side] {
				continue // the other side, of another chunk or none
			}
			if d := set.get(side, true); d != nil {
				d.digest.add(sum)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("allocations: %w", err)
	}
	return nil
}

func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ", ")
	for i, p := range parts {
		parts[i] = alias + "." + p
	}
	return strings.Join(parts, ", ")
}

// docUnits are the documents the transaction changed but no bulk writer
// hashed (a.bulks, written by bulkEntries), with their digests worked out
// from their rows. A document no longer there (a draft discarded, rows
// taken back to a savepoint) has none.
func (t *tx) docUnits(a *auditTx) ([]auditUnit, error) {
	var ids []int64
	for id := range a.docs {
		hashed := false
		for _, b := range a.bulks {
			hashed = hashed || b.has(id)
		}
		if !hashed {
			ids = append(ids, id)
		}
	}
	var out []auditUnit
	if len(ids) > 0 {
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		set, err := digestDocs(t.ctx, t, ids, true)
		if err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		for _, id := range ids {
			d := set.get(id, false)
			if d == nil || !d.present || d.draft {
				continue
			}
			out = append(out, auditUnit{id: id, number: d.number, digest: d.digestAs(auditWriteV1)})
			if a.custOf == nil {
				a.custOf = map[int64]int64{}
			}
			a.custOf[id] = d.customerID
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out, nil
}

// docCustomers adds the customers of units to custs.
func (t *tx) docCustomers(units []auditUnit, custs map[int64]bool) error {
	for _, u := range units {
		c, ok := t.audit.custOf[u.id]
		if !ok {
			if err := t.queryRow(`SELECT customer_id FROM documents WHERE id = ?`, u.id).Scan(&c); err != nil {
				return fmt.Errorf("audit log: %w", err)
			}
		}
		custs[c] = true
	}
	return nil
}

// bulkUnits hashes the rows of a bulk writer as it writes them, for the
// documents it creates (id from first on), kept by id in slices (a map of
// a million documents would double the demo's memory); a row of an older
// document names it in touched, to be worked out from its rows at the end.
type bulkUnits struct {
	first   int64
	stamp   string
	base    int64       // the id of the first slot; 0 until the first document
	pages   []*unitPage // slots by id - base, a page at a time (never copied)
	touched map[int64]struct{}
	handed  bool            // in the transaction's audit (hand)
	entries map[int64]int64 // entry id → document, of the batch being hashed
	h       rowHasher
	vals    []any
}

func newBulkUnits(first int64, stamp string) *bulkUnits {
	return &bulkUnits{first: first, stamp: stamp, touched: map[int64]struct{}{}, entries: map[int64]int64{}}
}

// unitPage holds the digests of unitPageSize documents; their numbers
// are read back when the entries are written.
type unitPage struct {
	digests [unitPageSize]digest
	present [unitPageSize]bool
}

const unitPageSize = 1 << 16

// at is slot i's digest and presence, its page made when create is set.
func (b *bulkUnits) at(i int, create bool) (*digest, *bool) {
	p := i / unitPageSize
	for create && p >= len(b.pages) {
		b.pages = append(b.pages, nil)
	}
	if p >= len(b.pages) {
		return nil, nil
	}
	if b.pages[p] == nil {
		if !create {
			return nil, nil
		}
		b.pages[p] = &unitPage{}
	}
	return &b.pages[p].digests[i%unitPageSize], &b.pages[p].present[i%unitPageSize]
}

// each calls fn for every document hashed, by ascending id.
func (b *bulkUnits) each(fn func(id int64, d digest)) {
	for p, pg := range b.pages {
		if pg == nil {
			continue
		}
		for i := range pg.present {
			if pg.present[i] {
				fn(b.base+int64(p*unitPageSize+i), pg.digests[i])
			}
		}
	}
}

func (b *bulkUnits) slot(doc int64) int {
	if doc < b.first || doc <= 0 || (b.base != 0 && doc < b.base) {
		b.touched[doc] = struct{}{}
		return -1
	}
	if b.base == 0 {
		b.base = doc
	}
	return int(doc - b.base)
}

func (b *bulkUnits) add(doc int64, sum [32]byte) {
	if i := b.slot(doc); i >= 0 {
		d, _ := b.at(i, true)
		d.add(sum)
	}
}

// has reports whether the document's rows were all hashed here.
func (b *bulkUnits) has(doc int64) bool {
	if b.base == 0 || doc < b.base {
		return false
	}
	_, ok := b.at(int(doc-b.base), false)
	return ok != nil && *ok
}

// doc hashes a documents row given as its digest columns without
// created_at (the bulk writer's stamp).
func (b *bulkUnits) doc(vals ...any) {
	if auditOff {
		return
	}
	b.vals = append(append(b.vals[:0], vals...), b.stamp)
	id := asInt(vals[0])
	if i := b.slot(id); i >= 0 {
		d, ok := b.at(i, true)
		d.add(b.h.row("documents", b.vals...))
		*ok = true
	}
}

func (b *bulkUnits) line(vals ...any) {
	if !auditOff {
		b.add(asInt(vals[0]), b.h.row("document_lines", vals...))
	}
}

// lineExt hashes a line's e-invoice columns (docExtCols) when one is set.
func (b *bulkUnits) lineExt(doc, lineNo int64, vatCategory, vatReason, unitCode string) {
	if !auditOff && !auditWriteV1 && (vatCategory != "" || vatReason != "" || unitCode != "") {
		b.add(doc, b.h.row("document_lines.einvoice", doc, lineNo, vatCategory, vatReason, unitCode))
	}
}

// entry hashes a journal entry given without created_at.
func (b *bulkUnits) entry(vals ...any) {
	if auditOff {
		return
	}
	b.vals = append(append(b.vals[:0], vals...), b.stamp)
	doc := asInt(vals[2])
	b.entries[asInt(vals[0])] = doc
	b.add(doc, b.h.row("journal_entries", b.vals...))
}

func (b *bulkUnits) posting(vals ...any) {
	if auditOff {
		return
	}
	b.add(b.entries[asInt(vals[0])], b.h.row("postings", vals...))
}

// alloc hashes an allocation given without void_date (a new one has none).
func (b *bulkUnits) alloc(vals ...any) {
	b.vals = append(append(b.vals[:0], vals...), nil)
	sum := b.h.row("allocations", b.vals...)
	b.add(asInt(vals[1]), sum)
	b.add(asInt(vals[2]), sum)
}

// hand gives what was hashed to the transaction's audit: the writer
// itself, once (the import hands after each batch it writes), and the
// older documents it touched.
func (b *bulkUnits) hand(t *tx) {
	a := t.auditing()
	if !b.handed {
		a.bulks = append(a.bulks, b)
		b.handed = true
	}
	for id := range b.touched {
		t.touchDoc(id)
	}
	clear(b.touched)
}

// batch hashes a bulk writer's batch (bulkRows.addDoc, addLines, post,
// addAllocation give the columns in these orders).
func (b *bulkUnits) batch(bb *bulkBatch) {
	if auditOff {
		return
	}
	clear(b.entries)
	for r := bb.docs; len(r) >= 18; r = r[18:] {
		b.doc(r[:16]...)
	}
	for r := bb.lines; len(r) >= 8; r = r[8:] {
		b.line(r[:8]...)
	}
	for r := bb.entries; len(r) >= 5; r = r[5:] {
		b.entry(r[:5]...)
	}
	for r := bb.postings; len(r) >= 7; r = r[7:] {
		b.posting(r[:7]...)
	}
	for r := bb.allocs; len(r) >= 5; r = r[5:] {
		b.alloc(r[:5]...)
	}
}

// bulkEntries writes the entries of the documents bulk writers hashed,
// auditUnitsPerEntry at a time, as each is made: their numbers are read
// back a chunk at a time, so a million documents' are never held.
func (t *tx) bulkEntries(a *auditTx, action string, add func(action, subject string, cust int64, detail map[string]any, units []auditUnit) error, flush func() error) error {
	var err error
	chunk := make([]auditUnit, 0, auditUnitsPerEntry)
	emit := func() {
		if err != nil || len(chunk) == 0 {
			return
		}
		if err = t.unitNumbers(chunk); err != nil {
			return
		}
		detail := map[string]any{"first": chunk[0].number, "last": chunk[len(chunk)-1].number, "count": len(chunk)}
		if err = add(action, chunk[0].number, 0, detail, chunk); err != nil {
			return
		}
		err = flush()
		chunk = chunk[:0]
	}
	for _, b := range a.bulks {
		b.each(func(id int64, d digest) {
			chunk = append(chunk, auditUnit{id: id, digest: d})
			if len(chunk) == auditUnitsPerEntry {
				emit()
			}
		})
		emit()
	}
	return err
}

// unitNumbers fills in the numbers of units, which are by ascending id.
func (t *tx) unitNumbers(units []auditUnit) error {
	nums := make(map[int64]string, len(units))
	err := scanRows(t.ctx, t, `SELECT id, number FROM documents WHERE id >= ? AND id <= ?`, []any{units[0].id, units[len(units)-1].id}, func(v []any) error {
		nums[asInt(v[0])] = asText(v[1])
		return nil
	})
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	for i := range units {
		units[i].number = nums[units[i].id]
	}
	return nil
}
