package ledger

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestDemoWriterMatchesRealPaths builds the demo through demoWriter and
// through the ledger's own transaction paths and wants the same file, row
// for row: demoWriter stands in for t.issueInvoice, t.allocate, t.void and
// the rest, so a change to them that it does not follow shows here.
func TestDemoWriterMatchesRealPaths(t *testing.T) {
	ctx := context.Background()
	for _, o := range []DemoOptions{
		{Invoices: 4000, Seed: 1, AsOf: day("2026-03-31")},
		{Invoices: 2500, Customers: 7, Seed: 42, AsOf: day("2025-11-16")},
		{Invoices: 30, Seed: 3, AsOf: day("2026-01-04")},
		// An invoice of the last day that would be voided that day: the
		// void waits for a day that never comes, and demoGen.fate must
		// know it.
		{Invoices: 1500, Customers: 40, Seed: 66, AsOf: day("2026-03-31")},
	} {
		t.Run(fmt.Sprintf("seed%d", o.Seed), func(t *testing.T) {
			paths, writer := newTestStore(t), newTestStore(t)
			rp, err := paths.demo(ctx, o, true)
			if err != nil {
				t.Fatal(err)
			}
			rw, err := writer.demo(ctx, o, false)
			if err != nil {
				t.Fatal(err)
			}
			if rp != rw {
				t.Fatalf("real paths %+v, writer %+v", rp, rw)
			}
			for _, q := range []string{
				`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name`,
				`SELECT * FROM settings ORDER BY key`,
				`SELECT * FROM sequences ORDER BY kind`,
				`SELECT * FROM customers ORDER BY id`,
				`SELECT * FROM documents ORDER BY id`,
				`SELECT * FROM document_lines ORDER BY document_id, line_no`,
				`SELECT * FROM journal_entries ORDER BY id`,
				`SELECT * FROM postings ORDER BY entry_id, line`,
				`SELECT * FROM allocations ORDER BY id`,
			} {
				a := sameRows(t, paths, writer, q)
				if len(a) == 0 && !strings.Contains(q, "settings") {
					t.Fatalf("%s: no rows", q)
				}
			}
			mustCheck(t, writer)
			if fk := dumpRows(t, writer, `PRAGMA foreign_key_check`); len(fk) != 0 {
				t.Fatalf("foreign keys: %v", fk)
			}
			// The writer's connection checks foreign keys again.
			var on int
			if err := writer.w.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&on); err != nil || on != 1 {
				t.Fatalf("foreign_keys %d, %v", on, err)
			}
		})
	}
}

// dumpRows renders every row of a query with each value's type, so that
// NULL, an empty text and 0 all differ.
// sameRows fails unless q gives the same rows on the ledger written
// through the real paths and on the one written by a bulk writer, naming
// the first row that differs; it returns the rows.
func sameRows(t *testing.T, paths, writer *Store, q string) []string {
	t.Helper()
	a, b := dumpRows(t, paths, q), dumpRows(t, writer, q)
	if slices.Equal(a, b) {
		return a
	}
	for k := range min(len(a), len(b)) {
		if a[k] != b[k] {
			t.Fatalf("%s: row %d\nreal paths %s\nwriter     %s", q, k+1, a[k], b[k])
		}
	}
	t.Fatalf("%s: real paths %d rows, writer %d", q, len(a), len(b))
	return nil
}

func dumpRows(t *testing.T, s *Store, q string) []string {
	t.Helper()
	rows, err := s.r.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		for i, v := range vals {
			fmt.Fprintf(&sb, "%s=%T:%v ", cols[i], v, v)
		}
		out = append(out, sb.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
