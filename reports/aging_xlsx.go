package reports

import (
	"archive/zip"
	"bytes"
	"cmp"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"paidup/ledger"
)

// WorkbookMeta describes the workbook rather than the aging. GeneratedAt is
// passed in, never read from the clock, so the same aging gives the same
// bytes (tests compare files; users diff reruns).
type WorkbookMeta struct {
	BusinessName string
	LedgerName   string
	GeneratedAt  time.Time
}

// Sheet names: scripts and the tests address sheets by name.
const (
	sheetSummary = "Summary"
	sheetDetail  = "Detail"
	sheetChart   = "Chart"
	sheetAbout   = "About"
)

// maxExactMinor bounds the amounts a cell can hold exactly. A cell is an
// IEEE double and Excel shows 15 significant digits; below 10^15 minor units
// every amount keeps its exact decimal (see number).
const maxExactMinor = 999_999_999_999_999

// xlsxChartTop is how many customers each currency's chart names; the rest are
// summed into one "All others" bar so the bars still add up to the total.
const xlsxChartTop = 10

// WriteAgingXLSX writes the aged receivables workbook: a Summary sheet (one
// block per currency whose totals are SUM formulas, so the sheet stays live
// when edited), a Detail sheet of every open document when detail is not
// nil, a Chart sheet and an About sheet. detail is called once and calls fn
// for each item, in the order the rows should appear. Rows are streamed
// through a temporary file, so memory does not grow with them; only the
// compressed file is held, to write its parts in a fixed order.
func WriteAgingXLSX(w io.Writer, a *ledger.Aging, detail func(fn func(ledger.AgingItem) error) error, meta WorkbookMeta) (err error) {
	if a == nil {
		return errors.New("aging workbook: no aging")
	}
	if meta.GeneratedAt.IsZero() {
		return errors.New("aging workbook: generated-at time is required")
	}
	f := excelize.NewFile()
	f.SetZipWriter(fastZip)
	// Close removes the stream writers' temporary files.
	defer func() { err = errors.Join(err, f.Close()) }()
	b := &agingBook{f: f, a: a, meta: meta, digits: map[string]int{}, money: map[string]int{}, moneyTotal: map[string]int{}}
	if err := b.build(detail); err != nil {
		return fmt.Errorf("aging workbook: %w", err)
	}
	if err := writeSortedZip(w, f); err != nil {
		return fmt.Errorf("aging workbook: %w", err)
	}
	return nil
}

// agingBook carries what the sheets share: styles per currency and where
// each currency's rows landed on the Summary sheet, for the chart.
type agingBook struct {
	f      *excelize.File
	a      *ledger.Aging
	meta   WorkbookMeta
	digits map[string]int
	// Style ids: amounts get one style per currency, since the number
	// format carries the currency's minor digits and code.
	money, moneyTotal                           map[string]int
	title, heading, header, headerNum, totalTxt int
	date, note                                  int
	blocks                                      []summaryBlock
	customers, detailRows                       int
}

// summaryBlock is where one currency landed on the Summary sheet.
type summaryBlock struct {
	sec             *ledger.AgingSection
	first, totalRow int // first customer row and the Total row
}

func (b *agingBook) build(detail func(fn func(ledger.AgingItem) error) error) error {
	if err := b.styles(); err != nil {
		return err
	}
	if err := b.summary(); err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	if detail != nil {
		if err := b.detail(detail); err != nil {
			return fmt.Errorf("detail: %w", err)
		}
	}
	if err := b.chart(); err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	if err := b.about(detail != nil); err != nil {
		return fmt.Errorf("about: %w", err)
	}
	return b.props()
}

func (b *agingBook) styles() error {
	border := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	grey := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}}
	dateFmt := "yyyy-mm-dd" // ISO, as everywhere else in Paidup
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&b.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&b.heading, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}},
		{&b.header, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: grey, Border: border}},
		{&b.headerNum, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: grey, Border: border,
			Alignment: &excelize.Alignment{Horizontal: "right"}}},
		{&b.totalTxt, excelize.Style{Font: &excelize.Font{Bold: true}, Border: []excelize.Border{{Type: "top", Color: "000000", Style: 1}}}},
		{&b.date, excelize.Style{CustomNumFmt: &dateFmt}},
		{&b.note, excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	} {
		id, err := b.f.NewStyle(&s.style)
		if err != nil {
			return fmt.Errorf("style: %w", err)
		}
		*s.id = id
	}
	return nil
}

