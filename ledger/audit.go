package ledger

import (
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// The audit trail: every write transaction appends, before it commits, one
// entry per change it made to table audit_log, chained by SHA-256. Nothing
// has to call it: the transaction (tx) notes what its statements write
// (t.exec, t.insertID), which documents it posts, allocates or voids
// (t.post, t.allocate, t.void), and flushAudit turns that into entries.
//
//   - Documents: an entry carries "units", one per document it changed,
//     each with a digest of the document's rows as they stand after the
//     change (docDigest): `paidup audit verify` re-derives every digest from
//     the rows and names the first document that no longer matches.
//   - Other tables: an entry per row inserted or updated by id (its values,
//     old and new), per settings key changed (old and new value), or a count
//     per table for statements of many rows.
//   - Explicit events (imports with their file's SHA-256, restores) add
//     what the rows cannot say.
//
// Canonical encoding (version "paidup-audit-v2"), used for entry hashes
// and row digests alike: a sequence of values, each
//
//	integer  'i' + 8 bytes, big-endian two's complement
//	text     's' + 4-byte big-endian length + the UTF-8 bytes
//	null     'n'
//
// An entry's hash is SHA-256 over the encoding of: the text
// "paidup-audit-v2", seq, at, os_user, action, subject, customer_id (or
// null), detail, the lower-case hex SHA-256 of units (or "" when it has
// none), prev_hash. prev_hash is the previous entry's hash, 64 zeros for
// seq 1. Hashes are lower-case hex.
//
// units is a sequence, by ascending document id, of: the id (8 bytes
// big-endian), the document's digest (16 bytes), the length of its number
// (1 byte) and the number. A document's digest is the sum modulo 2^128
// of the first 16 bytes (big-endian) of the SHA-256 of each of its rows'
// encoding: the table's name then the columns of docDigestCols, for its
// documents row, its lines, its journal entries, their postings and the
// allocations it is either side of. A sum does not depend on the order
// the rows are met in, so the bulk writers hash rows as they write them
// and verify hashes them as it scans the tables. Since v2 a document's
// e-invoice columns count too, as rows of their own added to the sum only
// when one of them is set (docExtCols): "documents.einvoice" (id,
// service_from, service_to, payment_means) and "document_lines.einvoice"
// (document_id, line_no, vat_category, vat_reason, unit_code). An entry
// hashed with "paidup-audit-v1" (written by an older Paidup) carries
// digests without them, and verify holds its documents to that.

const auditVersion = "paidup-audit-v2"

// auditVersion1 is the encoding of entries written before the documents'
// digests covered their e-invoice columns (migration 0016's
// documents.service_from, service_to, payment_means and document_lines'
// vat_category, vat_reason, unit_code). Such an entry hashes with this
// text in place of auditVersion, and its units' digests leave those
// columns out: verify tells the two apart by which text the entry's hash
// was made with, so no entry of an older ledger changes and none can be
// moved from one version to the other without breaking its hash.
const auditVersion1 = "paidup-audit-v1"

// zeroHash is prev_hash of the first entry.
var zeroHash = strings.Repeat("0", 64)

// AuditEntry is one entry of the audit trail.
type AuditEntry struct {
	Seq        int64           `json:"seq"`
	At         string          `json:"at"`
	User       string          `json:"user"`
	Action     string          `json:"action"`
	Subject    string          `json:"subject"`
	CustomerID int64           `json:"-"`
	Customer   string          `json:"customer,omitempty"` // the customer's code, when the entry is about one
	Detail     json.RawMessage `json:"detail"`
	Documents  int             `json:"documents"` // how many documents' digests it carries
	PrevHash   string          `json:"prev_hash"`
	Hash       string          `json:"hash"`
	units      []byte
	// v1 is set when the entry was hashed as auditVersion1: its digests
	// leave out the documents' e-invoice columns.
	v1 bool
}

// AuditHead is where the chain ends: how many entries it has and the hash
// of the last. Written down, printed or kept in a backup, it anchors the
// chain: a ledger whose chain does not reach it was cut short or replaced.
type AuditHead struct {
	Count int64  `json:"count"`
	Hash  string `json:"hash"`
}

// String is the head as it is printed and parsed: COUNT:HASH.
func (h AuditHead) String() string { return fmt.Sprintf("%d:%s", h.Count, h.Hash) }

// ParseAuditHead reads a head written as COUNT:HASH.
func ParseAuditHead(s string) (AuditHead, error) {
	c, h, ok := strings.Cut(strings.TrimSpace(s), ":")
	var head AuditHead
	if _, err := fmt.Sscan(c, &head.Count); !ok || err != nil || head.Count < 0 || len(h) != 64 {
		return head, Errorf(EINVALID, "an audit head is COUNT:HASH (a number, a colon, 64 hex digits), not %q", s)
	}
	if _, err := hex.DecodeString(h); err != nil {
		return head, Errorf(EINVALID, "an audit head is COUNT:HASH (a number, a colon, 64 hex digits), not %q", s)
	}
	head.Hash = strings.ToLower(h)
	return head, nil
}

// canon is the canonical encoding being written.
type canon struct{ b []byte }

func (c *canon) int(v int64) {
	c.b = append(c.b, 'i')
	c.b = binary.BigEndian.AppendUint64(c.b, uint64(v))
}

func (c *canon) str(s string) {
	c.b = append(c.b, 's')
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(len(s)))
	c.b = append(c.b, s...)
}

