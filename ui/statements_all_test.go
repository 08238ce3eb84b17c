package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	paidapp "paidup/app"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
	"paidup/reports"
)

// statementsDocs are the real documents with the statement writer wrapped,
// to make one customer fail or a run stop half way.
type statementsDocs struct {
	*paidapp.App
	wrap func(StatementWriter) StatementWriter
}

func (d statementsDocs) Statements(ctx context.Context, o reports.StatementOptions) (StatementWriter, error) {
	sw, err := d.App.Statements(ctx, o)
	if err != nil {
		return nil, err
	}
	return d.wrap(sw), nil
}

// pdfText reads a PDF back with pdftotext; without poppler the test fails,
// as the other PDF tests of the repository do.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("this test needs pdftotext: install the Debian package poppler-utils (scripts/deps.sh test does)")
	}
	out, err := exec.Command(bin, "-raw", "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", path, err, out)
	}
	return string(out)
}

// statementsIn lists the files in dir, failing on anything that is not a
// finished statement as of flowDay (a temporary file, say).
func statementsIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "statement-") || !strings.HasSuffix(e.Name(), "-2026-03-31.pdf") {
			t.Errorf("%s is left in the folder", e.Name())
			continue
		}
		files = append(files, filepath.Join(dir, e.Name()))
	}
	return files
}

// overlayTexts is what the dialog on top says.
func overlayTexts(m *mainWindow) string {
	top := m.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var texts []string
	for _, o := range visible(top) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	return strings.Join(texts, "\n")
}

// customersOpen are the codes a statement for all should cover.
func customersOpen(t *testing.T, st *ledger.Store) []string {
	t.Helper()
	codes, err := st.CustomersOpenAsOf(context.Background(), flowDay)
	if err != nil {
		t.Fatal(err)
	}
	return codes
}

func TestStatementsForAllActivity(t *testing.T) {
	m, h, st := openDemo(t, "reports")
	rep := m.reports()
	h.settle(t)
	dir := filepath.Join(t.TempDir(), "statements") // made by the run
	codes := customersOpen(t, st)

	f := rep.newStatementsForm()
	f.dlg.Show()
	if !f.from.Disabled() {
		t.Error("From is enabled for an open-item statement")
	}
	f.kind.SetSelected(kindActivity)
	if f.from.Disabled() || f.from.Text != "2026-03-01" || f.to.Text != "2026-03-31" {
		t.Errorf("activity defaults: From %q (disabled %v), To %q", f.from.Text, f.from.Disabled(), f.to.Text)
	}
	test.Tap(f.write)
	if !f.problem.Visible() || f.problem.Text != "Choose the folder to write the statements into." {
		t.Errorf("without a folder the form says %q", f.problem.Text)
	}
	f.dir.SetText(dir)
	f.from.SetText("2026-04-01")
	test.Tap(f.write)
	if !f.problem.Visible() || f.problem.Text != "From is after To." {
		t.Errorf("with From after To the form says %q", f.problem.Text)
	}
	f.from.SetText("2026-01-01")
	test.Tap(f.write)
	h.settle(t)

	files := statementsIn(t, dir)
	if len(files) != len(codes) || len(codes) == 0 {
		t.Fatalf("%d statements for %d customers with a balance; the window says %q", len(files), len(codes), overlayTexts(m))
	}
	want := fmt.Sprintf("Wrote %d activity statements for 2026-01-01 to 2026-03-31 to %s.", len(codes), dir)
	if got := overlayTexts(m); !strings.Contains(got, want) || strings.Contains(got, "could not") {
		t.Errorf("the window says %q, want %q", got, want)
	}
	text := pdfText(t, filepath.Join(dir, statementFile(codes[0], flowDay)))
	// The demo's locale is en: dates print as "1 Jan 2026".
	for _, want := range []string{"Account activity 1 Jan 2026 – 31 Mar 2026", "Period 1 Jan 2026 – 31 Mar 2026",
		"Customer " + codes[0], "Balance brought forward", "Balance due"} {
		if !strings.Contains(text, want) {
			t.Errorf("%s's statement lacks %q:\n%s", codes[0], want, text)
		}
	}
	if got := rep.prefs().String(prefStatementsFolder); got != dir {
		t.Errorf("the folder remembered is %q, want %q", got, dir)
	}
}