// currency returns a currency's minor digits, creating its amount styles on
// first use: `#,##0.00 "EUR"`, negatives red with a minus sign (a minus
// survives copy-paste and CSV export; red alone would not), zero as "-"
// so the many empty buckets of an aging do not drown the amounts.
func (b *agingBook) currency(cur string) (int, error) {
	if d, ok := b.digits[cur]; ok {
		return d, nil
	}
	d, err := ledger.Digits(cur)
	if err != nil {
		return 0, err
	}
	format := xlsxMoneyFormat(cur, d)
	plain, err := b.f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return 0, fmt.Errorf("style %s: %w", cur, err)
	}
	total, err := b.f.NewStyle(&excelize.Style{CustomNumFmt: &format, Font: &excelize.Font{Bold: true},
		Border: []excelize.Border{{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 6}}})
	if err != nil {
		return 0, fmt.Errorf("style %s: %w", cur, err)
	}
	b.digits[cur], b.money[cur], b.moneyTotal[cur] = d, plain, total
	return d, nil
}

// xlsxMoneyFormat is the number format of a currency. The code is one of ISO
// 4217's (ledger.Digits checked it), so it needs no escaping in quotes.
func xlsxMoneyFormat(cur string, digits int) string {
	n := "#,##0"
	if digits > 0 {
		n += "." + strings.Repeat("0", digits)
	}
	code := ` "` + cur + `"`
	return n + code + ";[Red]-" + n + code + `;"-"`
}

// number converts minor units to the value a cell stores. Why this is exact:
// float64(minor) is exact below 2^53, 10^d is exact, and IEEE division
// rounds correctly, so v is the double nearest minor/10^d — the same double
// Excel or LibreOffice gets when it parses that decimal from text. excelize
// writes v in the shortest form that reads back as v; any decimal of at most
// 15 significant digits survives a trip through a double, so below 10^15
// minor units that shortest form is the amount's own decimal ("1234.5" for
// 1234.50). SetCellFloat with a fixed precision would do the same but is not
// available to the stream writer every amount goes through; TestAgingXLSXNumberExact
// checks the claim.
func (b *agingBook) number(minor int64, cur string) (float64, error) {
	d, err := b.currency(cur)
	if err != nil {
		return 0, err
	}
	if minor > maxExactMinor || minor < -maxExactMinor {
		return 0, fmt.Errorf("%s %s has more than 15 significant digits: a spreadsheet cannot hold it exactly",
			ledger.NewMoney(minor, cur).Plain(), cur)
	}
	return float64(minor) / math.Pow10(d), nil
}

// amountCell is a styled number cell, with an optional formula whose
// cached value is the exact amount, so programs that do not recalculate
// (previews, data readers) still show the right figure.
func (b *agingBook) amountCell(minor int64, cur string, total bool, formula string) (excelize.Cell, error) {
	v, err := b.number(minor, cur)
	if err != nil {
		return excelize.Cell{}, err
	}
	style := b.money[cur]
	if total {
		style = b.moneyTotal[cur]
	}
	return excelize.Cell{StyleID: style, Value: v, Formula: formula}, nil
}

func (b *agingBook) asOf() string { return b.a.AsOf.Format(ledger.DateLayout) }

func (b *agingBook) basis() string {
	if b.a.Basis == ledger.BasisIssue {
		return "days since the issue date"
	}
	return "days past the due date"
}