// value encodes a column's value as the database drivers hand it back
// (int64, string, []byte, nil) or as the writers give it (int, bool…).
func (c *canon) value(v any) {
	switch v := v.(type) {
	case nil:
		c.b = append(c.b, 'n')
	case int64:
		c.int(v)
	case int:
		c.int(int64(v))
	case int32:
		c.int(int64(v))
	case bool:
		c.int(int64(boolInt(v)))
	case string:
		c.str(v)
	case []byte:
		c.str(string(v))
	case float64:
		// No ledger column is a float; kept distinct all the same.
		c.b = append(c.b, 'f')
		c.b = binary.BigEndian.AppendUint64(c.b, math.Float64bits(v))
	case time.Time:
		c.str(v.UTC().Format(time.RFC3339Nano))
	default:
		c.str(fmt.Sprint(v))
	}
}

// entryHash is an entry's hash (see the top of this file).
func entryHash(e *AuditEntry) string {
	var c canon
	if e.v1 {
		c.str(auditVersion1)
	} else {
		c.str(auditVersion)
	}
	c.int(e.Seq)
	c.str(e.At)
	c.str(e.User)
	c.str(e.Action)
	c.str(e.Subject)
	if e.CustomerID != 0 {
		c.int(e.CustomerID)
	} else {
		c.value(nil)
	}
	c.str(string(e.Detail))
	if len(e.units) > 0 {
		u := sha256.Sum256(e.units)
		c.str(hex.EncodeToString(u[:]))
	} else {
		c.str("")
	}
	c.str(e.PrevHash)
	h := sha256.Sum256(c.b)
	return hex.EncodeToString(h[:])
}

// auditWriteV1 makes this program write entries as a Paidup before v2
// did (hashed as auditVersion1, digests without the e-invoice columns):
// for tests of ledgers that upgrade with such entries in their chain.
var auditWriteV1 = false

// checkEntryHash reports whether e hashes to its hash, as written now or
// as an entry of auditVersion1 (then marking it v1).
func checkEntryHash(e *AuditEntry) bool {
	e.v1 = false
	if entryHash(e) == e.Hash {
		return true
	}
	e.v1 = true
	if entryHash(e) == e.Hash {
		return true
	}
	e.v1 = false
	return false
}

// auditUnit is a document an entry covers.
type auditUnit struct {
	id     int64
	number string
	digest digest
}

func encodeUnits(us []auditUnit) []byte {
	sort.Slice(us, func(i, j int) bool { return us[i].id < us[j].id })
	b := make([]byte, 0, len(us)*36)
	for _, u := range us {
		b = binary.BigEndian.AppendUint64(b, uint64(u.id))
		b = u.digest.append(b)
		n := u.number
		if len(n) > 255 {
			n = n[:255]
		}
		b = append(b, byte(len(n)))
		b = append(b, n...)
	}
	return b
}

// eachUnit calls fn for every unit of an entry's units, stopping at the
// first error; a units blob that does not parse is an error.
func eachUnit(b []byte, fn func(auditUnit) error) error {
	for len(b) > 0 {
		if len(b) < 25 || len(b) < 25+int(b[24]) {
			return errors.New("its document digests are cut short")
		}
		var u auditUnit
		u.id = int64(binary.BigEndian.Uint64(b))
		u.digest = digest{binary.BigEndian.Uint64(b[8:]), binary.BigEndian.Uint64(b[16:])}
		n := int(b[24])
		u.number = string(b[25 : 25+n])
		b = b[25+n:]
		if err := fn(u); err != nil {
			return err
		}
	}
	return nil
}

