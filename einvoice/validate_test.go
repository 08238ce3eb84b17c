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
	envalidate.Valid(t, ciiDir, ublDir)
}

// The validation catches a wrong file: a total changed by a cent fails
// the business rules (so a passing matrix means something).
func TestValidationCatchesAWrongTotal(t *testing.T) {
	envalidate.Tools(t)
	f := newFixture(t)
	inv, err := Of(context.Background(), f.st, f.docs[0])
	if err != nil {
		t.Fatal(err)
	}
	ciiDir, ublDir := t.TempDir(), t.TempDir()
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
		s = s[:j] + "9" + s[j:]
		if err := os.WriteFile(filepath.Join(c.dir, "wrong.xml"), []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ syntax, dir string }{{"cii", ciiDir}, {"ubl", ublDir}} {
		fails := envalidate.Rules(t, c.syntax, c.dir)
		found := false
		for _, f := range fails {
			found = found || f.ID == "BR-CO-15"
		}
		if !found {
			t.Errorf("%s: a wrong total passed the rules (failures: %v)", c.syntax, fails)
		}
	}
}
