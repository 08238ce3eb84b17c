package app

import (
	"testing"

	"paidup/ledger"
)

func TestLocalNumber(t *testing.T) {
	for _, tc := range []struct{ in, locale, want string }{
		{"1,5", "de-DE", "1.5"},
		{"1.234,56", "de-DE", "1234.56"},
		{"1.234.567", "de-DE", "1234567"},
		{"1 234,56", "fr-FR", "1234.56"},
		{"1\u00a0234,56", "fr-FR", "1234.56"},
		{"1\u202f234,56", "fr-FR", "1234.56"},
		{"1.5", "de-DE", "1.5"},     // not thousands: the point is read as typed
		{"1.234", "de-DE", "1.234"}, // one group, no comma: plain (1.234 KWD filled in)
		{"1 234", "fr-FR", "1234"},
		{"1.5,3", "de-DE", "1.5,3"},
		{"1,2,3", "de-DE", "1,2,3"},
		{"-12,50", "nl", "-12.50"},
		{"1,234.56", "en-US", "1234.56"},
		{"1,5", "en-GB", "1,5"}, // refused by the parser, with its reason
		{"1234.56", "", "1234.56"},
		{" 20 ", "de-DE", "20"},
	} {
		if got := LocalNumber(tc.in, tc.locale); got != tc.want {
			t.Errorf("LocalNumber(%q, %q) = %q, want %q", tc.in, tc.locale, got, tc.want)
		}
	}
	// What a de-DE business types is an amount.
	if m, err := ParseAmount(LocalNumber("1.234,56", "de-DE"), "EUR", "amount"); err != nil || m != ledger.NewMoney(123456, "EUR") {
		t.Errorf("1.234,56 in de-DE: %v %v", m, err)
	}
}
