package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"paidup/internal/envalidate"
	"paidup/internal/pgtest"
	"paidup/ledger"
)

// einvoiceLedger sets up, through the command line, a business and a
// customer complete enough for every e-invoice format.
func einvoiceLedger(t *testing.T) {
	t.Helper()
	db := pgtest.LedgerPath(t, "e.db")
	t.Setenv("PAIDUP_DB", db)
	s, err := ledger.Open(context.Background(), db) // only import, demo and the window make a ledger
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	mustRun(t, 0, "customer", "add", "BUND", "--name", "Bundesamt für Beispiele", "--currency", "EUR", "--email", "ap@bund.example",
		"--address", `Postfach 1\nHaus 2`, "--postcode", "10115", "--city", "Berlin", "--country", "de", "--tax-id", "DE987654321")
	for _, kv := range [][2]string{{"business.name", "Nordlicht Design Studio GmbH"}, {"business.address", "Hafenstraße 12"},
		{"business.postcode", "20457"}, {"business.city", "Hamburg"}, {"business.country", "DE"}, {"business.tax_id", "DE123456789"},
		{"business.email", "accounts@nordlicht.example"}, {"business.phone", "+49 40 1234567"}, {"business.currency", "EUR"},
		{"payment.iban", "DE89 3704 0044 0532 0130 00"}, {"payment.bic", "COBADEFFXXX"}} {
		mustRun(t, 0, "settings", "set", kv[0], kv[1])
	}
	mustRun(t, 0, "invoice", "new", "--customer", "BUND", "--date", "2026-03-02", "--issue",
		"--line", "Corporate design;3;800;19;10;;DAY", "--line", "Style guide;25;19.90;7;;;H87",
		"--line", "Training;1;300;0;;E;HUR", "--vat-reason", "Exempt under § 4 Nr. 21 UStG",
		"--service-from", "2026-02-01", "--service-to", "2026-02-28", "--reference", "PO-17")
}

// invoice xml writes the invoice in each format; the files validate. A
// format needing what the ledger lacks names it, exits 1 and writes no file.
func TestCLIInvoiceXML(t *testing.T) {
	envalidate.Tools(t)
	einvoiceLedger(t)
	dir := t.TempDir()
	// Without a buyer reference XRechnung is refused, naming the field.
	out := mustRun(t, 1, "invoice", "xml", "INV-000001", "--format", "xrechnung-cii", "-o", filepath.Join(dir, "x.xml"))
	wantIn(t, out, "customer BUND: buyer_reference (Leitweg-ID, BT-10)")
	if _, err := os.Stat(filepath.Join(dir, "x.xml")); !os.IsNotExist(err) {
		t.Fatalf("a refused e-invoice left a file: %v", err)
	}
	mustRun(t, 2, "invoice", "xml", "INV-000001", "--format", "pdf")
	out = mustRun(t, 0, "customer", "set", "BUND", "--einvoice-format", "xrechnung-ubl", "--buyer-reference", "991-01234-56")
	wantIn(t, out, "e-invoice xrechnung-ubl, buyer reference 991-01234-56")
	ciiDir, ublDir := filepath.Join(dir, "cii"), filepath.Join(dir, "ubl")
	for _, d := range []string{ciiDir, ublDir} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	mustRun(t, 0, "invoice", "xml", "INV-000001", "--format", "cii", "-o", filepath.Join(ciiDir, "a.xml"))
	mustRun(t, 0, "invoice", "xml", "INV-000001", "--format", "xrechnung-cii", "-o", filepath.Join(ciiDir, "b.xml"))
	mustRun(t, 0, "invoice", "xml", "INV-000001", "--format", "ubl", "-o", filepath.Join(ublDir, "c.xml"))
	// No --format: the customer's own (xrechnung-ubl), under its default name.
	out = mustRun(t, 0, "invoice", "xml", "INV-000001", "-o", ublDir)
	wantIn(t, out, "INV-000001.xrechnung-ubl.xml")
	envalidate.Valid(t, ciiDir, ublDir)
	wantIn(t, mustRun(t, 0, "customer", "show", "BUND", "--format", "json"), `"buyer_reference": "991-01234-56"`, `"country": "DE"`)
	wantIn(t, mustRun(t, 0, "invoice", "show", "INV-000001", "--format", "json"), `"service_from": "2026-02-01"`, `"service_to": "2026-02-28"`,
		`"vat_category": "E"`, `"vat_reason": "Exempt under § 4 Nr. 21 UStG"`, `"unit_code": "DAY"`, `"vat_category": "S"`)
}

