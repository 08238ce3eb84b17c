package ledger

import "strings"

// bulkInsert is a statement that writes rows given as VALUES: head, then
// row once per row. In row each "?" is a parameter and "?S" the
// transaction's stamp (created_at), written as a literal. Parameters are
// plain "?": the driver looks each numbered one up by name, which takes
// time in proportion to their number.
type bulkInsert struct {
	head, row string
	cols      int // parameters per row
}

func newBulkInsert(head, row string) *bulkInsert {
	return &bulkInsert{head: head, row: row, cols: strings.Count(row, "?") - strings.Count(row, "?S")}
}

// query is the statement for n rows.
func (ins *bulkInsert) query(n int, stamp string) string {
	row := strings.ReplaceAll(ins.row, "?S", "'"+strings.ReplaceAll(stamp, "'", "''")+"'")
	return ins.head + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// bulkKey names a prepared statement: a bulkInsert for so many rows.
type bulkKey struct {
	ins *bulkInsert
	n   int
}

// stmtRows is how many of n rows the next statement takes: at most max,
// else the largest power of two, so that few statements are prepared.
func stmtRows(n, max int) int {
	for n > max || n&(n-1) != 0 {
		if n > max {
			n = max
		} else {
			n &= n - 1 // drop the lowest bit until one is left
		}
	}
	return n
}