// auditTx is what a write transaction changed, noted as it goes.
type auditTx struct {
	off bool // a copy or a migration: rows arrive as they were
	// err is what a read the hook made before a write failed with: on
	// PostgreSQL a failed statement aborts the transaction, so the write
	// returns it (a serialization failure is then retried) rather than the
	// "transaction is aborted" of the statements after it.
	err error
	// tables written by statements, and how.
	tables map[string]*tableChange
	// Documents whose digests flush works out from their rows, and the
	// first posting of the transaction (for the entry's name).
	docs      map[int64]struct{}
	firstDoc  int64
	firstKind string
	allocated bool
	// Documents whose rows a bulk writer hashed as it wrote them.
	bulks []*bulkUnits
	// What the documents' entry is called, when a bulk writer says.
	docAction, docSubject string
	docDetail             map[string]any
	custOf                map[int64]int64 // documents' customers, as docUnits read them
	// Settings as they were before the transaction first wrote them.
	settingsBefore map[string]string
	events         []auditEvent
}

// tableChange is what statements did to one table (other than the
// document tables, which units cover).
type tableChange struct {
	inserts, updates, deletes int
	rows                      []rowChange // rows by id, at most auditRowsPerTable
	order                     int
}

type rowChange struct {
	id     int64
	insert bool
	before map[string]any
}

// auditRowsPerTable is how many rows of a table an entry each describes;
// more are counted.
const auditRowsPerTable = 50

// auditEvent is an entry a ledger path asks for in so many words.
type auditEvent struct {
	action, subject string
	customerID      int64
	detail          map[string]any
	units           []auditUnit
}

// docTables are covered by documents' digests.
var docTables = map[string]bool{"documents": true, "document_lines": true, "journal_entries": true,
	"postings": true, "allocations": true, "sequences": true, "audit_log": true}

func (t *tx) auditing() *auditTx {
	if t.audit == nil {
		t.audit = &auditTx{}
	}
	return t.audit
}

// event asks for an entry of its own.
func (t *tx) auditEvent(action, subject string, customerID int64, detail map[string]any) {
	a := t.auditing()
	a.events = append(a.events, auditEvent{action: action, subject: subject, customerID: customerID, detail: detail})
}

// touchDoc notes that a document's rows changed in this transaction.
func (t *tx) touchDoc(id int64) {
	a := t.auditing()
	if a.docs == nil {
		a.docs = map[int64]struct{}{}
	}
	a.docs[id] = struct{}{}
}

// postedDoc notes a journal entry written for a document.
func (t *tx) postedDoc(id int64, kind string) {
	t.touchDoc(id)
	if a := t.audit; a.firstDoc == 0 {
		a.firstDoc, a.firstKind = id, kind
	}
}

// stmtInfo is what a write statement says about the rows it writes,
// worked out once per query text.
type stmtInfo struct {
	op    string // insert, update, delete, "" for anything else
	table string
	// An argument's index (-1: none) or a constant: for UPDATE/DELETE …
	// WHERE id = ?N, the id; for an INSERT, the columns that name a
	// document (document_id, credit_id, invoice_id) and the entry's kind.
	idArg                     int
	docArg, creditArg, invArg int
	kindArg                   int
	kindConst                 string
}

var (
	stmtInfos  sync.Map // string → stmtInfo
	stmtWrite  = regexp.MustCompile(`(?is)^\s*(INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+([A-Za-z_][A-Za-z0-9_]*)`)
	stmtByID   = regexp.MustCompile(`(?is)\sWHERE\s+id\s*=\s*(\?\d*)`)
	stmtInsert = regexp.MustCompile(`(?is)INTO\s+\w+\s*\(([^)]*)\)\s*VALUES\s*\(`)
	notOurRows = map[string]bool{"schema_migrations": true, "audit_log": true}
)

