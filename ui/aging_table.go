package ui

import (
	"cmp"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"paidup/internal/bidi"
	"paidup/ledger"
)

// agingTable shows an aging summary as a table that draws only the rows
// in view (a million-invoice ledger has some ten thousand customer rows):
// a row per customer and currency, each currency's total after its
// customers, sortable by any column within a currency. Tapping a
// customer's name opens the customer, an amount the open invoices
// behind it.
type agingTable struct {
	table  *widget.Table
	aging  *ledger.Aging
	rows   []agingRow
	labels []string // the bucket labels, the columns between Currency and Credits
	// sortCol is the column sorted by, -1 for the ledger's order (by
	// name); desc sorts largest first.
	sortCol int
	desc    bool
	// onOpen opens a customer's row: col is the column tapped (a bucket
	// or total column: the invoices behind the amount).
	onOpen func(code string, col int)
}

// agingRow is a customer's line or, when total, a currency's total.
type agingRow struct {
	line  *ledger.AgingLine
	total bool
	// rank is the line's place in its section as the app gives it: by
	// name in the collation of the business's locale (app.Aging).
	rank int
}

// The fixed columns; the bucket columns come between them.
const (
	agingColCode = iota
	agingColName
	agingColCurrency
	agingColBuckets // the first bucket
)

func newAgingTable(onOpen func(code string, col int)) *agingTable {
	t := &agingTable{sortCol: -1, onOpen: onOpen, labels: ledger.BucketLabels(ledger.DefaultEdges)}
	t.table = widget.NewTable(
		func() (int, int) { return len(t.rows), t.columns() },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.Text, l.TextStyle, l.Alignment = "", fyne.TextStyle{}, fyne.TextAlignLeading
			if id.Row < len(t.rows) {
				r := t.rows[id.Row]
				l.Text = t.cell(r, id.Col)
				l.TextStyle.Bold = r.total
				if id.Col >= agingColBuckets {
					l.Alignment = fyne.TextAlignTrailing
				}
			}
			l.Refresh()
		})
	t.table.ShowHeaderRow = true
	t.table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		return b
	}
	t.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		if id.Row >= 0 || id.Col < 0 || id.Col >= t.columns() {
			b.SetText("")
			b.OnTapped = nil
			return
		}
		col := id.Col
		b.OnTapped = func() { t.sortBy(col) }
		b.SetText(t.header(col))
	}
	t.table.OnSelected = func(id widget.TableCellID) {
		t.table.UnselectAll()
		if id.Row >= 0 && id.Row < len(t.rows) && !t.rows[id.Row].total && t.onOpen != nil {
			t.onOpen(t.rows[id.Row].line.CustomerCode, id.Col)
		}
	}
	t.setWidths()
	return t
}

func (t *agingTable) columns() int { return agingColBuckets + len(t.labels) + 2 }

func (t *agingTable) title(col int) string {
	switch {
	case col == agingColCode:
		return "Code"
	case col == agingColName:
		return "Customer"
	case col == agingColCurrency:
		return "Currency"
	case col < agingColBuckets+len(t.labels):
		return t.labels[col-agingColBuckets]
	case col == agingColBuckets+len(t.labels):
		return "Credits"
	}
	return "Total"
}

// header is a column's title with the order it is sorted in, if any.
func (t *agingTable) header(col int) string {
	if col == t.sortCol {
		return t.title(col) + map[bool]string{false: " ▲", true: " ▼"}[t.desc]
	}
	return t.title(col)
}

func (t *agingTable) setWidths() {
	t.table.SetColumnWidth(agingColCode, 110)
	t.table.SetColumnWidth(agingColName, 240)
	t.table.SetColumnWidth(agingColCurrency, 80)
	for c := agingColBuckets; c < t.columns(); c++ {
		t.table.SetColumnWidth(c, 120)
	}
}

// amount is column col's amount of a line (minor units).
func (t *agingTable) amount(l *ledger.AgingLine, col int) int64 {
	switch i := col - agingColBuckets; {
	case i < len(l.Buckets):
		return l.Buckets[i]
	case i == len(t.labels):
		return l.Credits
	}
	return l.Total
}

// cell is the text of column col of r.
func (t *agingTable) cell(r agingRow, col int) string {
	l := r.line
	switch col {
	case agingColCode:
		if r.total {
			return "TOTAL"
		}
		return l.CustomerCode
	case agingColName:
		if r.total {
			return "Total " + l.Currency
		}
		return bidi.Display(l.CustomerName)
	case agingColCurrency:
		return l.Currency
	}
	m := ledger.NewMoney(t.amount(l, col), l.Currency)
	return strings.TrimSuffix(m.String(), " "+l.Currency)
}

// set shows a (nil: nothing), in the order chosen last.
func (t *agingTable) set(a *ledger.Aging) {
	t.aging = a
	if a != nil && len(a.Labels) > 0 && !slices.Equal(a.Labels, t.labels) {
		t.labels = a.Labels
		t.sortCol = -1
		t.setWidths()
	}
	t.arrange()
}

// sortBy sorts by col, or the other way when it is sorted by col already.
func (t *agingTable) sortBy(col int) {
	if t.sortCol == col {
		t.desc = !t.desc
	} else {
		// Amounts read best largest first, names A to Z.
		t.sortCol, t.desc = col, col >= agingColBuckets
	}
	t.arrange()
}

// arrange lays out the rows: each currency's customers in the order
// chosen, then its total.
func (t *agingTable) arrange() {
	t.rows = t.rows[:0]
	if t.aging != nil {
		for si := range t.aging.Sections {
			sec := &t.aging.Sections[si]
			start := len(t.rows)
			for li := range sec.Lines {
				t.rows = append(t.rows, agingRow{line: &sec.Lines[li], rank: li})
			}
			if t.sortCol >= 0 {
				slices.SortStableFunc(t.rows[start:], func(a, b agingRow) int {
					c := t.compare(a.line, b.line)
					if t.sortCol == agingColName {
						c = cmp.Compare(a.rank, b.rank) // Řeznictví with the R's in Czech
					}
					if t.desc {
						c = -c
					}
					return c
				})
			}
			t.rows = append(t.rows, agingRow{line: &sec.Total, total: true})
		}
	}
	t.table.Refresh()
	t.table.ScrollToTop()
}

func (t *agingTable) compare(a, b *ledger.AgingLine) int {
	switch t.sortCol {
	case agingColCode:
		return cmp.Compare(a.CustomerCode, b.CustomerCode)
	case agingColName:
		return 0 // by rank: the locale's collation (arrange)
	case agingColCurrency:
		return 0 // one currency per section
	}
	return cmp.Compare(t.amount(a, t.sortCol), t.amount(b, t.sortCol))
}

// text is the table as lines of cells separated by " | ", header first:
// what a reader of the screen (and a test) sees.
func (t *agingTable) text() string {
	var b strings.Builder
	for c := range t.columns() {
		if c > 0 {
			b.WriteString(" | ")
		}
		b.WriteString(t.header(c))
	}
	b.WriteByte('\n')
	for _, r := range t.rows {
		for c := range t.columns() {
			if c > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(t.cell(r, c))
		}
		b.WriteByte('\n')
	}
	return b.String()
}
