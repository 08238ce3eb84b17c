// Package bidi is the Unicode bidirectional algorithm (UAX #9) for one
// line of text, without explicit embeddings, overrides or isolates (the
// formatting characters are treated as neutrals): what names, addresses
// and amounts need, in the PDFs (reports) and the window (ui).
// golang.org/x/text/unicode/bidi classifies the characters; its Paragraph
// only splits text into runs of one direction in logical order and leaves
// out the levels that visual reordering (rule L2) needs, so the rules that
// give the levels are here.
package bidi

import (
	"golang.org/x/text/unicode/bidi"
)

// HasRTL reports whether any rune of s is right-to-left, the test that
// keeps Latin, Greek, Cyrillic and CJK text off the bidi path entirely.
func HasRTL(rs []rune) bool {
	for _, r := range rs {
		if r < 0x590 {
			continue
		}
		switch class(r) {
		case bidi.R, bidi.AL, bidi.AN:
			return true
		}
	}
	return false
}

func class(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

// Levels returns each rune's embedding level (even: left to right,
// odd: right to left). The paragraph's direction is that of its first
// strong character (rules P2, P3), left to right when it has none.
func Levels(rs []rune) []int8 {
	n := len(rs)
	t := make([]bidi.Class, n)
	for i, r := range rs {
		t[i] = class(r)
		switch t[i] {
		case bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO, bidi.PDF, bidi.LRI, bidi.RLI, bidi.FSI, bidi.PDI, bidi.BN:
			t[i] = bidi.ON
		}
	}
	para := int8(0)
	for _, c := range t {
		if c == bidi.L {
			break
		}
		if c == bidi.R || c == bidi.AL {
			para = 1
			break
		}
	}
	sos := bidi.L
	if para == 1 {
		sos = bidi.R
	}
	// W1: a non-spacing mark takes the type of what it follows.
	for i := range t {
		if t[i] == bidi.NSM {
			if i == 0 {
				t[i] = sos
			} else {
				t[i] = t[i-1]
			}
		}
	}
	// W2: European digits after an Arabic letter are Arabic numbers;
	// W3: Arabic letters are right-to-left letters.
	last := sos
	for i, c := range t {
		switch c {
		case bidi.L, bidi.R, bidi.AL:
			last = c
		case bidi.EN:
			if last == bidi.AL {
				t[i] = bidi.AN
			}
		}
	}
	for i := range t {
		if t[i] == bidi.AL {
			t[i] = bidi.R
		}
	}
	// W4: one separator between two numbers of a kind joins them.
	for i := 1; i+1 < n; i++ {
		switch {
		case t[i] == bidi.ES && t[i-1] == bidi.EN && t[i+1] == bidi.EN:
			t[i] = bidi.EN
		case t[i] == bidi.CS && t[i-1] == bidi.EN && t[i+1] == bidi.EN:
			t[i] = bidi.EN
		case t[i] == bidi.CS && t[i-1] == bidi.AN && t[i+1] == bidi.AN:
			t[i] = bidi.AN
		}
	}
	// W5: terminators (%, currency signs) next to European digits are
	// European numbers; W6: other separators are neutrals.
	for i := 0; i < n; i++ {
		if t[i] != bidi.ET {
			continue
		}
		j := i
		for j < n && t[j] == bidi.ET {
			j++
		}
		if (i > 0 && t[i-1] == bidi.EN) || (j < n && t[j] == bidi.EN) {
			for k := i; k < j; k++ {
				t[k] = bidi.EN
			}
		}
		i = j - 1
	}
	for i, c := range t {
		if c == bidi.ES || c == bidi.ET || c == bidi.CS {
			t[i] = bidi.ON
		}
	}
	// W7: European digits after a left-to-right letter are left to right.
	last = sos
	for i, c := range t {
		switch c {
		case bidi.L, bidi.R:
			last = c
		case bidi.EN:
			if last == bidi.L {
				t[i] = bidi.L
			}
		}
	}
	// N1, N2: neutrals between two of one direction take it (numbers
	// count as right to left), others the paragraph's.
	strong := func(c bidi.Class) (bidi.Class, bool) {
		switch c {
		case bidi.L:
			return bidi.L, true
		case bidi.R, bidi.EN, bidi.AN:
			return bidi.R, true
		}
		return 0, false
	}
	for i := 0; i < n; i++ {
		if _, ok := strong(t[i]); ok {
			continue
		}
		j := i
		for j < n {
			if _, ok := strong(t[j]); ok {
				break
			}
			j++
		}
		before, after := sos, sos
		if i > 0 {
			before, _ = strong(t[i-1])
		}
		if j < n {
			after, _ = strong(t[j])
		}
		dir := sos
		if before == after {
			dir = before
		}
		for k := i; k < j; k++ {
			t[k] = dir
		}
		i = j - 1
	}
	// I1, I2: levels.
	lv := make([]int8, n)
	for i, c := range t {
		lv[i] = para
		switch {
		case para == 0 && c == bidi.R:
			lv[i] = 1
		case para == 0 && (c == bidi.AN || c == bidi.EN):
			lv[i] = 2
		case para == 1 && (c == bidi.L || c == bidi.EN || c == bidi.AN):
			lv[i] = 2
		}
	}
	// L1: trailing white space is at the paragraph's level.
	for i := n - 1; i >= 0; i-- {
		p, _ := bidi.LookupRune(rs[i])
		if c := p.Class(); c != bidi.WS && c != bidi.BN {
			break
		}
		lv[i] = para
	}
	return lv
}

// VisualOrder returns the indices of runes in the order they are drawn,
// left to right (rule L2): from the highest level down to the lowest odd
// one, every sequence at that level or above is reversed.
func VisualOrder(lv []int8) []int {
	idx := make([]int, len(lv))
	var hi, lowOdd int8 = 0, 127
	for i, l := range lv {
		idx[i] = i
		hi = max(hi, l)
		if l%2 == 1 {
			lowOdd = min(lowOdd, l)
		}
	}
	for l := hi; l >= lowOdd && l > 0; l-- {
		for i := 0; i < len(idx); {
			if lv[idx[i]] < l {
				i++
				continue
			}
			j := i
			for j < len(idx) && lv[idx[j]] >= l {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				idx[a], idx[b] = idx[b], idx[a]
			}
			i = j
		}
	}
	return idx
}

// Mirror gives a character's mirror image for right-to-left text drawn
// without a shaper (the shaper mirrors what it draws).
func Mirror(r rune) rune {
	switch r {
	case '(':
		return ')'
	case ')':
		return '('
	case '[':
		return ']'
	case ']':
		return '['
	case '{':
		return '}'
	case '}':
		return '{'
	case '<':
		return '>'
	case '>':
		return '<'
	case '«':
		return '»'
	case '»':
		return '«'
	case '‹':
		return '›'
	case '›':
		return '‹'
	}
	return r
}
