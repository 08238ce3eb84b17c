package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	paidapp "paidup/app"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// statementsHeld is the application with statements for all held up: the
// run stops when held customers are done, until it is cancelled.
type statementsHeld struct {
	*paidapp.App
	held    int
	reached chan struct{} // closed when the run is held
	once    *sync.Once    // progress may say the same count twice
}

func (a statementsHeld) StatementsForAll(ctx context.Context, o paidapp.StatementOptions, dir string, progress func(done, total int)) (*paidapp.StatementsRun, error) {
	return a.App.StatementsForAll(ctx, o, dir, func(done, total int) {
		progress(done, total)
		if done == a.held {
			a.once.Do(func() { close(a.reached) })
			<-ctx.Done()
		}
	})
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
// finished statement as of flowDay (a temporary file, say); folders are
// left out.
func statementsIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
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
	// A folder where the statement of bad goes: its file cannot be written.
	in := filepath.Join(dir, statementFile(bad, flowDay))
	if err := os.MkdirAll(filepath.Join(in, "x"), 0o700); err != nil {
		t.Fatal(err)
	}

	f := rep.newStatementsForm()
	f.kind.SetSelected(kindActivity)
	f.dir.SetText(dir)
	f.dlg.Show()
	test.Tap(f.write)
	h.settle(t)

	if files := statementsIn(t, dir); len(files) != len(codes)-1 {
		t.Errorf("%d statements written for %d customers, one failing", len(files), len(codes))
	}
	if fi, err := os.Stat(in); err != nil || !fi.IsDir() {
		t.Errorf("the folder in the way of %s's statement is gone (%v)", bad, err)
	}
	if n := len(m.win.Canvas().Overlays().List()); n != 1 {
		t.Errorf("%d dialogs shown, want the one that sums up", n)
	}
	got := overlayTexts(m)
	for _, want := range []string{
		fmt.Sprintf("Wrote %d activity statements for 2026-03-01 to 2026-03-31", len(codes)-1),
		"1 could not be written:",
		"• " + bad + ": the file could not be written: file exists",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the window says %q, want %q in it", got, want)
		}
	}
}

// The summary of statements for all words each failure for the user: the
// ledger's message as it is, a file's error as the system says it,
// anything else only in the log; ten at the most.
func TestStatementsMessage(t *testing.T) {
	run := &paidapp.StatementsRun{Dir: "/tmp/st", Kind: paidapp.Activity, To: flowDay, Written: 40, Empty: 2,
		Failed: map[string]string{}, Errors: map[string]error{}}
	fail := func(code string, err error) {
		run.Failed[code], run.Errors[code] = err.Error(), err
		run.Failures = append(run.Failures, code)
	}
	fail("B", fmt.Errorf("statement of B: %w", ledger.Errorf(ledger.EINTERNAL,
		"statement of B does not reconcile: 10.00 EUR brought forward and the events make 20.00 EUR, but 30.00 EUR is open on 2026-03-31; run paidup check")))
	fail("A", errors.New("sql: database is locked"))
	for i := range 10 {
		fail(fmt.Sprintf("Z%02d", i), errors.New("x"))
	}
	o := paidapp.StatementOptions{Kind: paidapp.Activity, From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: flowDay}
	got := statementsMessage(run, o, false)
	for _, want := range []string{
		"Wrote 40 activity statements for 2026-03-01 to 2026-03-31 to /tmp/st. 2 customer(s) had nothing open.",
		"12 could not be written:\n• A: an unexpected error; the details are in the log\n• B: statement of B does not reconcile",
		"… and 2 more; the log lists them all.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the message is %q, want %q in it", got, want)
		}
	}
	if strings.Contains(got, "database is locked") {
		t.Errorf("the message shows an internal error: %q", got)
	}
	if got := statementsMessage(&paidapp.StatementsRun{Dir: "/tmp/st", Written: 3}, o, true); got != "Stopped: 3 statements were written to /tmp/st before you cancelled." {
		t.Errorf("cancelled: %q", got)
	}
}

func TestStatementsForAllCancel(t *testing.T) {
	m, h, st := openDemo(t, "reports")
	rep := m.reports()
	h.settle(t)
	dir := t.TempDir()
	const before = 3 // statements finished before the run is held
	codes := customersOpen(t, st)
	if len(codes) < before+runtime.NumCPU()+1 {
		t.Fatalf("the demo has %d customers with something open; the test needs more than %d", len(codes), before+runtime.NumCPU())
	}
	held := statementsHeld{App: paidapp.New(st, nil), held: before, reached: make(chan struct{}), once: &sync.Once{}}
	rep.l = held

	f := rep.newStatementsForm()
	f.dir.SetText(dir)
	f.dlg.Show()
	test.Tap(f.write)
	select {
	case <-held.reached:
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

	// The statements under way when Cancel came may finish; no more start.
	files := statementsIn(t, dir)
	if len(files) < before || len(files) >= len(codes) {
		t.Errorf("%d statements in the folder after Cancel, want the %d finished and at most those under way", len(files), before)
	}
	for _, f := range files {
		if !strings.Contains(pdfText(t, f), "Open items on") {
			t.Errorf("%s is not a whole statement", f)
		}
	}
	want := fmt.Sprintf("Stopped: %d statements were written to %s before you cancelled.", len(files), dir)
	if got := overlayTexts(m); !strings.Contains(got, want) || strings.Contains(got, "could not") {
		t.Errorf("the window says %q, want %q", got, want)
	}
}
