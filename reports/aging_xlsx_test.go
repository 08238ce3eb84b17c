package reports

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"paidup/internal/pgtest"
	"paidup/ledger"
)

// Customer names that must come back as text: a formula, a leading '@' and
// '+', and letters outside Latin-1 (a Latin-1 CSV export would mangle them).
const (
	xlsxNameFormula = `=HYPERLINK("http://x","click")`
	xlsxNameUnicode = "Müller Łódź Sp. z o.o."
	xlsxNameJapan   = "株式会社東京"
	xlsxNameAt      = "@Kuwait Trading Co."
)

var (
	xlsxAsOf = xlsxDay("2026-03-31")
	xlsxMeta = WorkbookMeta{BusinessName: "Paidup & Sons Ltd", LedgerName: "books.db",
		GeneratedAt: time.Date(2026, 4, 1, 8, 30, 0, 0, time.UTC)}
)

func xlsxDay(s string) time.Time {
	d, err := ledger.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// xlsxLedger builds a real ledger file with open items in every bucket of
// three currencies (2, 0 and 3 decimals) as of 2026-03-31, partial and
// unapplied payments, an unapplied credit note, and a customer whose only
// item is a credit. Amounts such as 0.10 and 0.20 have no exact binary form.
func xlsxLedger(t testing.TB) (*ledger.Store, ledger.AgingOptions) {
	t.Helper()
	ctx := context.Background()
	s, err := ledger.Open(ctx, pgtest.LedgerPath(t, "books.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC) }
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []ledger.Customer{
		{Code: "ACME", Name: "Acme GmbH", Currency: "EUR"},
		{Code: "INJ", Name: xlsxNameFormula, Currency: "EUR"},
		{Code: "MUL", Name: xlsxNameUnicode, Currency: "EUR"},
		{Code: "CRED", Name: "Credit Only Ltd", Currency: "EUR"},
		{Code: "-5", Name: "+Plus Minus AG", Currency: "EUR"},
		{Code: "TKY", Name: xlsxNameJapan, Currency: "JPY"},
		{Code: "KWT", Name: xlsxNameAt, Currency: "KWD"},
	} {
		c.TermsDays = 30
		must(s.CreateCustomer(ctx, c))
	}
	money := func(amount, cur string) ledger.Money {
		m, err := ledger.ParseMoney(amount, cur)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	invoice := func(cust, number, due string, price int64, qty, tax int64) {
		t.Helper()
		d := xlsxDay(due)
		must(s.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: cust, Number: number, Date: d.AddDate(0, 0, -30), DueDate: d,
			Lines: []ledger.Line{{Description: "Work", Quantity: ledger.D4(qty), UnitPrice: price, TaxRate: ledger.D4(tax)}}}))
	}
	// EUR: current, 1-30, 31-60, 61-90, 91+ (as of 2026-03-31, by due date).
	invoice("ACME", "A-1", "2026-04-20", 123456, 1, 0)  // 1,234.56 current
	invoice("ACME", "A-2", "2026-03-20", 10, 1, 0)      // 0.10 in 1-30
	invoice("ACME", "A-3", "2026-02-10", 20, 1, 0)      // 0.20 in 31-60
	invoice("ACME", "A-4", "2026-01-15", 99999, 1, 0)   // 999.99 in 61-90
	invoice("ACME", "A-5", "2025-11-01", 10000, 1, 0)   // 100.00 in 91+, half paid below
	invoice("ACME", "A-6", "2025-12-01", 7000, 1, 0)    // paid in full: not shown
	invoice("INJ", "I-1", "2026-03-01", 50000, 1, 0)    // 500.00 in 1-30
	invoice("MUL", "M-1", "2026-04-30", 1999, 3, 19)    // 3 × 19.99 + 19% = 71.36 current
	invoice("-5", "P-1", "2025-12-15", 33333, 1, 0)     // 333.33 in 91+
	invoice("TKY", "T-1", "2025-10-01", 120000, 1, 0)   // ¥120,000 in 91+
	invoice("TKY", "T-2", "2026-04-10", 5500, 1, 10)    // ¥6,050 current
	invoice("KWT", "K-1", "2026-02-20", 1234, 1, 0)     // 1.234 KWD in 31-60
	invoice("KWT", "K-2", "2026-01-10", 12345678, 1, 0) // 12,345.678 KWD in 61-90
	pay := func(cust, date, amount, cur, inv string) {
		t.Helper()
		in := ledger.PaymentInput{CustomerCode: cust, Date: xlsxDay(date), Amount: money(amount, cur), KeepUnapplied: inv == ""}
		if inv != "" {
			in.Apply = []ledger.AllocationInput{{InvoiceNumber: inv, Amount: money(amount, cur)}}
		}
		must(s.RecordPayment(ctx, in))
	}
	pay("ACME", "2026-03-25", "50.00", "EUR", "A-5")
	pay("ACME", "2026-03-26", "70.00", "EUR", "A-6")
	pay("CRED", "2026-03-15", "250.00", "EUR", "")    // unapplied: credits only
	pay("KWT", "2026-03-01", "0.500", "KWD", "K-2")   // K-2 open 12,345.178
	pay("ACME", "2026-04-02", "999.99", "EUR", "A-4") // after the as-of date: ignored
	must(s.IssueCreditNote(ctx, ledger.CreditNoteInput{CustomerCode: "INJ", Date: xlsxDay("2026-03-10"), KeepUnapplied: true,
		Lines: []ledger.Line{{Description: "Goodwill", Quantity: ledger.D4(1), UnitPrice: 7525}}})) // -75.25 credit
	return s, ledger.AgingOptions{AsOf: xlsxAsOf}
}

// xlsxWorkbook writes the fixture's workbook, with the detail sheet or not.
func xlsxWorkbook(t testing.TB, withDetail bool) ([]byte, *ledger.Aging, []ledger.AgingItem) {
	t.Helper()
	ctx := context.Background()
	s, o := xlsxLedger(t)
	a, err := s.Aging(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	var items []ledger.AgingItem
	var detail func(fn func(ledger.AgingItem) error) error
	if withDetail {
		detail = func(fn func(ledger.AgingItem) error) error {
			return s.AgingDetail(ctx, o, func(it ledger.AgingItem) error {
				items = append(items, it)
				return fn(it)
			})
		}
	}
	var buf bytes.Buffer
	if err := WriteAgingXLSX(&buf, a, detail, xlsxMeta); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), a, items
}

func xlsxOpen(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// xlsxGet reads a cell; raw skips the number format and gives what the file holds.
func xlsxGet(t testing.TB, f *excelize.File, sheet, ref string, raw bool) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: raw})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// xlsxRowOf finds the first row at or after from whose column A is value.
func xlsxRowOf(t testing.TB, f *excelize.File, sheet, value string, from int) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for r := from; r <= len(rows); r++ {
		if len(rows[r-1]) > 0 && rows[r-1][0] == value {
			return r
		}
	}
	t.Fatalf("%s: no row with %q in column A from row %d", sheet, value, from)
	return 0
}

