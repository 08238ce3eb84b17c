package reports

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
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
	// Home, when set, adds a sheet of the aging in the home currency
	// (aging_xlsx_home.go).
	Home *HomeAgingSheet
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
	if b.meta.Home != nil {
		if err := b.homeSheet(b.meta.Home); err != nil {
			return fmt.Errorf("home currency: %w", err)
		}
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
