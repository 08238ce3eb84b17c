package einvoice

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// samplePDF is a small PDF as fpdf writes it, set up as reports sets up
// its documents (sorted catalog, fixed dates).
func samplePDF(tb testing.TB) []byte {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCatalogSort(true)
	f.SetCreationDate(day("2026-03-02"))
	f.SetModificationDate(day("2026-03-02"))
	f.SetTitle("Invoice INV-1", true)
	f.AddPage()
	f.SetFont("Helvetica", "", 12)
	f.Cell(40, 10, "Invoice INV-1")
	f.LinkString(10, 10, 40, 10, "https://pay.example/n")
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// FacturX keeps fpdf's objects, adds the attachment, metadata and output
// intent, is deterministic, and refuses what it cannot rewrite.
func TestFacturXRewrite(t *testing.T) {
	pdf := samplePDF(t)
	xmlData := []byte("<?xml version=\"1.0\"?><x>Müller</x>")
	meta := PDFMeta{Title: "Invoice INV-1", Author: "Nordlicht Design Studio GmbH", Date: day("2026-03-02")}
	a, err := FacturX(pdf, xmlData, meta)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := FacturX(pdf, xmlData, meta)
	if !bytes.Equal(a, b) {
		t.Fatal("two rewrites differ")
	}
	for _, want := range []string{"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "/AFRelationship /Alternative", "/Subtype /text#2Fxml",
		"/OutputIntents [", "/GTS_PDFA1", "<pdfaid:part>3</pdfaid:part>", "/ID [<",
		"/Subtype /Link /F 4 "} { // PDF/A: annotations are printable
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("no %q in the Factur-X PDF", want)
		}
	}
	for _, bad := range [][]byte{[]byte("not a pdf"), a} {
		if _, err := FacturX(bad, xmlData, meta); err == nil {
			t.Errorf("rewrote %.20q", bad)
		}
	}
	// poppler and qpdf read it; the XML comes back as it went in.
	for _, tool := range []string{"qpdf", "pdfdetach"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed (qpdf, poppler-utils)", tool)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "fx.pdf")
	if err := os.WriteFile(path, a, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	if out, err := exec.Command("pdfdetach", "-list", path).CombinedOutput(); err != nil || !strings.Contains(string(out), "1: factur-x.xml") {
		t.Fatalf("pdfdetach -list: %v\n%s", err, out)
	}
	got := filepath.Join(dir, "got.xml")
	if out, err := exec.Command("pdfdetach", "-save", "1", "-o", got, path).CombinedOutput(); err != nil {
		t.Fatalf("pdfdetach -save: %v\n%s", err, out)
	}
	if data, _ := os.ReadFile(got); !bytes.Equal(data, xmlData) {
		t.Fatalf("the embedded file is %q", data)
	}
}
