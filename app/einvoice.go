package app

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"paidup/einvoice"
	"paidup/reports"
)

// EInvoiceFormat is the format an e-invoice of the document is written
// in: format when given, else the format its customer wants (Factur-X's
// CII when they named none).
func (a *App) EInvoiceFormat(ctx context.Context, number, format string) (einvoice.Format, error) {
	if format != "" {
		return einvoice.ParseFormat(format)
	}
	d, err := a.st.Document(ctx, number)
	if err != nil {
		return "", err
	}
	c, err := a.st.CustomerByCode(ctx, d.CustomerCode)
	if err != nil {
		return "", err
	}
	return einvoice.ForCustomer(c.EInvoiceFormat), nil
}

// EInvoice writes the e-invoice (EN 16931 XML) of an issued invoice or
// credit note in format ("" the customer's). A missing required field is
// named before anything is written.
func (a *App) EInvoice(ctx context.Context, w io.Writer, number, format string) error {
	f, err := a.EInvoiceFormat(ctx, number, format)
	if err != nil {
		return err
	}
	inv, err := einvoice.Of(ctx, a.st, number)
	if err != nil {
		return err
	}
	return einvoice.Write(w, inv, f)
}

// EInvoiceFileName is the default file name of a document's e-invoice:
// INV-000001.xrechnung-cii.xml.
func EInvoiceFileName(number string, f einvoice.Format) string {
	return reports.FileSafe(number) + "." + string(f) + ".xml"
}

// SaveEInvoice writes the e-invoice to path (a folder, or "", means the
// default name there) and returns the file written. Nothing is left
// behind when it cannot be written.
func (a *App) SaveEInvoice(ctx context.Context, number, format, path string) (string, error) {
	f, err := a.EInvoiceFormat(ctx, number, format)
	if err != nil {
		return "", err
	}
	if path == "" {
		path = EInvoiceFileName(number, f)
	} else if isDir(path) {
		path = filepath.Join(path, EInvoiceFileName(number, f))
	}
	if err := WriteFile(path, func(w io.Writer) error { return a.EInvoice(ctx, w, number, string(f)) }); err != nil {
		return "", fmt.Errorf("%s: %w", number, err)
	}
	return path, nil
}
