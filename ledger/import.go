package ledger

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// ImportOptions say how an import treats bad rows.
type ImportOptions struct {
	DryRun      bool // validate and count, write nothing
	SkipBad     bool // import the good rows, list the bad ones
	MaxProblems int  // how many problems to collect before giving up (default 50)
	// Encoding names the file's encoding when it is not UTF-8
	// ("windows-1252", "UTF-16LE"): the file is converted as it is read.
	// Empty: the file must be UTF-8, and one that is not is refused,
	// naming the encoding it seems to be in.
	Encoding string
	// NewPayments: rows of a payments file without a reference that
	// repeat a payment imported from the very same file (same customer,
	// date and amount, same SHA-256 of the file) are new payments, not the
	// file imported twice.
	NewPayments bool
	// Progress, if set, is called every few thousand rows with the rows read.
	Progress func(rows int)
}

// Problem is something wrong with one row of a CSV file.
type Problem struct {
	File   string
	Line   int    // 1-based line in the file where the row starts
	Column string // the header name, empty for the whole row
	Col    int    // 1-based column number, 0 for the whole row
	Reason string
}

func (p Problem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Reason)
	}
	return fmt.Sprintf("%s:%d: column %d (%s): %s", p.File, p.Line, p.Col, p.Column, p.Reason)
}

// ImportResult tells what an import did, or would do in a dry run.
type ImportResult struct {
	File     string
	Rows     int              // data rows read
	Imported int              // customers, invoices or payments written (or that would be)
	Lines    int              // invoice lines, for invoices
	Totals   map[string]int64 // amount imported per currency (invoices, payments)
	Credits  map[string]int64 // payments: part kept as unapplied credit, per currency
	DryRun   bool
	Problems []Problem // why the file was refused
	Skipped  []Problem // rows left out with SkipBad
	Notices  []Problem // things done that the user should know (excess payment became credit)
}

// ErrImportRefused is wrapped by the error of an import that wrote nothing
// because of bad rows; the rows are in ImportResult.Problems.
var ErrImportRefused = errors.New("import refused")

// errDryRun rolls back the transaction of a dry run.
var errDryRun = errors.New("dry run")

type csvFile struct {
	name   string
	r      *csv.Reader
	cols   map[string]int
	known  map[string]bool // the columns the import reads
	header []string
	rec    []string
	line   int
	// textProbs are the control characters of the current row, for the
	// import to count with the row's other problems.
	textProbs []Problem
}

// openCSV reads the header. Column names are matched case-insensitively,
// in any order; unknown columns are ignored. A UTF-8 byte-order mark (as
// Excel writes) is dropped. The file is UTF-8, or converted from enc.
func openCSV(r io.Reader, name, enc string, required, optional []string) (*csvFile, []Problem) {
	dr, p := decodeInput(r, name, enc)
	if p != nil {
		return nil, []Problem{*p}
	}
	br := bufio.NewReaderSize(dr, 1<<16)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	f := &csvFile{name: name, r: cr, cols: map[string]int{}, known: map[string]bool{}}
	hdr, err := cr.Read()
	if err == io.EOF {
		return nil, []Problem{{File: name, Line: 1, Reason: "the file is empty: it needs a header row"}}
	}
	if err != nil {
		return nil, []Problem{csvProblem(name, err)}
	}
	f.rec = hdr
	if fatal, _ := f.checkText(); fatal != nil {
		fatal.Column, fatal.Col, fatal.Reason = "", 0, "header: "+fatal.Reason
		return nil, []Problem{*fatal}
	}
	var probs []Problem
	for _, c := range append(append([]string{}, required...), optional...) {
		f.known[c] = true
	}
	for i, h := range hdr {
		h = strings.ToLower(strings.TrimSpace(h))
		f.header = append(f.header, h)
		if _, dup := f.cols[h]; dup && f.known[h] {
			probs = append(probs, Problem{File: name, Line: 1, Column: h, Col: i + 1, Reason: "this column appears twice in the header"})
		}
		if _, dup := f.cols[h]; !dup {
			f.cols[h] = i
		}
	}
	f.rec = nil
	var missing []string
	for _, c := range required {
		if _, ok := f.cols[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		if sep := delimiterHint(hdr); sep != "" {
			// The whole header read as one column: say why, once.
			return f, append(probs, Problem{File: name, Line: 1, Reason: fmt.Sprintf(
				"the file is separated by %s, not commas: the header reads as the one column %q; save it as comma-separated CSV (in Excel: CSV UTF-8 (Comma delimited))",
				sep, hdr[0])})
		}
		for _, c := range missing {
			probs = append(probs, Problem{File: name, Line: 1, Reason: fmt.Sprintf("missing column %q (the header has: %s)", c, strings.Join(f.header, ", "))})
		}
	}
	return f, probs
}

func csvProblem(name string, err error) Problem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return Problem{File: name, Line: pe.StartLine, Reason: fmt.Sprintf("not valid CSV at line %d, character %d: %v", pe.Line, pe.Column, pe.Err)}
	}
	return Problem{File: name, Reason: fmt.Sprintf("read error: %v", err)}
}

