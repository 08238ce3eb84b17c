package ledger

import "testing"

func TestRFReference(t *testing.T) {
	for _, c := range []struct{ number, want string }{
		{"539007547034", "RF18539007547034"}, // ISO 11649's own example
		{"INV-000101", "RF85INV000101"},
		{"INV-000102", "RF58INV000102"},
		{"inv 2026/0012", "RF10INV20260012"},
	} {
		got, ok := RFReference(c.number)
		if !ok || got != c.want {
			t.Errorf("RFReference(%q) = %q, %v; want %q", c.number, got, ok, c.want)
		}
		if !ValidRF(got) || !ValidRF(FormatRF(got)) {
			t.Errorf("%s (%s) does not validate", got, FormatRF(got))
		}
	}
	if FormatRF("RF18539007547034") != "RF18 5390 0754 7034" {
		t.Errorf("FormatRF: %q", FormatRF("RF18539007547034"))
	}
	for _, bad := range []string{"", "---", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"} {
		if r, ok := RFReference(bad); ok {
			t.Errorf("RFReference(%q) = %q", bad, r)
		}
	}
	// Every single-character typo and every swap of two neighbours is caught.
	ref := "RF18539007547034"
	for i := 4; i < len(ref); i++ {
		for c := byte('0'); c <= '9'; c++ {
			if c != ref[i] && ValidRF(ref[:i]+string(c)+ref[i+1:]) {
				t.Errorf("typo at %d (%c) passes", i, c)
			}
		}
		if i+1 < len(ref) && ref[i] != ref[i+1] && ValidRF(ref[:i]+string(ref[i+1])+string(ref[i])+ref[i+2:]) {
			t.Errorf("swap at %d passes", i)
		}
	}
	for _, bad := range []string{"RF1853900754703", "RF185390075470341", "XX18539007547034", "RF18-5390", "RF"} {
		if ValidRF(bad) {
			t.Errorf("ValidRF(%q)", bad)
		}
	}
}