// xlsxExact checks that a cell holds exactly minor units of cur: the
// stored decimal must parse in the currency without rounding.
func xlsxExact(t testing.TB, f *excelize.File, sheet, ref string, minor int64, cur string) {
	t.Helper()
	raw := xlsxGet(t, f, sheet, ref, true)
	m, err := ledger.ParseMoney(raw, cur)
	if err != nil || m.Minor != minor {
		t.Errorf("%s!%s = %q (%v), want exactly %s %s", sheet, ref, raw, err, ledger.NewMoney(minor, cur).Plain(), cur)
	}
}

func xlsxNumFmt(t testing.TB, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

func TestAgingXLSXSummary(t *testing.T) {
	t.Parallel()
	data, a, _ := xlsxWorkbook(t, true)
	f := xlsxOpen(t, data)
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Summary", "Detail", "Chart", "About"}) {
		t.Fatalf("sheets %v", got)
	}
	if got := xlsxGet(t, f, "Summary", "A1", false); got != "Paidup & Sons Ltd — aged receivables as of 2026-03-31" {
		t.Errorf("title %q", got)
	}
	formats := map[string]string{
		"EUR": `#,##0.00 "EUR";[Red]-#,##0.00 "EUR";"-"`,
		"JPY": `#,##0 "JPY";[Red]-#,##0 "JPY";"-"`,
		"KWD": `#,##0.000 "KWD";[Red]-#,##0.000 "KWD";"-"`,
	}
	if len(a.Sections) != len(formats) {
		t.Fatalf("fixture has %d currencies", len(a.Sections))
	}
	heads := append(append([]string{"Customer code", "Customer"}, a.Labels...), "Credits", "Total")
	next := 2
	for _, sec := range a.Sections {
		cur := sec.Currency
		hdr := xlsxRowOf(t, f, "Summary", cur, next) + 1
		for i, h := range heads {
			if got := xlsxGet(t, f, "Summary", xlsxCell(1+i, hdr), false); got != h {
				t.Errorf("%s header %d = %q, want %q", cur, i, got, h)
			}
		}
		first, total := hdr+1, hdr+1+len(sec.Lines)
		for i, l := range append(slices.Clone(sec.Lines), sec.Total) {
			r := first + i
			if got := xlsxGet(t, f, "Summary", xlsxCell(1, r), false); got != SafeText(l.CustomerCode) {
				t.Errorf("row %d code %q, want %q", r, got, SafeText(l.CustomerCode))
			}
			name := SafeText(l.CustomerName)
			if r == total {
				name = "Total " + cur
			}
			if got := xlsxGet(t, f, "Summary", xlsxCell(2, r), false); got != name {
				t.Errorf("row %d name %q, want %q", r, got, name)
			}
			for k, m := range append(append(slices.Clone(l.Buckets), l.Credits), l.Total) {
				ref := xlsxCell(3+k, r)
				xlsxExact(t, f, "Summary", ref, m, cur)
				if got := xlsxNumFmt(t, f, "Summary", ref); got != formats[cur] {
					t.Errorf("%s number format %q, want %q", ref, got, formats[cur])
				}
				want := "" // plain numbers but for the Total column and row
				switch {
				case r == total:
					want = fmt.Sprintf("SUM(%s:%s)", xlsxCell(3+k, first), xlsxCell(3+k, total-1))
				case k == len(l.Buckets)+1:
					want = fmt.Sprintf("SUM(%s:%s)", xlsxCell(3, r), xlsxCell(2+len(l.Buckets)+1, r))
				}
				if got, err := f.GetCellFormula("Summary", ref); err != nil || got != want {
					t.Errorf("%s formula %q (%v), want %q", ref, got, err, want)
				}
				// excelize's own engine recomputes the formula from the cells.
				if got, err := f.CalcCellValue("Summary", ref, excelize.Options{RawCellValue: true}); err != nil {
					t.Errorf("%s: %v", ref, err)
				} else if v, err := strconv.ParseFloat(got, 64); err != nil || math.Round(v*math.Pow10(xlsxDigits(t, cur))) != float64(m) {
					t.Errorf("%s computes %q, want %s", ref, got, ledger.NewMoney(m, cur).Plain())
				}
			}
		}
		next = total + 1
	}

	t.Run("NamesAreText", func(t *testing.T) {
		for code, name := range map[string]string{"INJ": xlsxNameFormula, "MUL": xlsxNameUnicode, "TKY": xlsxNameJapan, "KWT": xlsxNameAt, "'-5": "+Plus Minus AG"} {
			r := xlsxRowOf(t, f, "Summary", code, 1)
			ref := xlsxCell(2, r)
			if got := xlsxGet(t, f, "Summary", ref, true); got != SafeText(name) {
				t.Errorf("%s name %q, want %q", code, got, SafeText(name))
			}
			if typ, _ := f.GetCellType("Summary", ref); typ != excelize.CellTypeInlineString {
				t.Errorf("%s name cell type %v, want a string", code, typ)
			}
			if formula, _ := f.GetCellFormula("Summary", ref); formula != "" {
				t.Errorf("%s name became formula %q", code, formula)
			}
		}
	})
	t.Run("Layout", func(t *testing.T) {
		panes, err := f.GetPanes("Summary")
		if err != nil || !panes.Freeze || panes.YSplit != 3 {
			t.Errorf("panes %+v %v, want frozen below row 3", panes, err)
		}
		names := map[string]string{}
		for _, d := range f.GetDefinedName() {
			names[d.Scope+" "+d.Name] = d.RefersTo
		}
		if got := names["Summary _xlnm._FilterDatabase"]; got != "'Summary'!$A$3:$I$8" {
			t.Errorf("Summary autofilter %q (defined names %v)", got, names)
		}
		if got := names["Summary _xlnm.Print_Titles"]; got != "Summary!$1:$3" {
			t.Errorf("Summary print titles %q", got)
		}
		pl, err := f.GetPageLayout("Summary")
		if err != nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
			t.Errorf("page layout %+v %v", pl, err)
		}
		hf, err := f.GetHeaderFooter("Summary")
		if err != nil || !strings.Contains(hf.OddHeader, "Paidup && Sons Ltd") ||
			!strings.Contains(hf.OddHeader, "Aged receivables as of 2026-03-31") || !strings.Contains(hf.OddFooter, "Page &P of &N") {
			t.Errorf("header/footer %+v %v", hf, err)
		}
		if w, err := f.GetColWidth("Summary", "B"); err != nil || w < 24 {
			t.Errorf("name column width %v %v", w, err)
		}
	})
}