// next reads a row; it returns false at the end of the file. A syntax error
// ends the reading: what follows cannot be trusted.
func (f *csvFile) next() (bool, *Problem) {
	rec, err := f.r.Read()
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		p := csvProblem(f.name, err)
		return false, &p
	}
	f.rec = rec
	f.line, _ = f.r.FieldPos(0)
	fatal, probs := f.checkText()
	if fatal != nil {
		// Not UTF-8: the file is in another encoding, and no row of it
		// can be trusted to read as meant.
		return false, fatal
	}
	f.textProbs = probs
	return true, nil
}

// get returns a trimmed field, or "" when the column is absent or the row short.
func (f *csvFile) get(col string) string {
	i, ok := f.cols[col]
	if !ok || i >= len(f.rec) {
		return ""
	}
	return strings.TrimSpace(f.rec[i])
}

func (f *csvFile) has(col string) bool { _, ok := f.cols[col]; return ok }

func (f *csvFile) problem(col, format string, args ...any) Problem {
	p := f.at(col)
	p.Reason = fmt.Sprintf(format, args...)
	return p
}

// at is a problem with col of the current row, without its reason: where
// to report it, found while the row is still the current one.
func (f *csvFile) at(col string) Problem {
	p := Problem{File: f.name, Line: f.line}
	if i, ok := f.cols[col]; ok {
		p.Column, p.Col = col, i+1
		if i < len(f.rec) {
			p.Line, _ = f.r.FieldPos(i)
		}
	}
	return p
}

