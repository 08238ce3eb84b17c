package ledger

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Schedule is when a recurring invoice falls due: every Interval weeks,
// months, quarters or years from Start. Each date is worked out from
// Start, never from the date before it, so a month-end schedule does not
// drift: started on 31 January it falls on 28 (29) February, 31 March,
// 30 April. A day that a month lacks is that month's last day.
type Schedule struct {
	Every    Period
	Interval int       // 1: every period; 2: every other one
	Start    time.Time // the first date
	End      time.Time // zero: no end; else no date after it
	Count    int       // 0: no limit; else at most this many dates
}

// Period is a schedule's unit.
type Period string

const (
	Weekly    Period = "week"
	Monthly   Period = "month"
	Quarterly Period = "quarter"
	Yearly    Period = "year"
)

// ParseEvery reads a schedule's period as typed: "month", "2 weeks",
// "month/3", "quarterly", "yearly".
func ParseEvery(s string) (Period, int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	n := 1
	if unit, num, ok := strings.Cut(s, "/"); ok {
		v, err := strconv.Atoi(strings.TrimSpace(num))
		if err != nil {
			return "", 0, Errorf(EINVALID, "every %q: after / comes a number of periods, e.g. month/3", s)
		}
		s, n = strings.TrimSpace(unit), v
	} else if num, unit, ok := strings.Cut(s, " "); ok {
		v, err := strconv.Atoi(num)
		if err != nil {
			return "", 0, Errorf(EINVALID, "every %q: want e.g. month, 2 weeks, quarter or year", s)
		}
		s, n = strings.TrimSpace(unit), v
	}
	var p Period
	switch strings.TrimSuffix(s, "s") {
	case "week", "weekly":
		p = Weekly
	case "month", "monthly":
		p = Monthly
	case "quarter", "quarterly":
		p = Quarterly
	case "year", "yearly", "annual", "annually":
		p = Yearly
	default:
		return "", 0, Errorf(EINVALID, "every %q: want week, month, quarter or year (with a number: 2 weeks, month/3)", s)
	}
	if n < 1 || n > 52 {
		return "", 0, Errorf(EINVALID, "every %q: the number of periods goes from 1 to 52", s)
	}
	return p, n, nil
}

// validate says what is wrong with a schedule, if anything.
func (s Schedule) validate() error {
	switch s.Every {
	case Weekly, Monthly, Quarterly, Yearly:
	default:
		return Errorf(EINVALID, "a schedule runs every week, month, quarter or year, not %q", s.Every)
	}
	switch {
	case s.Interval < 1 || s.Interval > 52:
		return Errorf(EINVALID, "the number of periods between invoices goes from 1 to 52, not %d", s.Interval)
	case s.Start.IsZero():
		return Errorf(EINVALID, "a schedule needs its first date")
	case !s.End.IsZero() && s.End.Before(s.Start):
		return Errorf(EINVALID, "the schedule ends (%s) before it starts (%s)", fmtDate(s.End), fmtDate(s.Start))
	case s.Count < 0:
		return Errorf(EINVALID, "a count of invoices cannot be negative")
	}
	if err := DateInRange(s.Start); err != nil {
		return Errorf(EINVALID, "first date %s: %v", fmtDate(s.Start), err)
	}
	return nil
}

// Date is the schedule's n-th date (0 is Start), and whether there is one
// (the end date and the count end a schedule).
func (s Schedule) Date(n int) (time.Time, bool) {
	if n < 0 || (s.Count > 0 && n >= s.Count) {
		return time.Time{}, false
	}
	var d time.Time
	switch s.Every {
	case Weekly:
		d = s.Start.AddDate(0, 0, 7*s.Interval*n)
	case Monthly, Quarterly, Yearly:
		months := map[Period]int{Monthly: 1, Quarterly: 3, Yearly: 12}[s.Every] * s.Interval * n
		d = addMonthsClamped(s.Start, months)
	default:
		return time.Time{}, false
	}
	if (!s.End.IsZero() && d.After(s.End)) || DateInRange(d) != nil {
		return time.Time{}, false
	}
	return d, true
}

// addMonthsClamped is t moved by months, on the same day of the month, or
// on the month's last day when it has fewer days (time.AddDate would
// carry 31 January into March).
func addMonthsClamped(t time.Time, months int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, t.Location())
}

// String says the schedule in words: "every month from 2026-01-31".
func (s Schedule) String() string {
	unit := string(s.Every)
	every := "every " + unit
	if s.Interval > 1 {
		every = fmt.Sprintf("every %d %ss", s.Interval, unit)
	}
	out := every + " from " + fmtDate(s.Start)
	if !s.End.IsZero() {
		out += " to " + fmtDate(s.End)
	}
	if s.Count > 0 {
		out += fmt.Sprintf(", %d invoices at most", s.Count)
	}
	return out
}
