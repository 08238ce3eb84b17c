package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
	"paidup/reports"
)

// The invoice's PDF, made by the application layer off the UI goroutine:
// previewed as an image of page 1 (when poppler's pdftoppm is installed),
// saved where the user says, or opened in the system's PDF viewer.

// noPreview is said when pdftoppm is missing: Save and Open still work.
const noPreview = "A preview needs pdftoppm (package poppler-utils). Save the PDF or open it in your PDF viewer instead."

// invoicePDFLedger makes an invoice's PDF (paidapp.App.InvoicePDF, the
// one way an invoice PDF is made).
type invoicePDFLedger interface {
	InvoicePDF(ctx context.Context, w io.Writer, number string) error
	SaveInvoicePDF(ctx context.Context, number, path string) (string, error)
}

// invoicePDF is the PDF of the invoice shown, for the preview.
func (v *invoiceView) invoicePDF(ctx context.Context, number string) ([]byte, error) {
	var b bytes.Buffer
	if err := v.l.InvoicePDF(ctx, &b, number); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// onPreviewPDF shows page 1 of the invoice's PDF in a dialog.
func (v *invoiceView) onPreviewPDF() {
	number := v.doc.Number
	type preview struct {
		png  []byte
		note string
	}
	run(v.app, v.base, "Could not make the PDF of "+number, func(ctx context.Context) (preview, error) {
		pdf, err := v.invoicePDF(ctx, number)
		if err != nil {
			return preview{}, err
		}
		png, err := firstPagePNG(ctx, pdf)
		if errors.Is(err, exec.ErrNotFound) {
			return preview{note: noPreview}, nil
		}
		return preview{png: png}, err
	}, func(p preview) {
		v.previewNote = p.note
		var body fyne.CanvasObject
		if p.png == nil {
			l := widget.NewLabel(p.note)
			l.Wrapping = fyne.TextWrapWord
			body = l
		} else {
			img := canvas.NewImageFromResource(fyne.NewStaticResource(reports.FileSafe(number)+".png", p.png))
			img.FillMode = canvas.ImageFillContain
			img.SetMinSize(fyne.NewSize(480, 620))
			body = container.NewScroll(img)
		}
		var d dialog.Dialog
		buttons := container.NewHBox(
			widget.NewButtonWithIcon("Save as…", theme.DocumentSaveIcon(), func() { d.Hide(); v.onSavePDF() }),
			widget.NewButtonWithIcon("Open", theme.FileIcon(), func() { d.Hide(); v.onOpenPDF() }),
			widget.NewButton("Close", func() { d.Hide() }))
		d = dialog.NewCustomWithoutButtons("Invoice "+number, container.NewBorder(nil, buttons, nil, nil, body), v.win)
		if p.png == nil {
			d.Resize(fyne.NewSize(460, 200))
		} else {
			d.Resize(fyne.NewSize(560, 760))
		}
		d.Show()
	})
}

// firstPagePNG rasterises page 1 of a PDF at 80 dpi with pdftoppm; it
// returns exec.ErrNotFound when pdftoppm is not installed.
func firstPagePNG(ctx context.Context, pdf []byte) ([]byte, error) {
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		return nil, exec.ErrNotFound
	}
	dir, err := os.MkdirTemp("", "paidup-preview-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "page"))
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("pdftoppm: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return os.ReadFile(filepath.Join(dir, "page.png"))
}

// onSavePDF asks where to save the invoice's PDF and writes it there.
func (v *invoiceView) onSavePDF() {
	askSavePDF(v.app, v.l, v.doc.Number, func(path string) { v.pdfNote.SetText("Saved " + path) })
}

// savePDF writes the invoice's PDF to path in the background.
func (v *invoiceView) savePDF(path string, done func()) {
	savePDF(v.app, v.l, v.doc.Number, path, func(string) { done() })
}

// onOpenPDF writes the PDF into a temporary folder and opens it in the
// system's viewer.
func (v *invoiceView) onOpenPDF() {
	openPDF(v.app, v.l, v.doc.Number, func(path string) { v.pdfNote.SetText("Opened " + path) })
}

// pdfSaver writes the PDF of an invoice, a credit note or a charge
// (paidapp.App.SaveInvoicePDF).
type pdfSaver interface {
	SaveInvoicePDF(ctx context.Context, number, path string) (string, error)
}

// askSavePDF asks where to save a document's PDF and writes it there.
func askSavePDF(a *app, l pdfSaver, number string, done func(path string)) {
	a.saveAs(paidapp.InvoiceFileName(number), func(w fyne.URIWriteCloser, path string) {
		// The app writes the file itself, through a temporary file
		// renamed into place: the one the dialog opened only says where.
		if err := w.Close(); err != nil {
			a.showError("Could not create the file", err)
			return
		}
		savePDF(a, l, number, path, done)
	})
}

// savePDF writes a document's PDF to path in the background; when that
// fails, the empty file the save dialog made goes.
func savePDF(a *app, l pdfSaver, number, path string, done func(path string)) {
	run(a, a.base, "Could not save the PDF of "+number, func(ctx context.Context) (string, error) {
		p, err := l.SaveInvoicePDF(ctx, number, path)
		if err != nil {
			return "", errors.Join(err, removeIfEmpty(path))
		}
		return p, nil
	}, done)
}

// openPDF writes a document's PDF into a temporary folder and opens it in
// the system's viewer. The file stays: the viewer reads it after we
// return.
func openPDF(a *app, l pdfSaver, number string, done func(path string)) {
	run(a, a.base, "Could not open the PDF of "+number, func(ctx context.Context) (string, error) {
		dir, err := os.MkdirTemp("", "paidup-document-")
		if err != nil {
			return "", err
		}
		path, err := l.SaveInvoicePDF(ctx, number, dir)
		if err != nil {
			return "", err
		}
		return path, openInViewer(path)
	}, done)
}

// openInViewer opens a file with the desktop's viewer for its type.
func openInViewer(path string) error {
	name, args := viewerCommand(path)
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return ledger.Errorf(ledger.EINVALID, "there is no viewer to open it with (%s is not installed); the file is %s", name, path)
		}
		return err
	}
	go func() {
		// Reap it; a viewer that fails says so itself, so only the log hears.
		if err := cmd.Wait(); err != nil {
			log.Printf("%s %s: %v", name, path, err)
		}
	}()
	return nil
}

// viewerCommand is what opens a file in its viewer: the file's
// association on Windows (no console window, unlike "cmd /c start"),
// open on macOS, xdg-open on Linux and the BSDs.
func viewerCommand(path string) (string, []string) {
	switch runtime.GOOS {
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", path}
	case "darwin":
		return "open", []string{path}
	}
	return "xdg-open", []string{path}
}
