package ledger

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The CSV imports read files from outside. Each fuzz target imports its
// input into a small ledger (the customers, invoices and payments of
// testdata), first as a dry run and then for real, and holds them to:
//   - no panic, whatever the bytes;
//   - a dry run never changes the ledger;
//   - an import that fails changes nothing;
//   - the dry run says what the import then does (the same error or none,
//     the same counts and totals);
//   - a refused import lists its problems; an import that succeeds leaves
//     the ledger passing Check.
//
// One ledger per fuzz worker: a template file is made once, and copied
// afresh only after an import succeeded, so every input meets the same
// ledger and a failure found by the fuzzer replays.

// FuzzImportCustomers fuzzes Store.ImportCustomers.
// Seeds: testdata/fuzz/FuzzImportCustomers.
func FuzzImportCustomers(f *testing.F) { fuzzImport(f, "customers") }

// FuzzImportInvoices fuzzes Store.ImportInvoices.
// Seeds: testdata/fuzz/FuzzImportInvoices.
func FuzzImportInvoices(f *testing.F) { fuzzImport(f, "invoices") }

// FuzzImportPayments fuzzes Store.ImportPayments.
// Seeds: testdata/fuzz/FuzzImportPayments.
func FuzzImportPayments(f *testing.F) { fuzzImport(f, "payments") }

func fuzzImport(f *testing.F, kind string) {
	h := newImportFuzz(f)
	f.Fuzz(func(t *testing.T, data []byte, skipBad bool) {
		h.run(t, kind, data, skipBad, "")
	})
}

// fuzzEncodings are the encodings FuzzImportEncoded converts from.
var fuzzEncodings = []string{"", "windows-1252", "ISO-8859-1", "UTF-16LE", "UTF-16BE", "UTF-16", "UTF-8", "no-such-encoding"}

// FuzzImportEncoded fuzzes the door every file comes in by: the encoding
// sniffed (UTF-16 by its mark or its NULs) or converted from
// (--encoding), and the text checked (UTF-8, no control characters), on
// customers (names, addresses) and payments (references). Besides the
// invariants of every import, what it stores is UTF-8 without a control
// character. Seeds: testdata/fuzz/FuzzImportEncoded (files made with iconv).
func FuzzImportEncoded(f *testing.F) {
	h := newImportFuzz(f)
	f.Fuzz(func(t *testing.T, data []byte, enc uint8, payments bool) {
		kind := "customers"
		if payments {
			kind = "payments"
		}
		h.run(t, kind, data, false, fuzzEncodings[int(enc)%len(fuzzEncodings)])
	})
}

type importFuzz struct {
	tmpl, work string
	s          *Store
	fp         string // fingerprint of the fresh ledger
	// dirty is set while an input runs: one that failed half way left the
	// ledger as it was then, and the next input (the fuzzer minimizing it,
	// in the same process) must meet a fresh one, or it fails for the
	// first one's doing.
	dirty bool
}

var fuzzClock = func() time.Time { return time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC) }

func newImportFuzz(f *testing.F) *importFuzz {
	dir := f.TempDir()
	h := &importFuzz{tmpl: filepath.Join(dir, "template.db"), work: filepath.Join(dir, "work.db")}
	ctx := context.Background()
	s, err := Open(ctx, h.tmpl)
	if err != nil {
		f.Fatal(err)
	}
	s.Now = fuzzClock
	for _, k := range []string{"customers", "invoices", "payments"} {
		data, err := os.ReadFile(filepath.Join("testdata", k+".csv"))
		if err != nil {
			f.Fatal(err)
		}
		if res, err := importKind(s, k, bytes.NewReader(data), k+".csv", ImportOptions{}); err != nil {
			f.Fatalf("template ledger, %s: %v %v", k, err, res.Problems)
		}
	}
	// Closing the last connection checkpoints the WAL into the file.
	if err := s.Close(); err != nil {
		f.Fatal(err)
	}
	if err := h.fresh(); err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() {
		if h.s != nil {
			h.s.Close()
		}
	})
	return h
}

