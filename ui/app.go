package ui

import (
	"context"
	"errors"
	"log"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
)

// app is the state the screens share: the window, how to run work off the
// UI goroutine, the clock and the navigation. It holds no ledger: each
// screen is given the part of the application layer it uses.
type app struct {
	fa   fyne.App
	win  fyne.Window
	env  env
	base context.Context
	stop context.CancelFunc
	// now is the application's clock (paidapp.App.Now), read at every use:
	// a window left open past midnight works as of the new day.
	now func() time.Time
	nav *mainWindow
	// errorOpen keeps to one error dialog at a time.
	errorOpen bool
	// locale is the business's (invoice.locale): numbers are typed in it,
	// "1.234,56" in de-DE (number). Read at start and when Settings saves it.
	locale string
}

// number turns a number typed in the business's locale into the plain
// form the application layer parses (paidapp.LocalNumber).
func (a *app) number(s string) string { return paidapp.LocalNumber(s, a.locale) }

func newApp(fa fyne.App, w fyne.Window, now func() time.Time, e env) *app {
	if now == nil {
		now = time.Now
	}
	a := &app{fa: fa, win: w, env: e, now: now}
	a.base, a.stop = context.WithCancel(context.Background())
	return a
}

func (a *app) prefs() fyne.Preferences { return a.fa.Preferences() }

// today is the current day by the clock, read afresh at each call.
func (a *app) today() time.Time { return ledger.Day(a.now()) }

// errHandled is returned by background work that has shown its own error.
var errHandled = errors.New("handled")

// run does work in the background and then done on the UI goroutine, or
// shows what failed. A cancelled context is not a failure worth a dialog.
func run[T any](a *app, ctx context.Context, what string, work func(context.Context) (T, error), done func(T)) {
	a.env.spawn(func() {
		v, err := work(ctx)
		a.env.do(func() {
			if err != nil {
				if !errors.Is(err, context.Canceled) && !errors.Is(err, errHandled) {
					a.showError(what, err)
				}
				return
			}
			done(v)
		})
	})
}

// task runs long work with a dialog showing progress and a Cancel button.
// work reports progress with a short line of text; done runs on the UI
// goroutine when it succeeded.
func (a *app) task(title string, work func(ctx context.Context, progress func(string)) error, done func()) {
	ctx, cancel := context.WithCancel(a.base)
	status := widget.NewLabel("Starting…")
	bar := widget.NewProgressBarInfinite()
	d := dialog.NewCustom(title, "Cancel", container.NewVBox(bar, status), a.win)
	d.SetOnClosed(cancel)
	d.Show()
	progress := func(s string) { a.env.do(func() { status.SetText(s) }) }
	a.env.spawn(func() {
		err := work(ctx, progress)
		a.env.do(func() {
			bar.Stop()
			d.Hide()
			switch {
			case errors.Is(err, context.Canceled):
				dialog.ShowInformation(title, "Cancelled: nothing was changed.", a.win)
			case err != nil:
				a.showError(title+" failed", err)
			default:
				done()
			}
		})
	})
}

// showError logs err and shows the user what failed. Ledger errors carry a
// message safe to show as it is; anything else (SQL, I/O) stays in the log.
func (a *app) showError(what string, err error) {
	if a.errorOpen {
		log.Printf("%s: %v", what, err)
		return
	}
	a.errorOpen = true
	showError(a.win, what, err, func() { a.errorOpen = false })
}

func showError(w fyne.Window, what string, err error, onClosed func()) {
	log.Printf("%s: %v", what, err)
	d := dialog.NewError(errors.New(what+".\n"+userMessage(err)), w)
	d.SetOnClosed(onClosed)
	d.Show()
}

// userMessage is what a user is told of err.
func userMessage(err error) string {
	var le *ledger.Error
	if errors.As(err, &le) && le.Code != ledger.EINTERNAL {
		return le.Message
	}
	return "The details are in the log."
}

// fieldError is a validation message shown under a form field.
func fieldError() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// setFieldError shows msg under a field, or hides the label when msg is "".
func setFieldError(l *widget.Label, msg string) {
	l.SetText(msg)
	if msg == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// parseDateField reads an ISO date entry (paidapp.ParseDay); empty gives
// def. The message is the one a user sees under the field.
func parseDateField(s string, def time.Time) (time.Time, error) {
	d, err := paidapp.ParseDay(s, def)
	if err != nil {
		return time.Time{}, errors.New(userMessage(err))
	}
	return d, nil
}

// dateEntry is an entry for an ISO date.
func (a *app) dateEntry(d time.Time) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder("YYYY-MM-DD")
	if !d.IsZero() {
		e.SetText(d.Format(ledger.DateLayout))
	}
	// A calendar at the end of the field picks a date; the text stays ISO
	// (Fyne's DateEntry would write the locale's format, which the ledger
	// and the command line do not read).
	pick := widget.NewButtonWithIcon("", theme.CalendarIcon(), func() { showCalendar(e, a.today()) })
	pick.Importance = widget.LowImportance
	e.ActionItem = pick
	return e
}

// showCalendar pops a calendar up under a date field, opened at its date
// (or today); choosing a day writes it and submits the field.
func showCalendar(e *widget.Entry, today time.Time) {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil {
		return
	}
	start := today
	if d, err := ledger.ParseDate(strings.TrimSpace(e.Text)); err == nil {
		start = d
	}
	var pop *widget.PopUp
	cal := widget.NewCalendar(start, func(d time.Time) {
		pop.Hide()
		e.SetText(d.Format(ledger.DateLayout))
		if e.OnSubmitted != nil {
			e.OnSubmitted(e.Text)
		}
	})
	pop = widget.NewPopUp(cal, c)
	pop.ShowAtRelativePosition(fyne.NewPos(0, e.Size().Height), e)
}

// fmtDate prints a date, or nothing for the zero date.
func fmtDate(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format(ledger.DateLayout)
}

// heading is a bold title label.
func heading(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// applyTheme sets the light or dark theme, or follows the system for "";
// each with the font that draws every script (theme.go).
func applyTheme(a fyne.App, v string) {
	switch v {
	case "light":
		light := theme.VariantLight
		a.Settings().SetTheme(newTheme(&light))
	case "dark":
		dark := theme.VariantDark
		a.Settings().SetTheme(newTheme(&dark))
	default:
		a.Settings().SetTheme(newTheme(nil))
	}
}

// removeIfEmpty removes path if it is an empty file: the one a save
// dialog made for a document that was then not written.
func removeIfEmpty(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
		return os.Remove(path)
	}
	return nil
}

// saveAs asks where to save a file, offering name, and hands the opened
// file and its path to write (which closes it); a cancelled dialog does
// nothing.
func (a *app) saveAs(name string, write func(w fyne.URIWriteCloser, path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			a.showError("Could not open the file", err)
			return
		}
		if w == nil {
			return // cancelled
		}
		write(w, w.URI().Path())
	}, a.win)
	d.SetFileName(name)
	d.Show()
}

// todayDefault keeps a date field on today while the user has not typed
// another date: a window left open past midnight offers the new day.
type todayDefault struct {
	e     *widget.Entry
	shown string // the date last written by follow or reset
}

// follow writes today into the field unless the user changed it.
func (d *todayDefault) follow(today time.Time) {
	if t := fmtDate(today); d.e.Text == d.shown && d.e.Text != t {
		d.reset(today)
	}
}

// reset writes today into the field, whatever it held.
func (d *todayDefault) reset(today time.Time) {
	d.shown = fmtDate(today)
	d.e.SetText(d.shown)
}
