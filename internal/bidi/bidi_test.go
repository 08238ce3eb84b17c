package reports

import "testing"

// visualString lays a line out as pdf_runs does, as text: the runes in
// visual order, right-to-left ones mirrored.
func visualString(s string) string {
	rs := []rune(s)
	lv := bidiLevels(rs)
	out := make([]rune, 0, len(rs))
	for _, i := range visualOrder(lv) {
		r := rs[i]
		if lv[i]%2 == 1 {
			r = mirror(r)
		}
		out = append(out, r)
	}
	return string(out)
}

func TestBidiVisualOrder(t *testing.T) {
	for in, want := range map[string]string{
		"abc def":                 "abc def",
		"abc אבג def":             "abc גבא def",
		"אבג 123 דהו":             "והד 123 גבא",
		"abc אבג 123 דהו xyz":     "abc והד 123 גבא xyz",
		"אבג (דה)":                "(הד) גבא",
		"\u200f3,120.00 ₪":        "₪ 3,120.00\u200f",
		"شركة النور 2024":         "2024 رونلا ةكرش",
		"Invoice INV-7 for שלום.": "Invoice INV-7 for םולש.",
	} {
		if got := visualString(in); got != want {
			t.Errorf("visual(%q) = %q, want %q", in, got, want)
		}
	}
}
