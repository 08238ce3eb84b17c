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
func (a *App) ExportJournal(ctx context.Context, w io.Writer, from, to time.Time, home bool) (int, error) {
	var conv func(ledger.JournalLine) (ledger.Money, error)
	if home {
		cur, err := a.Setting(ctx, "business.currency", "")
		if err != nil {
			return 0, err
		}
		if cur == "" {
			return 0, ledger.Errorf(ledger.EINVALID, "no home currency: set business.currency first")
		}
		// One lookup per currency and day: a year's journal has a few
		// hundred of them and millions of postings.
		type key struct {
			cur string
			day time.Time
		}
		rates := map[key]ledger.Rate{}
		conv = func(l ledger.JournalLine) (ledger.Money, error) {
			k := key{l.Amount.Currency, l.Date}
			r, ok := rates[k]
			if !ok {
				var err error
				if r, err = a.RateOn(ctx, k.cur, k.day); err != nil {
					return ledger.Money{}, err
				}
				rates[k] = r
			}
			return ledger.Convert(l.Amount, r, cur)
		}
	}
	j := reports.NewJournalCSV(w, conv)
	if err := a.EachJournalLine(ctx, from, to, j.Line); err != nil {
		return 0, err
	}
	return j.Close()
}

// JournalFileName is the default file of a period's journal.
func JournalFileName(from, to time.Time) string {
	return "Journal " + ledger.Day(from).Format(ledger.DateLayout) + " to " + ledger.Day(to).Format(ledger.DateLayout) + ".csv"
}
