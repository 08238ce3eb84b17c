package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"paidup/ledger"
	"paidup/reports"
)

// ReminderLetters writes the reminders a run as of asOf would send as
// letters to print and post, one PDF per customer in dir (customers
// without an email address included), and returns the files written.
// Nothing is queued or sent.
func (a *App) ReminderLetters(ctx context.Context, asOf time.Time, dir string) ([]string, error) {
	r, err := a.ReminderRunner(ctx, false)
	if err != nil {
		return nil, err
	}
	defer CloseRunner(r)
	plan, err := r.PreviewLetters(ctx, asOf)
	if err != nil {
		return nil, err
	}
	rr, err := reports.LoadRenderer(ctx, a.st)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	var files []string
	for _, e := range plan.Emails {
		sd, err := reports.LoadStatement(ctx, a.st, e.CustomerCode, reports.StatementOptions{Kind: reports.OpenItem, To: plan.AsOf})
		if err != nil {
			return files, err
		}
		name := fmt.Sprintf("Reminder %s %s.pdf", reports.FileSafe(e.CustomerCode), ledger.Day(plan.AsOf).Format(ledger.DateLayout))
		path := filepath.Join(dir, name)
		ld := reports.LetterData{Statement: sd, Subject: e.Subject, Text: e.Text}
		if err := WriteFile(path, func(w io.Writer) error { return rr.Letter(w, ld) }); err != nil {
			if _, warning := reports.AsMissingGlyphs(err); !warning {
				return files, fmt.Errorf("letter to %s: %w", e.CustomerCode, err)
			}
		}
		files = append(files, path)
	}
	return files, nil
}
