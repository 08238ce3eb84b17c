package ledger

import (
	"context"
	"strings"
	"testing"
)

// damage changes the ledger behind its back, its immutability triggers
// out of the way: on SQLite with the sqlite3 shell on the file (the
// triggers dropped there), on PostgreSQL as a session that fires none.
func damage(t *testing.T, s *Store, sql string) {
	t.Helper()
	if !onPostgres() {
		var drop strings.Builder
		for _, tr := range []string{"postings_no_update", "journal_no_update", "documents_immutable", "lines_immutable_update"} {
			drop.WriteString("DROP TRIGGER IF EXISTS " + tr + "; ")
		}
		sqlite3Shell(t, s.path, drop.String()+sql)
		return
	}
	ctx := context.Background()
	conn, err := s.w.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{`SET session_replication_role = replica`, sql, `SET session_replication_role = origin`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// sqliteCase marks a case's want as one only a ledger file can show.
const sqliteCase = " (SQLite)"

// contentLedger is a small ledger with an invoice of two lines at two
// rates, a payment, a credit note and a write-off.
func contentLedger(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "A", "USD")
	mustInvoice(t, s, "A", "2026-01-10", line(2, 15000, 20), line(1, 9999, 7))
	mustInvoice(t, s, "A", "2026-01-20", line(1, 5000, 0))
	mustInvoice(t, s, "A", "2026-01-25", line(3, 1000, 0))
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "A", Date: day("2026-02-01"), Amount: usd("100.00")}); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	return s
}

// TestCheckSeesContentDamage: check said ok after a line's quantity and a
// posting's date were changed in the file. Each change below is made in
// the stored rows and must be reported.
func TestCheckSeesContentDamage(t *testing.T) {
	for _, c := range []struct{ name, sql, want string }{
		{"LineQuantity", `UPDATE document_lines SET quantity = quantity + 10000 WHERE line_no = 1 AND document_id = (SELECT id FROM documents WHERE number = 'INV-000001')`,
			"invoice INV-000001: its lines add up to"},
		{"LineNet", `UPDATE document_lines SET net = net + 1 WHERE line_no = 1 AND document_id = (SELECT id FROM documents WHERE number = 'INV-000001')`,
			"invoice INV-000001 line 1:"},
		{"LinePrice", `UPDATE document_lines SET unit_price = 10000000000000000 WHERE document_id = (SELECT id FROM documents WHERE number = 'INV-000002')`,
			"out of range"},
		{"PostingDate", `UPDATE postings SET date = '2026-01-11' WHERE entry_id = (SELECT MIN(id) FROM journal_entries)`,
			"has a posting that does not belong to it"},
		{"DocumentDate", `UPDATE documents SET date = '2026-13-45' WHERE number = 'INV-000002'`,
			`stored documents.date "2026-13-45" is not a date`},
		{"DueDateFarFuture", `UPDATE documents SET due_date = '10000-01-14' WHERE number = 'INV-000002'`,
			`stored documents.due_date "10000-01-14" is not a date`},
		{"DueDateYear9999", `UPDATE documents SET due_date = '9999-12-31' WHERE number = 'INV-000002'`,
			`is outside 1900-01-01 … 2199-12-31`},
		{"EntryAgainstTotal", `UPDATE postings SET amount = amount + (CASE WHEN amount > 0 THEN 1 ELSE -1 END) WHERE entry_id = (SELECT MIN(id) FROM journal_entries) AND account IN (1100, 4000)`,
			"invoice INV-000001: its first journal entry debits"},
		{"NumberGap", `UPDATE documents SET number = 'INV-00000X' WHERE number = 'INV-000002'`,
			"invoice numbers jump from INV-000001 to INV-000003"},
		{"LastNumber", `UPDATE sequences SET next = next + 1 WHERE kind = 'invoice'`,
			"invoice counter is at 5 but the last invoice number is INV-000003"},
		{"Currency", `UPDATE customers SET currency = 'XYZ'`, `customers: unknown currency "XYZ"`},
		// PostgreSQL itself refuses text that is not UTF-8 or holds a NUL.
		{"NameNotUTF8", `UPDATE customers SET name = CAST(X'4DC3BC6C6C6572FF' AS TEXT)`, "customers code A: name is not valid UTF-8 text" + sqliteCase},
		{"NulInDescription", `UPDATE document_lines SET description = 'Consul' || char(0) || 'ting' WHERE line_no = 1`, "description contains U+0000 (NUL)" + sqliteCase},
		{"LineNumber", `UPDATE document_lines SET line_no = 96 WHERE line_no = 2 AND document_id = (SELECT id FROM documents WHERE number = 'INV-000001')`,
			"invoice INV-000001: its lines are not numbered 1 to 2"},
		{"Prefix", `UPDATE sequences SET prefix = 'INVg' WHERE kind = 'invoice'`, `invoice numbering: prefix "INVg" was never set`},
		{"Memo", `UPDATE journal_entries SET memo = 'invoice INV-00000l' WHERE id = (SELECT MIN(id) FROM journal_entries)`,
			"its memo is not the one its document gives"},
		{"Stamp", `UPDATE documents SET created_at = '2026-0` + "\x01" + `-31T12:00:00Z' WHERE number = 'INV-000002'`,
			"stored documents.created_at"},
		{"MigrationName", `UPDATE schema_migrations SET name = '0008_payment_sourcez.sql' WHERE version = 8`,
			`schema_migrations: version 8 is recorded as "0008_payment_sourcez.sql"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if want, ok := strings.CutSuffix(c.want, sqliteCase); ok {
				sqliteOnly(t)
				c.want = want
			}
			s := contentLedger(t)
			damage(t, s, c.sql)
			rep, err := s.Check(context.Background())
			if err != nil {
				if strings.Contains(err.Error(), c.want) {
					return
				}
				t.Fatal(err)
			}
			if !strings.Contains(strings.Join(rep.Problems, "\n"), c.want) {
				t.Fatalf("check did not see it: want %q in %q", c.want, rep.Problems)
			}
		})
	}
}

// TestCheckNumberingMovedOn: a gap the user made by moving the counter on
// is not a problem.
func TestCheckNumberingMovedOn(t *testing.T) {
	s := contentLedger(t)
	if err := s.SetNumbering(context.Background(), KindInvoice, "INV-", 100); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	mustInvoice(t, s, "A", "2026-02-10", line(1, 100, 0))
	if err := s.SetNumbering(context.Background(), KindInvoice, "INV-", 200); err != nil {
		t.Fatal(err)
	}
	mustInvoice(t, s, "A", "2026-02-11", line(1, 100, 0))
	mustCheck(t, s)
	if err := s.SetNumbering(context.Background(), KindInvoice, "F2026-", 1); err != nil {
		t.Fatal(err)
	}
	mustInvoice(t, s, "A", "2026-02-12", line(1, 100, 0))
	mustCheck(t, s)
}
