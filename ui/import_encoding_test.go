package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// A Windows-1252 file is refused until its encoding is chosen; then its
// names come in as written.
func TestImportWizardEncoding(t *testing.T) {
	m, h, st := openLedger(t, "import")
	s := m.built["import"].(*importScreen)
	path := filepath.Join(t.TempDir(), "excel.csv")
	// "Müller" and "Société" in Windows-1252, as Excel on Windows saves them.
	body := "code,name,currency\nMU,M\xfcller GmbH,EUR\nSG,Soci\xe9t\xe9 G\xe9n\xe9rale,EUR\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	s.setFile(path)
	h.settle(t)
	test.Tap(s.check)
	h.settle(t)
	if !strings.Contains(s.problems.Text, "1252") || !s.doImport.Disabled() {
		t.Fatalf("not refused: problems %q", s.problems.Text)
	}
	s.encoding.SetSelected(importEncodings[1])
	h.settle(t)
	test.Tap(s.check)
	h.settle(t)
	if s.problems.Text != "" || s.doImport.Disabled() {
		t.Fatalf("with windows-1252 chosen: problems %q", s.problems.Text)
	}
	test.Tap(s.doImport)
	h.settle(t)
	c, err := st.CustomerByCode(context.Background(), "SG")
	if err != nil || c.Name != "Société Générale" {
		t.Fatalf("imported %+v %v", c, err)
	}
}
