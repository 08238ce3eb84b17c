package ledger

import (
	"fmt"
	"time"
)

// DateLayout is how dates are written everywhere: ISO 8601, YYYY-MM-DD.
const DateLayout = "2006-01-02"

// ParseDate parses an ISO date into midnight UTC. Dates in the ledger are
// civil dates with no time zone: UTC midnight makes day arithmetic exact.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return t, nil
}

// Day truncates a time to its civil date (in its own location) as UTC midnight.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Today is the local civil date.
func Today() time.Time { return Day(time.Now()) }

// DaysBetween returns b − a in whole days.
func DaysBetween(a, b time.Time) int {
	return int(Day(b).Sub(Day(a)).Hours() / 24)
}

func fmtDate(t time.Time) string { return t.Format(DateLayout) }
