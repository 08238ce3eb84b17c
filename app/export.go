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
func (a *App) ExportJournal(ctx context.Context, w io.Writer, from, to time.Time) (int, error) {
	j := reports.NewJournalCSV(w)
	if err := a.EachJournalLine(ctx, from, to, j.Line); err != nil {
		return 0, err
	}
	return j.Close()
}

// JournalFileName is the default file of a period's journal.
func JournalFileName(from, to time.Time) string {
	return "Journal " + ledger.Day(from).Format(ledger.DateLayout) + " to " + ledger.Day(to).Format(ledger.DateLayout) + ".csv"
}