// fresh opens a copy of the template as the ledger the next input meets.
func (h *importFuzz) fresh() error {
	if h.s != nil {
		if err := h.s.Close(); err != nil {
			return err
		}
		h.s = nil
	}
	// The audit head file goes with the ledger it remembers.
	for _, suffix := range []string{"", "-wal", "-shm", HeadFileSuffix} {
		if err := os.Remove(h.work + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	src, err := os.ReadFile(h.tmpl)
	if err != nil {
		return err
	}
	if err := os.WriteFile(h.work, src, 0o600); err != nil {
		return err
	}
	s, err := Open(context.Background(), h.work)
	if err != nil {
		return err
	}
	s.Now = fuzzClock
	h.s = s
	h.fp, err = ledgerFingerprint(s)
	return err
}

func (h *importFuzz) run(t *testing.T, kind string, data []byte, skipBad bool, enc string) {
	if h.dirty {
		if err := h.fresh(); err != nil {
			t.Fatal(err)
		}
	}
	h.dirty = true
	defer func() {
		if !t.Failed() {
			h.dirty = false
		}
	}()
	dry, dryErr := importKind(h.s, kind, bytes.NewReader(data), "fuzz.csv", ImportOptions{DryRun: true, SkipBad: skipBad, Encoding: enc})
	checkImportResult(t, "dry run", dry, dryErr)
	if fp := h.mustFingerprint(t); fp != h.fp {
		t.Fatalf("a dry run changed the ledger (error %v)", dryErr)
	}
	res, err := importKind(h.s, kind, bytes.NewReader(data), "fuzz.csv", ImportOptions{SkipBad: skipBad, Encoding: enc})
	checkImportResult(t, "import", res, err)
	t.Logf("import: %v; %d imported, %d problems, %d skipped, %d notices", err, res.Imported, len(res.Problems), len(res.Skipped), len(res.Notices))
	if (err == nil) != (dryErr == nil) {
		t.Fatalf("the dry run said %v, the import %v", dryErr, err)
	}
	if err != nil {
		if fp := h.mustFingerprint(t); fp != h.fp {
			t.Fatalf("an import that failed (%v) changed the ledger", err)
		}
		return
	}
	if dry.Imported != res.Imported || dry.Rows != res.Rows || dry.Lines != res.Lines ||
		fmt.Sprint(dry.Totals) != fmt.Sprint(res.Totals) || fmt.Sprint(dry.Credits) != fmt.Sprint(res.Credits) ||
		len(dry.Skipped) != len(res.Skipped) {
		t.Fatalf("the dry run said %+v, the import did %+v", dry, res)
	}
	rep, cerr := h.s.Check(context.Background())
	if cerr != nil {
		t.Fatal(cerr)
	}
	if !rep.OK() {
		t.Fatalf("the ledger fails Check after an import: %v", rep.Problems)
	}
	if bad := storedTextProblem(h.s); bad != "" {
		t.Fatalf("an import stored %s", bad)
	}
	if res.Imported > 0 {
		if err := h.fresh(); err != nil {
			t.Fatal(err)
		}
	} else if fp := h.mustFingerprint(t); fp != h.fp {
		t.Fatalf("an import of nothing changed the ledger: %+v", res)
	}
}

func checkImportResult(t *testing.T, what string, res *ImportResult, err error) {
	t.Helper()
	if res == nil {
		t.Fatalf("%s: no result (error %v)", what, err)
	}
	switch {
	case errors.Is(err, ErrImportRefused):
		if len(res.Problems) == 0 {
			t.Fatalf("%s refused without a problem: %v", what, err)
		}
	case errors.Is(err, ErrAmountOverflow):
		// Totals past int64: absurd, but the file's doing.
	case err != nil:
		// Anything else is a bug or a broken file, never a bad row.
		t.Fatalf("%s: %v", what, err)
	case len(res.Problems) > 0:
		t.Fatalf("%s succeeded with problems %v", what, res.Problems)
	}
	for _, ps := range [][]Problem{res.Problems, res.Skipped, res.Notices} {
		for _, p := range ps {
			if p.Reason == "" {
				t.Fatalf("%s: a problem with no reason: %+v", what, p)
			}
		}
	}
}

func (h *importFuzz) mustFingerprint(t *testing.T) string {
	t.Helper()
	fp, err := ledgerFingerprint(h.s)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

// ledgerFingerprint hashes every row of every table: whatever an import
// could change, down to the last byte.
func ledgerFingerprint(s *Store) (string, error) {
	ctx := context.Background()
	rows, err := s.r.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		return "", err
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return "", err
		}
		tables = append(tables, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	sum := sha256.New()
	for _, tbl := range tables {
		if err := hashTable(ctx, s, tbl, sum); err != nil {
			return "", fmt.Errorf("fingerprint %s: %w", tbl, err)
		}
	}
	return hex.EncodeToString(sum.Sum(nil)), nil
}

func hashTable(ctx context.Context, s *Store, table string, w io.Writer) error {
	rows, err := s.r.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var lines []string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("%#v", vals))
	}
	if err := rows.Err(); err != nil {
		return err
	}
	sort.Strings(lines)
	fmt.Fprintf(w, "%s %d\n", table, len(lines))
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	return nil
}

// storedTextProblem finds stored text a file may not bring in: not UTF-8,
// or a control character (line breaks and tabs only in address, notes and
// description).
func storedTextProblem(s *Store) string {
	for _, c := range []struct {
		table string
		names []string
	}{
		{"customers", []string{"code", "name", "email", "currency", "phone", "address", "tax_id", "notes"}},
		{"documents", []string{"number", "reference", "notes", "currency"}},
		{"document_lines", []string{"description"}},
	} {
		rows, err := s.r.Query(`SELECT COALESCE(` + strings.Join(c.names, ", ''), COALESCE(") + `, '') FROM ` + c.table)
		if err != nil {
			return err.Error()
		}
		names := c.names
		vals := make([]string, len(names))
		ptrs := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return err.Error()
			}
			for i, v := range vals {
				col := names[i]
				if !utf8.ValidString(v) {
					rows.Close()
					return fmt.Sprintf("%s.%s %q: not UTF-8", c.table, col, v)
				}
				if r, _, bad := controlChar(col, v); bad {
					rows.Close()
					return fmt.Sprintf("%s.%s %q: control character %U", c.table, col, v, r)
				}
			}
		}
		rows.Close()
	}
	return ""
}
