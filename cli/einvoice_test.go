package cli

import (
	"context"
	"os"
	"path/filepath"
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
}