func xlsxDigits(t testing.TB, cur string) int {
	d, err := ledger.Digits(cur)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestAgingXLSXDetail(t *testing.T) {
	t.Parallel()
	data, a, items := xlsxWorkbook(t, true)
	f := xlsxOpen(t, data)
	rows, err := f.GetRows("Detail")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Customer code", "Customer", "Kind", "Document", "Issue date", "Due date", "Days past due", "Bucket", "Currency", "Original", "Open"}
	if !slices.Equal(rows[0], want) {
		t.Errorf("header %q", rows[0])
	}
	if len(items) != 14 || len(rows) != len(items)+1 {
		t.Fatalf("%d rows for %d items", len(rows), len(items))
	}
	credits := 0
	for i, it := range items {
		r, row := i+2, rows[i+1]
		bucket := "credits"
		if it.Bucket >= 0 {
			bucket = a.Labels[it.Bucket]
		} else {
			credits++
			if it.Open >= 0 {
				t.Errorf("row %d: credit with open %d", r, it.Open)
			}
		}
		wantRow := []string{SafeText(it.CustomerCode), SafeText(it.CustomerName), xlsxKind(it.Kind), it.Number,
			it.IssueDate.Format(ledger.DateLayout), it.DueDate.Format(ledger.DateLayout), strconv.Itoa(it.DaysPastDue), bucket, it.Currency}
		if !slices.Equal(row[:9], wantRow) {
			t.Errorf("row %d = %q, want %q", r, row[:9], wantRow)
		}
		for c, d := range map[string]time.Time{"E": it.IssueDate, "F": it.DueDate} {
			serial, err := strconv.ParseFloat(xlsxGet(t, f, "Detail", c+strconv.Itoa(r), true), 64)
			if err != nil {
				t.Fatalf("%s%d is not a real date: %v", c, r, err)
			}
			if got, _ := excelize.ExcelDateToTime(serial, false); !got.Equal(d) {
				t.Errorf("%s%d = %v, want %v", c, r, got, d)
			}
		}
		xlsxExact(t, f, "Detail", "J"+strconv.Itoa(r), it.Original, it.Currency)
		xlsxExact(t, f, "Detail", "K"+strconv.Itoa(r), it.Open, it.Currency)
	}
	if credits != 2 {
		t.Errorf("%d credit rows, want the payment and the credit note", credits)
	}
	if panes, _ := f.GetPanes("Detail"); !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("Detail panes %+v", panes)
	}
	found := false
	for _, d := range f.GetDefinedName() {
		found = found || d.Scope == "Detail" && d.Name == "_xlnm._FilterDatabase" && d.RefersTo == "'Detail'!$A$1:$K$15"
	}
	if !found {
		t.Errorf("no autofilter over A1:K15 on Detail: %+v", f.GetDefinedName())
	}
}