func TestStatementsForAllFailure(t *testing.T) {
	m, h, st := openDemo(t, "reports")
	rep := m.reports()
	h.settle(t)
	dir := t.TempDir()
	codes := customersOpen(t, st)
	bad := codes[len(codes)/2]
	// What the ledger says when an activity's figures do not add up.
	rep.docs = statementsDocs{paidapp.New(st, nil), func(sw StatementWriter) StatementWriter {
		return func(ctx context.Context, w io.Writer, code string) (bool, error) {
			if code == bad {
				return false, fmt.Errorf("statement of %s: %w", code, ledger.Errorf(ledger.EINTERNAL,
					"statement of %s does not reconcile: 10.00 EUR brought forward and the events make 20.00 EUR, but 30.00 EUR is open on 2026-03-31; run paidup check", code))
			}
			return sw(ctx, w, code)
		}
	}}

	f := rep.newStatementsForm()
	f.kind.SetSelected(kindActivity)
	f.dir.SetText(dir)
	f.dlg.Show()
	test.Tap(f.write)
	h.settle(t)

	if files := statementsIn(t, dir); len(files) != len(codes)-1 {
		t.Errorf("%d statements written for %d customers, one failing", len(files), len(codes))
	}
	if _, err := os.Stat(filepath.Join(dir, statementFile(bad, flowDay))); !os.IsNotExist(err) {
		t.Errorf("%s's statement, which does not reconcile, is in the folder (%v)", bad, err)
	}
	if n := len(m.win.Canvas().Overlays().List()); n != 1 {
		t.Errorf("%d dialogs shown, want the one that sums up", n)
	}
	got := overlayTexts(m)
	for _, want := range []string{
		fmt.Sprintf("Wrote %d activity statements for 2026-03-01 to 2026-03-31", len(codes)-1),
		"1 could not be written:",
		"• " + bad + ": statement of " + bad + " does not reconcile",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the window says %q, want %q in it", got, want)
		}
	}
}

func TestStatementsForAllCancel(t *testing.T) {
	m, h, st := openDemo(t, "reports")
	rep := m.reports()
	h.settle(t)
	dir := t.TempDir()
	const before = 3 // statements finished before Cancel
	if codes := customersOpen(t, st); len(codes) < before+runtime.NumCPU()+1 {
		t.Fatalf("the demo has %d customers with something open; the test needs more than %d", len(codes), before+runtime.NumCPU())
	}
	// The first statements are written; every later one starts its PDF
	// and is still writing when Cancel comes.
	var (
		calls   atomic.Int32
		first   sync.WaitGroup
		once    sync.Once
		reached = make(chan struct{})
	)
	first.Add(before)
	rep.docs = statementsDocs{paidapp.New(st, nil), func(sw StatementWriter) StatementWriter {
		return func(ctx context.Context, w io.Writer, code string) (bool, error) {
			if calls.Add(1) <= before {
				defer first.Done()
				return sw(ctx, w, code)
			}
			first.Wait()
			if _, err := io.WriteString(w, "%PDF-1.7\n"); err != nil {
				return false, err
			}
			once.Do(func() { close(reached) })
			<-ctx.Done()
			return false, ctx.Err()
		}
	}}

	f := rep.newStatementsForm()
	f.dir.SetText(dir)
	f.dlg.Show()
	test.Tap(f.write)
	select {
	case <-reached:
	case <-time.After(2 * time.Minute):
		t.Fatal("the statements never got half way")
	}
	if got := overlayTexts(m); !strings.Contains(got, "Writing statements") {
		t.Fatalf("no progress dialog; the window says %q", got)
	}
	var cancel *widget.Button
	for _, o := range visible(m.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Cancel" {
			cancel = b
		}
	}
	if cancel == nil {
		t.Fatal("the progress dialog has no Cancel")
	}
	test.Tap(cancel)
	h.settle(t)

	files := statementsIn(t, dir)
	if len(files) != before {
		t.Errorf("%d statements in the folder after Cancel, want the %d finished", len(files), before)
	}
	for _, f := range files {
		if !strings.Contains(pdfText(t, f), "Open items on") {
			t.Errorf("%s is not a whole statement", f)
		}
	}
	want := fmt.Sprintf("Stopped: %d statements were written to %s before you cancelled.", before, dir)
	if got := overlayTexts(m); !strings.Contains(got, want) || strings.Contains(got, "could not") {
		t.Errorf("the window says %q, want %q", got, want)
	}
}
