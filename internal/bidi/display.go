package bidi

import "strings"

// Display rearranges one line for a renderer that shapes each run of one
// direction itself but lays the runs out in the order they come, as Fyne
// does: the runs in visual order (rule L2), each run's text as typed, a
// right-to-left run between two right-to-left marks so that its spaces
// stay with it. "חברת אור 3,120.00 ₪" then shows the amount to the left of
// the name, as a right-to-left line must. Text with nothing right to left
// comes back as it is.
func Display(s string) string {
	rs := []rune(s)
	if !HasRTL(rs) {
		return s
	}
	lv := Levels(rs)
	order := VisualOrder(lv)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(order); {
		rtl := lv[order[i]]%2 == 1
		j := i + 1
		for j < len(order) && lv[order[j]] == lv[order[i]] &&
			((!rtl && order[j] == order[j-1]+1) || (rtl && order[j] == order[j-1]-1)) {
			j++
		}
		lo, hi := order[i], order[j-1]
		if rtl {
			lo, hi = hi, lo
		}
		if rtl {
			b.WriteString("\u200f" + string(rs[lo:hi+1]) + "\u200f")
		} else {
			b.WriteString(string(rs[lo : hi+1]))
		}
		i = j
	}
	return b.String()
}
