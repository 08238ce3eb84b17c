package reports

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// MissingGlyphs is returned by a renderer after the whole document has
// been written when some characters have no glyph in any of Paidup's
// fonts: the document is complete, shows each such character as �, says
// so at the top of its first page, and keeps the original characters in
// its text (copy and search find them). Callers keep the file and warn.
type MissingGlyphs struct {
	Runes []rune // in code point order, each once
}

func (e *MissingGlyphs) Error() string {
	return "some characters have no glyph in Paidup's fonts and print as \ufffd: " + runeList(e.Runes)
}

// AsMissingGlyphs reports whether err is (or wraps) only a warning of
// missing glyphs.
func AsMissingGlyphs(err error) (*MissingGlyphs, bool) {
	var mg *MissingGlyphs
	ok := errors.As(err, &mg)
	return mg, ok
}

func runeList(rs []rune) string {
	parts := make([]string, 0, min(len(rs), 11))
	for i, r := range rs {
		if i == 10 {
			parts = append(parts, fmt.Sprintf("and %d more", len(rs)-10))
			break
		}
		parts = append(parts, fmt.Sprintf("U+%04X", r))
	}
	return strings.Join(parts, ", ")
}

// sayMissing writes at the top of the first page which characters could
// not be printed, above the letterhead where nothing else is drawn.
func (d *doc) sayMissing(rs []rune) {
	last := d.f.PageNo()
	d.f.SetPage(1)
	d.regular(smallSize)
	d.color(colRed)
	d.text(d.left, margin-12, d.width(), smallLineH,
		fmt.Sprintf("Note: %d character(s) cannot be printed with this document's fonts and show as \ufffd: %s", len(rs), runeList(rs)), "L")
	d.f.SetPage(last)
}

func (d *doc) missingRunes() []rune {
	rs := make([]rune, 0, len(d.missing))
	for r := range d.missing {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	return rs
}
