package ledger

import (
	"testing"
	"time"
)

// FuzzParseDate: dates come from CSV files, forms and the command line.
// ParseDate must never panic; a date it accepts is a UTC midnight that
// prints back as exactly the text it was read from (YYYY-MM-DD has one
// spelling per day), and the scanner of stored dates agrees with it.
// Seeds: testdata/fuzz/FuzzParseDate.
func FuzzParseDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		var scanned time.Time
		scanErr := scanDate(&scanned).Scan(s)
		if (err == nil) != (scanErr == nil) {
			t.Fatalf("ParseDate(%q) error %v, but the stored-date scanner says %v", s, err, scanErr)
		}
		if err != nil {
			if d != (time.Time{}) {
				t.Fatalf("ParseDate(%q) = %v with the error %v, want the zero time", s, d, err)
			}
			return
		}
		if !scanned.Equal(d) {
			t.Fatalf("ParseDate(%q) = %v, the scanner %v", s, d, scanned)
		}
		if d.Location() != time.UTC || !Day(d).Equal(d) {
			t.Fatalf("ParseDate(%q) = %v, not a UTC midnight", s, d)
		}
		if got := fmtDate(d); got != s {
			t.Fatalf("ParseDate(%q) prints back as %q", s, got)
		}
		back, err := ParseDate(d.Format(DateLayout))
		if err != nil || !back.Equal(d) {
			t.Fatalf("ParseDate(%q) = %v; printed and parsed again: %v, %v", s, d, back, err)
		}
		if n := DaysBetween(d, d.AddDate(0, 0, 1)); n != 1 {
			t.Fatalf("DaysBetween(%v, the next day) = %d", d, n)
		}
	})
}
