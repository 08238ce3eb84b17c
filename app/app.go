// Package app holds every job a Paidup user does, each written once: open a
// ledger, keep customers, post and void documents, print invoices and
// statements, export the aging and the metrics, run reminders, import,
// back up, restore and check, and read and change settings. The window
// (package ui) and the command line (package cli) only collect input, call
// this package and present the result; nothing here knows about Fyne or
// flags (docs/DESIGN.md, "Picture").
package app

import (
	"context"
	"time"

	"paidup/ledger"
)

// App is an open ledger and the jobs done on it. Its methods are safe for
// concurrent use, as the ledger's are.
//
// The ledger's own jobs (post a payment, void a document, import a CSV,
// back up, check…) are written once in package ledger and reach the window
// and the command line through the embedded store; App adds those that
// span packages (documents, exports, statements, reminders) and overrides
// the few whose defaults come from settings or the clock (Aging, Metrics).
type App struct {
	*ledger.Store
	st *ledger.Store
	// clock is "now"; read at every use, never captured once, so a window
	// left open past midnight ages as of the new day.
	clock func() time.Time
	// backups is the last automatic backup's outcome (backups.go).
	backups *backupState
}

// Open opens the ledger at path, which must exist: every job but making a
// ledger works on one that is there, and a mistyped path must be an error
// naming it, not a new empty ledger.
func Open(ctx context.Context, path string) (*App, error) {
	st, err := ledger.OpenExisting(ctx, path)
	if err != nil {
		return nil, err
	}
	return New(st, nil), nil
}

// Create opens the ledger at path, making a new one when nothing is there:
// for the jobs that mean to make one (the demo, an import, the window's
// new ledger). A file that is not a Paidup ledger is refused either way.
func Create(ctx context.Context, path string) (*App, error) {
	st, err := ledger.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	return New(st, nil), nil
}

// New wraps an open store; clock nil means the store's clock (time.Now
// unless a test set it). The store's own clock is set to the same, so the
// ledger's "today" and the app's agree.
func New(st *ledger.Store, clock func() time.Time) *App {
	if clock == nil {
		clock = st.Now
	}
	if clock == nil {
		clock = time.Now
	}
	st.Now = clock
	return &App{Store: st, st: st, clock: clock, backups: &backupState{}}
}

// Now is the app's clock.
func (a *App) Now() time.Time { return a.clock() }

// Today is the current day (UTC midnight), read from the clock each time.
func (a *App) Today() time.Time { return ledger.Day(a.clock()) }

// orToday is d, or today when d is zero.
func (a *App) orToday(d time.Time) time.Time {
	if d.IsZero() {
		return a.Today()
	}
	return ledger.Day(d)
}
