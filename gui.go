package main

import (
	"context"
	"path/filepath"

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
	a := app.NewWithID("io.paidup.app")
	ui.NewMainWindow(a, st, ui.StoreDocuments{St: st}, filepath.Base(st.Path())).ShowAndRun()
	return nil
}
