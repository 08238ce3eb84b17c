package reports

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"paidup/ledger"
)

// The workbook's home-currency sheet (aging --home): each currency's
// buckets converted at its rate on the as-of date, a row each, with the
// rate and its date beside it, and their totals as SUM formulas, so the
// revalued receivable is added up where it can be checked.

// HomeAgingLine is one currency's aging in the home currency.
type HomeAgingLine struct {
	Currency string
	Rate     ledger.Rate // the currency's rate on the as-of date (1 for the home currency)
	Buckets  []int64     // minor units of the home currency
	Credits  int64
}

// HomeAgingSheet is what the home-currency sheet shows.
type HomeAgingSheet struct {
	Home  string
	Lines []HomeAgingLine // by currency code
}

// homeSheetName is the sheet's name: "In EUR".
func homeSheetName(home string) string { return "In " + home }

func (b *agingBook) homeSheet(h *HomeAgingSheet) error {
	f, a := b.f, b.a
	name := homeSheetName(h.Home)
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if err := b.printSetup(name, ""); err != nil {
		return err
	}
	if _, err := b.currency(h.Home); err != nil {
		return err
	}
	title := fmt.Sprintf("Aged receivables in %s (home currency) as of %s", h.Home, a.AsOf.Format(ledger.DateLayout))
	if err := f.SetCellValue(name, "A1", title); err != nil {
		return err
	}
	if err := f.SetCellStyle(name, "A1", "A1", b.title); err != nil {
		return err
	}
	head := append([]any{"Currency", "Rate", "Rate of"}, toAny(a.Labels)...)
	head = append(head, "Credits", "Total")
	for i, v := range head {
		cell, _ := excelize.CoordinatesToCellName(i+1, 3)
		if err := f.SetCellValue(name, cell, v); err != nil {
			return err
		}
		style := b.headerNum
		if i == 0 || i == 2 {
			style = b.header
		}
		if err := f.SetCellStyle(name, cell, cell, style); err != nil {
			return err
		}
	}
	n := len(a.Labels)
	row := 4
	for _, l := range h.Lines {
		cells := []any{l.Currency, l.Rate.String(), l.Rate.Date}
		for _, v := range append(append([]int64{}, l.Buckets...), l.Credits) {
			x, err := b.number(v, h.Home)
			if err != nil {
				return err
			}
			cells = append(cells, x)
		}
		for i, v := range cells {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			if err := f.SetCellValue(name, cell, v); err != nil {
				return err
			}
			switch {
			case i == 2:
				err := f.SetCellStyle(name, cell, cell, b.date)
				if err != nil {
					return err
				}
			case i > 2:
				if err := f.SetCellStyle(name, cell, cell, b.money[h.Home]); err != nil {
					return err
				}
			}
		}
		first, _ := excelize.CoordinatesToCellName(4, row)
		last, _ := excelize.CoordinatesToCellName(4+n, row)
		total, _ := excelize.CoordinatesToCellName(5+n, row)
		if err := f.SetCellFormula(name, total, "SUM("+first+":"+last+")"); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, total, total, b.money[h.Home]); err != nil {
			return err
		}
		row++
	}
	label, _ := excelize.CoordinatesToCellName(1, row)
	if err := f.SetCellValue(name, label, "Total"); err != nil {
		return err
	}
	if err := f.SetCellStyle(name, label, label, b.totalTxt); err != nil {
		return err
	}
	for c := 4; c <= 5+n; c++ {
		top, _ := excelize.CoordinatesToCellName(c, 4)
		bottom, _ := excelize.CoordinatesToCellName(c, row-1)
		cell, _ := excelize.CoordinatesToCellName(c, row)
		if err := f.SetCellFormula(name, cell, "SUM("+top+":"+bottom+")"); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, cell, cell, b.moneyTotal[h.Home]); err != nil {
			return err
		}
	}
	note, _ := excelize.CoordinatesToCellName(1, row+2)
	if err := f.SetCellValue(name, note, fmt.Sprintf("Each currency's buckets at its rate on %s (the latest on or before it): %s per unit, "+
		"each amount converted once, rounded half away from zero to the cent. Rates from paidup rates.", a.AsOf.Format(ledger.DateLayout), h.Home)); err != nil {
		return err
	}
	return f.SetColWidth(name, "A", "C", 12)
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
