package bidi

import "testing"

// visualString lays a line out as pdf_runs does, as text: the runes in
// visual order, right-to-left ones mirrored.
func visualString(s string) string {
	rs := []rune(s)
	lv := Levels(rs)
	out := make([]rune, 0, len(rs))
	for _, i := range VisualOrder(lv) {
		r := rs[i]
		if lv[i]%2 == 1 {
			r = Mirror(r)
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

const rlm = "\u200f"

// TestDisplay: the runs come in the order they stand on the screen, each
// as typed (the renderer turns a right-to-left run around itself).
func TestDisplay(t *testing.T) {
	for in, want := range map[string]string{
		"Acme LLC":            "Acme LLC",
		"חברת אור":            rlm + "חברת אור" + rlm,
		"חברת אור 3,120.00 ₪": rlm + " ₪" + rlm + "3,120.00" + rlm + "חברת אור " + rlm,
		"شركة النور 2024":     "2024" + rlm + "شركة النور " + rlm,
		"Acme שלום 12 ltd":    "Acme " + "12" + rlm + "שלום " + rlm + " ltd",
		"INV-7 — שלום":        "INV-7 — " + rlm + "שלום" + rlm,
	} {
		if got := Display(in); got != want {
			t.Errorf("Display(%q) = %q, want %q", in, got, want)
		}
	}
}