func TestAgingXLSXAboutAndProps(t *testing.T) {
	t.Parallel()
	data, _, _ := xlsxWorkbook(t, true)
	f := xlsxOpen(t, data)
	about := map[string]string{}
	rows, err := f.GetRows("About")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) == 2 {
			about[r[0]] = r[1]
		}
	}
	for k, want := range map[string]string{"Business": "Paidup & Sons Ltd", "Ledger": "books.db", "As of": "2026-03-31",
		"Basis": "Age in days past the due date", "Bucket edges": "30, 60, 90 days", "Customers": "7", "Detail rows": "14",
		"Generated at": "2026-04-01T08:30:00Z", "Currencies": "EUR (2 decimals), JPY (0 decimals), KWD (3 decimals)"} {
		if about[k] != want {
			t.Errorf("About %s = %q, want %q", k, about[k], want)
		}
	}
	if !strings.Contains(about["Amounts"], "exact") {
		t.Errorf("About lacks the exactness note: %q", about["Amounts"])
	}
	p, err := f.GetDocProps()
	if err != nil || p.Created != "2026-04-01T08:30:00Z" || p.Modified != p.Created || p.Creator != "Paidup" {
		t.Errorf("doc props %+v %v", p, err)
	}
}

// TestAgingXLSXReproducible writes the same aging twice: the bytes must match,
// although excelize emits streamed sheets in map order.
func TestAgingXLSXReproducible(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, o := xlsxLedger(t)
	a, err := s.Aging(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	detail := func(fn func(ledger.AgingItem) error) error { return s.AgingDetail(ctx, o, fn) }
	var first []byte
	for range 5 {
		var buf bytes.Buffer
		if err := WriteAgingXLSX(&buf, a, detail, xlsxMeta); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = buf.Bytes()
		} else if !bytes.Equal(first, buf.Bytes()) {
			t.Fatal("two writes of the same aging differ")
		}
	}
}

