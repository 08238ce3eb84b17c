package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"paidup/reports"
)

// Statement PDFs: one customer's from their detail, or every customer's
// with something open into a folder from the Reports screen.

const (
	kindOpenItem = "Open items on the date"
	kindActivity = "Activity (balance forward) from … to"
)

// statementFile names a customer's statement as the command line does.
func statementFile(code string, date time.Time) string {
	return reports.StatementFileName(code, date)
}

// writeStatement writes one statement to path; a statement with nothing
// to show leaves no file behind.
func writeStatement(ctx context.Context, sw StatementWriter, path, code string) (bool, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return false, err
	}
	written, err := sw(ctx, f, code)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || !written {
		if rerr := os.Remove(path); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			err = errors.Join(err, rerr)
		}
	}
	return written && err == nil, err
}

// onStatement asks for the kind and dates of a statement, then where to
// save it or to open it in the viewer.
func (d *customerDetail) onStatement() {
	if d.code == "" {
		return
	}
	code := d.code
	today := d.today()
	kind := widget.NewRadioGroup([]string{kindOpenItem, kindActivity}, nil)
	kind.SetSelected(kindOpenItem)
	from := dateEntry(time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC))
	to := dateEntry(today)
	problem := fieldError()
	options := func() (reports.StatementOptions, bool) {
		o := reports.StatementOptions{Kind: reports.OpenItem}
		var err error
		if o.To, err = parseDateField(to.Text, today); err != nil {
			setFieldError(problem, "To: "+err.Error())
			return o, false
		}
		if kind.Selected == kindActivity {
			o.Kind = reports.Activity
			if o.From, err = parseDateField(from.Text, today); err != nil {
				setFieldError(problem, "From: "+err.Error())
				return o, false
			}
			if o.From.After(o.To) {
				setFieldError(problem, "From is after To.")
				return o, false
			}
		}
		setFieldError(problem, "")
		return o, true
	}
	var dlg dialog.Dialog
	save := widget.NewButtonWithIcon("Save as…", theme.DocumentSaveIcon(), func() {
		if o, ok := options(); ok {
			dlg.Hide()
			d.saveStatement(code, o)
		}
	})
	open := widget.NewButtonWithIcon("Open", theme.FileIcon(), func() {
		if o, ok := options(); ok {
			dlg.Hide()
			d.openStatement(code, o)
		}
	})
	save.Importance = widget.HighImportance
	dlg = dialog.NewCustomWithoutButtons("Statement for "+code, container.NewVBox(
		widget.NewForm(widget.NewFormItem("Kind", kind), widget.NewFormItem("From", from), widget.NewFormItem("To", to)),
		problem,
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Cancel", func() { dlg.Hide() }), open, save)), d.win)
	dlg.Resize(fyne.NewSize(520, 300))
	dlg.Show()
}

func (d *customerDetail) saveStatement(code string, o reports.StatementOptions) {
	fd := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			d.showError("Could not open the file", err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		if err := w.Close(); err != nil {
			d.showError("Could not create the file", err)
			return
		}
		d.statementTo(code, o, path, func() { dialog.ShowInformation("Statement", "Saved "+path, d.win) })
	}, d.win)
	fd.SetFileName(statementFile(code, o.To))
	fd.Show()
}

func (d *customerDetail) openStatement(code string, o reports.StatementOptions) {
	dir, err := os.MkdirTemp("", "paidup-statement-")
	if err != nil {
		d.showError("Could not make a temporary folder", err)
		return
	}
	path := filepath.Join(dir, statementFile(code, o.To))
	d.statementTo(code, o, path, func() {
		if err := openInViewer(path); err != nil {
			d.showError("Could not open the statement", err)
		}
	})
}

// statementTo writes the customer's statement to path in the background.
func (d *customerDetail) statementTo(code string, o reports.StatementOptions, path string, done func()) {
	run(d.app, d.base, "Could not write the statement of "+code, func(ctx context.Context) (bool, error) {
		sw, err := d.docs.Statements(ctx, o)
		if err != nil {
			return false, err
		}
		return writeStatement(ctx, sw, path, code)
	}, func(written bool) {
		if !written {
			dialog.ShowInformation("Statement", code+" has nothing open on "+fmtDate(o.To)+": there is no statement to send.", d.win)
			return
		}
		done()
	})
}

// onStatements asks for a folder and writes there an open-item statement,
// as of the screen's date, for every customer with something open.
func (s *reportsScreen) onStatements() {
	o, ok := s.options()
	if !ok {
		return
	}
	dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			s.showError("Could not open the folder", err)
			return
		}
		if u == nil {
			return
		}
		s.allStatements(u.Path(), o.AsOf, func(msg string) { dialog.ShowInformation("Statements", msg, s.win) })
	}, s.win)
}

// allStatements writes the statements into dir as a cancellable task.
func (s *reportsScreen) allStatements(dir string, asOf time.Time, done func(string)) {
	var msg string
	s.task("Writing statements", func(ctx context.Context, progress func(string)) error {
		progress("Finding the customers with something open…")
		codes, err := s.l.CustomersOpenAsOf(ctx, asOf)
		if err != nil {
			return err
		}
		sw, err := s.docs.Statements(ctx, reports.StatementOptions{Kind: reports.OpenItem, To: asOf})
		if err != nil {
			return err
		}
		used := map[string]bool{}
		written, empty := 0, 0
		for i, code := range codes {
			if ctx.Err() != nil {
				// Cancelled: what was written stays, and the user is told.
				msg = fmt.Sprintf("Stopped: %s statements were written to %s before you cancelled.", group(written), dir)
				return nil
			}
			name := statementFile(code, asOf)
			for n := 2; used[name]; n++ {
				// Codes that differ only in characters a file name cannot
				// hold ("A/1", "A_1") must not overwrite each other.
				name = statementFile(fmt.Sprintf("%s-%d", code, n), asOf)
			}
			used[name] = true
			ok, err := writeStatement(ctx, sw, filepath.Join(dir, name), code)
			if err != nil {
				return fmt.Errorf("statement of %s: %w", code, err)
			}
			if ok {
				written++
			} else {
				empty++
			}
			if i%10 == 9 || i == len(codes)-1 {
				progress(fmt.Sprintf("%s of %s customers", group(i+1), group(len(codes))))
			}
		}
		msg = fmt.Sprintf("Wrote %s open-item statements as of %s to %s.", group(written), fmtDate(asOf), dir)
		if empty > 0 {
			msg += fmt.Sprintf(" %d customer(s) had nothing open.", empty)
		}
		return nil
	}, func() { done(msg) })
}
