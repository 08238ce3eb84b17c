package app

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"paidup/ledger"
	"paidup/reports"
)

// InvoicePDF writes an issued (or void) invoice as a PDF, with the business
// profile's letterhead, locale and paper. It is the one way an invoice PDF
// is made: printed, saved or attached to a reminder.
func (a *App) InvoicePDF(ctx context.Context, w io.Writer, number string) error {
	in, err := reports.LoadInvoice(ctx, a.st, number)
	if err != nil {
		return err
	}
	r, err := reports.LoadRenderer(ctx, a.st)
	if err != nil {
		return err
	}
	return r.Invoice(w, in)
}

// InvoiceFileName is the default file name of an invoice's PDF.
func InvoiceFileName(number string) string { return reports.FileSafe(number) + ".pdf" }

// SaveInvoicePDF writes the invoice's PDF to path (a folder means the
// default name inside it) and returns the file written.
func (a *App) SaveInvoicePDF(ctx context.Context, number, path string) (string, error) {
	if path == "" {
		path = InvoiceFileName(number)
	} else if isDir(path) {
		path = filepath.Join(path, InvoiceFileName(number))
	}
	if err := WriteFile(path, func(w io.Writer) error { return a.InvoicePDF(ctx, w, number) }); err != nil {
		return "", fmt.Errorf("invoice %s: %w", number, err)
	}
	return path, nil
}

// pdfs renders the attachments of a reminder run (reminders.Renderer) with
// one renderer loaded for the whole run: the same invoice and open-item
// statement PDFs the user prints.
type pdfs struct {
	st *ledger.Store
	r  *reports.Renderer
	o  reports.StatementOptions
}

func (a *App) pdfs(ctx context.Context) (*pdfs, error) {
	r, err := reports.LoadRenderer(ctx, a.st)
	if err != nil {
		return nil, fmt.Errorf("prepare PDFs: %w", err)
	}
	edges, err := a.AgingEdges(ctx, "")
	if err != nil {
		return nil, err
	}
	return &pdfs{st: a.st, r: r, o: reports.StatementOptions{Kind: reports.OpenItem, Edges: edges}}, nil
}
