package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRandomOverwrite writes random bytes into the data pages of copies
// of a ledger file, one place per trial, with a fixed set of seeds: the
// damage a disk or a careless tool does. Each trial must end one of three
// ways: the ledger refuses to open, check fails or reports a problem, or
// every row of every table reads back exactly as before (the bytes hit
// free space). A change to the data that check calls sound fails the test.
func TestRandomOverwrite(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	orig := overwriteLedger(t)
	pages := dataPages(t, orig)
	want, err := dumpLedger(ctx, orig)
	if err != nil {
		t.Fatal(err)
	}
	const trials = 60
	var refused, reported, unchanged, textOnly int
	for seed := uint64(1); seed <= trials; seed++ {
		rng := rand.New(rand.NewPCG(seed, 20))
		dst := filepath.Join(t.TempDir(), "copy.db")
		copyFileT(t, orig, dst)
		page := pages[rng.IntN(len(pages))]
		n := 1 + rng.IntN(8)
		// Into the part of the page that holds rows: writes into free
		// space prove nothing.
		off := int64(page.no-1)*int64(page.size) + int64(page.content+rng.IntN(page.size-page.content-n))
		junk := make([]byte, n)
		for i := range junk {
			junk[i] = byte(rng.Uint32())
		}
		f, err := os.OpenFile(dst, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt(junk, off); err != nil {
			t.Fatal(err)
		}
		f.Close()
		what := fmt.Sprintf("seed %d: %d bytes at %d (page %d of %s)", seed, n, off, page.no, page.name)
		got, dumpErr := dumpLedger(ctx, dst)
		s, err := OpenExisting(ctx, dst)
		if err != nil {
			refused++
			continue
		}
		rep, err := s.Check(ctx)
		s.Close()
		switch {
		case err != nil:
			refused++
		case !rep.OK():
			reported++
		case dumpErr == nil && got == want:
			unchanged++
		case dumpErr == nil && onlyText(want, got):
			textOnly++
			t.Logf("%s: only free text changed (not provable without row checksums):\n%s", what, firstDiff(want, got, nil))
		default:
			t.Errorf("%s: check says ok but the data changed:\n%s", what, firstDiff(want, got, dumpErr))
		}
	}
	t.Logf("%d trials: %d refused to open or check, %d reported by check, %d left the data unchanged, %d changed free text only",
		trials, refused, reported, unchanged, textOnly)
	if refused+reported < trials/3 {
		t.Errorf("only %d of %d trials changed what check proves: the test no longer aims at the rows", refused+reported, trials)
	}
}

// freeText are the columns whose every value is a valid one: names,
// notes, descriptions, stamps (check parses a stamp, but another
// well-formed stamp is as good). A journal memo is not among them: check
// rebuilds it from its document's number (and a void's reason). Nothing in the ledger repeats them, so a
// change to their letters cannot be told from what was typed; only row
// checksums could, and the ledger has none yet.
var freeText = map[string]bool{
	"schema_migrations.applied_at": true, "settings.value": true,
	"customers.name": true, "customers.email": true, "customers.phone": true, "customers.address": true,
	"customers.tax_id": true, "customers.notes": true, "customers.created_at": true,
	"documents.reference": true, "documents.notes": true, "documents.created_at": true,
	"document_lines.description": true, "journal_entries.created_at": true,
}

// onlyText reports whether the two dumps differ only in freeText columns.
func onlyText(want, got string) bool {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	if len(w) != len(g) {
		return false
	}
	cols := map[string][]string{} // table → its columns, from the dump's header lines
	for i := range w {
		if table, names, ok := strings.Cut(w[i], "# "); ok && !strings.Contains(table, ":") {
			cols[table] = strings.Split(names, ",")
		}
		if w[i] == g[i] {
			continue
		}
		wt, wf := dumpFields(w[i])
		gt, gf := dumpFields(g[i])
		if wt != gt || len(wf) != len(gf) || len(wf) != len(cols[wt]) {
			return false
		}
		for j := range wf {
			if wf[j] != gf[j] && !freeText[wt+"."+cols[wt][j]] {
				return false
			}
		}
	}
	return true
}

// dumpFields splits a dump line into its table and its typed values.
func dumpFields(l string) (string, []string) {
	table, rest, _ := strings.Cut(l, ":")
	var fields []string
	for rest != "" {
		rest = strings.TrimPrefix(rest, " ")
		typ, r, _ := strings.Cut(rest, " ")
		v, err := strconv.QuotedPrefix(r)
		if err != nil {
			return table, append(fields, rest)
		}
		fields = append(fields, typ+" "+v)
		rest = r[len(v):]
	}
	return table, fields
}

// overwriteLedger is a ledger file with some of everything, checkpointed
// and closed.
func overwriteLedger(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "orig.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = fuzzClock
	for _, k := range []string{"customers", "invoices", "payments"} {
		if res, err := importFile(t, s, k, "testdata/"+k+".csv", ImportOptions{}); err != nil {
			t.Fatalf("%s: %v %v", k, err, res.Problems)
		}
	}
	mustInvoice(t, s, "ACME", "2026-01-10", line(2, 15000, 20), line(1, 9999, 7))
	mustInvoice(t, s, "ACME", "2026-01-20", line(1, 5000, 0))
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "ACME", Date: day("2026-02-01"), Amount: usd("100.00"), Reference: "R-1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IssueCreditNote(ctx, CreditNoteInput{CustomerCode: "ACME", Date: day("2026-02-02"), Lines: []Line{line(1, 1000, 20)}}); err != nil {
		t.Fatal(err)
	}
	inv := mustInvoice(t, s, "ACME", "2026-02-03", line(1, 7000, 10))
	if _, err := s.WriteOff(ctx, inv.Number, day("2026-03-01"), usd("20.00"), "small balance"); err != nil {
		t.Fatal(err)
	}
	pay, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "ACME", Date: day("2026-02-05"), Amount: usd("30.00")})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Void(ctx, pay.Number, day("2026-02-06"), "bounced"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplyCredits(ctx, "ACME", day("2026-03-02")); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

type dataPage struct {
	name              string
	no, size, content int // content: where the page's rows start
}

// dataPages lists the b-tree pages of the ledger's tables and indexes,
// from the sqlite3 shell's dbstat.
func dataPages(t *testing.T, path string) []dataPage {
	t.Helper()
	out := sqlite3Shell(t, path, "SELECT name, pageno, pgsize FROM dbstat WHERE name NOT LIKE 'sqlite_%' AND pagetype IN ('leaf', 'internal', 'overflow');")
	var pages []dataPage
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Split(l, "|")
		if len(f) != 3 {
			t.Fatalf("dbstat: %q", l)
		}
		no, _ := strconv.Atoi(f[1])
		size, _ := strconv.Atoi(f[2])
		pages = append(pages, dataPage{name: f[0], no: no, size: size})
	}
	// Where each page's cells start: the b-tree page header's "start of
	// the cell content area"; an overflow page is content after its link.
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// An empty table's or index's page has no cells: a write there changes
	// no row, so it is left out (each new, empty table would otherwise
	// spend trials on nothing).
	kept := pages[:0]
	for i := range pages {
		p := pages[i]
		pg := b[(p.no-1)*p.size : p.no*p.size]
		switch pg[0] {
		case 2, 5, 10, 13:
			if int(pg[3])<<8|int(pg[4]) == 0 {
				continue
			}
			p.content = int(pg[5])<<8 | int(pg[6])
		default:
			p.content = 4
		}
		if p.content >= p.size-8 {
			p.content = 8
		}
		kept = append(kept, p)
	}
	pages = kept
	if len(pages) < 10 {
		t.Fatalf("only %d data pages", len(pages))
	}
	return pages
}

