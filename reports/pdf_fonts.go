package reports

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"paidup/assets/fonts"
)

// pdfFont is a font a document may draw with: the Go font, which stays
// the default, or one of the embedded fallbacks (assets/fonts). Fonts are
// registered with a document only when its text needs them, so an
// invoice in Latin script embeds what it always did.
type pdfFont struct {
	family string // fpdf's family name
	ttf    func() []byte
	shaped bool
	cover  func() *[0x10000 / 64]uint64 // which BMP runes have a glyph

	// Shaping (Arabic, Hebrew, Thai, Devanagari): the parsed font is
	// shared, a face and a shaper are not safe for concurrent use.
	parsed func() (*font.Font, error)
	mu     sync.Mutex
	face   *font.Face
	shaper shaping.HarfbuzzShaper
}

func newPDFFont(family string, ttf func() []byte, shaped bool) *pdfFont {
	f := &pdfFont{family: family, ttf: ttf, shaped: shaped}
	f.cover = sync.OnceValue(func() *[0x10000 / 64]uint64 { return coverage(family, f.ttf()) })
	f.parsed = sync.OnceValues(func() (*font.Font, error) {
		face, err := font.ParseTTF(bytes.NewReader(f.ttf()))
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", family, err)
		}
		return face.Font, nil
	})
	return f
}

// coverage is a bitmap of the Basic Multilingual Plane: whether the font
// has a glyph for a rune. The Private Use Area is left out: the shaped
// fonts give every glyph a code point there for drawing, and none of it
// is text.
func coverage(name string, ttf []byte) *[0x10000 / 64]uint64 {
	var bits [0x10000 / 64]uint64
	f, err := sfnt.Parse(ttf)
	if err != nil {
		panic("reports: embedded font " + name + ": " + err.Error())
	}
	var buf sfnt.Buffer
	for r := rune(0x20); r < 0x10000; r++ {
		if r == fonts.PUA {
			r = 0xF900
		}
		if gi, err := f.GlyphIndex(&buf, r); err == nil && gi != 0 {
			bits[r/64] |= 1 << (r % 64)
		}
	}
	return &bits
}

func (f *pdfFont) has(r rune) bool {
	return r >= 0 && r < 0x10000 && f.cover()[r/64]&(1<<(r%64)) != 0
}

// The fonts, each once per process: their coverage and parsed form are
// shared by every document.
var (
	goFont   = newPDFFont("go", func() []byte { return goregular.TTF }, false)
	fallback = func() map[*fonts.Font]*pdfFont {
		m := make(map[*fonts.Font]*pdfFont, len(fonts.Fallback))
		for _, f := range fonts.Fallback {
			m[f] = newPDFFont(f.Name, f.TTF, f.Shaped)
		}
		return m
	}()
)

// fontChain is the order in which a document's text looks for a glyph:
// the Go font, then the fallbacks in the order of the document's locale.
func fontChain(lang, region string) []*pdfFont {
	chain := []*pdfFont{goFont}
	for _, f := range fonts.Chain(lang, region) {
		chain = append(chain, fallback[f])
	}
	return chain
}

// hasGlyph reports whether the Go font draws r; everything else takes a
// fallback.
func hasGlyph(r rune) bool { return goFont.has(r) }
