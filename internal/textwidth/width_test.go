package textwidth

import (
	"strings"
	"testing"
	"text/tabwriter"
)

func TestWidth(t *testing.T) {
	for s, want := range map[string]int{
		"Acme":                  4,
		"Müller Łódź":           11,
		"Nguye\u0302\u0303n":    6, // combining marks take no column
		"北京星辰贸易":                12,
		"주식회사 한빛":               13,
		"株式会社さくら":               14,
		"ｻｸﾗ":                   3, // half-width katakana
		"￥1,358,024":            11,
		"شركة":                  4,
		"\u200fabc":             3,
		"शर्मा":                 4, // the virama takes none, the spacing vowel sign one (as wcwidth)
		"Thương mại Nguyễn Đức": 21,
	} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
	if got := Truncate("北京星辰贸易有限公司", 9); got != "北京星辰…" || Width(got) > 9 {
		t.Errorf("Truncate = %q (width %d)", got, Width(got))
	}
}

// TestTabWriterLikeTabwriter: on ASCII the output is text/tabwriter's,
// and with wide characters every column still starts at one position.
func TestTabWriterLikeTabwriter(t *testing.T) {
	in := "Code\tName\tTotal\t\nA1\tAcme\t1,000.00\t\nB22\tBolt & Nut\t5.00\t\n\nnote\n"
	for _, right := range []bool{false, true} {
		var a, b strings.Builder
		flags := uint(0)
		if right {
			flags = tabwriter.AlignRight
		}
		tw := tabwriter.NewWriter(&a, 0, 0, 2, ' ', flags)
		tw.Write([]byte(in))
		tw.Flush()
		ow := NewTabWriter(&b, 2, right)
		ow.Write([]byte(in))
		ow.Flush()
		if a.String() != b.String() {
			t.Errorf("right=%v:\ntabwriter:\n%s\nours:\n%s", right, a.String(), b.String())
		}
	}
	var b strings.Builder
	ow := NewTabWriter(&b, 2, true)
	ow.Write([]byte("C1\t北京星辰贸易有限公司\t8,650.00\t\nC2\tAcme\t1.00\t\nC3\t주식회사 한빛상사\t1,500,000\t\n"))
	ow.Flush()
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for _, l := range lines {
		if Width(l) != Width(lines[0]) {
			t.Errorf("lines of different widths:\n%s", b.String())
			break
		}
	}
}
