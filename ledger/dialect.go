package ledger

import (
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
)

// The ledger's SQL is written once, in the SQL both SQLite and PostgreSQL
// understand, with SQLite's "?" and "?N" parameters. What differs lives
// here and in the two migration folders (migrations/ for SQLite,
// migrations_pg/ for PostgreSQL), nowhere else:
//   - parameters: "?N" becomes "$N" and a plain "?" the next number, as
//     SQLite numbers them (rebind);
//   - SQLite's planner hints are dropped: "INDEXED BY name", and the join
//     order that "CROSS JOIN t ON …" fixes (a plain JOIN there): PostgreSQL's
//     planner has statistics and no hints; so is "OR FAIL" in "INSERT OR
//     FAIL" (it spares SQLite a statement journal; an error rolls the whole
//     transaction back on either database);
//   - "/*pg: SQL */" is SQL for PostgreSQL alone, a comment to SQLite: an
//     optimisation fence (OFFSET 0) where PostgreSQL's planner would
//     otherwise work an expression out twice;
//   - julianday(), group_concat() and the nocase collation exist on
//     PostgreSQL as functions, an aggregate and an ICU collation that the
//     PostgreSQL schema creates, so queries may use them as they are;
//   - transactions: SQLite takes its one write lock up front (BEGIN
//     IMMEDIATE); PostgreSQL runs writes SERIALIZABLE and retries a
//     transaction that lost a race (retryable);
//   - the file itself (backup, integrity_check, PRAGMAs) is SQLite's alone.

// dialect is the database a store runs on.
type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

func (d dialect) String() string {
	if d == postgresDialect {
		return "PostgreSQL"
	}
	return "SQLite"
}

// rebinds caches rebind's work: the ledger runs a few hundred distinct
// statements, each many times.
var rebinds sync.Map // string -> string

// rebind turns SQLite SQL into PostgreSQL SQL as described above. It skips
// string literals, quoted identifiers and comments.
func rebind(q string) string {
	if v, ok := rebinds.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	highest := 0
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) {
				if q[j] == c {
					if j+1 < len(q) && q[j+1] == c { // '' inside a literal
						j += 2
						continue
					}
					break
				}
				j++
			}
			end := min(j+1, len(q))
			b.WriteString(q[i:end])
			i = end
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j
		case c == '/' && strings.HasPrefix(q[i:], "/*pg:"):
			end := strings.Index(q[i:], "*/")
			if end < 0 {
				end = len(q) - i
			}
			b.WriteString(rebind(q[i+len("/*pg:") : i+end]))
			i += min(end+2, len(q)-i)
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			n := highest + 1
			if j > i+1 {
				n, _ = strconv.Atoi(q[i+1 : j])
			}
			highest = max(highest, n)
			b.WriteString("$" + strconv.Itoa(n))
			i = j
		case (c == 'I' || c == 'i') && hasWordAt(q, i, "INDEXED BY"):
			// "INDEXED BY name": drop the hint and its index name.
			j := i + len("INDEXED BY")
			for j < len(q) && q[j] == ' ' {
				j++
			}
			for j < len(q) && (isIdent(q[j])) {
				j++
			}
			i = j
		case (c == 'O' || c == 'o') && hasWordAt(q, i, "OR FAIL") && strings.HasSuffix(strings.TrimRight(q[:i], " "), "INSERT"):
			i += len("OR FAIL")
			for i < len(q) && q[i] == ' ' {
				i++
			}
		case (c == 'C' || c == 'c') && hasWordAt(q, i, "CROSS JOIN"):
			b.WriteString("JOIN")
			i += len("CROSS JOIN")
		default:
			b.WriteByte(c)
			i++
		}
	}
	out := b.String()
	rebinds.Store(q, out)
	return out
}

// hasWordAt reports whether q holds word (case-insensitive) at i as a
// whole word.
func hasWordAt(q string, i int, word string) bool {
	if i > 0 && isIdent(q[i-1]) {
		return false
	}
	if len(q)-i < len(word) || !strings.EqualFold(q[i:i+len(word)], word) {
		return false
	}
	return i+len(word) == len(q) || !isIdent(q[i+len(word)])
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// retryable reports whether a PostgreSQL transaction failed only because
// another committed first (serialization failure, deadlock): run again,
// it sees the other's work and may well succeed.
func retryable(err error) bool {
	var pe *pgconn.PgError
	// 25P02, "transaction is aborted": a statement before it failed and
	// was passed over (a read the audit hook makes on its own account
	// can meet a serialization failure); the transaction is run again
	// like any that could not serialize.
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01" || pe.Code == "25P02")
}

// boolInt is a flag as the ledger stores and compares it, 0 or 1: SQLite
// has no boolean type and PostgreSQL compares no boolean with a number.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// isUniqueViolation reports whether err is a UNIQUE constraint refusing a
// row, on either database.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// forUpdate locks the rows a SELECT reads until the transaction ends, on
// PostgreSQL; a SQLite write transaction holds the whole file already.
func (d dialect) forUpdate() string {
	if d == postgresDialect {
		return " FOR UPDATE"
	}
	return ""
}

// forUpdateSkipLocked is forUpdate that passes over rows another
// transaction has locked instead of waiting for it: two reminder runs
// claiming outbox rows each take the next free one. SQLite's single
// writer never meets a locked row.
func (d dialect) forUpdateSkipLocked() string {
	if d == postgresDialect {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}
