// Package envalidate checks e-invoices in tests with the official EN 16931
// artefacts copied into testdata/einvoice: the CII D16B schema (xmllint)
// and the business rules compiled to XSLT (Saxon-HE, Debian's
// libsaxonhe-java). A whole folder goes through one JVM start, so a test
// validates its matrix in a few seconds. Without the tools a test fails
// saying which is missing (in -short mode it is skipped).
package envalidate

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// SaxonJar is where Debian's libsaxonhe-java puts Saxon-HE.
const SaxonJar = "/usr/share/java/Saxon-HE.jar"

// Artefacts is the folder of the copied artefacts (testdata/einvoice).
func Artefacts() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "einvoice")
}

// Tools fails (or in -short mode skips) the test when java, Saxon-HE or
// xmllint is missing.
func Tools(tb testing.TB) {
	tb.Helper()
	var missing []string
	for _, c := range []string{"java", "xmllint"} {
		if _, err := exec.LookPath(c); err != nil {
			missing = append(missing, c)
		}
	}
	if _, err := os.Stat(SaxonJar); err != nil {
		missing = append(missing, SaxonJar)
	}
	if len(missing) == 0 {
		return
	}
	msg := fmt.Sprintf("e-invoice validation needs %s (scripts/deps.sh test installs libsaxonhe-java default-jre-headless libxml2-utils)", strings.Join(missing, ", "))
	if testing.Short() {
		tb.Skip(msg)
	}
	tb.Fatal(msg)
}

// Failure is one fatal failed assertion of the business rules.
type Failure struct {
	File, ID, Location, Text string
}

func (f Failure) String() string {
	return fmt.Sprintf("%s: %s at %s: %s", f.File, f.ID, f.Location, strings.Join(strings.Fields(f.Text), " "))
}

// Schema checks every file against the CII D16B schema in one xmllint
// run and returns what xmllint said of the files that failed.
func Schema(tb testing.TB, files []string) error {
	tb.Helper()
	if len(files) == 0 {
		return nil
	}
	xsd := filepath.Join(Artefacts(), "cii", "schema", "CrossIndustryInvoice_100pD16B.xsd")
	args := append([]string{"--noout", "--nonet", "--schema", xsd}, files...)
	out, err := exec.Command("xmllint", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("xmllint --schema: %v\n%s", err, out)
	}
	return nil
}

// Rules runs the EN 16931 business rules of syntax ("cii" or "ubl") over
// every .xml file of dir in one Saxon run and returns the fatal failures.
func Rules(tb testing.TB, syntax, dir string) []Failure {
	tb.Helper()
	xslt := filepath.Join(Artefacts(), syntax, "xslt", "EN16931-"+strings.ToUpper(syntax)+"-validation.xslt")
	out := tb.TempDir()
	cmd := exec.Command("java", "-cp", SaxonJar, "net.sf.saxon.Transform", "-s:"+dir, "-xsl:"+xslt, "-o:"+out)
	if b, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("saxon %s over %s: %v\n%s", syntax, dir, err, b)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var fails []Failure
	n := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".xml") {
			continue
		}
		n++
		f, err := os.Open(filepath.Join(out, e.Name()))
		if err != nil {
			tb.Fatalf("saxon wrote no report for %s: %v", e.Name(), err)
		}
		got, err := fatal(e.Name(), f)
		f.Close()
		if err != nil {
			tb.Fatalf("report of %s: %v", e.Name(), err)
		}
		fails = append(fails, got...)
	}
	if n == 0 {
		tb.Fatalf("no .xml files in %s", dir)
	}
	sort.Slice(fails, func(i, j int) bool { return fails[i].File+fails[i].ID < fails[j].File+fails[j].ID })
	return fails
}

// fatal reads an SVRL report's failed assertions flagged fatal.
func fatal(name string, r io.Reader) ([]Failure, error) {
	d := xml.NewDecoder(r)
	var out []Failure
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "failed-assert" {
			continue
		}
		var fa struct {
			ID       string `xml:"id,attr"`
			Flag     string `xml:"flag,attr"`
			Location string `xml:"location,attr"`
			Text     string `xml:"text"`
		}
		if err := d.DecodeElement(&fa, &se); err != nil {
			return nil, err
		}
		if fa.Flag == "fatal" {
			out = append(out, Failure{File: name, ID: fa.ID, Location: fa.Location, Text: fa.Text})
		}
	}
}

// Valid checks the CII files of ciiDir (schema and rules) and the UBL
// files of ublDir (rules; the UBL schema is not among the artefacts) and
// fails the test naming every problem. Either folder may be "".
func Valid(tb testing.TB, ciiDir, ublDir string) {
	tb.Helper()
	Tools(tb)
	var problems bytes.Buffer
	if ciiDir != "" {
		files, _ := filepath.Glob(filepath.Join(ciiDir, "*.xml"))
		if err := Schema(tb, files); err != nil {
			fmt.Fprintln(&problems, err)
		}
		for _, f := range Rules(tb, "cii", ciiDir) {
			fmt.Fprintln(&problems, f)
		}
	}
	if ublDir != "" {
		for _, f := range Rules(tb, "ubl", ublDir) {
			fmt.Fprintln(&problems, f)
		}
	}
	if problems.Len() > 0 {
		tb.Fatalf("e-invoices not valid against EN 16931:\n%s", problems.String())
	}
}
