package reminders

import (
	"context"
	"fmt"
	"io"
	"time"

	"paidup/ledger"
	"paidup/reports"
)

// ReportsRenderer draws the attachments in this package's tests with
// package reports, as the application layer does for real runs
// (app.ReminderRunner): the same invoice and open-item statement PDFs.
type ReportsRenderer struct {
	store *ledger.Store
	r     *reports.Renderer
}

// NewReportsRenderer prepares the business profile (logo and all) once
// for every PDF of a run.
func NewReportsRenderer(ctx context.Context, st *ledger.Store) (*ReportsRenderer, error) {
	r, err := reports.LoadRenderer(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("prepare PDFs: %w", err)
	}
	return &ReportsRenderer{store: st, r: r}, nil
}

// InvoicePDF writes an invoice's PDF.
func (p *ReportsRenderer) InvoicePDF(ctx context.Context, w io.Writer, number string) error {
	in, err := reports.LoadInvoice(ctx, p.store, number)
	if err != nil {
		return err
	}
	return p.r.Invoice(w, in)
}

// StatementPDF writes a customer's open-item statement as of the end of asOf.
func (p *ReportsRenderer) StatementPDF(ctx context.Context, w io.Writer, code string, asOf time.Time) error {
	sd, err := reports.LoadStatement(ctx, p.store, code, reports.StatementOptions{Kind: reports.OpenItem, To: asOf})
	if err != nil {
		return err
	}
	return p.r.Statement(w, sd)
}
