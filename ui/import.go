package ui

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// importLedger is what the Import screen does.
type importLedger interface {
	ImportCustomers(ctx context.Context, r io.Reader, name string, o ledger.ImportOptions) (*ledger.ImportResult, error)
	ImportInvoices(ctx context.Context, r io.Reader, name string, o ledger.ImportOptions) (*ledger.ImportResult, error)
	ImportPayments(ctx context.Context, r io.Reader, name string, o ledger.ImportOptions) (*ledger.ImportResult, error)
	moveInLedger
}

// importKind is one kind of CSV file the ledger imports, with its columns
// as docs/DESIGN.md fixes them.
type importKind struct {
	name               string
	required, optional []string
	run                func(l importLedger) func(context.Context, io.Reader, string, ledger.ImportOptions) (*ledger.ImportResult, error)
}

var importKinds = []importKind{
	{"Customers", []string{"code", "name", "email", "currency", "terms_days", "credit_limit"},
		[]string{"phone", "address", "tax_id", "notes"}, func(l importLedger) func(context.Context, io.Reader, string, ledger.ImportOptions) (*ledger.ImportResult, error) {
			return l.ImportCustomers
		}},
	{"Invoices", []string{"number", "customer_code", "issue_date", "due_date", "amount", "currency", "description"},
		[]string{"quantity", "unit_price", "tax_rate"}, func(l importLedger) func(context.Context, io.Reader, string, ledger.ImportOptions) (*ledger.ImportResult, error) {
			return l.ImportInvoices
		}},
	{"Payments", []string{"customer_code", "date", "amount", "reference", "invoice_number"},
		nil, func(l importLedger) func(context.Context, io.Reader, string, ledger.ImportOptions) (*ledger.ImportResult, error) {
			return l.ImportPayments
		}},
}

// previewRows is how many data rows the preview shows.
const previewRows = 10

// importScreen is a wizard: choose the kind and a file, see its columns
// recognised and its first rows, check it with a dry run that lists every
// problem by line and column, then import all of it or nothing.
type importScreen struct {
	*app
	l       importLedger
	moveIn  *moveIn // the wizard last opened (tests fill it in)
	path    string
	checked bool // a dry run found no problems in this file

	kind    *widget.Select
	skipBad *widget.Check
	// encoding names the file's encoding when it is not UTF-8 (the import
	// refuses such a file and says which it seems to be); newPayments
	// says rows without a reference repeated from this same file are new.
	encoding    *widget.Select
	newPayments *widget.Check
	file        *widget.Label
	columns     *widget.Label
	preview     *widget.Label
	problems    *widget.Label
	summary     *widget.Label
	check       *widget.Button
	doImport    *widget.Button
}

func newImportScreen(a *app, l importLedger) *importScreen {
	s := &importScreen{app: a, l: l, file: widget.NewLabel("No file chosen."), columns: widget.NewLabel(""),
		preview: widget.NewLabel(""), problems: widget.NewLabel(""), summary: widget.NewLabel("")}
	names := make([]string, len(importKinds))
	for i, k := range importKinds {
		names[i] = k.name
	}
	s.kind = widget.NewSelect(names, func(string) { s.load() })
	s.kind.SetSelected(names[0])
	// Changing the choice asks for a new check: it decides what would be imported.
	s.skipBad = widget.NewCheck("Skip bad rows (import the rest; the skipped rows are listed)", func(bool) { s.load() })
	s.encoding = widget.NewSelect(importEncodings, func(string) { s.load() })
	s.encoding.SetSelected(importEncodings[0])
	s.newPayments = widget.NewCheck("Payments without a reference that repeat this file's are new payments, not the file again", func(bool) { s.load() })
	s.columns.Wrapping = fyne.TextWrapWord
	s.preview.TextStyle.Monospace = true
	s.problems.TextStyle.Monospace = true
	s.problems.Importance = widget.DangerImportance
	s.check = widget.NewButtonWithIcon("2. Check (dry run)", theme.SearchIcon(), func() { s.runImport(true) })
	s.doImport = widget.NewButtonWithIcon("3. Import", theme.UploadIcon(), func() { s.runImport(false) })
	s.doImport.Importance = widget.HighImportance
	s.check.Disable()
	s.doImport.Disable()
	return s
}

