package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// What Check proves of each row beyond the sums: bytes changed in the
// file (a disk, a copy, a hand with a hex editor) changed a line's
// quantity and a posting's date, and every sum still agreed. Each row is
// now held to what wrote it: a document's lines add up to its totals, its
// first entry to its total, every posting to its entry and document,
// every stored date parses and lies in range, every number is one the
// ledger could have written, and the numbering has no gaps.

// textColumns are the stored texts a user typed or a file brought in,
// by table: each must be UTF-8 without a control character (line breaks
// only where controlChar allows them), as the door lets in. Random bytes
// in a name mostly break that, and no other rule holds a name.
var textColumns = []struct {
	table, key string
	cols       []string
}{
	{"customers", "code", []string{"code", "name", "email", "phone", "address", "tax_id", "notes"}},
	{"documents", "id", []string{"number", "reference", "notes", "void_reason"}},
	{"document_lines", "document_id", []string{"description"}},
}

// checkStoredText reads every stored text of textColumns.
func checkStoredText(ctx context.Context, rtx *sql.Tx, rep *CheckReport) error {
	for _, tc := range textColumns {
		bad := 0
		vals := make([]sql.NullString, len(tc.cols)+1)
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		err := each(ctx, rtx, `SELECT CAST(`+tc.key+` AS TEXT), `+strings.Join(tc.cols, ", ")+` FROM `+tc.table, func(r *sql.Rows) error {
			if err := r.Scan(ptrs...); err != nil {
				return err
			}
			for i, c := range tc.cols {
				if err := validText(c, vals[i+1].String); err != nil {
					if bad++; bad <= 5 {
						rep.add("%s %s %s: %v (brought in before Paidup refused it, or damaged)", tc.table, tc.key, vals[0].String, err)
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if bad > 5 {
			rep.add("%s: %d texts in all are not UTF-8 or hold control characters", tc.table, bad)
		}
	}
	return nil
}

// checkContent runs the row checks on the snapshot rtx of a ledger on d.
func checkContent(ctx context.Context, rtx *sql.Tx, rep *CheckReport, d dialect) error {
	migrations := func(ctx context.Context, rtx *sql.Tx, rep *CheckReport) error {
		return checkMigrations(ctx, rtx, rep, d)
	}
	for _, c := range []func(context.Context, *sql.Tx, *CheckReport) error{
		checkLines, checkEntries, checkDates, checkNumbers, checkSequences, checkStoredText, checkCharges, migrations,
	} {
		if err := c(ctx, rtx, rep); err != nil {
			return fmt.Errorf("check: %w", err)
		}
	}
	return nil
}

// each runs query and calls fn for each row.
func each(ctx context.Context, rtx *sql.Tx, query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := rtx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// checkLines recomputes every issued document's lines (each line's net,
// the net and the tax per rate, as computeLines does when it is issued)
// and compares them with what is stored; an invoice or credit note
// without lines is a problem too.
func checkLines(ctx context.Context, rtx *sql.Tx, rep *CheckReport) error {
	type doc struct {
		id              int64
		kind            Kind
		number          string
		net, tax, total int64
	}
	var cur doc
	var lines []Line
	var stored []int64 // each line's stored net
	var numbered bool  // the lines are numbered 1, 2, … in order
	flush := func() {
		if cur.id == 0 {
			return
		}
		ref := docRef(cur.kind, cur.number)
		net, tax, _, err := computeLines(lines)
		switch {
		case !numbered:
			rep.add("%s: its lines are not numbered 1 to %d", ref, len(lines))
		case err != nil:
			rep.add("%s: its lines cannot have been issued: %v", ref, err)
		case net != cur.net || tax != cur.tax || cur.total != net+tax:
			rep.add("%s: its lines add up to net %d, tax %d, but it says net %d, tax %d, total %d (minor units)", ref, net, tax, cur.net, cur.tax, cur.total)
		default:
			for i, l := range lines {
				if l.Net != stored[i] {
					rep.add("%s line %d: %s × %d less %s%% is %d, but the line says %d (minor units)", ref, i+1, l.Quantity, l.UnitPrice, l.Discount, l.Net, stored[i])
				}
			}
		}
		lines, stored, numbered = lines[:0], stored[:0], true
	}
	err := each(ctx, rtx, `SELECT d.id, d.kind, COALESCE(d.number, ''), d.net, d.tax, d.total,
			l.line_no, l.quantity, l.unit_price, l.discount, l.tax_rate, l.net
		FROM documents d JOIN document_lines l ON l.document_id = d.id
		WHERE d.status <> 'draft' ORDER BY d.id, l.line_no`, func(r *sql.Rows) error {
		var d doc
		var l Line
		var no, qty, disc, rate, net int64
		if err := r.Scan(&d.id, &d.kind, &d.number, &d.net, &d.tax, &d.total, &no, &qty, &l.UnitPrice, &disc, &rate, &net); err != nil {
			return err
		}
		if d.id != cur.id {
			flush()
			cur, numbered = d, true
		}
		numbered = numbered && no == int64(len(lines)+1)
		l.Quantity, l.Discount, l.TaxRate = Decimal4(qty), Decimal4(disc), Decimal4(rate)
		lines, stored = append(lines, l), append(stored, net)
		return nil
	})
	if err != nil {
		return err
	}
	flush()
	return each(ctx, rtx, `SELECT d.kind, COALESCE(d.number, '') FROM documents d
		WHERE d.status <> 'draft' AND d.kind IN ('invoice', 'credit_note', 'charge')
		AND NOT EXISTS (SELECT 1 FROM document_lines l WHERE l.document_id = d.id) LIMIT 50`, func(r *sql.Rows) error {
		var k Kind
		var n string
		err := r.Scan(&k, &n)
		rep.add("%s has no lines", docRef(k, n))
		return err
	})
}

// checkEntries holds every journal entry to its document: its first entry
// (the issue, the payment, the write-off) is dated the document's date and
// debits its total; every posting is in the document's currency, dated its
// entry's date, to an account of the chart, and names the document's
// customer exactly when it posts to 1100 or 2100. An exchange difference
// (kind fx, fx.go) is in the home currency, on 1190 and 4950 alone.
func checkEntries(ctx context.Context, rtx *sql.Tx, rep *CheckReport) error {
	var accounts []string
	for _, a := range Accounts {
		accounts = append(accounts, strconv.Itoa(int(a)))
	}
	checks := []struct {
		query string
		say   func(kind Kind, number string, n int64) string
	}{
		{`SELECT d.kind, COALESCE(d.number, ''), COALESCE(SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END), 0)
		  FROM documents d
		  LEFT JOIN journal_entries e ON e.id = (SELECT MIN(e2.id) FROM journal_entries e2 WHERE e2.document_id = d.id)
		  LEFT JOIN postings p ON p.entry_id = e.id
		  WHERE d.status <> 'draft' AND d.total <> 0
		  GROUP BY d.id, d.kind, d.number, d.total, d.date, e.kind, e.date
		  HAVING COALESCE(SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END), 0) <> d.total
		      OR COALESCE(e.kind, '') NOT IN ('issue', 'payment', 'write_off', 'discount') OR COALESCE(e.date, '') <> d.date
		  LIMIT 50`,
			func(k Kind, n string, debits int64) string {
				return fmt.Sprintf("%s: its first journal entry debits %d (minor units), is of another kind or dated otherwise than the document", docRef(k, n), debits)
			}},
		{`SELECT d.kind, COALESCE(d.number, ''), e.id FROM journal_entries e JOIN documents d ON d.id = e.document_id
		  WHERE e.date < d.date OR d.status = 'draft' OR e.kind NOT IN ('issue', 'payment', 'write_off', 'discount', 'apply', 'void', 'fx') LIMIT 50`,
			func(k Kind, n string, id int64) string {
				return fmt.Sprintf("journal entry %d of %s is dated before it, of no known kind, or the document is a draft", id, docRef(k, n))
			}},
		// A memo is made of its document's number (and a void's reason):
		// the letters of both are proved by it, and it by them.
		{`SELECT d.kind, COALESCE(d.number, ''), e.id FROM journal_entries e JOIN documents d ON d.id = e.document_id
		  WHERE e.memo <> CASE e.kind
		    WHEN 'issue' THEN (CASE d.kind WHEN 'invoice' THEN 'invoice ' WHEN 'credit_note' THEN 'credit note ' WHEN 'charge' THEN 'charge ' WHEN 'refund' THEN 'refund ' ELSE '' END) || COALESCE(d.number, '')
		    WHEN 'payment' THEN 'payment ' || COALESCE(d.number, '')
		    WHEN 'apply' THEN 'apply ' || COALESCE(d.number, '')
		    WHEN 'void' THEN 'void ' || COALESCE(d.number, '') || ': ' || d.void_reason
		    WHEN 'write_off' THEN 'write-off of ' || COALESCE((SELECT i.number FROM allocations a JOIN documents i ON i.id = a.invoice_id
		      WHERE a.credit_id = d.id ORDER BY a.id LIMIT 1), '')
		    WHEN 'discount' THEN 'discount on ' || COALESCE((SELECT i.number FROM allocations a JOIN documents i ON i.id = a.invoice_id
		      WHERE a.credit_id = d.id ORDER BY a.id LIMIT 1), '')
		    ELSE e.memo END
		  LIMIT 50`,
			func(k Kind, n string, id int64) string {
				return fmt.Sprintf("journal entry %d of %s: its memo is not the one its document gives", id, docRef(k, n))
			}},
		{`SELECT d.kind, COALESCE(d.number, ''), p.entry_id FROM postings p
		  JOIN journal_entries e ON e.id = p.entry_id JOIN documents d ON d.id = e.document_id
		  WHERE (p.currency <> d.currency AND e.kind <> 'fx') OR p.date <> e.date OR p.amount = 0
		     OR (e.kind = 'fx' AND p.account NOT IN (1190, 4950))
		     OR p.account NOT IN (` + strings.Join(accounts, ", ") + `)
		     OR (p.account IN (1100, 2100) AND (p.customer_id IS NULL OR p.customer_id <> d.customer_id))
		     OR (p.account NOT IN (1100, 2100) AND p.customer_id IS NOT NULL)
		  LIMIT 50`,
			func(k Kind, n string, id int64) string {
				return fmt.Sprintf("journal entry %d of %s has a posting that does not belong to it (currency, date, account, amount or customer)", id, docRef(k, n))
			}},
	}
	for _, c := range checks {
		err := each(ctx, rtx, c.query, func(r *sql.Rows) error {
			var k Kind
			var num string
			var n int64
			if err := r.Scan(&k, &num, &n); err != nil {
				return err
			}
			rep.add("%s", c.say(k, num, n))
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// dateColumns are the stored dates by table, and whether each may be
// empty (or NULL).
var dateColumns = []struct {
	table    string
	cols     []string
	optional map[string]bool
}{
	{"documents", []string{"date", "due_date", "last_change", "closed_on", "reopened_on", "void_date"},
		map[string]bool{"reopened_on": true, "void_date": true}},
	{"journal_entries", []string{"date"}, nil},
	{"postings", []string{"date"}, nil},
	{"allocations", []string{"date", "void_date"}, map[string]bool{"void_date": true}},
}

// checkDates parses every stored date: a date that does not parse or lies
// outside FirstDate … LastDate is damage (closed_on's far-future mark of
// an open document aside), and so is a due date before its document's
// date or a void before it. Each table is read once, and each distinct
// date parsed once: a ledger has few.
func checkDates(ctx context.Context, rtx *sql.Tx, rep *CheckReport) error {
	good := map[string]bool{openUntil: true}
	for _, c := range dateColumns {
		vals := make([]sql.NullString, len(c.cols))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		bad := map[string]bool{}
		err := each(ctx, rtx, `SELECT `+strings.Join(c.cols, ", ")+` FROM `+c.table, func(r *sql.Rows) error {
			if err := r.Scan(ptrs...); err != nil {
				return err
			}
			for i, v := range vals {
				col := c.cols[i]
				switch {
				case good[v.String] && (v.String != openUntil || col == "closed_on"):
				case !v.Valid || v.String == "":
					if !c.optional[col] && !bad[col] {
						bad[col] = true
						rep.add("%s.%s: a row has no date", c.table, col)
					}
				default:
					if _, err := storedDate(c.table+"."+col, v.String); err != nil {
						if !bad[v.String] {
							bad[v.String] = true
							rep.add("%v", err)
						}
					} else {
						good[v.String] = true
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	// Stamps are many and mostly distinct: read them all, parse each.
	// A bulk write stamps all its rows alike: known good stamps are not
	// parsed again (up to a bound, so that memory stays small).
	goodStamps := map[string]bool{}
	for _, table := range []string{"customers", "documents", "journal_entries"} {
		bad := 0
		err := each(ctx, rtx, `SELECT created_at FROM `+table, func(r *sql.Rows) error {
			var v string
			if err := r.Scan(&v); err != nil {
				return err
			}
			if goodStamps[v] {
				return nil
			}
			_, err := storedStamp(table+".created_at", v)
			if err == nil && len(goodStamps) < 100000 {
				goodStamps[v] = true
			}
			if err != nil {
				if bad++; bad <= 5 {
					rep.add("%v", err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if bad > 5 {
			rep.add("%s: %d stamps (created_at) in all do not parse", table, bad)
		}
	}
	return each(ctx, rtx, `SELECT kind, COALESCE(number, '') FROM documents
		WHERE status <> 'draft' AND (due_date < date OR (void_date IS NOT NULL AND void_date < date) OR last_change < date) LIMIT 50`, func(r *sql.Rows) error {
		var k Kind
		var n string
		err := r.Scan(&k, &n)
		rep.add("%s: its due date, void date or last change is before its date", docRef(k, n))
		return err
	})
}

// checkNumbers holds every stored number to the range the ledger writes:
// amounts within ±maxAmount, quantities above zero, rates and discounts
// 0 … 100 %, terms within maxTermsDays, currencies known.
func checkNumbers(ctx context.Context, rtx *sql.Tx, rep *CheckReport) error {
	max := strconv.FormatInt(maxAmount, 10)
	pct := strconv.FormatInt(int64(D4(100)), 10)
	for _, c := range []struct{ query, what string }{
		{`SELECT COUNT(*) FROM documents WHERE net < -` + max + ` OR net > ` + max + ` OR tax < -` + max + ` OR tax > ` + max +
			` OR total > ` + max + ` OR open > total OR open < 0 OR (kind IN ('payment', 'write_off') AND (net <> 0 OR tax <> 0))` +
			` OR (status <> 'draft' AND total <> net + tax AND kind IN ('invoice', 'credit_note', 'charge', 'discount'))`,
			"documents have an amount out of range or totals that do not add up"},
		{`SELECT COUNT(*) FROM document_lines WHERE quantity <= 0 OR unit_price < -` + max + ` OR unit_price > ` + max +
			` OR net < -` + max + ` OR net > ` + max + ` OR discount < 0 OR discount > ` + pct + ` OR tax_rate < 0 OR tax_rate > ` + pct +
			// A VAT category (e-invoices) is one of UNCL5305's the ledger takes; S is above 0%, every other at 0%.
			` OR vat_category NOT IN ('', 'S', 'Z', 'E', 'AE', 'K', 'G', 'O') OR (vat_category = 'S' AND tax_rate = 0)` +
			` OR (vat_category NOT IN ('', 'S') AND tax_rate <> 0)`,
			"document lines have a quantity, price, discount, tax rate, VAT category or net out of range"},
		{`SELECT COUNT(*) FROM postings WHERE amount < -` + max + ` OR amount > ` + max, "postings have an amount out of range"},
		{`SELECT COUNT(*) FROM allocations WHERE amount <= 0 OR amount > ` + max, "allocations have an amount out of range"},
		{`SELECT COUNT(*) FROM payment_sources s LEFT JOIN documents d ON d.id = s.document_id
		  WHERE d.kind IS NULL OR d.kind <> 'payment' OR length(s.file_sha256) <> 64 OR lower(s.file_sha256) <> s.file_sha256`,
			"payment sources name no payment, or no SHA-256"},
		{`SELECT COUNT(*) FROM customers WHERE terms_days < 0 OR terms_days > ` + strconv.Itoa(maxTermsDays) +
			` OR credit_limit < 0 OR credit_limit > ` + max, "customers have terms or a credit limit out of range"},
	} {
		var n int64
		if err := rtx.QueryRowContext(ctx, c.query).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			rep.add("%d %s", n, c.what)
		}
	}
	for _, t := range []string{"customers", "documents", "postings"} {
		err := each(ctx, rtx, `SELECT DISTINCT currency FROM `+t, func(r *sql.Rows) error {
			var cur string
			if err := r.Scan(&cur); err != nil {
				return err
			}
			if !ValidCurrency(cur) {
				rep.add("%s: unknown currency %q", t, cur)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// checkSequences proves the numbering gap-free: under each sequence's
// prefix, the numbers of the documents it numbered run without a gap up to
// the number before next. A run may start anywhere (numbering may begin at
// 1000), and where the user moved the counter on (SetNumbering, which
// records it) a gap is expected.
func checkSequences(ctx context.Context, rtx *sql.Tx, rep *CheckReport) error {
	type seq struct {
		kind, prefix string
		width        int
		next         int64
	}
	var seqs []seq
	err := each(ctx, rtx, `SELECT kind, prefix, width, next FROM sequences ORDER BY kind`, func(r *sql.Rows) error {
		var s seq
		err := r.Scan(&s.kind, &s.prefix, &s.width, &s.next)
		seqs = append(seqs, s)
		return err
	})
	if err != nil {
		return err
	}
	// The four sequences of migration 1, charges' of migration 17 and
	// refunds' of migration 19, each with its prefix there or one
	// SetNumbering recorded, and the width it never changes.
	defaults := map[string]string{"invoice": "INV-", "credit_note": "CN-", "payment": "PAY-", "write_off": "WO-", "charge": "CHG-", "refund": "REF-", "discount": "DSC-"}
	if len(seqs) != len(defaults) {
		rep.add("sequences: %d numberings, want the %d of invoices, credit notes, payments, write-offs, charges, refunds and discounts", len(seqs), len(defaults))
	}
	for _, s := range seqs {
		def, known := defaults[s.kind]
		if !known {
			rep.add("sequences: no document kind %q", s.kind)
			continue
		}
		prefixes, err := numberingPrefixes(ctx, rtx, s.kind)
		if err != nil {
			return err
		}
		if s.prefix != def && !prefixes[s.prefix] {
			rep.add("%s numbering: prefix %q was never set (it was %q)%s", s.kind, s.prefix, def, gapHint)
		}
		if s.width != 6 || s.next < 1 {
			rep.add("%s numbering: width %d and next %d, not a counter Paidup keeps", s.kind, s.width, s.next)
		}
		jumps, err := numberingJumps(ctx, rtx, s.kind, s.prefix)
		if err != nil {
			return err
		}
		var prev int64
		err = each(ctx, rtx, `SELECT number FROM documents WHERE kind = ? AND number IS NOT NULL AND substr(number, 1, ?) = ?
			ORDER BY length(number), number`,
			func(r *sql.Rows) error {
				var num string
				if err := r.Scan(&num); err != nil {
					return err
				}
				n, ok := sequenceNumber(num, s.prefix, s.width)
				if !ok {
					return nil // a number given (an import), not the sequence's
				}
				if n >= s.next {
					// Only an import can have given it (the counter
					// skips it when it gets there).
					return nil
				}
				if prev != 0 && n != prev+1 && !jumps[n] {
					rep.add("%s numbers jump from %s to %s: a gap in the numbering%s", s.kind, fmt.Sprintf("%s%0*d", s.prefix, s.width, prev), num, gapHint)
				}
				prev = n
				return nil
			}, s.kind, len(s.prefix), s.prefix)
		if err != nil {
			return err
		}
		if prev != 0 && prev != s.next-1 && !jumps[s.next] {
			rep.add("%s counter is at %d but the last %s number is %s%0*d: a gap in the numbering%s", s.kind, s.next, s.kind, s.prefix, s.width, prev, gapHint)
		}
	}
	return nil
}

// gapHint: a ledger whose numbering was moved on before Paidup recorded
// such moves shows its gap here too.
const gapHint = " (unless the numbering was moved on in Settings before this Paidup recorded it)"

// sequenceNumber reads the counter value of a number the sequence wrote
// (prefix, then at least width digits).
func sequenceNumber(num, prefix string, width int) (int64, bool) {
	digits, ok := strings.CutPrefix(num, prefix)
	if !ok || len(digits) < width || strings.Trim(digits, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	return n, err == nil && n > 0 && (len(digits) == width || digits[0] != '0')
}

// numberingKey is the setting where SetNumbering records the counter
// values it set, so that Check expects the gap before them.
func numberingKey(kind string) string { return "numbering." + kind + ".set" }

// numberingPrefixes are the prefixes SetNumbering set for kind.
func numberingPrefixes(ctx context.Context, rtx *sql.Tx, kind string) (map[string]bool, error) {
	var v string
	err := rtx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, numberingKey(kind)).Scan(&v)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, j := range strings.Split(v, "\n") {
		if p, _, ok := strings.Cut(j, "\t"); ok {
			out[p] = true
		}
	}
	return out, nil
}

// numberingJumps are the counter values SetNumbering set under prefix.
func numberingJumps(ctx context.Context, rtx *sql.Tx, kind, prefix string) (map[int64]bool, error) {
	var v string
	err := rtx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, numberingKey(kind)).Scan(&v)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	jumps := map[int64]bool{}
	for _, j := range strings.Split(v, "\n") {
		p, n, ok := strings.Cut(j, "\t")
		if !ok || p != prefix {
			continue
		}
		if k, err := strconv.ParseInt(n, 10, 64); err == nil {
			jumps[k] = true
		}
	}
	return jumps, nil
}

// checkMigrations holds the record of the schema's migrations to the
// migrations this Paidup embeds for the database: each version applied
// under its own name, at a time that parses.
func checkMigrations(ctx context.Context, rtx *sql.Tx, rep *CheckReport, d dialect) error {
	ms, err := migrations()
	if d == postgresDialect {
		ms, err = readMigrations(migrationPGFS, "migrations_pg")
	}
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, m := range ms {
		names[int64(m.version)] = m.name
	}
	return each(ctx, rtx, `SELECT version, name, applied_at FROM schema_migrations ORDER BY version`, func(r *sql.Rows) error {
		var v int64
		var name, at string
		if err := r.Scan(&v, &name, &at); err != nil {
			return err
		}
		if want, ok := names[v]; ok && want != name {
			rep.add("schema_migrations: version %d is recorded as %q, but it is %q", v, name, want)
		}
		if _, err := storedStamp("schema_migrations.applied_at", at); err != nil {
			rep.add("%v", err)
		}
		return nil
	})
}