func TestAgingXLSXSummaryOnly(t *testing.T) {
	t.Parallel()
	data, _, _ := xlsxWorkbook(t, false)
	f := xlsxOpen(t, data)
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Summary", "Chart", "About"}) {
		t.Errorf("sheets %v", got)
	}
	if got := xlsxGet(t, f, "About", xlsxCell(2, xlsxRowOf(t, f, "About", "Detail rows", 1)), false); got != "not included" {
		t.Errorf("About detail rows %q", got)
	}
}

func TestAgingXLSXEmpty(t *testing.T) {
	t.Parallel()
	a := &ledger.Aging{AsOf: xlsxAsOf, Basis: ledger.BasisIssue, Edges: ledger.DefaultEdges, Labels: ledger.BucketLabels(ledger.DefaultEdges)}
	var buf bytes.Buffer
	none := func(func(ledger.AgingItem) error) error { return nil }
	if err := WriteAgingXLSX(&buf, a, none, WorkbookMeta{GeneratedAt: xlsxMeta.GeneratedAt}); err != nil {
		t.Fatal(err)
	}
	f := xlsxOpen(t, buf.Bytes())
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Summary", "Detail", "About"}) {
		t.Errorf("sheets %v", got)
	}
	if got := xlsxGet(t, f, "Summary", "A2", false); got != "No open items as of 2026-03-31" {
		t.Errorf("A2 %q", got)
	}
	if got := xlsxGet(t, f, "Detail", "G1", false); got != "Days since issue" {
		t.Errorf("days heading for the issue basis %q", got)
	}
}

// xlsxSynthAging is an aging of n EUR customers with something in every bucket.
func xlsxSynthAging(n int) *ledger.Aging {
	a := &ledger.Aging{AsOf: xlsxAsOf, Basis: ledger.BasisDue, Edges: ledger.DefaultEdges, Labels: ledger.BucketLabels(ledger.DefaultEdges)}
	sec := ledger.AgingSection{Currency: "EUR", Total: ledger.AgingLine{CustomerCode: "TOTAL", CustomerName: "Total", Currency: "EUR", Buckets: make([]int64, 5)}}
	for i := range n {
		l := ledger.AgingLine{CustomerCode: fmt.Sprintf("C%03d", i), CustomerName: fmt.Sprintf("Customer %03d", i), Currency: "EUR",
			Buckets: []int64{int64(i+1) * 101, int64(i) * 7, 10, 1, int64(i % 3)}, Credits: -int64(i % 2)}
		l.Total = l.Credits
		for k, m := range l.Buckets {
			l.Total += m
			sec.Total.Buckets[k] += m
		}
		sec.Total.Credits += l.Credits
		sec.Total.Total += l.Total
		sec.Lines = append(sec.Lines, l)
	}
	a.Sections = []ledger.AgingSection{sec}
	return a
}

