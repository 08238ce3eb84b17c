package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCLIMissingGlyphsWarn prints the invoice of a customer whose name is
// in a script none of Paidup's fonts has: the PDF is written, and the
// command succeeds with a warning naming the characters.
func TestCLIMissingGlyphsWarn(t *testing.T) {
	dir := t.TempDir()
	db := newLedger(t, filepath.Join(dir, "glyphs.db"))
	mustRun(t, 0, "--db", db, "customer", "add", "ET", "--name", "አበበ Trading", "--currency", "EUR")
	mustRun(t, 0, "--db", db, "invoice", "new", "--customer", "ET", "--line", "Design;1;100", "--issue")
	pdf := filepath.Join(dir, "inv.pdf")
	code, _, errs := paidup(t, "--db", db, "invoice", "pdf", "INV-000001", "-o", pdf)
	if code != 0 {
		t.Fatalf("exit %d, want 0 (a warning):\n%s", code, errs)
	}
	wantIn(t, errs, "wrote "+pdf, "paidup invoice: warning:", "U+1260, U+12A0")
	if fi, err := os.Stat(pdf); err != nil || fi.Size() == 0 {
		t.Fatalf("the PDF was not kept: %v", err)
	}
}
