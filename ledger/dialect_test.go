package ledger

import "testing"

func TestRebind(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`SELECT a FROM t WHERE x = ? AND y = ?`, `SELECT a FROM t WHERE x = $1 AND y = $2`},
		{`SELECT ?1, ?2, ?1`, `SELECT $1, $2, $1`},
		{`WHERE a = ?2 AND b = ?`, `WHERE a = $2 AND b = $3`},
		{`SELECT '?', "a?b", ? -- what?` + "\n" + `FROM t`, `SELECT '?', "a?b", $1 -- what?` + "\n" + `FROM t`},
		{`SELECT 'it''s ?' , ?`, `SELECT 'it''s ?' , $1`},
		{"FROM documents d INDEXED BY documents_asof\nWHERE", "FROM documents d \nWHERE"},
		{"FROM documents d INDEXED BY documents_customer JOIN c", "FROM documents d  JOIN c"},
		{`SELECT reindexed BY_x FROM t`, `SELECT reindexed BY_x FROM t`},
		{`INSERT OR FAIL INTO documents (a) VALUES (?)`, `INSERT INTO documents (a) VALUES ($1)`},
		{`SELECT a OR FAIL FROM t`, `SELECT a OR FAIL FROM t`},
		{"FROM h CROSS JOIN documents d INDEXED BY documents_customer ON d.c = h.c", "FROM h JOIN documents d  ON d.c = h.c"},
		{"FROM (SELECT a FROM t WHERE b = ? /*pg: OFFSET 0*/) x", "FROM (SELECT a FROM t WHERE b = $1  OFFSET 0) x"},
	} {
		if got := rebind(tc.in); got != tc.want {
			t.Errorf("rebind(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
