package ui

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
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

// writeStatement writes one statement to path through a temporary file in
// the same folder, renamed into place once complete: a failed or cancelled
// statement never leaves a half-written PDF under a statement's name, nor
// spoils the one an earlier run wrote. A statement with nothing to show
// leaves no file at path, nor does a failed one leave the empty file the
// save dialog made there.
func writeStatement(ctx context.Context, sw StatementWriter, path, code string) (bool, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return false, err
	}
	written, err := sw(ctx, tmp, code)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	switch {
	case err == nil && written:
		if err = os.Rename(tmp.Name(), path); err == nil {
			return true, nil
		}
	case err == nil:
		err = removeFile(path)
	default:
		// An empty file is the save dialog's; a statement stays.
		if fi, serr := os.Stat(path); serr == nil && fi.Size() == 0 {
			err = errors.Join(err, removeFile(path))
		}
	}
	return false, errors.Join(err, removeFile(tmp.Name()))
}

// removeFile removes path; one already gone is no error.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
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
	d.saveAs(statementFile(code, o.To), func(w fyne.URIWriteCloser, path string) {
		if err := w.Close(); err != nil {
			d.showError("Could not create the file", err)
			return
		}
		d.statementTo(code, o, path, func() { dialog.ShowInformation("Statement", "Saved "+path, d.win) })
	})
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

// prefStatementsFolder remembers where the last statements for all went.
const prefStatementsFolder = "statements.folder"

// statementsForm asks how to write the statements of every customer with
// something open: the kind, the period, the date, and the folder.
type statementsForm struct {
	kind          *widget.RadioGroup
	from, to, dir *widget.Entry
	problem       *widget.Label
	write         *widget.Button
	dlg           dialog.Dialog
}

// onStatements shows the form for statements for all customers.
func (s *reportsScreen) onStatements() { s.newStatementsForm().dlg.Show() }

// newStatementsForm builds the form with the defaults of the single
// statement dialog and the command line: the screen's as-of date, and for
// activity the first of its month.
func (s *reportsScreen) newStatementsForm() *statementsForm {
	asOf, err := parseDateField(s.asOf.Text, s.today())
	if err != nil {
		asOf = s.today() // the screen shows its own error; the form has its own field
	}
	f := &statementsForm{
		from:    dateEntry(time.Date(asOf.Year(), asOf.Month(), 1, 0, 0, 0, 0, time.UTC)),
		to:      dateEntry(asOf),
		dir:     widget.NewEntry(),
		problem: fieldError(),
	}
	f.kind = widget.NewRadioGroup([]string{kindOpenItem, kindActivity}, func(k string) {
		if k == kindActivity {
			f.from.Enable()
		} else {
			f.from.Disable()
		}
	})
	f.kind.SetSelected(kindOpenItem)
	f.dir.SetPlaceHolder("the folder to write the statements into")
	f.dir.SetText(s.prefs().String(prefStatementsFolder))
	choose := widget.NewButtonWithIcon("Choose…", theme.FolderOpenIcon(), func() {
		dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
			if err != nil {
				s.showError("Could not open the folder", err)
				return
			}
			if u != nil {
				f.dir.SetText(u.Path())
			}
		}, s.win)
	})
	f.write = widget.NewButtonWithIcon("Write statements", theme.DocumentPrintIcon(), func() {
		o, dir, ok := f.options(s.today())
		if !ok {
			return
		}
		f.dlg.Hide()
		s.prefs().SetString(prefStatementsFolder, dir)
		s.statementsInto(dir, o, func(msg string) { dialog.ShowInformation("Statements", msg, s.win) })
	})
	f.write.Importance = widget.HighImportance
	to := widget.NewFormItem("To (as of)", f.to)
	to.HintText = "The statement date; an activity statement's period ends on it."
	f.dlg = dialog.NewCustomWithoutButtons("Statements for all customers with something open", container.NewVBox(
		widget.NewForm(widget.NewFormItem("Kind", f.kind), widget.NewFormItem("From", f.from), to,
			widget.NewFormItem("Folder", container.NewBorder(nil, nil, nil, choose, f.dir))),
		f.problem,
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Cancel", func() { f.dlg.Hide() }), f.write)), s.win)
	f.dlg.Resize(fyne.NewSize(600, 360))
	return f
}

// options checks the form and shows what is wrong under it.
func (f *statementsForm) options(today time.Time) (reports.StatementOptions, string, bool) {
	o := reports.StatementOptions{Kind: reports.OpenItem}
	var err error
	if o.To, err = parseDateField(f.to.Text, today); err != nil {
		setFieldError(f.problem, "To: "+err.Error())
		return o, "", false
	}
	if f.kind.Selected == kindActivity {
		o.Kind = reports.Activity
		if o.From, err = parseDateField(f.from.Text, time.Date(o.To.Year(), o.To.Month(), 1, 0, 0, 0, 0, time.UTC)); err != nil {
			setFieldError(f.problem, "From: "+err.Error())
			return o, "", false
		}
		if o.From.After(o.To) {
			setFieldError(f.problem, "From is after To.")
			return o, "", false
		}
	}
	dir := strings.TrimSpace(f.dir.Text)
	if dir == "" {
		setFieldError(f.problem, "Choose the folder to write the statements into.")
		return o, "", false
	}
	setFieldError(f.problem, "")
	return o, dir, true
}

// statementsInto writes a statement of o's kind for every customer with
// something open on o.To into dir, as a cancellable task. A customer whose
// statement fails (an activity that does not reconcile, a full disk) does
// not stop the others: done hears, in one message, what was written and
// what failed and why.
func (s *reportsScreen) statementsInto(dir string, o reports.StatementOptions, done func(string)) {
	var msg string
	s.task("Writing statements", func(ctx context.Context, progress func(string)) error {
		progress("Finding the customers with something open…")
		codes, err := s.l.CustomersOpenAsOf(ctx, o.To)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("statements folder: %w", err)
		}
		sw, err := s.docs.Statements(ctx, o)
		if err != nil {
			return err
		}
		res := writeStatements(ctx, sw, dir, o.To, codes, func(n int) {
			if n%10 == 0 || n == len(codes) {
				progress(fmt.Sprintf("%s of %s customers", group(n), group(len(codes))))
			}
		})
		msg = res.message(o, dir, ctx.Err() != nil)
		return nil
	}, func() { done(msg) })
}