// printSetup makes a sheet print landscape, one page wide, with the
// business and the date in the header and page numbers in the footer. The
// fit-to-page flag lives in sheetPr, which a stream writer emits when it is
// created, so this runs before NewStreamWriter.
func (b *agingBook) printSetup(sheet, titleRows string) error {
	fit, landscape, wide, tall := true, "landscape", 1, 0 // tall 0: as many pages as needed
	if err := b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	// '&' starts a code in header text; a literal one is doubled.
	esc := strings.NewReplacer("&", "&&").Replace
	hf := &excelize.HeaderFooterOptions{
		OddHeader: "&L&B" + esc(xlsxClip(b.meta.BusinessName, 80)) + "&B&RAged receivables as of " + b.asOf(),
		OddFooter: "&L" + esc(xlsxClip(b.meta.LedgerName, 80)) + "&CPage &P of &N&R" + sheet,
	}
	if err := b.f.SetHeaderFooter(sheet, hf); err != nil {
		return err
	}
	if titleRows == "" {
		return nil
	}
	// Repeat the column headings on every printed page.
	return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: sheet + "!" + titleRows, Scope: sheet})
}

// xlsxClip shortens s to n runes: header and footer sections share 255 characters.
func xlsxClip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func xlsxCol(n int) string {
	name, _ := excelize.ColumnNumberToName(n) // n is always within 1..16384 here
	return name
}

func xlsxCell(c, r int) string { return xlsxCol(c) + strconv.Itoa(r) }

// headerRow returns a heading row: headings of number columns are aligned
// right, over their numbers.
func (b *agingBook) headerRow(labels []string, numeric func(i int) bool) []any {
	row := make([]any, len(labels))
	for i, l := range labels {
		style := b.header
		if numeric(i) {
			style = b.headerNum
		}
		row[i] = excelize.Cell{StyleID: style, Value: SafeText(l)}
	}
	return row
}

