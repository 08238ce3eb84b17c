package reports

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// splitText breaks one paragraph into lines of at most w millimetres, for
// text that is not the Go font's alone: at spaces, and between any two
// East Asian wide characters (Chinese and Japanese put no spaces between
// words); a word longer than a line is broken where it must.
func (d *doc) splitText(para string, w float64) []string {
	var tokens []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			tokens = append(tokens, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range para {
		switch {
		case unicode.IsSpace(r):
			cur = append(cur, r)
			flush()
		case wide(r):
			flush()
			cur = append(cur, r)
			flush()
		default:
			cur = append(cur, r)
		}
	}
	flush()
	var lines []string
	line := ""
	for _, tok := range tokens {
		if d.widthOf(strings.TrimRight(line+tok, " ")) <= w {
			line += tok
			continue
		}
		if strings.TrimSpace(line) != "" {
			lines = append(lines, strings.TrimRight(line, " "))
		}
		line = strings.TrimLeft(tok, " ")
		// A word wider than the line: as many characters as fit.
		for rs := []rune(line); d.widthOf(strings.TrimRight(line, " ")) > w && len(rs) > 1; rs = []rune(line) {
			n := len(rs) - 1
			for n > 1 && d.widthOf(string(rs[:n])) > w {
				n--
			}
			lines = append(lines, string(rs[:n]))
			line = string(rs[n:])
		}
	}
	if strings.TrimSpace(line) != "" {
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// wide reports whether r is an East Asian wide or full-width character.
func wide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}
