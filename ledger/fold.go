package ledger

import (
	"database/sql/driver"
	"strings"

	"modernc.org/sqlite"
)

// fold(text) is the text in lower case by Unicode's rules, for searches
// that ignore case in any script: SQLite's own lower() and LIKE fold only
// ASCII, so "NGUYỄN" would not find "Nguyễn" nor "łódź" find "ŁÓDŹ".
// PostgreSQL's lower() folds every script; its schema defines fold() as
// lower() (migrations_pg/0027_fold.sql), so queries use fold() on both.
// Customers' codes, names and emails go through it; document numbers and
// references, which are ASCII in practice and many, keep lower(), which
// costs nothing per row.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("fold", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return strings.ToLower(v), nil
		case []byte:
			return strings.ToLower(string(v)), nil
		}
		return args[0], nil // NULL, numbers
	})
}
