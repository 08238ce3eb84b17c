package textwidth

import (
	"bytes"
	"io"
	"strings"
)

// TabWriter aligns tab-terminated cells into columns as text/tabwriter
// does for the tables Paidup prints, measuring cells by Width. Cells are
// the text before each '\t' of a line; text after a line's last tab is
// written as it is. Consecutive lines with cells form a block whose
// columns are as wide as their widest cell plus padding; a line without a
// tab ends the block. Nothing is written before Flush.
type TabWriter struct {
	w          io.Writer
	padding    int
	alignRight bool
	buf        bytes.Buffer
}

// NewTabWriter writes to w with padding spaces between columns; with
// alignRight every cell is right-aligned (text/tabwriter.AlignRight).
func NewTabWriter(w io.Writer, padding int, alignRight bool) *TabWriter {
	return &TabWriter{w: w, padding: padding, alignRight: alignRight}
}

func (t *TabWriter) Write(p []byte) (int, error) { return t.buf.Write(p) }

// Flush aligns and writes everything written so far.
func (t *TabWriter) Flush() error {
	text := t.buf.String()
	t.buf.Reset()
	lines := strings.SplitAfter(text, "\n")
	var out strings.Builder
	for i := 0; i < len(lines); {
		if !strings.Contains(lines[i], "\t") {
			out.WriteString(lines[i])
			i++
			continue
		}
		j := i
		var widths []int
		for j < len(lines) && strings.Contains(lines[j], "\t") {
			cells := strings.Split(strings.TrimSuffix(lines[j], "\n"), "\t")
			for k, c := range cells[:len(cells)-1] {
				if k == len(widths) {
					widths = append(widths, 0)
				}
				widths[k] = max(widths[k], Width(c))
			}
			j++
		}
		for _, l := range lines[i:j] {
			nl := strings.HasSuffix(l, "\n")
			cells := strings.Split(strings.TrimSuffix(l, "\n"), "\t")
			for k, c := range cells[:len(cells)-1] {
				if t.alignRight {
					out.WriteString(PadLeft(c, widths[k]+t.padding))
				} else {
					out.WriteString(Pad(c, widths[k]+t.padding))
				}
			}
			out.WriteString(cells[len(cells)-1])
			if nl {
				out.WriteByte('\n')
			}
		}
		i = j
	}
	_, err := io.WriteString(t.w, out.String())
	return err
}
