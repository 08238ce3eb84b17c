package reports

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// The PDFs embed the Go fonts (a subset of the glyphs used): they are
// Unicode TrueType fonts covering the WGL4 set, which holds every Latin,
// Greek and Cyrillic letter European businesses put in names ("Müller
// Łódź Sp. z o.o.") and the currency signs (€, £, ¥, ₩, ₺ …).
var fontRegular = goregular.TTF

// covered is a bitmap of the Basic Multilingual Plane: whether the
// font has a glyph for a rune.
var covered = sync.OnceValue(func() []uint64 {
	bits := make([]uint64, 0x10000/64)
	f, err := sfnt.Parse(fontRegular)
	if err != nil {
		panic("reports: embedded font: " + err.Error())
	}
	var buf sfnt.Buffer
	for r := rune(0x20); r < 0x10000; r++ {
		if gi, err := f.GlyphIndex(&buf, r); err == nil && gi != 0 {
			bits[r/64] |= 1 << (r % 64)
		}
	}
	return bits
})

func hasGlyph(r rune) bool {
	return r < 0x10000 && covered()[r/64]&(1<<(r%64)) != 0
}

// printable makes text safe for the embedded font: a rune with no glyph
// would print as nothing at all, so a number's narrow no-break space
// (CLDR puts U+202F in French amounts) becomes a no-break space, bidi
// marks go, other spaces become spaces, and anything else missing
// becomes '?', visibly. Line breaks are kept for callers that split lines.
func printable(s string) string {
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
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || hasGlyph(r):
			b.WriteRune(r)
		case r == '\u202f' || r == '\u2007':
			b.WriteRune('\u00a0')
		case r == '\u200e' || r == '\u200f' || r == '\u061c' || r == '\u200b' || r == '\ufeff':
		case r == '\u2212':
			b.WriteByte('-')
		case unicode.IsSpace(r) || unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