// summary writes one block per currency: a title row, a header row, a row
// per customer whose Total cell sums its buckets and credits, and a Total row
// summing the customer rows. Numbers come from the ledger; the formulas only
// keep the sheet live when a user edits it.
func (b *agingBook) summary() error {
	f, a := b.f, b.a
	if err := f.SetSheetName("Sheet1", sheetSummary); err != nil {
		return err
	}
	if err := b.printSetup(sheetSummary, "$1:$3"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheetSummary)
	if err != nil {
		return err
	}
	nb := len(a.Labels)
	credCol, totCol := 3+nb, 4+nb
	if err := b.summaryWidths(sw, totCol); err != nil {
		return err
	}
	// Rows 1-3 (title, first currency, headings) stay in view; every block
	// has the same columns, so the first block's headings serve them all.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	title := "Aged receivables as of " + b.asOf()
	if b.meta.BusinessName != "" {
		title = b.meta.BusinessName + " — aged receivables as of " + b.asOf()
	}
	title = SafeText(title)
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: b.title, Value: title}}); err != nil {
		return err
	}
	labels := append(append([]string{"Customer code", "Customer"}, a.Labels...), "Credits", "Total")
	row, filter := 2, ""
	if len(a.Sections) == 0 {
		if err := sw.SetRow("A2", []any{"No open items as of " + b.asOf()}); err != nil {
			return err
		}
	}
	for i := range a.Sections {
		sec := &a.Sections[i]
		if i > 0 {
			row++ // a blank row between currencies
		}
		if err := sw.SetRow(xlsxCell(1, row), []any{excelize.Cell{StyleID: b.heading, Value: SafeText(sec.Currency)}}); err != nil {
			return err
		}
		if err := sw.SetRow(xlsxCell(1, row+1), b.headerRow(labels, func(i int) bool { return i >= 2 })); err != nil {
			return err
		}
		blk := summaryBlock{sec: sec, first: row + 2}
		row += 2
		for _, l := range sec.Lines {
			formula := fmt.Sprintf("SUM(%s:%s)", xlsxCell(3, row), xlsxCell(credCol, row))
			if err := b.summaryRow(sw, row, l, false, formula, nil); err != nil {
				return err
			}
			row++
		}
		if i == 0 {
			filter = fmt.Sprintf("A%d:%s", blk.first-1, xlsxCell(totCol, max(row-1, blk.first-1)))
		}
		blk.totalRow = row
		var sums func(c int) string // nil when the section has no customer rows
		if len(sec.Lines) > 0 {
			sums = func(c int) string { return fmt.Sprintf("SUM(%s:%s)", xlsxCell(c, blk.first), xlsxCell(c, row-1)) }
		}
		if err := b.summaryRow(sw, row, sec.Total, true, "", sums); err != nil {
			return err
		}
		row++
		b.blocks = append(b.blocks, blk)
		b.customers += len(sec.Lines)
	}
	// One autofilter per sheet is all the format allows; it goes on the
	// first currency's customer rows, leaving its Total row out of sorting.
	if filter != "" {
		if err := f.AutoFilter(sheetSummary, filter, nil); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// summaryRow writes one customer or Total line. The Total column of a
// customer row sums the row (rowSum); a Total row sums each column (colSum).
func (b *agingBook) summaryRow(sw *excelize.StreamWriter, row int, l ledger.AgingLine, total bool, rowSum string, colSum func(c int) string) error {
	if len(l.Buckets) != len(b.a.Labels) {
		return fmt.Errorf("%s: %d buckets for %d labels", l.CustomerCode, len(l.Buckets), len(b.a.Labels))
	}
	cells := []any{SafeText(l.CustomerCode), SafeText(l.CustomerName)}
	if total {
		cells = []any{excelize.Cell{StyleID: b.totalTxt, Value: SafeText(l.CustomerCode)},
			excelize.Cell{StyleID: b.totalTxt, Value: SafeText(l.CustomerName + " " + l.Currency)}}
	}
	amounts := append(append(slices.Clone(l.Buckets), l.Credits), l.Total)
	for i, m := range amounts {
		formula := ""
		switch {
		case colSum != nil:
			formula = colSum(3 + i)
		case i == len(amounts)-1:
			formula = rowSum
		}
		c, err := b.amountCell(m, l.Currency, total, formula)
		if err != nil {
			return fmt.Errorf("%s: %w", l.CustomerCode, err)
		}
		cells = append(cells, c)
	}
	return sw.SetRow(xlsxCell(1, row), cells)
}

// summaryWidths sizes the columns to their content: codes and names to the
// longest (within reason), amounts to the widest Total row figure as
// printed (a column's total is nearly always its widest figure), plus room
// for a minus. The stream writer needs widths before the first row.
func (b *agingBook) summaryWidths(sw *excelize.StreamWriter, totCol int) error {
	code, name, amount := len("Customer code"), 30, 12
	for _, sec := range b.a.Sections {
		for _, l := range sec.Lines {
			code = max(code, utf8.RuneCountInString(l.CustomerCode))
			name = max(name, utf8.RuneCountInString(l.CustomerName))
		}
		t := sec.Total
		for _, m := range append(slices.Clone(t.Buckets), t.Credits, t.Total) {
			amount = max(amount, len(ledger.NewMoney(m, t.Currency).String())+1)
		}
	}
	if err := sw.SetColWidth(1, 1, float64(min(code, 20)+2)); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, float64(min(name, 50)+2)); err != nil {
		return err
	}
	return sw.SetColWidth(3, totCol, float64(amount+2))
}

// detailHeader lists the Detail columns; the days column is named by basis.
func (b *agingBook) detailHeader() []string {
	days := "Days past due"
	if b.a.Basis == ledger.BasisIssue {
		days = "Days since issue"
	}
	return []string{"Customer code", "Customer", "Kind", "Document", "Issue date", "Due date", days,
		"Bucket", "Currency", "Original", "Open"}
}

// detail streams one row per open document. Rows go through excelize's
// stream writer, which spills to a temporary file past 16 MB, so memory
// does not grow with the number of rows.
func (b *agingBook) detail(detail func(fn func(ledger.AgingItem) error) error) error {
	f := b.f
	if _, err := f.NewSheet(sheetDetail); err != nil {
		return err
	}
	if err := b.printSetup(sheetDetail, "$1:$1"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheetDetail)
	if err != nil {
		return err
	}
	for i, w := range []float64{15, 34, 12, 14, 12, 12, 15, 10, 9, 18, 18} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := b.detailHeader()
	if err := sw.SetRow("A1", b.headerRow(header, func(i int) bool { return i >= 4 && i <= 6 || i >= 9 })); err != nil {
		return err
	}
	row := 1
	vals := make([]any, len(header)) // reused: SetRow encodes the row before returning
	err = detail(func(it ledger.AgingItem) error {
		row++
		if err := b.detailRow(vals, it); err != nil {
			return fmt.Errorf("%s %s: %w", it.Kind, it.Number, err)
		}
		return sw.SetRow("A"+strconv.Itoa(row), vals)
	})
	if err != nil {
		return err
	}
	b.detailRows = row - 1
	if err := f.AutoFilter(sheetDetail, "A1:"+xlsxCell(len(header), row), nil); err != nil {
		return err
	}
	return sw.Flush()
}