// invoice pdf --facturx writes a PDF/A-3 whose embedded factur-x.xml
// poppler lists and extracts, and which validates; qpdf finds the file
// sound. With invoice.einvoice at factur-x every invoice PDF is one.
// (veraPDF, the PDF/A validator, is not available: the PDF/A parts are
// checked by what they must contain.)
func TestCLIFacturXPDF(t *testing.T) {
	envalidate.Tools(t)
	for _, tool := range []string{"pdfdetach", "qpdf", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed (poppler-utils, qpdf)", tool)
		}
	}
	einvoiceLedger(t)
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.pdf")
	mustRun(t, 0, "invoice", "pdf", "INV-000001", "-o", plain)
	if out, _ := exec.Command("pdfdetach", "-list", plain).CombinedOutput(); !strings.Contains(string(out), "0 embedded files") {
		t.Fatalf("a plain invoice PDF has attachments: %s", out)
	}
	fx := filepath.Join(dir, "fx.pdf")
	mustRun(t, 0, "invoice", "pdf", "INV-000001", "--facturx", "-o", fx)
	mustRun(t, 0, "settings", "set", "invoice.einvoice", "factur-x")
	fx2 := filepath.Join(dir, "fx2.pdf")
	mustRun(t, 0, "invoice", "pdf", "INV-000001", "-o", fx2)
	a, _ := os.ReadFile(fx)
	b, _ := os.ReadFile(fx2)
	if !bytes.Equal(a, b) {
		t.Fatal("invoice pdf with invoice.einvoice factur-x differs from invoice pdf --facturx (or the output is not deterministic)")
	}
	out, err := exec.Command("pdfdetach", "-list", fx).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "1: factur-x.xml") {
		t.Fatalf("pdfdetach -list: %v\n%s", err, out)
	}
	if out, err := exec.Command("qpdf", "--check", fx).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	cat, err := exec.Command("qpdf", "--show-object=trailer", fx).CombinedOutput()
	if err != nil {
		t.Fatal(err)
	}
	root := regexp.MustCompile(`/Root (\d+)`).FindStringSubmatch(string(cat))
	if root == nil {
		t.Fatalf("no root in %s", cat)
	}
	catalog, _ := exec.Command("qpdf", "--show-object="+root[1], fx).CombinedOutput()
	wantIn(t, string(catalog), "/AF [", "/Metadata", "/OutputIntents [", "/EmbeddedFiles")
	spec := regexp.MustCompile(`/AF \[ (\d+) 0 R`).FindStringSubmatch(string(catalog))
	specObj, _ := exec.Command("qpdf", "--show-object="+spec[1], fx).CombinedOutput()
	wantIn(t, string(specObj), "/AFRelationship /Alternative", "(factur-x.xml)")
	meta, _ := exec.Command("pdfinfo", "-meta", fx).CombinedOutput()
	wantIn(t, string(meta), "<pdfaid:part>3</pdfaid:part>", "<pdfaid:conformance>B</pdfaid:conformance>",
		"<fx:DocumentType>INVOICE</fx:DocumentType>", "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>",
		"<fx:Version>1.0</fx:Version>", "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>")
	fonts, _ := exec.Command("pdffonts", fx).CombinedOutput()
	for _, l := range strings.Split(string(fonts), "\n")[2:] {
		if f := strings.Fields(l); len(f) > 4 && f[len(f)-5] != "yes" {
			t.Errorf("a font is not embedded: %s", l)
		}
	}
	ciiDir := filepath.Join(dir, "cii")
	if err := os.Mkdir(ciiDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdfdetach", "-save", "1", "-o", filepath.Join(ciiDir, "factur-x.xml"), fx).CombinedOutput(); err != nil {
		t.Fatalf("pdfdetach -save: %v\n%s", err, out)
	}
	envalidate.Valid(t, ciiDir, "")
}
