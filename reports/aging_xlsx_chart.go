package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/xuri/excelize/v2"

	"paidup/ledger"
)

// The Chart sheet: a stacked bar per customer, per currency.

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
