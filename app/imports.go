package app

import (
	"context"
	"io"

	"paidup/ledger"
)

// The imports are the ledger's, followed by an automatic backup when they
// wrote something: an import changes much at once, and the copy from just
// after it is the one to go back to. A failed backup does not fail the
// import (it is committed); LastAutoBackup says what happened.

// ImportCustomers imports a customers file (ledger.Store.ImportCustomers).
func (a *App) ImportCustomers(ctx context.Context, r io.Reader, name string, o ledger.ImportOptions) (*ledger.ImportResult, error) {
	res, err := a.Store.ImportCustomers(ctx, r, name, o)
	a.backupAfterImport(ctx, res, err)
	return res, err
}

// ImportInvoices imports an invoices file (ledger.Store.ImportInvoices).
func (a *App) ImportInvoices(ctx context.Context, r io.Reader, name string, o ledger.ImportOptions) (*ledger.ImportResult, error) {
	res, err := a.Store.ImportInvoices(ctx, r, name, o)
	a.backupAfterImport(ctx, res, err)
	return res, err
}

// ImportPayments imports a payments file (ledger.Store.ImportPayments).
func (a *App) ImportPayments(ctx context.Context, r io.Reader, name string, o ledger.ImportOptions) (*ledger.ImportResult, error) {
	res, err := a.Store.ImportPayments(ctx, r, name, o)
	a.backupAfterImport(ctx, res, err)
	return res, err
}

func (a *App) backupAfterImport(ctx context.Context, res *ledger.ImportResult, err error) {
	if err != nil || res == nil || res.DryRun || res.Imported == 0 {
		return
	}
	a.AutoBackup(ctx) // its outcome is kept for LastAutoBackup
}