func (b *agingBook) detailRow(vals []any, it ledger.AgingItem) error {
	bucket := "credits"
	if it.Bucket >= 0 {
		if it.Bucket >= len(b.a.Labels) {
			return fmt.Errorf("bucket %d of %d", it.Bucket, len(b.a.Labels))
		}
		bucket = b.a.Labels[it.Bucket]
	}
	orig, err := b.amountCell(it.Original, it.Currency, false, "")
	if err != nil {
		return err
	}
	open, err := b.amountCell(it.Open, it.Currency, false, "")
	if err != nil {
		return err
	}
	vals[0], vals[1], vals[2], vals[3] = SafeText(it.CustomerCode), SafeText(it.CustomerName), xlsxKind(it.Kind), SafeText(it.Number)
	vals[4], vals[5] = excelize.Cell{StyleID: b.date, Value: it.IssueDate}, excelize.Cell{StyleID: b.date, Value: it.DueDate}
	vals[6], vals[7], vals[8], vals[9], vals[10] = it.DaysPastDue, SafeText(bucket), SafeText(it.Currency), orig, open
	return nil
}

// xlsxKind names a document kind for people; ledger's own labels are
// unexported, and scripts read the CSV export, not this column.
func xlsxKind(k ledger.Kind) string {
	switch k {
	case ledger.KindInvoice:
		return "Invoice"
	case ledger.KindCreditNote:
		return "Credit note"
	case ledger.KindPayment:
		return "Payment"
	case ledger.KindWriteOff:
		return "Write-off"
	}
	return SafeText(string(k))
}

// chart draws, per currency, a stacked bar for each of the largest
// customers (by amount open in invoices) split by age, plus one bar for all
// the others. One chart per currency: bars of different currencies on one
// axis would compare yen with euros. The chart's data cells are formulas
// over the Summary cells, so the chart follows edits there too. The sheet is
// streamed like the others because only the stream writer stores a formula
// with a numeric cached value.
func (b *agingBook) chart() error {
	var blocks []summaryBlock
	for _, blk := range b.blocks {
		if slices.ContainsFunc(blk.sec.Lines, func(l ledger.AgingLine) bool { return xlsxOwed(l) > 0 }) {
			blocks = append(blocks, blk)
		}
	}
	if len(blocks) == 0 {
		return nil
	}
	if _, err := b.f.NewSheet(sheetChart); err != nil {
		return err
	}
	if err := b.printSetup(sheetChart, ""); err != nil {
		return err
	}
	sw, err := b.f.NewStreamWriter(sheetChart)
	if err != nil {
		return err
	}
	nb := len(b.a.Labels)
	if err := sw.SetColWidth(1, 1, 34); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 1+nb, 14); err != nil {
		return err
	}
	row := 1
	for _, blk := range blocks {
		rows, err := b.chartBlock(sw, blk, row)
		if err != nil {
			return fmt.Errorf("%s: %w", blk.sec.Currency, err)
		}
		row += max(rows, 24) + 1 // room for the chart (360 px) beside the data
	}
	return sw.Flush()
}

