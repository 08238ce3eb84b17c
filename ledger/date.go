package ledger

import (
	"errors"
	"fmt"
	"time"
)

// DateLayout is how dates are written everywhere: ISO 8601, YYYY-MM-DD.
const DateLayout = "2006-01-02"

// The dates a ledger takes: a business's receivables fall well inside
// them, and a typo such as 0202-03-31 or 9999-12-31 is refused at the door
// instead of being stored (a due date of 9999-12-31 plus terms would not
// even print as YYYY-MM-DD) or asked about (an aging as of 9999-12-31).
const (
	FirstDate = "1900-01-01"
	LastDate  = "2199-12-31"
)

var (
	firstDay = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2199, 12, 31, 0, 0, 0, 0, time.UTC)
)

// ErrDateRange is the error of a date outside FirstDate … LastDate.
var ErrDateRange = errors.New("out of range: Paidup takes dates from " + FirstDate + " to " + LastDate)

// ParseDate parses an ISO date into midnight UTC. Dates in the ledger are
// civil dates with no time zone: UTC midnight makes day arithmetic exact.
// Only dates from FirstDate to LastDate are taken.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	if err := DateInRange(t); err != nil {
		return time.Time{}, fmt.Errorf("date %q: %w", s, err)
	}
	return t, nil
}

// DateInRange refuses a day outside FirstDate … LastDate; dates the ledger
// works out (a due date: issue date plus terms) pass here too.
func DateInRange(t time.Time) error {
	if t.Before(firstDay) || t.After(lastDay) {
		return ErrDateRange
	}
	return nil
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