func copyFileT(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// dumpLedger prints every row of every table, in key order, read from
// the file as immutable (nothing written to it).
func dumpLedger(ctx context.Context, path string) (string, error) {
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro&immutable=1")
	if err != nil {
		return "", err
	}
	defer db.Close()
	var b strings.Builder
	tables := append([]struct{ name, order string }{{"schema_migrations", "version"}}, ledgerTables...)
	for _, tb := range tables {
		rows, err := db.QueryContext(ctx, `SELECT * FROM `+tb.name+` ORDER BY `+tb.order)
		if err != nil {
			return b.String(), err
		}
		cols, _ := rows.Columns()
		fmt.Fprintf(&b, "%s# %s\n", tb.name, strings.Join(cols, ","))
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return b.String(), err
			}
			fmt.Fprintf(&b, "%s:", tb.name)
			for _, v := range vals {
				fmt.Fprintf(&b, " %T %q", v, fmt.Sprint(v))
			}
			b.WriteByte('\n')
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return b.String(), err
		}
	}
	return b.String(), nil
}

func firstDiff(want, got string, err error) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range w {
		if i >= len(g) || w[i] != g[i] {
			gl := "(missing)"
			if i < len(g) {
				gl = g[i]
			}
			return fmt.Sprintf("was: %s\nnow: %s\n(dump error: %v)", w[i], gl, err)
		}
	}
	return fmt.Sprintf("(dump error: %v)", err)
}
