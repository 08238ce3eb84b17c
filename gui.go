package main

import (
	"context"
	"os"
	"runtime/debug"

	fyneapp "fyne.io/fyne/v2/app"

	"paidup/app"
	"paidup/ui"
)

// runGUI opens the window on the ledger at path; only main imports Fyne's
// app package, so the ui tests can use Fyne's test driver instead.
func runGUI(ctx context.Context, path string) error {
	// The window makes the ledger when there is none: its first start
	// shows the onboarding, its new-ledger screen.
	a, err := app.Create(ctx, path)
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			a.Close()
		}
	}()
	// The window's live Go heap is small (about 25 MB on a million
	// invoices); collecting at 50% growth instead of 100% keeps the peak
	// about 12 MB lower for a negligible cost (measured with bench_gui.sh).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	hideOwnConsole()
	fa := fyneapp.NewWithID("io.paidup.app")
	ui.NewMainWindow(fa, a, app.LedgerName(a.Path())).ShowAndRun()
	// The window closed: the ledger is backed up as it closes (a failure
	// is said here, and the next start's dashboard shows a backup due).
	closed = true
	return a.CloseWithBackup(context.WithoutCancel(ctx), os.Stderr)
}
