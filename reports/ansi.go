package reports

import (
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// ansiWriter writes text in Windows-1252 ("ANSI"), the encoding QuickBooks
// Desktop reads IIF files in and DATEV's Buchungsstapel is specified in. A
// character Windows-1252 has no byte for is written as '?': the export
// stays whole, and names keep every letter of Western European languages.
type ansiWriter struct {
	w   io.Writer
	buf []byte
	err error
}

func newANSIWriter(w io.Writer) *ansiWriter { return &ansiWriter{w: w} }

// WriteString encodes s and writes it, remembering the first error.
func (a *ansiWriter) WriteString(s string) {
	if a.err != nil {
		return
	}
	a.buf = a.buf[:0]
	for _, r := range s {
		if r < utf8.RuneSelf {
			a.buf = append(a.buf, byte(r))
			continue
		}
		b, ok := charmap.Windows1252.EncodeRune(r)
		if !ok {
			b = '?'
		}
		a.buf = append(a.buf, b)
	}
	_, a.err = a.w.Write(a.buf)
}

// flatText makes s one line of a tab- or semicolon-separated file: tabs
// and line breaks become spaces, and a value a spreadsheet would take for
// a formula is neutralised (SafeText).
func flatText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\r', '\n':
			return ' '
		}
		return r
	}, s)
	return SafeText(strings.TrimSpace(s))
}