// TestAgingXLSXChart checks the chart data of more customers than the chart
// names: the largest ten and one "All others" bar whose formula, recomputed,
// equals what the ledger leaves over.
func TestAgingXLSXChart(t *testing.T) {
	t.Parallel()
	a := xlsxSynthAging(13)
	var buf bytes.Buffer
	if err := WriteAgingXLSX(&buf, a, nil, xlsxMeta); err != nil {
		t.Fatal(err)
	}
	f := xlsxOpen(t, buf.Bytes())
	if got := xlsxGet(t, f, "Chart", "A3", false); got != "Customer 012" {
		t.Errorf("largest customer %q, want Customer 012", got)
	}
	if got := xlsxGet(t, f, "Chart", "A13", false); got != "All others" {
		t.Fatalf("A13 %q, want All others", got)
	}
	sec := a.Sections[0]
	for k := range a.Labels {
		rest := sec.Lines[0].Buckets[k] + sec.Lines[1].Buckets[k] + sec.Lines[2].Buckets[k]
		ref := xlsxCell(2+k, 13)
		xlsxExact(t, f, "Chart", ref, rest, "EUR")
		got, err := f.CalcCellValue("Chart", ref, excelize.Options{RawCellValue: true})
		if v, _ := strconv.ParseFloat(got, 64); err != nil || math.Round(v*100) != float64(rest) {
			t.Errorf("%s computes %q (%v), want %d cents", ref, got, err, rest)
		}
	}
	if formula, _ := f.GetCellFormula("Chart", "B3"); formula != "Summary!C16" {
		t.Errorf("B3 formula %q, want Summary!C16", formula)
	}
}

func TestAgingXLSXErrors(t *testing.T) {
	t.Parallel()
	boom := errors.New("disk on fire")
	tests := map[string]struct {
		a      *ledger.Aging
		detail func(fn func(ledger.AgingItem) error) error
		meta   WorkbookMeta
		want   string
	}{
		"ErrDetail": {a: xlsxSynthAging(1), meta: xlsxMeta, want: "disk on fire",
			detail: func(func(ledger.AgingItem) error) error { return boom }},
		"ErrBucket": {a: xlsxSynthAging(1), meta: xlsxMeta, want: "bucket 9 of 5",
			detail: func(fn func(ledger.AgingItem) error) error {
				return fn(ledger.AgingItem{Kind: ledger.KindInvoice, Number: "X", Bucket: 9, Currency: "EUR"})
			}},
		"ErrTooLarge": {a: xlsxSynthAging(1), meta: xlsxMeta, want: "15 significant digits",
			detail: func(fn func(ledger.AgingItem) error) error {
				return fn(ledger.AgingItem{Kind: ledger.KindInvoice, Number: "X", Currency: "EUR", Open: 1e15, Original: 1e15})
			}},
		"ErrCurrency":      {a: xlsxSynthAging(1), meta: xlsxMeta, want: "unknown currency", detail: func(fn func(ledger.AgingItem) error) error { return fn(ledger.AgingItem{Currency: "XXY"}) }},
		"ErrNoGeneratedAt": {a: xlsxSynthAging(1), want: "generated-at"},
		"ErrNoAging":       {meta: xlsxMeta, want: "no aging"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			err := WriteAgingXLSX(io.Discard, tt.a, tt.detail, tt.meta)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
			if name == "ErrDetail" && !errors.Is(err, boom) {
				t.Errorf("%v does not wrap the detail error", err)
			}
		})
	}
}