func classify(q string) stmtInfo {
	if v, ok := stmtInfos.Load(q); ok {
		return v.(stmtInfo)
	}
	in := stmtInfo{idArg: -1, docArg: -1, creditArg: -1, invArg: -1, kindArg: -1}
	if m := stmtWrite.FindStringSubmatch(q); m != nil {
		in.table = strings.ToLower(m[2])
		switch strings.ToUpper(m[1][:1]) {
		case "I":
			in.op = "insert"
			cols, vals := insertValues(q)
			for i, c := range cols {
				if i >= len(vals) {
					break
				}
				switch c {
				case "id":
					in.idArg = vals[i].arg
				case "document_id":
					in.docArg = vals[i].arg
				case "credit_id":
					in.creditArg = vals[i].arg
				case "invoice_id":
					in.invArg = vals[i].arg
				case "kind":
					in.kindArg, in.kindConst = vals[i].arg, vals[i].konst
				}
			}
		case "U", "D":
			in.op = "update"
			if strings.ToUpper(m[1][:1]) == "D" {
				in.op = "delete"
			}
			if w := stmtByID.FindStringSubmatchIndex(q); w != nil {
				in.idArg = argIndex(q, w[2], w[3])
			}
		}
	}
	stmtInfos.Store(q, in)
	return in
}

// valueExpr is an INSERT's value: an argument (its index) or a constant.
type valueExpr struct {
	arg   int
	konst string
}

// insertValues reads an INSERT's column names and its first row of
// values, split at the commas outside parentheses and quotes.
func insertValues(q string) ([]string, []valueExpr) {
	loc := stmtInsert.FindStringSubmatchIndex(q)
	if loc == nil {
		return nil, nil
	}
	var cols []string
	for _, c := range strings.Split(q[loc[2]:loc[3]], ",") {
		cols = append(cols, strings.ToLower(strings.TrimSpace(c)))
	}
	var vals []valueExpr
	depth, quote, startAt := 0, false, loc[1]
	for i := loc[1]; i < len(q); i++ {
		ch := q[i]
		switch {
		case quote:
			quote = ch != '\''
		case ch == '\'':
			quote = true
		case ch == '(':
			depth++
		case ch == ')' && depth > 0:
			depth--
		case (ch == ',' || ch == ')') && depth == 0:
			e := strings.TrimSpace(q[startAt:i])
			v := valueExpr{arg: -1}
			if strings.HasPrefix(e, "?") {
				v.arg = argIndex(q, startAt+strings.Index(q[startAt:i], "?"), startAt+strings.Index(q[startAt:i], "?")+len(e))
			} else if len(e) >= 2 && e[0] == '\'' {
				v.konst = strings.ReplaceAll(e[1:len(e)-1], "''", "'")
			}
			vals = append(vals, v)
			startAt = i + 1
			if ch == ')' {
				return cols, vals
			}
		}
	}
	return cols, vals
}

// argIndex is the argument a placeholder q[from:to] stands for: ?N is
// argument N-1; a bare ? the next after the bare ones before it.
func argIndex(q string, from, to int) int {
	p := q[from:to]
	if len(p) > 1 {
		var n int
		if _, err := fmt.Sscan(p[1:], &n); err == nil && n > 0 {
			return n - 1
		}
		return -1
	}
	n := 0
	for i := 0; i < from; i++ {
		if q[i] == '?' && (i+1 >= len(q) || q[i+1] < '0' || q[i+1] > '9') {
			n++
		}
	}
	return n
}

func argInt(args []any, i int) (int64, bool) {
	if i < 0 || i >= len(args) {
		return 0, false
	}
	switch v := args[i].(type) {
	case int64:
		return v, true
	case int:
		return int64(v), true
	}
	return 0, false
}