// blank reports a row with nothing in it; such rows are passed over.
func (f *csvFile) blank() bool {
	for _, v := range f.rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// importer holds what every kind of import shares.
type importer struct {
	f      *csvFile
	opts   ImportOptions
	res    *ImportResult
	failed bool // a problem was found without SkipBad: stop writing, keep checking
	// settle, if set, finishes what an import put off about rows already
	// read (the invoice import looks numbers up in batches), so that the
	// problems it finds come before a syntax error found later in the file.
	settle func() (stop bool, err error)
}

// bad records problems of one row (or invoice); it reports whether to stop
// reading because enough problems were collected.
func (im *importer) bad(ps ...Problem) bool {
	if im.opts.SkipBad {
		im.res.Skipped = append(im.res.Skipped, ps...)
		return false
	}
	im.failed = true
	im.res.Problems = append(im.res.Problems, ps...)
	return len(im.res.Problems) >= im.opts.MaxProblems
}

// rows calls fn for each non-blank data row until the file ends, fn asks
// to stop, or fn fails. A CSV syntax error refuses the file even with
// SkipBad: nothing after it can be read, so importing the rest would
// silently drop rows.
func (im *importer) rows(fn func() (stop bool, err error)) error {
	for {
		ok, perr := im.f.next()
		if perr != nil {
			if im.settle != nil {
				if stop, err := im.settle(); err != nil || stop {
					return err
				}
			}
			im.failed = true
			im.res.Problems = append(im.res.Problems, *perr)
			return nil
		}
		if !ok {
			return nil
		}
		if im.f.blank() {
			continue
		}
		im.res.Rows++
		im.progress()
		if stop, err := fn(); err != nil || stop {
			return err
		}
	}
}

func (im *importer) progress() {
	if im.opts.Progress != nil && im.res.Rows%10000 == 0 {
		im.opts.Progress(im.res.Rows)
	}
}

// runImport opens the file, runs body in one transaction and commits only
// when nothing was refused and it is not a dry run.
func (s *Store) runImport(ctx context.Context, r io.Reader, name string, opts ImportOptions, required, optional []string,
	body func(t *tx, im *importer) error) (*ImportResult, error) {
	return s.runImportOn(ctx, s.write, r, name, opts, required, optional, body)
}

// runImportOn is runImport with the transaction run by write: s.write, or
// s.writeUnchecked for an import whose rows refer only to rows it read or
// wrote in the transaction itself.
func (s *Store) runImportOn(ctx context.Context, write func(context.Context, func(*tx) error) error, r io.Reader, name string,
	opts ImportOptions, required, optional []string, body func(t *tx, im *importer) error) (*ImportResult, error) {
	if opts.MaxProblems <= 0 {
		opts.MaxProblems = 50
	}
	res := &ImportResult{File: name, DryRun: opts.DryRun, Totals: map[string]int64{}, Credits: map[string]int64{}}
	// The file's SHA-256, for the audit trail's entry of the import.
	fileSum := sha256.New()
	r = io.TeeReader(r, fileSum)
	f, probs := openCSV(r, name, opts.Encoding, required, optional)
	if len(probs) > 0 {
		res.Problems = probs
		return res, fmt.Errorf("%s: %w: %d problem(s), nothing was imported", name, ErrImportRefused, len(probs))
	}
	im := &importer{f: f, opts: opts, res: res}
	err := write(ctx, func(t *tx) error {
		if err := body(t, im); err != nil {
			return err
		}
		if im.failed {
			return ErrImportRefused
		}
		if opts.DryRun {
			return errDryRun
		}
		if im.res.Imported > 0 {
			// An import of nothing changed nothing: no entry.
			a := t.auditing()
			a.docAction, a.docSubject = "document.import", name
			t.auditEvent("import", name, 0, map[string]any{"file": name, "sha256": hex.EncodeToString(fileSum.Sum(nil)),
				"rows": im.res.Rows, "imported": im.res.Imported})
		}
		return nil
	})
	// writeUnchecked does not say it in a sentence itself.
	err = busy(s.path, err)
	sort.SliceStable(res.Problems, func(i, j int) bool { return res.Problems[i].Line < res.Problems[j].Line })
	switch {
	case errors.Is(err, errDryRun):
		return res, nil
	case errors.Is(err, ErrImportRefused):
		return res, fmt.Errorf("%s: %w: %d problem(s), nothing was imported", name, ErrImportRefused, len(res.Problems))
	case err != nil:
		return res, fmt.Errorf("import %s: %w", name, err)
	}
	return res, nil
}

// addTotal adds amt to its currency's sum in sums (ImportResult.Totals or
// Credits). A sum that would overflow is an error, never wrapped around.
func addTotal(sums map[string]int64, amt Money) error {
	s, err := NewMoney(sums[amt.Currency], amt.Currency).Add(amt)
	if err != nil {
		return err
	}
	sums[amt.Currency] = s.Minor
	return nil
}

// rowProblem turns a ledger error about a row into a Problem.
func rowProblem(f *csvFile, col string, err error) Problem {
	var le *Error
	if errors.As(err, &le) {
		return f.problem(col, "%s", le.Message)
	}
	return f.problem(col, "%v", err)
}