// TestAgingXLSXNumberExact checks the claim behind agingBook.number: the shortest
// form of the double, which is what excelize writes, is the amount's exact
// decimal for every amount below 10^15 minor units, in every digit count.
func TestAgingXLSXNumberExact(t *testing.T) {
	t.Parallel()
	b := &agingBook{f: excelize.NewFile(), digits: map[string]int{}, money: map[string]int{}, moneyTotal: map[string]int{}}
	defer b.f.Close()
	r := rand.New(rand.NewPCG(1, 2))
	for _, cur := range []string{"JPY", "EUR", "KWD", "CLF"} { // 0, 2, 3 and 4 decimals
		edges := []int64{0, 1, -1, 5, 10, 20, 30, 99, 12345678901234, maxExactMinor, -maxExactMinor, maxExactMinor - 1}
		for range 200000 {
			n := r.Int64N(maxExactMinor + 1)
			if r.IntN(2) == 0 {
				n = r.Int64N(10_000_000) // everyday amounts
			}
			if r.IntN(2) == 0 {
				n = -n
			}
			edges = append(edges, n)
		}
		for _, m := range edges {
			v, err := b.number(m, cur)
			if err != nil {
				t.Fatal(err)
			}
			s := strconv.FormatFloat(v, 'f', -1, 64)
			if got, err := ledger.ParseMoney(s, cur); err != nil || got.Minor != m {
				t.Fatalf("%d minor %s wrote %q (%v)", m, cur, s, err)
			}
		}
		if _, err := b.number(maxExactMinor+1, cur); err == nil {
			t.Errorf("%s: 10^15 minor units accepted", cur)
		}
	}
}

// xlsxRecalcAlways makes LibreOffice recalculate every formula of an .xlsx on
// load. Its default is never: it would show the cached values the file
// carries, and the test would prove nothing about the formulas.
const xlsxRecalcAlways = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

// xlsxCSVFilter exports UTF-8 CSV of every sheet. Tokens: comma, double quote,
// charset 76 = UTF-8 (the default is the system's 8-bit set: Latin-1 would
// mangle "Łódź"), first line 1, no column formats, language 0 (from the
// locale, pinned below), don't quote all text, detect special numbers,
// save cell contents as shown (so number formats are checked too), no
// formulas, keep spaces, and sheet -1 = all sheets, one file each, named
// BOOK-SHEET.csv (LibreOffice 7.2 and later; older ones write only the
// first sheet, and the test fails on the missing files).
const xlsxCSVFilter = `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1`

// xlsxLibreOfficeCSV converts workbooks with headless LibreOffice in a private
// profile (parallel runs and a user's open LibreOffice don't collide) and
// returns each sheet as CSV records by "BOOK-SHEET".
func xlsxLibreOfficeCSV(t *testing.T, books map[string][]byte) map[string][][]string {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatalf("soffice not found: this test needs LibreOffice Calc as a real spreadsheet client; "+
			"install it with `apt-get install -y --no-install-recommends libreoffice-calc` (or scripts/deps.sh test): %v", err)
	}
	dir := t.TempDir()
	profile, out := filepath.Join(dir, "profile"), filepath.Join(dir, "out")
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(xlsxRecalcAlways), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"--headless", "--norestore", "--nolockcheck", "--nodefault",
		"-env:UserInstallation=" + (&url.URL{Scheme: "file", Path: profile}).String(),
		"--convert-to", xlsxCSVFilter, "--outdir", out}
	for name, data := range books {
		p := filepath.Join(dir, name+".xlsx")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, args...)
	// "As shown" follows the locale: pin it so 1,234.56 is not 1.234,56.
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "LANG=C.UTF-8")
	cmd.WaitDelay = 10 * time.Second
	start := time.Now()
	output, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice after %v: %v\n%s", time.Since(start).Round(time.Millisecond), err, output)
	}
	t.Logf("soffice converted %d workbooks in %v", len(books), time.Since(start).Round(time.Millisecond))
	files, err := filepath.Glob(filepath.Join(out, "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("soffice wrote no CSV (%v):\n%s", err, output)
	}
	sheets := map[string][][]string{}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(data) {
			t.Fatalf("%s is not UTF-8", filepath.Base(p))
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(p), err)
		}
		sheets[strings.TrimSuffix(filepath.Base(p), ".csv")] = recs
	}
	return sheets
}

// xlsxShownMinor reads an amount as LibreOffice displays it ("1,234.56 EUR",
// "-75.25 EUR", "-" for zero) back into minor units, refusing any rounding.
func xlsxShownMinor(s, cur string) (int64, error) {
	s = strings.TrimSuffix(s, " "+cur)
	if s == "-" {
		return 0, nil
	}
	m, err := ledger.ParseMoney(strings.ReplaceAll(s, ",", ""), cur)
	return m.Minor, err
}

