package reports

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/go-pdf/fpdf"
	"rsc.io/qr/coding"
)

// qrModules encodes text as a QR code's modules (true is dark), without
// the quiet zone: the caller leaves white space around it. EPC069-12 asks
// for error correction level M and byte mode; the payload is UTF-8.
//
// rsc.io/qr's encoder is fast but always uses mask 0; ISO/IEC 18004 asks
// the encoder to try all eight masks and keep the one with the lowest
// penalty (fewest long runs, blocks and finder-like patterns), which is
// what makes a code easy for a phone camera. Doing that here costs about
// a tenth of a millisecond.
func qrModules(text string) ([][]bool, error) {
	enc := coding.String(text)
	v := coding.Version(1)
	for ; enc.Bits(v) > v.DataBytes(coding.M)*8; v++ {
		if v >= 40 {
			return nil, errors.New("QR code: the text is too long")
		}
	}
	var best [][]bool
	bestScore := -1
	for mask := coding.Mask(0); mask < 8; mask++ {
		p, err := coding.NewPlan(v, coding.M, mask)
		if err != nil {
			return nil, fmt.Errorf("QR code: %w", err)
		}
		c, err := p.Encode(enc)
		if err != nil {
			return nil, fmt.Errorf("QR code: %w", err)
		}
		m := make([][]bool, c.Size)
		for y := range m {
			m[y] = make([]bool, c.Size)
			for x := range m[y] {
				m[y][x] = c.Black(x, y)
			}
		}
		if s := qrPenalty(m); bestScore < 0 || s < bestScore {
			best, bestScore = m, s
		}
	}
	return best, nil
}

// qrPenalty scores a masked symbol by the four rules of ISO/IEC 18004
// §7.8.3: runs of five or more like modules (N1 = 3, +1 per extra), 2×2
// blocks of one colour (N2 = 3), 1:1:3:1:1 finder-like patterns with
// four light modules beside them (N3 = 40), and the dark share's
// distance from half (N4 = 10 per 5%).
func qrPenalty(m [][]bool) int {
	n := len(m)
	// Every row and every column as bytes (1 dark, 0 light).
	lines := make([][]byte, 2*n)
	for i := range lines {
		lines[i] = make([]byte, n)
	}
	score, dark := 0, 0
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if m[y][x] {
				lines[y][x], lines[n+x][y] = 1, 1
				dark++
			}
			if x+1 < n && y+1 < n && m[y][x] == m[y][x+1] && m[y][x] == m[y+1][x] && m[y][x] == m[y+1][x+1] {
				score += 3
			}
		}
	}
	finder := []byte{1, 0, 1, 1, 1, 0, 1}
	for _, l := range lines {
		run := 1
		for x := 1; x <= n; x++ {
			if x < n && l[x] == l[x-1] {
				run++
				continue
			}
			if run >= 5 {
				score += 3 + run - 5
			}
			run = 1
		}
		for off := 0; ; {
			i := bytes.Index(l[off:], finder)
			if i < 0 {
				break
			}
			at := off + i
			if light(l, at-4, at) || light(l, at+7, at+11) {
				score += 40
			}
			off = at + 1
		}
	}
	dev := dark*100/(n*n) - 50
	if dev < 0 {
		dev = -dev
	}
	return score + dev/5*10
}

// light reports whether modules from..to-1 of a line are light; outside
// the symbol counts as light (the quiet zone).
func light(l []byte, from, to int) bool {
	for x := max(from, 0); x < min(to, len(l)); x++ {
		if l[x] != 0 {
			return false
		}
	}
	return true
}

// drawQR draws modules as vector rectangles in a size×size square at
// (x, y): sharp at any zoom and on any printer, unlike a bitmap, and a
// few hundred bytes. Each run of dark modules in a row is one rectangle.
func drawQR(f *fpdf.Fpdf, modules [][]bool, x, y, size float64) {
	n := len(modules)
	if n == 0 {
		return
	}
	m := size / float64(n)
	f.SetFillColor(0, 0, 0)
	for row, line := range modules {
		for col := 0; col < n; {
			if !line[col] {
				col++
				continue
			}
			start := col
			for col < n && line[col] {
				col++
			}
			f.Rect(x+float64(start)*m, y+float64(row)*m, float64(col-start)*m, m, "F")
		}
	}
}
