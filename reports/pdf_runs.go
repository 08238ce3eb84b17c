package reports

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"paidup/assets/fonts"
	"paidup/internal/bidi"
)

// A line of text is drawn as segments: each in one font and one direction,
// placed left to right in visual order. Text the Go font draws whole and
// that has nothing right-to-left takes the old path (one fpdf cell), so
// such documents are byte for byte what they were.

// segment is a piece of a line in one font and one direction.
type segment struct {
	font    *pdfFont
	text    []rune // in logical order
	rtl     bool
	start   int             // index of its first rune in the line as typed
	level   int8            // its bidi level
	missing bool            // no font has these runes: drawn as U+FFFD
	glyphs  []shaping.Glyph // shaped fonts: the glyphs in visual order, in font units
	upem    float64
	width   float64 // millimetres at the size measured
}

// textLine is one line laid out for the current font size.
type textLine struct {
	simple bool // the Go font alone, left to right: s is drawn as it is
	s      string
	segs   []segment
	width  float64
	// typed is set when only bidi marks made the line right to left (an
	// amount in a Hebrew or Arabic locale: "\u200f3,120.00 ₪"): its
	// digits and signs stand in another order than typed, and nothing in
	// them tells a reader of the page so. The line is marked with its
	// text as typed.
	typed []rune
}

// simpleText reports whether the Go font draws every rune of rs and none
// is right to left.
func simpleText(rs []rune) bool {
	for _, r := range rs {
		if !hasGlyph(r) && r != '\n' {
			return false
		}
	}
	return !bidi.HasRTL(rs)
}

// invisible are the formatting characters that steer the bidi algorithm
// or word breaks and print as nothing.
func invisible(r rune) bool {
	switch r {
	case '\u200e', '\u200f', '\u061c', '\u200b', '\ufeff', '\u2066', '\u2067', '\u2068', '\u2069',
		'\u202a', '\u202b', '\u202c', '\u202d', '\u202e':
		return true
	}
	return false
}

// joiner are the characters shaping needs and every shaped font takes.
func joiner(r rune) bool { return r == '\u200c' || r == '\u200d' }

// fontsFor picks the font of every rune: per word, the first font of the
// chain that has all its letters (so "Nguyễn" is not set in two
// typefaces), else per rune the first that has it; a combining mark stays
// in its base letter's font when that font has it. nil: no font has it.
func (d *doc) fontsFor(rs []rune) []*pdfFont {
	chain := d.chainFor(rs)
	out := make([]*pdfFont, len(rs))
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			out[i] = goFont
			i++
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) {
			j++
		}
		var whole *pdfFont
		for _, f := range chain {
			ok := true
			for _, r := range rs[i:j] {
				if !f.has(r) && !(f.shaped && joiner(r)) {
					ok = false
					break
				}
			}
			if ok {
				whole = f
				break
			}
		}
		for k := i; k < j; k++ {
			if whole != nil {
				out[k] = whole
				continue
			}
			r := rs[k]
			if k > i && unicode.Is(unicode.M, r) && out[k-1] != nil && (out[k-1].has(r) || (out[k-1].shaped && joiner(r))) {
				out[k] = out[k-1]
				continue
			}
			for _, f := range chain {
				if f.has(r) {
					out[k] = f
					break
				}
			}
		}
		i = j
	}
	return out
}

// chainFor is the document's font chain for one text: kana make the
// Japanese face the first of the CJK faces, hangul the Korean.
func (d *doc) chainFor(rs []rune) []*pdfFont {
	var first *pdfFont
	for _, r := range rs {
		switch {
		case r >= 0x3040 && r <= 0x30FF:
			first = fallback[fonts.CJKJP]
		case r >= 0xAC00 && r <= 0xD7A3, r >= 0x1100 && r <= 0x11FF, r >= 0x3130 && r <= 0x318F:
			first = fallback[fonts.CJKKR]
		default:
			continue
		}
		break
	}
	if first == nil {
		return d.chain
	}
	cjk := func(f *pdfFont) bool {
		return f == fallback[fonts.CJKSC] || f == fallback[fonts.CJKTC] || f == fallback[fonts.CJKJP] || f == fallback[fonts.CJKKR]
	}
	out := make([]*pdfFont, 0, len(d.chain))
	inserted := false
	for _, f := range d.chain {
		if f == first {
			continue
		}
		if cjk(f) && !inserted {
			out, inserted = append(out, first), true
		}
		out = append(out, f)
	}
	if !inserted {
		out = append(out, first)
	}
	return out
}

