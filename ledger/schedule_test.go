package ledger

import (
	"strconv"
	"strings"
	"testing"
)

// Dates that bite: month ends of 28, 29, 30 and 31 days, a leap day, the
// end date and the count.
func TestScheduleDates(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Schedule
		want string // the first dates, or fewer when the schedule ends
	}{
		{"MonthEnd", Schedule{Every: Monthly, Interval: 1, Start: day("2026-01-31")},
			"2026-01-31 2026-02-28 2026-03-31 2026-04-30 2026-05-31 2026-06-30"},
		{"MonthEndLeapYear", Schedule{Every: Monthly, Interval: 1, Start: day("2028-01-31")},
			"2028-01-31 2028-02-29 2028-03-31 2028-04-30 2028-05-31 2028-06-30"},
		{"The30th", Schedule{Every: Monthly, Interval: 1, Start: day("2026-01-30")},
			"2026-01-30 2026-02-28 2026-03-30 2026-04-30 2026-05-30 2026-06-30"},
		{"Quarterly", Schedule{Every: Quarterly, Interval: 1, Start: day("2025-11-30")},
			"2025-11-30 2026-02-28 2026-05-30 2026-08-30 2026-11-30 2027-02-28"},
		{"LeapDayYearly", Schedule{Every: Yearly, Interval: 1, Start: day("2028-02-29")},
			"2028-02-29 2029-02-28 2030-02-28 2031-02-28 2032-02-29 2033-02-28"},
		{"EveryOtherWeek", Schedule{Every: Weekly, Interval: 2, Start: day("2026-12-28")},
			"2026-12-28 2027-01-11 2027-01-25 2027-02-08 2027-02-22 2027-03-08"},
		{"EndDate", Schedule{Every: Monthly, Interval: 1, Start: day("2026-01-15"), End: day("2026-03-15")},
			"2026-01-15 2026-02-15 2026-03-15"},
		{"Count", Schedule{Every: Monthly, Interval: 3, Start: day("2026-01-01"), Count: 2},
			"2026-01-01 2026-04-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for n := range 6 {
				d, ok := tc.s.Date(n)
				if !ok {
					break
				}
				got = append(got, fmtDate(d))
			}
			if strings.Join(got, " ") != tc.want {
				t.Fatalf("got  %s\nwant %s", strings.Join(got, " "), tc.want)
			}
		})
	}
}

func TestParseEvery(t *testing.T) {
	for in, want := range map[string]string{"month": "month/1", "Monthly": "month/1", "2 weeks": "week/2", "month/3": "month/3",
		"quarterly": "quarter/1", "year": "year/1"} {
		p, n, err := ParseEvery(in)
		if err != nil || string(p)+"/"+strconv.Itoa(n) != want {
			t.Errorf("%q: %s/%d %v, want %s", in, p, n, err, want)
		}
	}
	for _, bad := range []string{"", "fortnight", "month/0", "0 weeks", "month/99", "x months"} {
		if _, _, err := ParseEvery(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
