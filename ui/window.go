// Package ui is Paidup's desktop interface: one file per screen, each an
// unexported struct holding its widgets. It is the only package that imports
// Fyne, and it never imports fyne.io/fyne/v2/app: main.go creates the app and
// hands it in, so tests can use fyne.io/fyne/v2/test instead.
package ui

import (
	"context"
	"errors"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"

	"paidup/assets"
	"paidup/ledger"
)

// Ledger is what the window needs from the ledger.
type Ledger interface {
	CountCustomers(ctx context.Context, search string) (int, error)
	CustomerBalances(ctx context.Context, f ledger.CustomerFilter) ([]ledger.CustomerBalance, error)
}

var _ Ledger = (*ledger.Store)(nil)

// Preference keys for the window size, restored on the next start.
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
)

var defaultSize = fyne.NewSize(1100, 700)

// icon is the application icon as a Fyne resource.
var icon = fyne.NewStaticResource("icon.png", assets.Icon)

// env is how screens reach the world outside the UI goroutine. Production uses
// fyne.Do and plain goroutines; tests substitute a queue they drain on the
// test goroutine, because the test driver runs fyne.Do callbacks on the
// caller's goroutine, which would race with the test.
type env struct {
	do    func(func()) // run on the UI goroutine
	spawn func(func()) // run in the background
}

var liveEnv = env{do: fyne.Do, spawn: func(f func()) { go f() }}

// mainWindow is the application window and the screens it navigates.
type mainWindow struct {
	win       fyne.Window
	customers *customersScreen
}

// NewMainWindow builds the main window on the ledger l; ledgerName (usually
// the file name) goes in the title. The caller shows it.
func NewMainWindow(a fyne.App, l Ledger, ledgerName string) fyne.Window {
	return newMainWindow(a, l, ledgerName, liveEnv).win
}

func newMainWindow(a fyne.App, l Ledger, ledgerName string, e env) *mainWindow {
	m := &mainWindow{win: a.NewWindow("Paidup — " + ledgerName)}
	a.SetIcon(icon)
	m.win.SetIcon(icon)

	// One tab per screen; invoices, aging and reminders join here.
	m.customers = newCustomersScreen(m.win, l, e)
	tabs := container.NewAppTabs(
		container.NewTabItem("Customers", m.customers.content()),
	)
	m.win.SetContent(tabs)

	// Ctrl+F (Cmd+F on macOS) jumps to the customer search.
	m.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) {
			tabs.SelectIndex(0)
			m.win.Canvas().Focus(m.customers.search)
		})

	prefs := a.Preferences()
	m.win.Resize(fyne.NewSize(
		float32(prefs.FloatWithFallback(prefWidth, float64(defaultSize.Width))),
		float32(prefs.FloatWithFallback(prefHeight, float64(defaultSize.Height)))))
	// OnClosed runs while the window still exists, so its size is still known.
	m.win.SetOnClosed(func() {
		size := m.win.Canvas().Size()
		if size.Width > 0 && size.Height > 0 {
			prefs.SetFloat(prefWidth, float64(size.Width))
			prefs.SetFloat(prefHeight, float64(size.Height))
		}
		m.customers.close()
	})

	m.customers.start()
	return m
}

// showError logs err and shows the user what failed; onClosed runs when the
// dialog is dismissed. Ledger errors carry a message safe to show as it is;
// anything else (SQL, I/O) stays in the log.
func showError(w fyne.Window, what string, err error, onClosed func()) {
	log.Printf("%s: %v", what, err)
	msg := what + "."
	var le *ledger.Error
	if errors.As(err, &le) && le.Code != ledger.EINTERNAL {
		msg += "\n" + le.Message
	} else {
		msg += "\nThe details are in the log."
	}
	d := dialog.NewError(errors.New(msg), w)
	d.SetOnClosed(onClosed)
	d.Show()
}
