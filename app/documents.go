package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"

	"paidup/einvoice"
	"paidup/ledger"
	"paidup/reports"
)

// InvoicePDF writes an issued (or void) invoice as a PDF, with the business
// profile's letterhead, locale and paper. It is the one way an invoice PDF
// is made: printed, saved or attached to a reminder. With the setting
// invoice.einvoice at factur-x, or for a customer who asked for Factur-X,
// it is a Factur-X PDF.
func (a *App) InvoicePDF(ctx context.Context, w io.Writer, number string) error {
	fx, err := a.facturXAlways(ctx)
	if err != nil {
		return err
	}
	return a.invoicePDF(ctx, w, number, fx)
}

// FacturXPDF writes the invoice as a Factur-X PDF (PDF/A-3 with its EN
// 16931 XML inside) whatever the setting says.
func (a *App) FacturXPDF(ctx context.Context, w io.Writer, number string) error {
	return a.invoicePDF(ctx, w, number, true)
}

// invoicePDF prints an invoice, or a credit note: both are documents
// with lines that a customer receives, and `invoice pdf` takes either.
func (a *App) invoicePDF(ctx context.Context, w io.Writer, number string, facturX bool) error {
	d, err := a.st.Document(ctx, number)
	if err != nil {
		return err
	}
	if d.Kind == ledger.KindCreditNote {
		return a.creditNotePDF(ctx, w, number, facturX)
	}
	in, err := reports.LoadInvoice(ctx, a.st, number)
	if err != nil {
		return err
	}
	r, err := reports.LoadRenderer(ctx, a.st)
	if err != nil {
		return err
	}
	return renderInvoice(ctx, a.st, r, w, in, facturX || in.Customer.EInvoiceFormat == "factur-x")
}

// creditNotePDF writes a credit note's PDF, as a Factur-X PDF (its CII
// credit note, type 381, inside) when asked or when the customer takes
// Factur-X.
func (a *App) creditNotePDF(ctx context.Context, w io.Writer, number string, facturX bool) error {
	cd, err := reports.LoadCreditNote(ctx, a.st, number)
	if err != nil {
		return err
	}
	r, err := reports.LoadRenderer(ctx, a.st)
	if err != nil {
		return err
	}
	if !facturX && cd.Customer.EInvoiceFormat != "factur-x" {
		return r.CreditNote(w, cd)
	}
	return writeFacturX(ctx, a.st, w, cd.Doc, func(w io.Writer) error { return r.CreditNote(w, cd) })
}

// facturXAlways says whether every invoice PDF is a Factur-X PDF.
func (a *App) facturXAlways(ctx context.Context) (bool, error) {
	v, err := a.st.Setting(ctx, "invoice.einvoice", "")
	return v == "factur-x", err
}

// renderInvoice writes an invoice's PDF, or its Factur-X PDF: the same
// PDF with the CII of the same document inside. The e-invoice is built
// first, so a missing required field is named before anything is written.
func renderInvoice(ctx context.Context, st *ledger.Store, r *reports.Renderer, w io.Writer, in reports.InvoiceData, facturX bool) error {
	// A charge document is no invoice of goods or services: no e-invoice.
	if !facturX || in.Doc.Kind != ledger.KindInvoice {
		return r.Invoice(w, in)
	}
	return writeFacturX(ctx, st, w, in.Doc, func(w io.Writer) error { return r.Invoice(w, in) })
}

// writeFacturX renders a document's PDF with render and writes it as a
// Factur-X PDF with the document's CII inside. The e-invoice is built
// first, so a missing required field is named before anything is written;
// missing glyphs are a warning returned after the file is complete.
func writeFacturX(ctx context.Context, st *ledger.Store, w io.Writer, doc ledger.Document, render func(io.Writer) error) error {
	inv, err := einvoice.Of(ctx, st, doc.Number)
	if err != nil {
		return fmt.Errorf("factur-x: %w", err)
	}
	var xml bytes.Buffer
	if err := einvoice.Write(&xml, inv, einvoice.CII); err != nil {
		return fmt.Errorf("factur-x: %w", err)
	}
	var pdf bytes.Buffer
	werr := render(&pdf)
	if _, warning := reports.AsMissingGlyphs(werr); werr != nil && !warning {
		return werr
	}
	author, err := st.Setting(ctx, "business.name", "")
	if err != nil {
		return err
	}
	title := "Invoice " + doc.Number
	if doc.Kind == ledger.KindCreditNote {
		title = "Credit note " + doc.Number
	}
	out, err := einvoice.FacturX(pdf.Bytes(), xml.Bytes(), einvoice.PDFMeta{Title: title, Author: author, Date: doc.Date})
	if err != nil {
		return fmt.Errorf("%s: %w", doc.Number, err)
	}
	if _, err := w.Write(out); err != nil {
		return err
	}
	return werr
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
	st      *ledger.Store
	r       *reports.Renderer
	o       reports.StatementOptions
	facturX bool // invoice.einvoice is factur-x
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
	fx, err := a.facturXAlways(ctx)
	if err != nil {
		return nil, err
	}
	return &pdfs{st: a.st, r: r, o: reports.StatementOptions{Kind: reports.OpenItem, Edges: edges}, facturX: fx}, nil
}
