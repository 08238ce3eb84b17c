package app

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"paidup/ledger"
	"paidup/reports"
)

// DossierPDF writes a customer's collections dossier as of a date (zero:
// today): open items and aging, risk, promises and the whole history.
func (a *App) DossierPDF(ctx context.Context, w io.Writer, code string, asOf time.Time) error {
	if asOf.IsZero() {
		asOf = a.Today()
	}
	r, err := reports.LoadRenderer(ctx, a.st)
	if err != nil {
		return err
	}
	dd, err := reports.LoadDossier(ctx, a.st, code, asOf)
	if err != nil {
		return err
	}
	return r.Dossier(w, dd)
}

// DossierFileName is the default file of a customer's dossier.
func DossierFileName(code string, asOf time.Time) string {
	return fmt.Sprintf("Dossier %s %s.pdf", reports.FileSafe(code), ledger.Day(asOf).Format(ledger.DateLayout))
}

// SaveDossierPDF writes the dossier to path (a folder: its default name
// there; empty: the default name here) and returns the file written.
func (a *App) SaveDossierPDF(ctx context.Context, code string, asOf time.Time, path string) (string, error) {
	if asOf.IsZero() {
		asOf = a.Today()
	}
	if path == "" {
		path = DossierFileName(code, asOf)
	} else if isDir(path) {
		path = filepath.Join(path, DossierFileName(code, asOf))
	}
	if err := WriteFile(path, func(w io.Writer) error { return a.DossierPDF(ctx, w, code, asOf) }); err != nil {
		return path, fmt.Errorf("dossier of %s: %w", code, err)
	}
	return path, nil
}
