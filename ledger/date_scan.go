package ledger

import (
	"database/sql"
	"fmt"
	"time"
)

// Dates and stamps read back from the ledger's file go through here, so a
// stored value that does not parse is an error naming the value, never a
// zero time passed on as if it were a date. database/sql adds the column:
// "sql: Scan error on column index 7, name "date": stored date ...".

// storedDate parses a date column (YYYY-MM-DD) read from the file; col
// names it in the error.
func storedDate(col, s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored %s %q is not a date (YYYY-MM-DD): the ledger file is damaged", col, s)
	}
	if DateInRange(t) != nil {
		return time.Time{}, fmt.Errorf("stored %s %q is outside %s … %s: the ledger file is damaged", col, s, FirstDate, LastDate)
	}
	return t, nil
}

// storedStamp parses a time stamp column (RFC 3339, as tx.stamp writes it).
func storedStamp(col, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored %s %q is not a time stamp (RFC 3339): the ledger file is damaged", col, s)
	}
	return t, nil
}

// dateScan is a sql.Scanner that parses a stored date or stamp into *t.
// An optional column leaves *t zero for NULL or an empty string; a required
// one refuses them.
type dateScan struct {
	t        *time.Time
	stamp    bool // RFC 3339 rather than YYYY-MM-DD
	optional bool
}

var _ sql.Scanner = dateScan{}

// scanDate scans a required date column into *t.
func scanDate(t *time.Time) dateScan { return dateScan{t: t} }

// scanOptDate scans a date column that may be NULL or empty into *t (zero then).
func scanOptDate(t *time.Time) dateScan { return dateScan{t: t, optional: true} }

// scanStamp scans a required time stamp column into *t.
func scanStamp(t *time.Time) dateScan { return dateScan{t: t, stamp: true} }

// scanOptStamp scans a time stamp column that may be NULL or empty into *t.
func scanOptStamp(t *time.Time) dateScan { return dateScan{t: t, stamp: true, optional: true} }

func (d dateScan) Scan(v any) error {
	what := "date"
	if d.stamp {
		what = "time stamp"
	}
	// database/sql names the column in front of the error.
	var s string
	switch v := v.(type) {
	case nil:
		if !d.optional {
			return fmt.Errorf("stored %s is NULL: the ledger file is damaged", what)
		}
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("stored %s is a %T (%v), not text: the ledger file is damaged", what, v, v)
	}
	if s == "" {
		if !d.optional {
			return fmt.Errorf("stored %s is empty: the ledger file is damaged", what)
		}
		*d.t = time.Time{}
		return nil
	}
	var err error
	if d.stamp {
		*d.t, err = storedStamp("value", s)
	} else {
		*d.t, err = storedDate("value", s)
	}
	return err
}
