package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime/debug"

	"fyne.io/fyne/v2/app"

	"paidup/ui"
)

// runGUI opens the window on the ledger; only main imports fyne's app.
func runGUI(ctx context.Context, e *env) error {
	st, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	// The window's live Go heap is small (about 25 MB on a million
	// invoices); collecting at 50% growth instead of 100% keeps the peak
	// about 12 MB lower for a negligible cost (measured with bench_gui.sh).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	a := app.NewWithID("io.paidup.app")
	ui.NewMainWindow(a, st, ui.StoreDocuments{St: st}, filepath.Base(st.Path())).ShowAndRun()
	return nil
}
