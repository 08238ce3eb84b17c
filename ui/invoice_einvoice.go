package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/einvoice"
)

// einvoiceLedger writes a document's e-invoice (paidapp.App.SaveEInvoice).
type einvoiceLedger interface {
	EInvoiceFormat(ctx context.Context, number, format string) (einvoice.Format, error)
	SaveEInvoice(ctx context.Context, number, format, path string) (string, error)
}

// einvoiceLabels name the formats as a person chooses them.
var einvoiceLabels = map[einvoice.Format]string{
	einvoice.CII:          "Factur-X / ZUGFeRD XML (CII, EN 16931)",
	einvoice.UBL:          "Peppol BIS Billing 3.0 (UBL)",
	einvoice.XRechnungCII: "XRechnung (CII)",
	einvoice.XRechnungUBL: "XRechnung (UBL)",
}

// onSaveEInvoice asks for the format (the customer's own chosen first)
// and where to save, then writes the e-invoice. A field the format needs
// and the ledger lacks is named in the error, and no file is left.
func (v *invoiceView) onSaveEInvoice() {
	number := v.doc.Number
	run(v.app, v.base, "Could not prepare the e-invoice of "+number, func(ctx context.Context) (einvoice.Format, error) {
		return v.l.EInvoiceFormat(ctx, number, "")
	}, func(preferred einvoice.Format) {
		labels := make([]string, len(einvoice.Formats))
		byLabel := map[string]einvoice.Format{}
		for i, f := range einvoice.Formats {
			labels[i] = einvoiceLabels[f]
			byLabel[labels[i]] = f
		}
		choice := widget.NewSelect(labels, nil)
		choice.SetSelected(einvoiceLabels[preferred])
		var d dialog.Dialog
		save := widget.NewButton("Save as…", func() {
			f := byLabel[choice.Selected]
			d.Hide()
			v.saveAs(paidapp.EInvoiceFileName(number, f), func(w fyne.URIWriteCloser, path string) {
				if err := w.Close(); err != nil {
					v.showError("Could not create the file", err)
					return
				}
				run(v.app, v.base, "Could not save the e-invoice of "+number, func(ctx context.Context) (string, error) {
					p, err := v.l.SaveEInvoice(ctx, number, string(f), path)
					if err != nil {
						return "", errors.Join(err, removeIfEmpty(path))
					}
					return p, nil
				}, func(p string) { v.pdfNote.SetText("Saved " + p) })
			})
		})
		save.Importance = widget.HighImportance
		d = dialog.NewCustom("Save e-invoice", "Cancel", container.NewVBox(
			widget.NewLabel("Format of the e-invoice of "+number+":"), choice, save), v.win)
		d.Show()
	})
}
