package ledger

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

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

// dumpRows renders every row of a query with each value's type, so that
// NULL, an empty text and 0 all differ.
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