// noteWrite records a statement about to run: which documents it
// changes; for another table, that it was written and, for an update of
// one row by id, the row as it was.
func (t *tx) noteWrite(q string, args []any) {
	if auditOff {
		return
	}
	in := classify(q)
	if in.op == "" || notOurRows[in.table] {
		return
	}
	a := t.auditing()
	if a.off {
		return
	}
	switch in.table {
	case "settings":
		if a.settingsBefore == nil {
			a.settingsBefore = t.readSettings()
		}
		return
	case "documents", "document_lines":
		if id, ok := argInt(args, in.idArg); ok {
			t.touchDoc(id)
		}
		if id, ok := argInt(args, in.docArg); ok {
			t.touchDoc(id)
		}
		return
	case "journal_entries":
		if id, ok := argInt(args, in.docArg); ok {
			kind := in.kindConst
			if in.kindArg >= 0 && in.kindArg < len(args) {
				kind, _ = args[in.kindArg].(string)
			}
			t.postedDoc(id, kind)
		}
		return
	case "allocations":
		a.allocated = true
		for _, i := range []int{in.creditArg, in.invArg} {
			if id, ok := argInt(args, i); ok {
				t.touchDoc(id)
			}
		}
		if id, ok := argInt(args, in.idArg); ok {
			var c, inv int64
			if err := t.QueryRowContext(t.ctx, `SELECT credit_id, invoice_id FROM allocations WHERE id = ?`, id).Scan(&c, &inv); err == nil {
				t.touchDoc(c)
				t.touchDoc(inv)
			} else if err != sql.ErrNoRows {
				a.err = err
			}
		}
		return
	}
	if docTables[in.table] {
		return
	}
	if a.tables == nil {
		a.tables = map[string]*tableChange{}
	}
	tc := a.tables[in.table]
	if tc == nil {
		tc = &tableChange{order: len(a.tables)}
		a.tables[in.table] = tc
	}
	switch in.op {
	case "insert":
		tc.inserts++
		if id, ok := argInt(args, in.idArg); ok && len(tc.rows) < auditRowsPerTable && !tc.has(id) {
			tc.rows = append(tc.rows, rowChange{id: id, insert: true})
		}
	case "update":
		tc.updates++
		if id, ok := argInt(args, in.idArg); ok && len(tc.rows) < auditRowsPerTable && !tc.has(id) {
			before, err := t.readRow(in.table, id)
			if err != nil {
				a.err = err
			}
			tc.rows = append(tc.rows, rowChange{id: id, before: before})
		}
	case "delete":
		tc.deletes++
	}
}

// noteInsertID records the id of a row an insert gave.
func (t *tx) noteInsertID(q string, id int64) {
	in := classify(q)
	a := t.audit
	if a == nil || a.off || in.op != "insert" {
		return
	}
	if in.table == "documents" {
		t.touchDoc(id)
		return
	}
	if docTables[in.table] || in.table == "settings" {
		return
	}
	if tc := a.tables[in.table]; tc != nil && len(tc.rows) < auditRowsPerTable && !tc.has(id) {
		tc.rows = append(tc.rows, rowChange{id: id, insert: true})
	}
}

func (tc *tableChange) has(id int64) bool {
	for _, r := range tc.rows {
		if r.id == id {
			return true
		}
	}
	return false
}

// readRow reads a row of a table by id, every column, as a map.
func (t *tx) readRow(table string, id int64) (map[string]any, error) {
	rows, err := t.QueryContext(t.ctx, `SELECT * FROM `+table+` WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	if !rows.Next() {
		return nil, rows.Err()
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	m := make(map[string]any, len(cols))
	for i, c := range cols {
		if b, ok := vals[i].([]byte); ok {
			if len(b) > 256 {
				// A file or a long body: its digest, not its bytes.
				sum := sha256.Sum256(b)
				vals[i] = "sha256:" + hex.EncodeToString(sum[:])
			} else {
				vals[i] = string(b)
			}
		}
		if s, ok := vals[i].(string); ok && len(s) > 2000 {
			sum := sha256.Sum256([]byte(s))
			vals[i] = fmt.Sprintf("(%d characters, sha256:%s)", len(s), hex.EncodeToString(sum[:]))
		}
		m[c] = vals[i]
	}
	return m, rows.Err()
}

func (t *tx) readSettings() map[string]string {
	m := map[string]string{}
	rows, err := t.QueryContext(t.ctx, `SELECT key, value FROM settings`)
	if err != nil {
		t.auditing().err = err
		return m
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if rows.Scan(&k, &v) == nil {
			m[k] = v
		}
	}
	return m
}

// actionNames name the entries of a table's rows; other tables are
// TABLE.insert, TABLE.update, TABLE.delete.
var actionNames = map[string][2]string{
	"customers": {"customer.create", "customer.edit"},
	"disputes":  {"dispute.open", "dispute.change"},
	"promises":  {"promise.add", "promise.change"},
	"outbox":    {"reminder.write", "reminder.outcome"},
}

var auditUser = sync.OnceValue(osUser)

// flushAudit appends the transaction's entries, just before it commits.
func (t *tx) flushAudit() error {
	a := t.audit
	if a == nil || a.off || auditOff {
		return nil
	}
	entries, err := t.auditEntries(a)
	if err != nil {
		return err
	}
	return t.appendEntries(entries)
}

// appendEntries puts entries at the end of the chain.
func (t *tx) appendEntries(entries []AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	head, err := t.auditHead()
	if err != nil {
		return err
	}
	user := auditUser()
	if t.dialect == postgresDialect {
		if db := t.actor(); db != "" && db != user {
			user += " (" + db + ")"
		}
	}
	for i := range entries {
		e := &entries[i]
		e.Seq = head.Count + 1
		e.At = t.now.UTC().Format(time.RFC3339Nano)
		e.User = user
		e.PrevHash = head.Hash
		e.v1 = auditWriteV1
		e.Hash = entryHash(e)
		var cust, units any
		if e.CustomerID != 0 {
			cust = e.CustomerID
		}
		if len(e.units) > 0 {
			units = e.units
		}
		if _, err := t.exec(`INSERT INTO audit_log (seq, at, os_user, action, subject, customer_id, detail, units, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, e.At, e.User, e.Action, e.Subject, cust, string(e.Detail), units, e.PrevHash, e.Hash); err != nil {
			return fmt.Errorf("audit log: %w", err)
		}
		head = AuditHead{Count: e.Seq, Hash: e.Hash}
	}
	t.head = &head
	return nil
}