// chartBlock writes one currency's chart data at row top and the chart
// beside it, and returns the rows it used.
func (b *agingBook) chartBlock(sw *excelize.StreamWriter, blk summaryBlock, top int) (int, error) {
	sec, nb := blk.sec, len(b.a.Labels)
	cur := sec.Currency
	idx := make([]int, 0, len(sec.Lines))
	for i, l := range sec.Lines {
		if xlsxOwed(l) > 0 {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(i, j int) int { return cmp.Compare(xlsxOwed(sec.Lines[j]), xlsxOwed(sec.Lines[i])) })
	others := len(idx) > xlsxChartTop
	idx = idx[:min(len(idx), xlsxChartTop)]
	if err := sw.SetRow(xlsxCell(1, top), []any{excelize.Cell{StyleID: b.heading, Value: SafeText(cur + ": open invoices by age")}}); err != nil {
		return 0, err
	}
	hdr := top + 1
	if err := sw.SetRow(xlsxCell(1, hdr), b.headerRow(append([]string{"Customer"}, b.a.Labels...), func(i int) bool { return i > 0 })); err != nil {
		return 0, err
	}
	first := hdr + 1
	for r, i := range idx {
		l := sec.Lines[i]
		cells := []any{SafeText(l.CustomerName)}
		for k := range nb {
			c, err := b.amountCell(l.Buckets[k], cur, false, sheetSummary+"!"+xlsxCell(3+k, blk.first+i))
			if err != nil {
				return 0, err
			}
			cells = append(cells, c)
		}
		if err := sw.SetRow(xlsxCell(1, first+r), cells); err != nil {
			return 0, err
		}
	}
	last := first + len(idx) - 1
	if others {
		last++
		cells := []any{"All others"}
		for k := range nb {
			rest := sec.Total.Buckets[k]
			for _, i := range idx {
				rest -= sec.Lines[i].Buckets[k]
			}
			formula := fmt.Sprintf("%s!%s-SUM(%s:%s)", sheetSummary, xlsxCell(3+k, blk.totalRow), xlsxCell(2+k, first), xlsxCell(2+k, last-1))
			c, err := b.amountCell(rest, cur, false, formula)
			if err != nil {
				return 0, err
			}
			cells = append(cells, c)
		}
		if err := sw.SetRow(xlsxCell(1, last), cells); err != nil {
			return 0, err
		}
	}
	series := make([]excelize.ChartSeries, nb)
	for k := range nb {
		c := xlsxCol(2 + k)
		series[k] = excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$%d", sheetChart, c, hdr),
			Categories: fmt.Sprintf("%s!$A$%d:$A$%d", sheetChart, first, last),
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", sheetChart, c, first, c, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{xlsxAgeColor(k, nb)}},
		}
	}
	err := b.f.AddChart(sheetChart, xlsxCell(nb+3, top), &excelize.Chart{
		Type:      excelize.BarStacked,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: cur + " receivables by age, largest customers"}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{ReverseOrder: true}, // largest customer on top
		YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0" + ` "` + cur + `"`}},
		Dimension: excelize.ChartDimension{Width: 720, Height: 360},
	})
	return last - top + 1, err
}

// xlsxOwed is what a customer owes in invoices: the chart ranks and draws it,
// leaving credits out, since a negative segment cannot stack with the rest.
func xlsxOwed(l ledger.AgingLine) int64 { return l.Total - l.Credits }

// xlsxAgeColor shades bucket k of n from green (current) through amber to red
// (oldest), so the eye reads risk without the legend.
func xlsxAgeColor(k, n int) string {
	stops := [][3]float64{{0x43, 0xA0, 0x47}, {0xF9, 0xA8, 0x25}, {0xC6, 0x28, 0x28}}
	t := 0.0
	if n > 1 {
		t = float64(k) / float64(n-1) * 2
	}
	i := min(int(t), 1)
	t -= float64(i)
	var rgb [3]int
	for c := range rgb {
		rgb[c] = int(math.Round(stops[i][c] + (stops[i+1][c]-stops[i][c])*t))
	}
	return fmt.Sprintf("%02X%02X%02X", rgb[0], rgb[1], rgb[2])
}

