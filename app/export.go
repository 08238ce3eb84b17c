package app

import (
	"context"
	"io"
	"time"

	"paidup/ledger"
	"paidup/reports"
)

// ExportJournal writes the general journal of the period from..to as CSV
// (reports.JournalCSV), streaming, and returns how many postings it wrote.
// With home each posting is also given in the home currency at the rate
// of its date; a missing rate stops the export, naming currency and day.
// Each line is converted once (half away from zero) and an entry's
// rounding difference, if any, goes to its largest line, so each entry
// sums to zero in the home currency as it does in its own.
func (a *App) ExportJournal(ctx context.Context, w io.Writer, from, to time.Time, home bool) (int, error) {
	var rates *homeRates
	var amounts []ledger.Money
	var at int
	var conv func(ledger.JournalLine) (ledger.Money, error)
	if home {
		var err error
		if rates, err = a.homeRates(ctx); err != nil {
			return 0, err
		}
		conv = func(ledger.JournalLine) (ledger.Money, error) {
			at++
			return amounts[at-1], nil
		}
	}
	j := reports.NewJournalCSV(w, conv)
	err := a.Export(ctx, ledger.ExportPeriod{From: from, To: to}, func(x *ledger.ExportReader) error {
		return x.EachEntry(func(lines []ledger.JournalLine) error {
			if rates != nil {
				var err error
				if amounts, err = rates.entry(lines); err != nil {
					return err
				}
				at = 0
			}
			for _, l := range lines {
				if err := j.Line(l); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	return j.Close()
}

// entry converts an entry's lines at the rate of their date, putting the
// rounding difference on the largest line so that they sum to zero.
func (h *homeRates) entry(lines []ledger.JournalLine) ([]ledger.Money, error) {
	out := make([]ledger.Money, len(lines))
	var sum int64
	largest := 0
	for i, l := range lines {
		m, _, err := h.convert(l.Amount, l.Date)
		if err != nil {
			return nil, err
		}
		out[i] = m
		sum += m.Minor
		if abs64(m.Minor) > abs64(out[largest].Minor) {
			largest = i
		}
	}
	out[largest].Minor -= sum
	return out, nil
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// JournalFileName is the default file of a period's journal.
func JournalFileName(from, to time.Time) string {
	return "Journal " + ledger.Day(from).Format(ledger.DateLayout) + " to " + ledger.Day(to).Format(ledger.DateLayout) + ".csv"
}
