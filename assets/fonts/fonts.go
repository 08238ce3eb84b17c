// Package fonts holds the fallback fonts embedded in the binary (Noto, SIL
// Open Font License 1.1; see README.md and OFL.txt): what the Go font lacks
// to print customers' names in every script Paidup covers. The PDFs and
// the window use the same fonts in the same order. Each is stored
// gzip-compressed and unpacked the first time a text needs it.
package fonts

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"sync"
)

//go:embed *.ttf.gz
var files embed.FS

// Font is one embedded fallback font.
type Font struct {
	// Name is the file's name without .ttf.gz: latin, arabic, cjk-sc, ….
	Name string
	// Shaped fonts are drawn through a shaper (Arabic joining, Indic
	// conjuncts); every glyph of theirs also has the code point
	// U+E000 + glyph id, so that a PDF library that draws characters can
	// draw a shaped glyph.
	Shaped bool
	data   func() []byte
}

// TTF returns the font's TrueType bytes, unpacked once per process.
func (f *Font) TTF() []byte { return f.data() }

// PUA is the code point of glyph 0 in a shaped font.
const PUA = 0xE000

func load(name string) func() []byte {
	return sync.OnceValue(func() []byte {
		b, err := unpack(name)
		if err != nil {
			// The files are embedded at build time: a bad one is a bad
			// build, not a run-time condition.
			panic(err)
		}
		return b
	})
}

func unpack(name string) ([]byte, error) {
	gz, err := files.ReadFile(name + ".ttf.gz")
	if err != nil {
		return nil, fmt.Errorf("fonts: %w", err)
	}
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("fonts: %s: %w", name, err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("fonts: %s: %w", name, err)
	}
	return b, nil
}

func font(name string, shaped bool) *Font {
	return &Font{Name: name, Shaped: shaped, data: load(name)}
}

// The fonts, each once.
var (
	Latin      = font("latin", false)
	Arabic     = font("arabic", true)
	Hebrew     = font("hebrew", true)
	Thai       = font("thai", true)
	Devanagari = font("devanagari", true)
	Armenian   = font("armenian", false)
	Georgian   = font("georgian", false)
	CJKJP      = font("cjk-jp", false)
	CJKSC      = font("cjk-sc", false)
	CJKTC      = font("cjk-tc", false)
	CJKKR      = font("cjk-kr", false)
	// UI is the window's font: Noto Sans and every fallback above merged
	// into one, because Fyne takes one font per text style. Not shaped
	// here: Fyne shapes it. UIBold is the same from the Bold weights.
	UI     = font("ui", false)
	UIBold = font("ui-bold", false)
)

// Fallback lists the fonts in the order a rune the Go font lacks looks for
// its glyph. Han characters are drawn in Simplified Chinese shapes unless
// a locale says otherwise (Chain).
var Fallback = []*Font{Latin, Arabic, Hebrew, Thai, Devanagari, Armenian, Georgian, CJKSC, CJKTC, CJKJP, CJKKR}

// Chain is Fallback ordered for a locale's language and region: Japanese
// puts the Japanese face first for the Han characters it shares with
// Chinese, Korean the Korean, Chinese of Taiwan, Hong Kong and Macau the
// Traditional face.
func Chain(lang, region string) []*Font {
	first := CJKSC
	switch {
	case lang == "ja":
		first = CJKJP
	case lang == "ko":
		first = CJKKR
	case lang == "zh" && (region == "TW" || region == "HK" || region == "MO"):
		first = CJKTC
	}
	out := make([]*Font, 0, len(Fallback))
	for _, f := range Fallback {
		if f == CJKSC {
			out = append(out, first)
		}
		if f != first {
			out = append(out, f)
		}
	}
	return out
}
