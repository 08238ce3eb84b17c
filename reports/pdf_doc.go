package reports

import (
	"io"
	"strings"
	"sync"
	"time"

	"github.com/bojanz/currency"
	"github.com/go-pdf/fpdf"

	"paidup/ledger"
)

// Page geometry in millimetres and type sizes in points.
const (
	margin     = 18.0
	footerH    = 16.0 // from the bottom edge: footer text and page numbers
	lineH      = 4.6  // body text line
	smallLineH = 3.8
	bodySize   = 9.0
	smallSize  = 7.5
	titleSize  = 22.0
)

type rgb struct{ r, g, b int }

var (
	colText   = rgb{33, 37, 41}
	colMuted  = rgb{108, 117, 125}
	colRule   = rgb{206, 212, 218}
	colShade  = rgb{241, 243, 245}
	colAccent = rgb{21, 94, 58} // the deep green of the app icon
	colRed    = rgb{176, 42, 55}
)

// doc is one PDF being laid out, top to bottom, page by page.
type doc struct {
	r                   *Renderer
	f                   *fpdf.Fpdf
	pw, ph              float64 // page size
	left, right, bottom float64 // content box; bottom is where content must stop
	stamp               string  // PAID, VOID, DRAFT or ""
	stampColor          rgb
	continued           string // what continuation pages say at the top
	afterBreak          func() // redraws what must repeat after a page break (a table header)
	nums                *currency.Formatter
	ink                 rgb     // the current text colour
	strong              float64 // stroke width of bold text in mm; 0 for regular
	family              string  // the default font's fpdf family: "go"
	chain               []*pdfFont
	fonts               map[*pdfFont]bool // registered with fpdf
	missing             map[rune]bool     // runes no font has: the document says so
	// A document of several (statements printed as one file) numbers
	// each section's pages on its own: sectionStart is the page before
	// the section's first, sectionPages its count (0: the whole document
	// is one, counted by fpdf's {nb} alias).
	sectionStart, sectionPages int
	// nextSection, when not 0, is the page count of a section that starts
	// with the next page: set only once that page is added, because
	// adding it draws the footer of the page before, which belongs to the
	// section before.
	nextSection int
	nextR       *Renderer // the renderer (language) of that section
}

// page is the number of the current page within its section.
func (d *doc) page() int { return d.f.PageNo() - d.sectionStart }

// fpdfReady makes the first font fpdf adds in this process be added alone:
// fpdf names a font by its definition as JSON (generateFontID), and two
// documents started at once on two goroutines (the reminders' prefetch)
// built encoding/json's encoder of that type at the same time, which the
// race detector reported as a race inside encoding/json (Go 1.26.11).
// Once built, the encoder is only read.
var fpdfReady sync.Once

func warmFpdf() {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes(goFont.family, "", goFont.ttf())
}

// newDoc starts a document. Everything that could vary between two runs
// is fixed: the creation date is the document's own date, the catalog is
// sorted, and fpdf assigns no random identifiers.
func (r *Renderer) newDoc(title, subject string, date time.Time) *doc {
	return r.newDocOriented("P", title, subject, date)
}

// newDocOriented starts a document in portrait ("P") or landscape ("L"):
// wide tables such as the aging read better across the page.
func (r *Renderer) newDocOriented(orientation, title, subject string, date time.Time) *doc {
	fpdfReady.Do(warmFpdf)
	f := fpdf.New(orientation, "mm", r.st.paper, "")
	f.SetCatalogSort(true)
	created := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	// The page-count alias must be set before fonts are added: fpdf sizes
	// the font subset's reserved range by it.
	f.AliasNbPages("{nb}")
	f.AddUTF8FontFromBytes(goFont.family, "", goFont.ttf())
	f.SetMargins(margin, margin, margin)
	// Breaks are decided here, not by fpdf, so that a table row is never
	// cut and its header is repeated.
	f.SetAutoPageBreak(false, 0)
	f.SetTitle(clean(title), true)
	f.SetSubject(clean(subject), true)
	f.SetAuthor(clean(r.p.Name), true)
	f.SetCreator("Paidup", true)
	f.SetProducer("Paidup", true)
	pw, ph := f.GetPageSize()
	d := &doc{r: r, f: f, pw: pw, ph: ph, left: margin, right: pw - margin, bottom: ph - footerH - 6,
		family: goFont.family, chain: fontChain(r.st.lang, r.st.region),
		fonts: map[*pdfFont]bool{goFont: true}, missing: map[rune]bool{}}
	d.nums = currency.NewFormatter(currency.NewLocale(r.st.locale))
	d.nums.CurrencyDisplay = currency.DisplayNone
	d.nums.MinDigits, d.nums.MaxDigits = 0, 4
	f.SetFooterFunc(d.footer)
	return d
}

func (d *doc) width() float64 { return d.right - d.left }

func (d *doc) color(c rgb) { d.ink = c; d.f.SetTextColor(c.r, c.g, c.b) }
func (d *doc) fill(c rgb)  { d.f.SetFillColor(c.r, c.g, c.b) }
func (d *doc) draw(c rgb)  { d.f.SetDrawColor(c.r, c.g, c.b) }

func (d *doc) regular(pt float64) {
	d.f.SetFont("go", "", pt)
	if d.strong != 0 {
		d.f.SetTextRenderingMode(0)
		d.strong = 0
	}
}

// bold sets bold text by stroking the regular glyphs' outlines as well as
// filling them (PDF text rendering mode 2). One embedded font instead of
// two halves the time fpdf takes to embed fonts, most of a document's
// cost; the stroke of 3% of the type size reads as a semibold.
func (d *doc) bold(pt float64) {
	d.f.SetFont("go", "", pt)
	d.f.SetTextRenderingMode(2)
	d.strong = pt * 0.3528 * 0.03
}