// auditHead is the chain's last entry as this transaction sees it.
func (t *tx) auditHead() (AuditHead, error) {
	h := AuditHead{Hash: zeroHash}
	err := t.queryRow(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&h.Count, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return AuditHead{Hash: zeroHash}, nil
	}
	if err != nil {
		return h, fmt.Errorf("audit log: %w", err)
	}
	return h, nil
}

// auditEntries turns what the transaction noted into entries (without
// their place in the chain).
func (t *tx) auditEntries(a *auditTx) ([]AuditEntry, error) {
	var out []AuditEntry
	add := func(action, subject string, cust int64, detail map[string]any, units []auditUnit) error {
		if detail == nil {
			detail = map[string]any{}
		}
		d, err := json.Marshal(detail)
		if err != nil {
			return fmt.Errorf("audit log: %w", err)
		}
		e := AuditEntry{Action: action, Subject: subject, CustomerID: cust, Detail: d}
		if len(units) > 0 {
			e.units = encodeUnits(units)
			e.Documents = len(units)
		}
		out = append(out, e)
		return nil
	}
	claimed := map[string]bool{}
	for _, ev := range a.events {
		if err := add(ev.action, ev.subject, ev.customerID, ev.detail, ev.units); err != nil {
			return nil, err
		}
		if ts, ok := ev.detail["tables"].([]string); ok {
			for _, tb := range ts {
				claimed[tb] = true
			}
		}
	}
	// Settings.
	if a.settingsBefore != nil {
		after := t.readSettings()
		changes := map[string]any{}
		var keys []string
		for k, v := range after {
			if old, ok := a.settingsBefore[k]; !ok || old != v {
				ch := map[string]any{"new": v}
				if ok {
					ch["old"] = old
				}
				changes[k] = ch
				keys = append(keys, k)
			}
		}
		for k, old := range a.settingsBefore {
			if _, ok := after[k]; !ok {
				changes[k] = map[string]any{"old": old}
				keys = append(keys, k)
			}
		}
		if len(keys) > 0 {
			sort.Strings(keys)
			if err := add("setting.set", strings.Join(keys, ", "), 0, map[string]any{"changes": changes}, nil); err != nil {
				return nil, err
			}
		}
	}
	// Rows of other tables.
	names := make([]string, 0, len(a.tables))
	for n := range a.tables {
		if !claimed[n] {
			names = append(names, n)
		}
	}
	sort.Slice(names, func(i, j int) bool { return a.tables[names[i]].order < a.tables[names[j]].order })
	for _, n := range names {
		tc := a.tables[n]
		described := 0
		for _, r := range tc.rows {
			after, err := t.readRow(n, r.id)
			if err != nil {
				return nil, fmt.Errorf("audit log: %s %d: %w", n, r.id, err)
			}
			if after == nil && r.before == nil {
				continue // written and taken back (a savepoint)
			}
			names := actionNames[n]
			action := n + ".insert"
			detail := map[string]any{"table": n, "id": r.id}
			if r.insert {
				if names[0] != "" {
					action = names[0]
				}
				detail["new"] = after
				described++
			} else {
				if names[1] != "" {
					action = names[1]
				} else {
					action = n + ".update"
				}
				old, changed := diffRow(r.before, after)
				if len(changed) == 0 {
					continue
				}
				detail["old"], detail["new"] = old, changed
				described++
			}
			subject, cust := rowSubject(n, r.id, after, r.before)
			if err := add(action, subject, cust, detail, nil); err != nil {
				return nil, err
			}
		}
		rest := map[string]any{}
		if k := tc.inserts - countInserts(tc.rows); k > 0 {
			rest["insert"] = k
		}
		if k := tc.updates - (len(tc.rows) - countInserts(tc.rows)); k > 0 {
			rest["update"] = k
		}
		if tc.deletes > 0 {
			rest["delete"] = tc.deletes
		}
		if len(rest) > 0 {
			rest["table"] = n
			if err := add(n+".write", n, 0, rest, nil); err != nil {
				return nil, err
			}
		}
	}
	// Documents. What came before goes in first: a bulk writer's
	// documents make many entries, each written as soon as it is made
	// (a million documents' digests are not held twice).
	if err := t.appendEntries(out); err != nil {
		return nil, err
	}
	out = out[:0]
	units, err := t.docUnits(a)
	if err != nil {
		return nil, err
	}
	action := a.docAction
	if action == "" {
		switch {
		case a.firstKind != "":
			action = "document." + a.firstKind
		case a.allocated:
			action = "allocation"
		default:
			action = "document.change"
		}
	}
	flush := func() error {
		err := t.appendEntries(out)
		out = out[:0]
		return err
	}
	if len(units) > 0 {
		subject, cust, detail := a.docSubject, int64(0), a.docDetail
		first := a.firstDoc
		if first == 0 {
			first = units[0].id
		}
		for _, u := range units {
			if u.id == first && subject == "" {
				subject = u.number
			}
		}
		if len(units) <= 64 {
			custs := map[int64]bool{}
			if err := t.docCustomers(units, custs); err != nil {
				return nil, err
			}
			if len(custs) == 1 {
				for c := range custs {
					cust = c
				}
			}
		}
		if detail == nil {
			nums := make([]string, 0, min(len(units), 20))
			for _, u := range units {
				if len(nums) < 20 {
					nums = append(nums, u.number)
				}
			}
			detail = map[string]any{"documents": nums}
			if len(units) > len(nums) {
				detail["count"] = len(units)
			}
		}
		// Large runs are cut into entries of auditUnitsPerEntry documents.
		for len(units) > 0 {
			n := min(len(units), auditUnitsPerEntry)
			if err := add(action, subject, cust, detail, units[:n]); err != nil {
				return nil, err
			}
			if err := flush(); err != nil {
				return nil, err
			}
			units = units[n:]
			if len(units) > 0 {
				subject = units[0].number
			}
		}
	}
	if err := t.bulkEntries(a, action, add, flush); err != nil {
		return nil, err
	}
	a.bulks = nil
	return out, nil
}