func fontFace(f *font.Font) *font.Face { return font.NewFace(f) }

// layout lays one line (no line breaks) out in the current font size.
func (d *doc) layout(s string) textLine {
	s = clean(strings.ReplaceAll(s, "\n", " "))
	rs := []rune(s)
	if simpleText(rs) {
		return textLine{simple: true, s: s, width: d.f.GetStringWidth(s)}
	}
	var lv []int8
	if bidi.HasRTL(rs) {
		lv = bidi.Levels(rs)
	} else {
		lv = make([]int8, len(rs))
	}
	// The formatting characters have done their work.
	keep := rs[:0:0]
	var keepLv []int8
	for i, r := range rs {
		if !invisible(r) {
			keep = append(keep, r)
			keepLv = append(keepLv, lv[i])
		}
	}
	rs, lv = keep, keepLv
	fs := d.fontsFor(rs)
	order := bidi.VisualOrder(lv)
	l := textLine{s: s}
	if !bidi.HasRTL(rs) && !slices.IsSorted(order) {
		l.typed = rs
	}
	for i := 0; i < len(order); {
		a := order[i]
		rtl := lv[a]%2 == 1
		j := i + 1
		for j < len(order) {
			b, prev := order[j], order[j-1]
			adjacent := (!rtl && b == prev+1) || (rtl && b == prev-1)
			if !adjacent || lv[b] != lv[a] || fs[b] != fs[a] {
				break
			}
			j++
		}
		lo, hi := order[i], order[j-1]
		if rtl {
			lo, hi = hi, lo
		}
		seg := segment{font: fs[a], text: rs[lo : hi+1], rtl: rtl, start: lo, level: lv[a]}
		if seg.font == nil {
			seg.font, seg.missing = fallback[fonts.Latin], true
			for _, r := range seg.text {
				d.missing[r] = true
			}
		}
		d.measure(&seg, rs, lo, hi+1)
		l.segs = append(l.segs, seg)
		l.width += seg.width
		if seg.missing || seg.font.shaped {
			l.typed = nil // drawn glyph by glyph, and marked per segment
		}
		i = j
	}
	return l
}

// measure shapes a segment of a shaped font (in the context of the whole
// line, so that Arabic letters join across a font change) or measures its
// characters, at the current size.
func (d *doc) measure(seg *segment, line []rune, lo, hi int) {
	pt, size := d.f.GetFontSize()
	d.useFont(seg.font)
	defer d.f.SetFont(d.family, "", pt)
	d.f.SetFont(seg.font.family, "", pt)
	if seg.missing {
		seg.width = d.f.GetStringWidth(strings.Repeat("\ufffd", len(seg.text)))
		return
	}
	if !seg.font.shaped {
		seg.width = d.f.GetStringWidth(string(seg.text))
		return
	}
	f, err := seg.font.parsed()
	if err != nil {
		// An embedded font that does not parse is a bad build.
		panic(err)
	}
	seg.upem = float64(f.Upem())
	dir := di.DirectionLTR
	if seg.rtl {
		dir = di.DirectionRTL
	}
	script := language.Common
	for _, r := range seg.text {
		if s := language.LookupScript(r); s != language.Common && s != language.Inherited {
			script = s
			break
		}
	}
	seg.font.mu.Lock()
	if seg.font.face == nil {
		seg.font.face = fontFace(f)
	}
	out := seg.font.shaper.Shape(shaping.Input{Text: line, RunStart: lo, RunEnd: hi, Direction: dir,
		Face: seg.font.face, Size: fixed.I(int(f.Upem())), Script: script})
	seg.font.mu.Unlock()
	seg.glyphs = out.Glyphs
	var adv fixed.Int26_6
	for _, g := range out.Glyphs {
		adv += g.XAdvance
	}
	seg.width = float64(adv) / 64 / seg.upem * size
}