func (s *importScreen) content() fyne.CanvasObject {
	choose := widget.NewButtonWithIcon("1. Choose a CSV file…", theme.FolderOpenIcon(), s.onChoose)
	moveIn := widget.NewButtonWithIcon("Move in from another program…", theme.DownloadIcon(), func() { s.moveIn = showMoveIn(s.app, s.l) })
	top := container.NewVBox(container.NewBorder(nil, nil, nil, moveIn, heading("Import a CSV file")),
		container.NewHBox(widget.NewLabel("What it holds:"), s.kind, choose, s.check, s.doImport),
		s.skipBad, container.NewHBox(widget.NewLabel("Encoding:"), s.encoding), s.newPayments, s.file, s.columns, s.summary)
	body := container.NewVBox(heading("First rows"), s.preview, heading("Problems"), s.problems)
	return container.NewBorder(top, nil, nil, nil, container.NewScroll(body))
}

// importEncodings are the encodings offered, UTF-8 first; each label
// starts with the name the import takes (ledger.ImportOptions.Encoding).
var importEncodings = []string{"UTF-8 (as it should be)", "windows-1252 (Excel on Windows, Western Europe)",
	"ISO-8859-1 (Latin-1)", "ISO-8859-2 (Central Europe)", "UTF-16LE", "UTF-16BE", "Shift_JIS", "GB18030", "Big5"}

// importEncoding is the name of the chosen encoding, "" for UTF-8.
func importEncoding(label string) string {
	name, _, _ := strings.Cut(label, " ")
	if name == "UTF-8" {
		return ""
	}
	return name
}

func (s *importScreen) start()   {}
func (s *importScreen) refresh() {}
func (s *importScreen) close()   {}

func (s *importScreen) selected() importKind {
	for _, k := range importKinds {
		if k.name == s.kind.Selected {
			return k
		}
	}
	return importKinds[0]
}

func (s *importScreen) onChoose() { s.chooseFile(s.setFile) }

// chooseFile asks for a file to read and gives its path to then; a
// cancelled dialog does nothing.
func (a *app) chooseFile(then func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			a.showError("Could not open the file", err)
			return
		}
		if r == nil {
			return
		}
		r.Close()
		then(r.URI().Path())
	}, a.win)
	d.Show()
}

// setFile chooses the file to import and previews it.
func (s *importScreen) setFile(path string) {
	s.path = path
	s.load()
}

// load reads the head of the file for the preview and column check.
func (s *importScreen) load() {
	if s.path == "" || s.columns == nil {
		return
	}
	s.checked = false
	s.doImport.Disable()
	s.check.Enable()
	s.problems.SetText("")
	s.summary.SetText("")
	s.file.SetText(s.path)
	k, path := s.selected(), s.path
	run(s.app, s.base, "Could not read the file", func(context.Context) ([][]string, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		head := make([]byte, 64<<10) // enough for the header and the preview rows
		n, err := io.ReadFull(f, head)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return nil, err
		}
		cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf"))))
		cr.FieldsPerRecord = -1
		var rows [][]string
		for len(rows) <= previewRows {
			rec, err := cr.Read()
			if err != nil {
				break // the end of what was read; the import reads it all properly
			}
			rows = append(rows, rec)
		}
		return rows, nil
	}, func(rows [][]string) { s.showHead(k, rows) })
}

