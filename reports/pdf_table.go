package reports

import "strings"

// column is one column of a table.
type column struct {
	title string
	w     float64 // millimetres; 0 takes what the others leave
	align string  // "L" or "R"
	wrap  bool    // long text wraps onto more lines (else it is cut short with "…")
}

// table draws rows across pages: its header is repeated at the top of
// each page, a row moves whole to the next page when it does not fit,
// and only a row taller than a page (a very long description) is split.
type table struct {
	d    *doc
	cols []column
}

const cellPad = 1.4 // above and below a row's text

func newTable(d *doc, cols ...column) *table {
	used := 0.0
	for _, c := range cols {
		used += c.w
	}
	for i := range cols {
		if cols[i].w == 0 {
			cols[i].w = d.width() - used
		}
	}
	return &table{d: d, cols: cols}
}

// fitWidth is the width of a column that shows each of texts whole, in
// the table's body type, and never less than least: a column is laid out
// by measuring what it holds, not by guessing, so a date or an amount is
// never cut.
func (d *doc) fitWidth(least float64, texts ...string) float64 {
	d.regular(bodySize)
	w := least
	for _, s := range texts {
		w = max(w, d.widthOf(s)+2*d.f.GetCellMargin()+0.5)
	}
	return w
}

// start draws the header and makes page breaks repeat it.
func (t *table) start() {
	t.d.ensure(2*(lineH+2*cellPad) + 1)
	t.d.afterBreak = t.header
	t.header()
}

// end stops repeating the header on new pages.
func (t *table) end() { t.d.afterBreak = nil }

func (t *table) header() {
	d := t.d
	y := d.f.GetY()
	h := lineH + 2*cellPad
	d.fill(colShade)
	d.f.Rect(d.left, y, d.width(), h, "F")
	d.bold(smallSize + 0.5)
	d.color(colMuted)
	x := d.left
	for _, c := range t.cols {
		if pt := d.shrinkToFit(c.title, c.w, smallSize+0.5); pt != smallSize+0.5 {
			d.bold(pt)
			d.text(x, y+cellPad, c.w, lineH, c.title, c.align)
			d.bold(smallSize + 0.5)
		} else {
			d.text(x, y+cellPad, c.w, lineH, c.title, c.align)
		}
		x += c.w
	}
	d.f.SetY(y + h)
}

// minShrink is the smallest share of its size a cell's text is set in
// to fit its column whole before it is cut short with "…".
const minShrink = 0.7

// shrinkToFit is the type size, at most pt, at which one line of text
// fits w millimetres (cell margins included), never below minShrink of
// pt: a date, a name or an amount is set a little smaller rather than
// cut. The current font must be at pt; it is left so.
func (d *doc) shrinkToFit(text string, w, pt float64) float64 {
	room := w - 2*d.f.GetCellMargin()
	tw := d.widthOf(clean(strings.ReplaceAll(text, "\n", " ")))
	if tw <= room || tw == 0 {
		return pt
	}
	return max(pt*room/tw*0.995, pt*minShrink)
}

// row draws one row; strong sets it in bold.
func (t *table) row(cells []string, strong bool) {
	d := t.d
	font := func() {
		if strong {
			d.bold(bodySize)
		} else {
			d.regular(bodySize)
		}
		d.color(colText)
	}
	font()
	// Each cell as lines: wrapped, or one line set smaller to fit whole
	// (cut short only below minShrink of the size).
	cellLines := make([][]string, len(t.cols))
	sizes := make([]float64, len(t.cols))
	height := 1
	for i, c := range t.cols {
		sizes[i] = bodySize
		if c.wrap {
			cellLines[i] = d.wrap(cells[i], c.w-2*d.f.GetCellMargin())
		} else {
			sizes[i] = d.shrinkToFit(cells[i], c.w, bodySize)
			if sizes[i] != bodySize {
				d.f.SetFontSize(sizes[i])
				cellLines[i] = []string{d.fit(cells[i], c.w)}
				d.f.SetFontSize(bodySize)
			} else {
				cellLines[i] = []string{d.fit(cells[i], c.w)}
			}
		}
		height = max(height, len(cellLines[i]))
	}
	perPage := int((d.bottom - margin - 2*(lineH+2*cellPad)) / lineH)
	for done := 0; done < height; {
		left := height - done
		room := int((d.bottom - d.f.GetY() - 2*cellPad) / lineH)
		// Move the row whole when it would fit on a fresh page.
		if room < left && (left <= perPage || room < 2) {
			d.newPage()
			font()
			continue
		}
		n := min(room, left)
		y := d.f.GetY()
		x := d.left
		for i, c := range t.cols {
			if sizes[i] != bodySize {
				if strong {
					d.bold(sizes[i])
				} else {
					d.regular(sizes[i])
				}
			}
			for j := done; j < done+n && j < len(cellLines[i]); j++ {
				d.f.SetXY(x, y+cellPad+float64(j-done)*lineH)
				d.cell(c.w, lineH, cellLines[i][j], c.align)
			}
			if sizes[i] != bodySize {
				font()
			}
			x += c.w
		}
		y += float64(n)*lineH + 2*cellPad
		d.draw(colRule)
		d.f.SetLineWidth(0.15)
		d.f.Line(d.left, y, d.right, y)
		d.f.SetY(y)
		done += n
		if done < height {
			d.newPage()
			font()
		}
	}
}
