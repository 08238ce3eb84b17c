package bank

import (
	"slices"
	"testing"
)

func TestTextKeys(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string // each must be among the keys
	}{
		{"INV-000391, INV-000394", []string{"391", "394"}},
		{"Rechnung inv 000 123 vielen Dank", []string{"123"}},
		{"Invoice no. 0000123", []string{"123"}},
		{"2026-0012", []string{"20260012"}},
		{"inv#77/2026", []string{"77", "772026"}},
	} {
		got := textKeys(c.text)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: keys %v lack %q", c.text, got, w)
			}
		}
	}
	if numberKey("INV-000123") != "123" || numberKey("CN-0") != "" {
		t.Error("numberKey")
	}
}

func TestRFRefs(t *testing.T) {
	got := rfRefs("Zahlung RF18 5390 0754 7034 danke, RF00 123 not one")
	if !slices.Equal(got, []string{"RF18539007547034"}) {
		t.Errorf("rfRefs: %v", got)
	}
}