// useFont registers a fallback font with the document the first time it
// is needed; fpdf embeds the glyphs used, not the font.
func (d *doc) useFont(f *pdfFont) {
	if d.fonts[f] {
		return
	}
	d.fonts[f] = true
	// A copy for each document: fpdf writes into the font's bytes while it
	// subsets them (Output), and renderers on other goroutines (statements
	// for all, reminder attachments) read the same unpacked font.
	d.f.AddUTF8FontFromBytes(f.family, "", append([]byte(nil), f.ttf()...))
}

// drawLine draws a laid-out line with its left end at x on baseline y.
// The segments are placed left to right but written to the page in
// logical order, and a right-to-left segment's text is marked in the
// order its letters stand on the page: text extraction (pdftotext,
// copy and paste) reads the page in the order it was written and turns
// right-to-left letters back into the order they were typed.
func (d *doc) drawLine(l textLine, x, y float64) {
	pt, _ := d.f.GetFontSize()
	defer d.f.SetFont(d.family, "", pt)
	if l.typed != nil {
		d.actualText(l.typed, func() {
			for _, seg := range l.segs {
				d.f.SetFont(seg.font.family, "", pt)
				d.f.Text(x, y, string(seg.visual()))
				x += seg.width
			}
		})
		return
	}
	xs := make([]float64, len(l.segs))
	for i, seg := range l.segs {
		xs[i] = x
		x += seg.width
	}
	// A run of right-to-left segments (one bidi level) is marked as one:
	// its letters, spaces and punctuation in different fonts read back
	// as one piece of text.
	type group struct{ first, end, start int }
	var groups []group
	for i := 0; i < len(l.segs); {
		j := i + 1
		for l.segs[i].rtl && j < len(l.segs) && l.segs[j].rtl && l.segs[j].level == l.segs[i].level {
			j++
		}
		g := group{first: i, end: j, start: l.segs[i].start}
		for k := i; k < j; k++ {
			g.start = min(g.start, l.segs[k].start)
		}
		groups = append(groups, g)
		i = j
	}
	slices.SortStableFunc(groups, func(a, b group) int { return a.start - b.start })
	for _, g := range groups {
		if !l.segs[g.first].rtl {
			d.drawSegment(l.segs[g.first], xs[g.first], y, pt, true)
			continue
		}
		var text []rune
		for k := g.first; k < g.end; k++ {
			text = append(text, l.segs[k].visual()...)
		}
		d.actualText(text, func() {
			for k := g.first; k < g.end; k++ {
				d.drawSegment(l.segs[k], xs[k], y, pt, false)
			}
		})
	}
}

// drawSegment draws one segment at x on baseline y; mark: with its own
// ActualText where its glyphs are not its characters.
func (d *doc) drawSegment(seg segment, x, y, pt float64, mark bool) {
	d.f.SetFont(seg.font.family, "", pt)
	visual := seg.visual()
	marked := func(draw func()) {
		if mark {
			d.actualText(visual, draw)
		} else {
			draw()
		}
	}
	switch {
	case seg.missing:
		// The replacement character shows where something is missing;
		// a reader copying the text gets the original.
		marked(func() { d.f.Text(x, y, strings.Repeat("\ufffd", len(seg.text))) })
	case seg.font.shaped:
		_, size := d.f.GetFontSize()
		scale := size / seg.upem / 64
		marked(func() {
			for _, g := range seg.glyphs {
				d.f.Text(x+float64(g.XOffset)*scale, y-float64(g.YOffset)*scale, string(rune(fonts.PUA+int(g.GlyphID))))
				x += float64(g.XAdvance) * scale
			}
		})
	default:
		d.f.Text(x, y, string(visual))
	}
}

// visual is a segment's text in the order it stands on the page.
func (seg segment) visual() []rune {
	if !seg.rtl {
		return seg.text
	}
	v := make([]rune, len(seg.text))
	for i, r := range seg.text {
		v[len(v)-1-i] = bidi.Mirror(r)
	}
	return v
}

// actualText marks what draw prints with the text it stands for (PDF
// marked content with /ActualText), so that copying, searching and
// pdftotext give the name as typed, not shaped glyphs or reversed letters.
func (d *doc) actualText(text []rune, draw func()) {
	var b strings.Builder
	b.WriteString("/Span <</ActualText <FEFF")
	for _, u := range utf16.Encode(text) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">>> BDC")
	d.f.RawWriteStr(b.String())
	draw()
	d.f.RawWriteStr("EMC")
}
