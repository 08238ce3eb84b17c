// Package textwidth measures and aligns text by the columns it takes in a
// terminal: an East Asian wide or full-width character (漢, 한, ｱ is not,
// ￥ is) takes two, a combining mark or an invisible format character none,
// anything else one. text/tabwriter counts one per character, which puts
// every column after a Chinese or Korean name out of line.
package textwidth

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// RuneWidth is the number of terminal columns r takes.
func RuneWidth(r rune) int {
	switch {
	case r == 0 || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r):
		return 0
	case r >= 0x1160 && r <= 0x11FF:
		return 0 // conjoining Hangul vowels and final consonants join the syllable
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// Width is the number of terminal columns s takes.
func Width(s string) int {
	n := 0
	for _, r := range s {
		n += RuneWidth(r)
	}
	return n
}

// Pad adds spaces after s up to n columns.
func Pad(s string, n int) string {
	return s + strings.Repeat(" ", max(0, n-Width(s)))
}

// PadLeft adds spaces before s up to n columns.
func PadLeft(s string, n int) string {
	return strings.Repeat(" ", max(0, n-Width(s))) + s
}

// Truncate cuts s to at most n columns, ending it with "…" when cut.
func Truncate(s string, n int) string {
	if Width(s) <= n {
		return s
	}
	var b strings.Builder
	w := 0
	for _, r := range s {
		rw := RuneWidth(r)
		if w+rw > n-1 {
			break
		}
		b.WriteRune(r)
		w += rw
	}
	return b.String() + "…"
}
