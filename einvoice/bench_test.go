package einvoice

import (
	"bytes"
	"context"
	"io"
	"testing"
)

// BenchmarkEInvoice is one e-invoice from the ledger: read the document
// and what it refers to, build, write the CII. Its cost does not grow with
// the ledger (each read is by key), so a ledger of a million invoices
// writes each as fast.
func BenchmarkEInvoice(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		inv, err := Of(ctx, f.st, f.docs[0])
		if err != nil {
			b.Fatal(err)
		}
		if err := Write(io.Discard, inv, CII); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFacturX is the PDF rewrite alone, on a 30 KB invoice PDF.
func BenchmarkFacturX(b *testing.B) {
	pdf := samplePDF(b)
	var x bytes.Buffer
	x.WriteString("<x/>")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := FacturX(pdf, x.Bytes(), PDFMeta{Title: "Invoice INV-1", Author: "A", Date: day("2026-03-02")}); err != nil {
			b.Fatal(err)
		}
	}
}
