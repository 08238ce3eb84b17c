package einvoice

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paidup/internal/envalidate"
)

// Every document of the matrix, in every format, passes the CII schema
// and the EN 16931 business rules (no fatal failed assertion); all of a
// syntax's files go through one JVM start.
func TestMatrixValidates(t *testing.T) {
	envalidate.Tools(t)
	f := newFixture(t)
	ctx := context.Background()
	ciiDir, ublDir := t.TempDir(), t.TempDir()
	for _, number := range f.docs {
		inv, err := Of(ctx, f.st, number)
		if err != nil {
			t.Fatalf("%s: %v", number, err)
		}
		for _, format := range Formats {
			var a, b bytes.Buffer
			if number == f.card && format.xrechnung() {
				if err := Write(&a, inv, format); err == nil || !strings.Contains(err.Error(), "other than card") || a.Len() != 0 {
					t.Fatalf("%s paid by card as %s: %v", number, format, err)
				}
				continue
			}
			if err := Write(&a, inv, format); err != nil {
				t.Fatalf("%s as %s: %v", number, format, err)
			}
			// Deterministic: built and written again, the same bytes.
			again, err := Of(ctx, f.st, number)
			if err != nil {
				t.Fatal(err)
			}
			if err := Write(&b, again, format); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatalf("%s as %s: two writes differ", number, format)
			}
			dir := ciiDir
			if format.ubl() {
				dir = ublDir
			}
			if err := os.WriteFile(filepath.Join(dir, number+"."+string(format)+".xml"), a.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A copy of the first invoice with its total changed by a digit is
	// validated with them: it must fail (BR-CO-15), so a passing matrix
	// means something, at no extra JVM start.
	inv, err := Of(ctx, f.st, f.docs[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		format   Format
		dir, tag string
	}{{CII, ciiDir, "ram:GrandTotalAmount>"}, {UBL, ublDir, "cbc:TaxInclusiveAmount currencyID=\"EUR\">"}} {
		var b bytes.Buffer
		if err := Write(&b, inv, c.format); err != nil {
			t.Fatal(err)
		}
		s := b.String()
		i := strings.Index(s, c.tag)
		if i < 0 {
			t.Fatalf("no %s in %s", c.tag, s)
		}
		j := i + len(c.tag)
		if err := os.WriteFile(filepath.Join(c.dir, "wrong.xml"), []byte(s[:j]+"9"+s[j:]), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(ciiDir, "*.xml"))
	if err := envalidate.Schema(t, files); err != nil {
		t.Error(err)
	}
	for _, c := range []struct{ syntax, dir string }{{"cii", ciiDir}, {"ubl", ublDir}} {
		caught := false
		for _, fail := range envalidate.Rules(t, c.syntax, c.dir) {
			if fail.File == "wrong.xml" {
				caught = caught || fail.ID == "BR-CO-15"
				continue
			}
			t.Errorf("not valid against EN 16931: %s", fail)
		}
		if !caught {
			t.Errorf("%s: a wrong total passed the business rules", c.syntax)
		}
	}
}