// about explains the workbook: what it shows, as of when, from which ledger.
func (b *agingBook) about(withDetail bool) error {
	f, a := b.f, b.a
	if _, err := f.NewSheet(sheetAbout); err != nil {
		return err
	}
	if err := b.printSetup(sheetAbout, ""); err != nil {
		return err
	}
	edges := make([]string, len(a.Edges))
	for i, e := range a.Edges {
		edges[i] = strconv.Itoa(e)
	}
	currencies := make([]string, 0, len(a.Sections))
	for _, sec := range a.Sections {
		currencies = append(currencies, fmt.Sprintf("%s (%d decimals)", sec.Currency, b.digits[sec.Currency]))
	}
	detailRows := any("not included")
	if withDetail {
		detailRows = b.detailRows
	}
	rows := [][2]any{
		{"Business", b.meta.BusinessName},
		{"Ledger", b.meta.LedgerName},
		{"As of", a.AsOf},
		{"Basis", "Age in " + b.basis()},
		{"Bucket edges", strings.Join(edges, ", ") + " days"},
		{"Buckets", strings.Join(a.Labels, ", ") + ", credits"},
		{"Currencies", strings.Join(currencies, ", ")},
		{"Customers", b.customers},
		{"Detail rows", detailRows},
		{"Generated at", b.meta.GeneratedAt.Format(time.RFC3339)},
		{"Amounts", "Exact to each currency's minor unit: every amount cell holds the exact decimal from the ledger. " +
			"Totals are SUM formulas, so they follow any edit."},
		{"Credits", "Unapplied payments and credit notes, shown negative; they reduce the total."},
		{"Currencies apart", "Each currency is totalled on its own; amounts in different currencies are never added."},
	}
	if err := f.SetCellValue(sheetAbout, "A1", "About this workbook"); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheetAbout, "A1", "A1", b.title); err != nil {
		return err
	}
	for i, r := range rows {
		for c, v := range r {
			if s, ok := v.(string); ok {
				v = SafeText(s)
			}
			if err := f.SetCellValue(sheetAbout, xlsxCell(1+c, 3+i), v); err != nil {
				return err
			}
		}
	}
	if err := f.SetCellStyle(sheetAbout, "A3", xlsxCell(1, 2+len(rows)), b.totalTxt); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheetAbout, "B3", xlsxCell(2, 2+len(rows)), b.note); err != nil {
		return err
	}
	asOf := xlsxCell(2, 3+2) // the "As of" row
	if err := f.SetCellStyle(sheetAbout, asOf, asOf, b.date); err != nil {
		return err
	}
	if err := f.SetColWidth(sheetAbout, "A", "A", 18); err != nil {
		return err
	}
	return f.SetColWidth(sheetAbout, "B", "B", 90)
}

// props fixes the document properties to meta.GeneratedAt: excelize would
// otherwise stamp the current time and no two runs would be equal.
func (b *agingBook) props() error {
	at := b.meta.GeneratedAt.UTC().Format(time.RFC3339)
	title := "Aged receivables as of " + b.asOf()
	if err := b.f.SetDocProps(&excelize.DocProperties{Created: at, Modified: at, Creator: "Paidup", LastModifiedBy: "Paidup",
		Title: title, Subject: b.meta.BusinessName, Description: "Age in " + b.basis()}); err != nil {
		return err
	}
	if err := b.f.SetAppProps(&excelize.AppProperties{Application: "Paidup", Company: b.meta.BusinessName}); err != nil {
		return err
	}
	b.f.SetActiveSheet(0)
	return nil
}

// fastZip compresses at deflate's fastest level. Compressing the sheet XML
// was half the time of a 100,000-row workbook at the default level; the
// fastest takes a third of that for a file about a quarter larger.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	return zw
}

// writeSortedZip writes the workbook reproducibly. excelize emits streamed
// sheets, and the image types it declares for a chart's drawing, in Go map
// order, so two runs would differ byte for byte. Sorting the declarations,
// then copying the compressed parts in name order (no recompression), fixes
// both. The buffer holds the compressed file only.
func writeSortedZip(w io.Writer, f *excelize.File) error {
	if ct := f.ContentTypes; ct != nil {
		d := ct.Defaults
		sort.SliceStable(d, func(i, j int) bool { return d[i].Extension < d[j].Extension })
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return err
	}
	parts := slices.Clone(zr.File)
	slices.SortFunc(parts, func(x, y *zip.File) int { return strings.Compare(x.Name, y.Name) })
	zw := zip.NewWriter(w)
	for _, p := range parts {
		if err := zw.Copy(p); err != nil {
			return err
		}
	}
	return zw.Close()
}