// cell writes text in a cell in the current font; all text goes through
// here so that bold text is stroked in its own colour and width, whatever
// lines were drawn since, and so that what the Go font lacks is drawn in a
// fallback font, right-to-left text in visual order.
func (d *doc) cell(w, h float64, s, align string) {
	if d.strong != 0 {
		d.f.SetLineWidth(d.strong)
		d.draw(d.ink)
	}
	l := d.layout(s)
	if l.simple {
		d.f.CellFormat(w, h, l.s, "", 0, align, false, 0, "")
		return
	}
	// Placed as fpdf places a cell's text, so that both kinds line up.
	x, y := d.f.GetXY()
	_, size := d.f.GetFontSize()
	m := d.f.GetCellMargin()
	lx := x + m
	switch align {
	case "R":
		lx = x + w - m - l.width
	case "C":
		lx = x + (w-l.width)/2
	}
	d.drawLine(l, lx, y+0.5*h+0.3*size)
	d.f.SetXY(x+w, y)
}

// number prints a quantity or a percentage the locale's way ("2,5" in de).
func (d *doc) number(v ledger.Decimal4) string {
	a, err := currency.NewAmount(v.String(), "EUR")
	if err != nil {
		return v.String()
	}
	return clean(d.nums.Format(a))
}

// fit shortens one line of text with an ellipsis to fit w millimetres in
// the current font.
func (d *doc) fit(s string, w float64) string {
	s = clean(strings.ReplaceAll(s, "\n", " "))
	w -= 2 * d.f.GetCellMargin()
	if d.widthOf(s) <= w {
		return s
	}
	r := []rune(s)
	// The longest start that fits with the ellipsis, by halving: shaped
	// text is measured by laying it out.
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if d.widthOf(string(r[:mid])+"…") <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimSpace(string(r[:lo])) + "…"
}

// widthOf is the width of one line of text in the current font size.
func (d *doc) widthOf(s string) float64 {
	if simpleText([]rune(s)) {
		return d.f.GetStringWidth(s)
	}
	return d.layout(s).width
}

// wrap splits text into the lines it takes in w millimetres, keeping the
// line breaks it has.
func (d *doc) wrap(s string, w float64) []string {
	var out []string
	for _, para := range strings.Split(clean(s), "\n") {
		switch {
		case strings.TrimSpace(para) == "":
			out = append(out, "")
		case simpleText([]rune(para)):
			out = append(out, d.f.SplitText(para, w)...)
		default:
			out = append(out, d.splitText(para, w)...)
		}
	}
	return out
}

// text writes one line in a w-wide cell at (x, y).
func (d *doc) text(x, y, w, h float64, s, align string) {
	d.f.SetXY(x, y)
	// Too wide for w: set a little smaller (shrinkToFit) before anything
	// is cut, so that a total or a date prints whole.
	if pt, _ := d.f.GetFontSize(); pt > 0 {
		if size := d.shrinkToFit(s, w, pt); size != pt {
			d.f.SetFontSize(size)
			d.cell(w, h, d.fit(s, w), align)
			d.f.SetFontSize(pt)
			return
		}
	}
	d.cell(w, h, d.fit(s, w), align)
}

// block writes wrapped lines from (x, y) and returns the y below them.
func (d *doc) block(x, y, w, lh float64, s string) float64 {
	if strings.TrimSpace(s) == "" {
		return y
	}
	for _, l := range d.wrap(s, w) {
		d.f.SetXY(x, y)
		d.cell(w, lh, l, "L")
		y += lh
	}
	return y
}

// firstLines keeps the first n lines of an address: the blocks at the top
// of a page have no page breaks, and a pasted essay must not run over
// the table.
func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// rule draws a horizontal line across the content box.
func (d *doc) rule(y float64, c rgb, width float64) {
	d.draw(c)
	d.f.SetLineWidth(width)
	d.f.Line(d.left, y, d.right, y)
}

// ensure starts a new page unless h millimetres fit below the current y.
func (d *doc) ensure(h float64) {
	if d.f.GetY()+h > d.bottom {
		d.newPage()
	}
}

// newPage starts a page: the stamp, a short header naming the document,
// and whatever the layout repeats (the table header).
func (d *doc) newPage() {
	d.f.AddPage()
	if d.nextSection != 0 {
		d.sectionStart, d.sectionPages, d.nextSection = d.f.PageNo()-1, d.nextSection, 0
		if d.nextR != nil {
			d.r, d.nextR = d.nextR, nil
		}
	}
	d.drawStamp()
	if d.page() > 1 {
		d.regular(smallSize)
		d.color(colMuted)
		d.text(d.left, margin-8, d.width()/2, smallLineH, d.r.p.Name, "L")
		d.text(d.left+d.width()/2, margin-8, d.width()/2, smallLineH, d.continued, "R")
		d.rule(margin-3.5, colRule, 0.2)
		d.f.SetY(margin)
		if d.afterBreak != nil {
			d.afterBreak()
		}
	}
}

// finish writes the document, reporting fpdf's first error if any, and
// after writing it, a *MissingGlyphs when some characters had no glyph.
func (d *doc) finish(w io.Writer) error {
	if err := d.f.Error(); err != nil {
		return err
	}
	missing := d.missingRunes()
	if len(missing) > 0 {
		d.sayMissing(missing)
	}
	if err := d.f.Output(w); err != nil {
		return err
	}
	if len(missing) > 0 {
		return &MissingGlyphs{Runes: missing}
	}
	return nil
}
