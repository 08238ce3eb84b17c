package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// paidup runs the command line in-process and returns its outputs.
func paidup(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, Options{Stdout: &out, Stderr: &errb})
	return code, out.String(), errb.String()
}

func TestCLIUsageAndExitCodes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	tests := []struct {
		name string
		args []string
		code int
		out  string // in stdout or stderr
	}{
		{"Help", []string{"--help"}, 0, "paidup demo"},
		{"HelpCommand", []string{"help", "import"}, 0, "--skip-bad"},
		{"CommandHelp", []string{"aging", "--help"}, 0, "--basis"},
		{"Version", []string{"version"}, 0, "paidup "},
		{"UnknownCommand", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"UnknownFlag", []string{"check", "--nope"}, 2, "flag provided but not defined"},
		{"MissingArgs", []string{"--db", db, "import", "invoices"}, 2, "import needs a kind"},
		{"BadKind", []string{"--db", db, "import", "widgets", "x.csv"}, 2, `unknown kind "widgets"`},
		{"BadDate", []string{"--db", db, "aging", "--as-of", "31/03/2026"}, 2, "want YYYY-MM-DD"},
		{"BadBasis", []string{"--db", db, "aging", "--basis", "paid"}, 2, "--basis must be due or issue"},
		{"MissingFile", []string{"--db", db, "import", "customers", "/nonexistent.csv"}, 1, "no such file"},
		{"CheckEmpty", []string{"--db", db, "check"}, 0, "ok:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := paidup(t, tt.args...)
			if code != tt.code || !strings.Contains(out+errs, tt.out) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s\nwant %q", code, tt.code, out, errs, tt.out)
			}
			if code == 1 && strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Fatalf("an error must be one line on stderr: %q", errs)
			}
		})
	}
}

func TestCLIImportDemoCheckBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "l.db")
	t.Setenv("PAIDUP_DB", db) // the environment names the ledger
	if code, _, errs := paidup(t, "import", "customers", "../ledger/testdata/customers.csv"); code != 0 {
		t.Fatal(errs)
	}
	// Flags after the arguments; a dry run writes nothing.
	code, out, errs := paidup(t, "import", "invoices", "../ledger/testdata/invoices.csv", "--dry-run")
	if code != 0 || !strings.Contains(out, "would import 4 invoices (5 lines)") || !strings.Contains(out, "nothing was written") {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	// A bad file is refused with file:line: column, and exit 1.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("number,customer_code,issue_date,amount,currency\n1,ACME,2026-01-01,10.00,USD\n2,NOPE,2026-01-01,1,USD\n3,ACME,2026-13-01,x,USD\n"), 0o600)
	code, _, errs = paidup(t, "import", "invoices", bad)
	if code != 1 || !strings.Contains(errs, "bad.csv:3: column 2 (customer_code)") || !strings.Contains(errs, "bad.csv:4: column 3 (issue_date)") ||
		!strings.Contains(errs, "nothing was imported") {
		t.Fatalf("%d %s", code, errs)
	}
	code, _, errs = paidup(t, "import", "invoices", bad, "--skip-bad")
	if code != 0 || !strings.Contains(errs, "skipped 2 bad row(s)") {
		t.Fatalf("%d %s", code, errs)
	}
	if code, out, errs := paidup(t, "check"); code != 0 || !strings.Contains(out, "USD: 1100 receivable 10.00 USD") {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	// The demo refuses a ledger that has documents.
	if code, _, errs := paidup(t, "demo"); code != 1 || !strings.Contains(errs, "needs an empty ledger") {
		t.Fatalf("%d %s", code, errs)
	}
	demo := filepath.Join(dir, "demo.db")
	if code, out, errs := paidup(t, "demo", "--db", demo, "--invoices", "500", "--seed", "3", "--as-of", "2026-03-31"); code != 0 || !strings.Contains(out, "customers") {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	if code, out, _ := paidup(t, "--db", demo, "check"); code != 0 || !strings.Contains(out, "GBP") {
		t.Fatalf("%d %s", code, out)
	}
	bak := filepath.Join(dir, "copy.db")
	if code, out, errs := paidup(t, "--db", demo, "backup", bak); code != 0 || !strings.Contains(out, "verified") {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	if code, _, errs := paidup(t, "--db", demo, "backup", bak); code != 1 || !strings.Contains(errs, "exists already") {
		t.Fatalf("%d %s", code, errs)
	}
	// Restoring the backup over a changed ledger brings it back, and keeps
	// the ledger as it was.
	other := filepath.Join(dir, "other.db")
	if code, _, errs := paidup(t, "demo", "--db", other, "--invoices", "50", "--seed", "9", "--as-of", "2026-03-31"); code != 0 {
		t.Fatal(errs)
	}
	_, before, _ := paidup(t, "--db", demo, "check")
	// --dry-run says what the restore would undo and changes nothing: the
	// backup is of another ledger.
	_, otherBefore, _ := paidup(t, "--db", other, "check")
	code, out, errs = paidup(t, "--db", other, "restore", bak, "--dry-run")
	if code != 0 || !strings.Contains(out, "another history") {
		t.Fatalf("restore --dry-run: %d %s %s", code, out, errs)
	}
	if _, now, _ := paidup(t, "--db", other, "check"); now != otherBefore {
		t.Fatal("restore --dry-run changed the ledger")
	}
	code, out, errs = paidup(t, "--db", other, "restore", bak)
	if code != 0 || !strings.Contains(out, "the ledger as it was is in") {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	_, after, _ := paidup(t, "--db", other, "check")
	if strings.ReplaceAll(after, other, "X") != strings.ReplaceAll(before, demo, "X") {
		t.Fatalf("restored ledger differs:\n%s\n%s", before, after)
	}
	// On a new computer: restoring where no ledger is yet makes it from
	// the backup, and leaves no copy of an empty ledger beside it.
	fresh := filepath.Join(t.TempDir(), "books.db")
	code, out, errs = paidup(t, "--db", fresh, "restore", bak)
	if code != 0 || !strings.Contains(out, "into a new ledger") {
		t.Fatalf("restore to a new ledger: %d %s %s", code, out, errs)
	}
	_, after, _ = paidup(t, "--db", fresh, "check")
	if strings.ReplaceAll(after, fresh, "X") != strings.ReplaceAll(before, demo, "X") {
		t.Fatalf("the new ledger differs from the backup:\n%s\n%s", before, after)
	}
	if left, _ := filepath.Glob(fresh + ".before-restore-*"); len(left) != 0 {
		t.Fatalf("a copy of the empty ledger was left: %v", left)
	}
}

func TestCLIAgingFormatsAgree(t *testing.T) {
	demo := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errs := paidup(t, "demo", "--db", demo, "--invoices", "600", "--as-of", "2026-03-31"); code != 0 {
		t.Fatal(errs)
	}
	code, table, errs := paidup(t, "aging", "--db", demo, "--as-of", "2026-03-31")
	if code != 0 || !strings.Contains(table, "Aged receivables as of 2026-03-31") || !strings.Contains(table, "91+") {
		t.Fatalf("%d %s %s", code, table, errs)
	}
	_, csv, _ := paidup(t, "aging", "--db", demo, "--as-of", "2026-03-31", "--format", "csv")
	_, detail, _ := paidup(t, "aging", "--db", demo, "--as-of", "2026-03-31", "--format", "csv", "--detail")
	// The TOTAL rows of the summary equal the sums of the detail, to the cent.
	totals := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(csv), "\n") {
		f := strings.Split(l, ",")
		if f[0] == "TOTAL" {
			totals[f[2]] = f[len(f)-1]
		}
	}
	sums := map[string]int64{}
	for _, l := range strings.Split(strings.TrimSpace(detail), "\n")[1:] {
		f := strings.Split(l, ",")
		sums[f[6]] += cents(t, f[8])
	}
	if len(totals) != 3 {
		t.Fatalf("totals %v", totals)
	}
	for cur, tot := range totals {
		if cents(t, tot) != sums[cur] {
			t.Errorf("%s: summary %s, detail %d", cur, tot, sums[cur])
		}
		// And the table shows the same figure.
		if !strings.Contains(table, groupCents(cents(t, tot))) {
			t.Errorf("table lacks %s total %s", cur, tot)
		}
	}
	// The PDF prints the same totals (poppler reads it back).
	pdf := filepath.Join(t.TempDir(), "aging.pdf")
	if code, _, errs := paidup(t, "aging", "--db", demo, "--as-of", "2026-03-31", "--format", "pdf", "-o", pdf); code != 0 {
		t.Fatal(errs)
	}
	for _, tool := range []string{"pdftotext", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed: install poppler-utils and qpdf (scripts/deps.sh test)", tool)
		}
	}
	if out, err := exec.Command("qpdf", "--check", pdf).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for cur, tot := range totals {
		if !strings.Contains(string(text), groupCents(cents(t, tot))) {
			t.Errorf("PDF lacks %s total %s", cur, tot)
		}
	}
	code, m, _ := paidup(t, "metrics", "--db", demo, "--as-of", "2026-03-31", "--format", "csv")
	for _, k := range []string{"ar_total", "overdue_total", "dso", "cei", "average_days_to_pay", "average_days_late", "percent_paid_late"} {
		if code != 0 || !strings.Contains(m, "\n"+k+",EUR,") {
			t.Fatalf("metrics csv lacks %s: %s", k, m)
		}
	}
}

func cents(t *testing.T, s string) int64 {
	t.Helper()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var n int64
	for _, c := range whole + frac {
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n
}

// groupCents prints cents as the table does: 1,234,567.89.
func groupCents(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	whole := strconv.FormatInt(n/100, 10)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	s := fmt.Sprintf("%s.%02d", b.String(), n%100)
	if neg {
		s = "-" + s
	}
	return s
}