// TestAgingXLSXLibreOffice opens the workbook in a real spreadsheet program,
// recalculates every formula and checks the totals against the ledger to the
// minor unit, and that names that look like formulas stay text.
func TestAgingXLSXLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("needs LibreOffice (soffice): skipped in -short mode")
	}
	t.Parallel()
	data, a, items := xlsxWorkbook(t, true)
	// The probe proves the recalculation happened: its cached value is wrong.
	probe := excelize.NewFile()
	defer probe.Close()
	sw, err := probe.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{21, excelize.Cell{Formula: "A1*2", Value: 99}}); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var pb bytes.Buffer
	if err := probe.Write(&pb); err != nil {
		t.Fatal(err)
	}
	sheets := xlsxLibreOfficeCSV(t, map[string][]byte{"aging": data, "probe": pb.Bytes()})
	if got := sheets["probe-Sheet1"]; len(got) != 1 || len(got[0]) != 2 || got[0][1] != "42" {
		t.Fatalf("LibreOffice did not recalculate on load: probe = %q, want 21,42", got)
	}
	for _, name := range []string{"aging-Summary", "aging-Detail", "aging-Chart", "aging-About"} {
		if sheets[name] == nil {
			t.Fatalf("no %s.csv among %v", name, slices.Sorted(maps.Keys(sheets)))
		}
	}

	summary := sheets["aging-Summary"]
	at := func(cur, code string) []string { // the row of a code within a currency's block
		t.Helper()
		in := false
		for _, r := range summary {
			if len(r) > 0 && r[0] == cur {
				in = true
			} else if in && r[0] == code {
				return r
			}
		}
		t.Fatalf("Summary has no %s row for %s", code, cur)
		return nil
	}
	for _, sec := range a.Sections {
		for _, l := range append(slices.Clone(sec.Lines), sec.Total) {
			row := at(sec.Currency, SafeText(l.CustomerCode))
			want := append(append(slices.Clone(l.Buckets), l.Credits), l.Total)
			for k, m := range want {
				got, err := xlsxShownMinor(row[2+k], sec.Currency)
				if err != nil || got != m {
					t.Errorf("%s %s column %d shows %q, ledger has %s", sec.Currency, l.CustomerCode, 2+k, row[2+k],
						ledger.NewMoney(m, sec.Currency).Plain())
				}
			}
			if l.CustomerCode != "TOTAL" && row[1] != SafeText(l.CustomerName) {
				t.Errorf("%s name came back as %q, want the text %q", l.CustomerCode, row[1], SafeText(l.CustomerName))
			}
		}
	}
	// Spot checks against figures worked out by hand, in case the ledger and
	// the workbook were wrong together: 1,234.56 + 0.10 + 0.20 + 999.99 +
	// 50.00 + 500.00 − 75.25 + 333.33 − 250.00 + 71.36 = 2,864.29.
	for _, c := range []struct{ cur, want string }{{"EUR", "2,864.29 EUR"}, {"JPY", "126,050 JPY"}, {"KWD", "12,346.412 KWD"}} {
		if got := at(c.cur, "TOTAL")[8]; got != c.want {
			t.Errorf("%s total %q, want %q", c.cur, got, c.want)
		}
	}
	if got := at("EUR", "INJ")[1]; got != `'=HYPERLINK("http://x","click")` {
		t.Errorf("formula-looking name evaluated or altered: %q", got)
	}

	detail := sheets["aging-Detail"]
	if len(detail) != len(items)+1 {
		t.Fatalf("Detail has %d lines for %d items", len(detail), len(items))
	}
	for i, it := range items {
		r := detail[i+1]
		if r[1] != SafeText(it.CustomerName) || r[4] != it.IssueDate.Format(ledger.DateLayout) || r[5] != it.DueDate.Format(ledger.DateLayout) {
			t.Errorf("Detail line %d = %q", i+2, r)
		}
		if got, err := xlsxShownMinor(r[10], it.Currency); err != nil || got != it.Open {
			t.Errorf("Detail line %d open %q, want %s", i+2, r[10], ledger.NewMoney(it.Open, it.Currency).Plain())
		}
	}
}
