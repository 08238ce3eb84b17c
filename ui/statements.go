package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
	"paidup/reminders"
)

// Statement PDFs: one customer's from their detail, or every customer's
// with something open into a folder from the Reports screen.

const (
	kindOpenItem = "Open items on the date"
	kindActivity = "Activity (balance forward) from … to"
)

// statementLedger is what a customer's statement needs.
type statementLedger interface {
	Statements(ctx context.Context, o paidapp.StatementOptions) (paidapp.StatementWriter, error)
	EmailStatement(ctx context.Context, code string, asOf time.Time, send bool) (*reminders.Report, error)
}

// statementsLedger is what statements for all need.
type statementsLedger interface {
	StatementsForAll(ctx context.Context, o paidapp.StatementOptions, dir string, progress func(done, total int)) (*paidapp.StatementsRun, error)
	StatementsInOneFile(ctx context.Context, o paidapp.StatementOptions, path string, progress func(done, total int)) (*paidapp.StatementsRun, error)
}

// statementFile names a customer's statement as the command line does.
func statementFile(code string, date time.Time) string {
	return paidapp.StatementFileName(code, date)
}

// errNothingOpen stops writing a statement with nothing to show.
var errNothingOpen = errors.New("nothing open")

// writeStatement writes one statement to path (paidapp.WriteFile: through
// a temporary file renamed into place, so a failed statement never leaves
// a half-written PDF under its name). A statement with nothing to show
// (app.Statements' rule) writes nothing; then, or when it failed, the
// empty file the save dialog made at path goes too.
func writeStatement(ctx context.Context, sw paidapp.StatementWriter, path, code string) (bool, error) {
	written := false
	err := paidapp.WriteFile(path, func(w io.Writer) error {
		var err error
		if written, err = sw(ctx, w, code); err == nil && !written {
			return errNothingOpen
		}
		return err
	})
	if errors.Is(err, errNothingOpen) {
		err = nil
	}
	if !written {
		err = errors.Join(err, removeIfEmpty(path))
	}
	return written, err
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
	from := d.dateEntry(time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC))
	to := d.dateEntry(today)
	problem := fieldError()
	options := func() (paidapp.StatementOptions, bool) {
		o := paidapp.StatementOptions{Kind: paidapp.OpenItem}
		var err error
		if o.To, err = parseDateField(to.Text, today); err != nil {
			setFieldError(problem, "To: "+err.Error())
			return o, false
		}
		if kind.Selected == kindActivity {
			o.Kind = paidapp.Activity
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
	// Email sends the open-item statement as of To through the outbox,
	// once per customer and day (the reminders' log keeps it).
	email := widget.NewButtonWithIcon("Email", theme.MailSendIcon(), func() {
		if o, ok := options(); ok {
			dlg.Hide()
			d.emailStatement(code, o.To)
		}
	})
	kind.OnChanged = func(k string) { setEnabled(email, k == kindOpenItem) }
	save.Importance = widget.HighImportance
	dlg = dialog.NewCustomWithoutButtons("Statement for "+code, container.NewVBox(
		widget.NewForm(widget.NewFormItem("Kind", kind), widget.NewFormItem("From", from), widget.NewFormItem("To", to)),
		problem,
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Cancel", func() { dlg.Hide() }), email, open, save)), d.win)
	dlg.Resize(fyne.NewSize(520, 300))
	dlg.Show()
}

// emailStatement sends the customer's open-item statement as of asOf in
// the background and says what happened to it.
func (d *customerDetail) emailStatement(code string, asOf time.Time) {
	run(d.app, d.base, "Could not email the statement of "+code, func(ctx context.Context) (*reminders.Report, error) {
		return d.l.EmailStatement(ctx, code, asOf, true)
	}, func(rep *reminders.Report) {
		if rep != nil && !rep.OK() {
			msg := "The statement is in the outbox but was not sent: Reminders shows why and sends it again."
			for _, o := range rep.Outcomes {
				msg += fmt.Sprintf("\n%s: %s", o.Status, o.Response)
			}
			dialog.ShowInformation("Statement", msg, d.win)
			return
		}
		dialog.ShowInformation("Statement", fmt.Sprintf("Sent the statement of %s as of %s.", code, fmtDate(asOf)), d.win)
	})
}

func (d *customerDetail) saveStatement(code string, o paidapp.StatementOptions) {
	d.saveAs(statementFile(code, o.To), func(w fyne.URIWriteCloser, path string) {
		if err := w.Close(); err != nil {
			d.showError("Could not create the file", err)
			return
		}
		d.statementTo(code, o, path, func() { dialog.ShowInformation("Statement", "Saved "+path, d.win) })
	})
}

func (d *customerDetail) openStatement(code string, o paidapp.StatementOptions) {
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
func (d *customerDetail) statementTo(code string, o paidapp.StatementOptions, path string, done func()) {
	run(d.app, d.base, "Could not write the statement of "+code, func(ctx context.Context) (bool, error) {
		sw, err := d.l.Statements(ctx, o)
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
	oneFile       *widget.Check // all in one PDF to print, in the folder
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
		from:    s.dateEntry(time.Date(asOf.Year(), asOf.Month(), 1, 0, 0, 0, 0, time.UTC)),
		to:      s.dateEntry(asOf),
		dir:     widget.NewEntry(),
		oneFile: widget.NewCheck("All in one PDF to print (each statement numbers its own pages)", nil),
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
		if f.oneFile.Checked {
			dir = filepath.Join(dir, paidapp.StatementBookFileName(o.To))
		}
		s.statementsInto(dir, o, f.oneFile.Checked, func(msg string) { dialog.ShowInformation("Statements", msg, s.win) })
	})
	f.write.Importance = widget.HighImportance
	to := widget.NewFormItem("To (as of)", f.to)
	to.HintText = "The statement date; an activity statement's period ends on it."
	f.dlg = dialog.NewCustomWithoutButtons("Statements for all customers with something open", container.NewVBox(
		widget.NewForm(widget.NewFormItem("Kind", f.kind), widget.NewFormItem("From", f.from), to,
			widget.NewFormItem("Folder", container.NewBorder(nil, nil, nil, choose, f.dir)), widget.NewFormItem("", f.oneFile)),
		f.problem,
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Cancel", func() { f.dlg.Hide() }), f.write)), s.win)
	f.dlg.Resize(fyne.NewSize(600, 360))
	return f
}

// options checks the form and shows what is wrong under it.
func (f *statementsForm) options(today time.Time) (paidapp.StatementOptions, string, bool) {
	o := paidapp.StatementOptions{Kind: paidapp.OpenItem}
	var err error
	if o.To, err = parseDateField(f.to.Text, today); err != nil {
		setFieldError(f.problem, "To: "+err.Error())
		return o, "", false
	}
	if f.kind.Selected == kindActivity {
		o.Kind = paidapp.Activity
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
// something open on o.To into dir (paidapp.StatementsForAll), or with
// oneFile all into the PDF dir names (paidapp.StatementsInOneFile), as a
// cancellable task. A customer whose statement fails (an activity that
// does not reconcile, a full disk) does not stop the others: done hears,
// in one message, what was written and what failed and why.
func (s *reportsScreen) statementsInto(dir string, o paidapp.StatementOptions, oneFile bool, done func(string)) {
	var msg string
	write := s.l.StatementsForAll
	if oneFile {
		write = s.l.StatementsInOneFile
	}
	s.task("Writing statements", func(ctx context.Context, progress func(string)) error {
		progress("Finding the customers with something open…")
		run, err := write(ctx, o, dir, func(n, total int) {
			if n%10 == 0 || n == total {
				progress(fmt.Sprintf("%s of %s customers", group(n), group(total)))
			}
		})
		cancelled := ctx.Err() != nil && errors.Is(err, ctx.Err())
		if err != nil && !cancelled {
			return err
		}
		msg = statementsMessage(run, o, cancelled)
		return nil
	}, func() { done(msg) })
}

// maxFailuresShown keeps the message readable; a full disk would
// otherwise list every customer. The log has them all.
const maxFailuresShown = 10

// statementsMessage tells the user, in plain words, what the run wrote
// and which customers failed and why.
func statementsMessage(r *paidapp.StatementsRun, o paidapp.StatementOptions, cancelled bool) string {
	var b strings.Builder
	switch {
	case cancelled:
		fmt.Fprintf(&b, "Stopped: %s statements were written to %s before you cancelled.", group(r.Written), r.Dir)
	case r.Kind == paidapp.Activity:
		fmt.Fprintf(&b, "Wrote %s activity statements for %s to %s to %s.", group(r.Written), fmtDate(o.From), fmtDate(r.To), r.Dir)
	default:
		fmt.Fprintf(&b, "Wrote %s open-item statements as of %s to %s.", group(r.Written), fmtDate(r.To), r.Dir)
	}
	if r.Empty > 0 {
		fmt.Fprintf(&b, " %d customer(s) had nothing open.", r.Empty)
	}
	if len(r.Failures) == 0 {
		return b.String()
	}
	codes := slices.Sorted(slices.Values(r.Failures))
	for _, code := range codes {
		log.Printf("statement of %s: %s", code, r.Failed[code])
	}
	fmt.Fprintf(&b, "\n\n%d could not be written:", len(codes))
	for _, code := range codes[:min(len(codes), maxFailuresShown)] {
		fmt.Fprintf(&b, "\n• %s: %s", code, failureReason(r.Errors[code]))
	}
	if more := len(codes) - maxFailuresShown; more > 0 {
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