// statementsRun is what writing many statements came to.
type statementsRun struct {
	written, empty int
	failed         []statementFailure
}

type statementFailure struct {
	code string
	err  error
}

// writeStatements writes the statements of codes into dir on every core,
// as the command line does: loading a customer takes a millisecond or two,
// laying out and compressing the PDF several times that, so each worker
// does both. finished hears the number of customers done after each one.
// Once ctx is cancelled the workers take no more customers, and a
// statement cut short leaves no file (writeStatement).
func writeStatements(ctx context.Context, sw StatementWriter, dir string, date time.Time, codes []string, finished func(int)) statementsRun {
	type job struct{ code, path string }
	jobs := make(chan job)
	var (
		mu  sync.Mutex
		res statementsRun
		n   int
		wg  sync.WaitGroup
	)
	for range runtime.NumCPU() {
		wg.Go(func() {
			for j := range jobs {
				if ctx.Err() != nil {
					continue // cancelled: drain, the feed has stopped
				}
				ok, err := writeStatement(ctx, sw, j.path, j.code)
				mu.Lock()
				switch {
				case err != nil && ctx.Err() != nil:
					// Cut short by Cancel: not the customer's failure.
				case err != nil:
					log.Printf("statement of %s: %v", j.code, err)
					res.failed = append(res.failed, statementFailure{j.code, err})
				case ok:
					res.written++
				default:
					res.empty++ // found open by the index but settled on the day
				}
				n++
				finished(n) // under the lock, so the count never goes backwards
				mu.Unlock()
			}
		})
	}
	used := map[string]bool{}
feed:
	for _, code := range codes {
		name := statementFile(code, date)
		for i := 2; used[name]; i++ {
			// Codes that differ only in characters a file name cannot
			// hold ("A/1", "A_1") must not overwrite each other.
			name = statementFile(fmt.Sprintf("%s-%d", code, i), date)
		}
		used[name] = true
		select {
		case jobs <- job{code, filepath.Join(dir, name)}:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	slices.SortFunc(res.failed, func(a, b statementFailure) int { return strings.Compare(a.code, b.code) })
	return res
}

// maxFailuresShown keeps the message readable; a full disk would
// otherwise list every customer. The log has them all.
const maxFailuresShown = 10

// message tells the user, in plain words, what the run wrote and which
// customers failed and why.
func (r statementsRun) message(o reports.StatementOptions, dir string, cancelled bool) string {
	var b strings.Builder
	switch {
	case cancelled:
		fmt.Fprintf(&b, "Stopped: %s statements were written to %s before you cancelled.", group(r.written), dir)
	case o.Kind == reports.Activity:
		fmt.Fprintf(&b, "Wrote %s activity statements for %s to %s to %s.", group(r.written), fmtDate(o.From), fmtDate(o.To), dir)
	default:
		fmt.Fprintf(&b, "Wrote %s open-item statements as of %s to %s.", group(r.written), fmtDate(o.To), dir)
	}
	if r.empty > 0 {
		fmt.Fprintf(&b, " %d customer(s) had nothing open.", r.empty)
	}
	if len(r.failed) == 0 {
		return b.String()
	}
	fmt.Fprintf(&b, "\n\n%d could not be written:", len(r.failed))
	for _, f := range r.failed[:min(len(r.failed), maxFailuresShown)] {
		fmt.Fprintf(&b, "\n• %s: %s", f.code, failureReason(f.err))
	}
	if more := len(r.failed) - maxFailuresShown; more > 0 {
		fmt.Fprintf(&b, "\n… and %d more; the log lists them all.", more)
	}
	return b.String()
}

// failureReason says why one statement failed. The ledger's messages are
// written to be shown (an activity that does not reconcile says so and
// what to run), which userMessage holds back for internal errors; a file
// error says what the system said; anything else is in the log.
func failureReason(err error) string {
	var le *ledger.Error
	var errno syscall.Errno
	switch {
	case errors.As(err, &le):
		return le.Message
	case errors.As(err, &errno):
		return "the file could not be written: " + errno.Error()
	}
	return "an unexpected error; the details are in the log"
}