// auditUnitsPerEntry is how many documents' digests one entry holds at
// most: a demo of a million invoices makes 100 entries, not a million.
const auditUnitsPerEntry = 10000

func countInserts(rs []rowChange) int {
	n := 0
	for _, r := range rs {
		if r.insert {
			n++
		}
	}
	return n
}

// diffRow returns the columns that changed: their old values and new.
func diffRow(before, after map[string]any) (old, changed map[string]any) {
	old, changed = map[string]any{}, map[string]any{}
	for k, v := range after {
		if b, ok := before[k]; !ok || fmt.Sprint(b) != fmt.Sprint(v) {
			old[k], changed[k] = before[k], v
		}
	}
	return old, changed
}

// rowSubject names a row in an entry: a customer by code, another row by
// its table and id; and says whose it is.
func rowSubject(table string, id int64, after, before map[string]any) (string, int64) {
	row := after
	if row == nil {
		row = before
	}
	if table == "customers" {
		if c, ok := row["code"].(string); ok {
			return c, id
		}
		return fmt.Sprint(id), id
	}
	var cust int64
	if c, ok := row["customer_id"].(int64); ok {
		cust = c
	}
	return fmt.Sprintf("%s %d", table, id), cust
}

// auditErr is the error a read of the audit hook met, if any (auditTx.err).
func (t *tx) auditErr() error {
	if t.audit == nil {
		return nil
	}
	return t.audit.err
}
