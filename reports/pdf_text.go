package reports

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The PDFs embed the Go fonts (a subset of the glyphs used): Unicode
// TrueType fonts covering the WGL4 set, which holds every Latin, Greek and
// Cyrillic letter European businesses put in names ("Müller Łódź Sp. z
// o.o."). What they lack, the fallback fonts draw (pdf_fonts.go).

// clean makes text ready to lay out: composed (NFC, so that a name typed
// with combining accents finds its precomposed glyph), a number's narrow
// no-break space (CLDR puts U+202F in French amounts) as a no-break space,
// other spaces and control characters as spaces, a minus sign as a hyphen.
// Bidi marks stay: the bidi algorithm reads them, then they are dropped.
// Line breaks are kept for callers that split lines.
func clean(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || (c < 0x20 && c != '\n') {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || hasGlyph(r) || invisible(r) || joiner(r):
			b.WriteRune(r)
		case r == '\u202f' || r == '\u2007':
			b.WriteRune('\u00a0')
		case r == '\u2212':
			b.WriteByte('-')
		case unicode.IsSpace(r) || unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