func (s *importScreen) showHead(k importKind, rows [][]string) {
	if len(rows) == 0 {
		s.columns.SetText("The file is empty.")
		return
	}
	var known, missing, ignored []string
	header := make([]string, len(rows[0]))
	for i, h := range rows[0] {
		header[i] = strings.ToLower(strings.TrimSpace(h))
	}
	for _, h := range header {
		if slices.Contains(k.required, h) || slices.Contains(k.optional, h) {
			known = append(known, h)
		} else {
			ignored = append(ignored, h)
		}
	}
	for _, r := range k.required {
		if !slices.Contains(header, r) {
			missing = append(missing, r)
		}
	}
	text := "Recognised columns: " + strings.Join(known, ", ")
	if len(missing) > 0 {
		text += "\nMissing: " + strings.Join(missing, ", ") + " (the check will say which are needed)"
	}
	if len(ignored) > 0 {
		text += "\nIgnored: " + strings.Join(ignored, ", ")
	}
	s.columns.SetText(text)
	var b strings.Builder
	for i, r := range rows {
		for j := range r {
			r[j] = truncate(r[j], 18)
		}
		label := "line 1"
		if i > 0 {
			label = fmt.Sprintf("row %d", i)
		}
		fmt.Fprintf(&b, "%-7s %s\n", label, strings.Join(r, " | "))
	}
	s.preview.SetText(b.String())
}

// runImport checks the file (dryRun) or imports it, in one transaction
// either way, as a task that can be cancelled.
func (s *importScreen) runImport(dryRun bool) {
	k, path, skip := s.selected(), s.path, s.skipBad.Checked
	enc, newPayments := importEncoding(s.encoding.Selected), s.newPayments.Checked
	var res *ledger.ImportResult
	title := "Importing " + filepath.Base(path)
	if dryRun {
		title = "Checking " + filepath.Base(path)
	}
	s.task(title, func(ctx context.Context, progress func(string)) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		opts := ledger.ImportOptions{DryRun: dryRun, SkipBad: skip, MaxProblems: 1000, Encoding: enc, NewPayments: newPayments,
			Progress: func(n int) { progress(fmt.Sprintf("%s rows read…", group(n))) }}
		res, err = k.run(s.l)(ctx, f, filepath.Base(path), opts)
		if errors.Is(err, ledger.ErrImportRefused) {
			return nil // the problems are in res
		}
		return err
	}, func() { s.showResult(res, dryRun) })
}

func (s *importScreen) showResult(res *ledger.ImportResult, dryRun bool) {
	if res == nil {
		return
	}
	var b strings.Builder
	for _, p := range res.Problems {
		b.WriteString(problemText(p) + "\n")
	}
	for _, p := range res.Skipped {
		fmt.Fprintf(&b, "skipped, %s\n", problemText(p))
	}
	for _, p := range res.Notices {
		fmt.Fprintf(&b, "note, line %d: %s\n", p.Line, p.Reason)
	}
	s.problems.SetText(b.String())
	switch {
	case len(res.Problems) > 0:
		s.summary.SetText(fmt.Sprintf("%d problems in %s rows: nothing was imported. Fix the file and check it again.", len(res.Problems), group(res.Rows)))
		s.doImport.Disable()
	case dryRun && len(res.Skipped) > 0:
		s.checked = true
		s.summary.SetText(fmt.Sprintf("%s of %s rows would be imported and %d skipped (listed below). Nothing has been written yet.",
			group(res.Imported), group(res.Rows), skippedRows(res)))
		s.doImport.Enable()
	case dryRun:
		s.checked = true
		s.summary.SetText(fmt.Sprintf("%s rows are fine: %s would be imported. Nothing has been written yet.", group(res.Rows), group(res.Imported)))
		s.doImport.Enable()
	case len(res.Skipped) > 0:
		s.summary.SetText(fmt.Sprintf("Imported %s from %s rows; %d skipped (listed below).", group(res.Imported), group(res.Rows), skippedRows(res)))
		s.doImport.Disable()
		s.check.Disable()
	default:
		s.summary.SetText(fmt.Sprintf("Imported %s from %s rows.", group(res.Imported), group(res.Rows)))
		s.doImport.Disable()
		s.check.Disable()
	}
}

// problemText words a problem as the command line does: line, column, reason.
func problemText(p ledger.Problem) string {
	s := fmt.Sprintf("line %d", p.Line)
	if p.Column != "" {
		s += fmt.Sprintf(", column %d (%s)", p.Col, p.Column)
	}
	return s + ": " + p.Reason
}

// skippedRows counts the rows skipped: a row may have several problems.
func skippedRows(res *ledger.ImportResult) int {
	lines := map[int]bool{}
	for _, p := range res.Skipped {
		lines[p.Line] = true
	}
	return len(lines)
}
