package ledger

import (
	"math/big"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseMoney: amounts come from CSV files and forms. ParseMoney must
// never panic; what it accepts is exactly the decimal it was given, and
// prints back to a string that parses to the same amount (Plain is
// canonical: printing that again gives the same string).
// Seeds: testdata/fuzz/FuzzParseMoney.
func FuzzParseMoney(f *testing.F) {
	f.Fuzz(func(t *testing.T, s, cur string) {
		m, err := ParseMoney(s, cur)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseMoney(%q, %q): an empty error", s, cur)
			}
			if m != (Money{}) {
				t.Fatalf("ParseMoney(%q, %q) = %v with the error %v, want the zero Money", s, cur, m, err)
			}
			// A comma is named as what it is, never counted as decimals
			// ("1.234,56" is not "more than 2 decimals").
			if strings.Contains(s, ",") && strings.Contains(err.Error(), "more than") {
				t.Fatalf("ParseMoney(%q, %q): %v", s, cur, err)
			}
			return
		}
		if m.Currency != cur {
			t.Fatalf("ParseMoney(%q, %q) has currency %q", s, cur, m.Currency)
		}
		digits, err := Digits(cur)
		if err != nil {
			t.Fatalf("ParseMoney(%q, %q) accepted an unknown currency: %v", s, cur, err)
		}
		// The amount is the decimal written, not a rounding of it.
		want, ok := new(big.Rat).SetString(strings.TrimSpace(s))
		if !ok {
			t.Fatalf("ParseMoney(%q, %q) = %v, but %q is not a decimal", s, cur, m, s)
		}
		want.Mul(want, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil)))
		if got := new(big.Rat).SetInt64(m.Minor); got.Cmp(want) != 0 {
			t.Fatalf("ParseMoney(%q, %q) = %d minor units, want %s", s, cur, m.Minor, want.RatString())
		}
		// parse → format → parse.
		p := m.Plain()
		back, err := ParseMoney(p, cur)
		if err != nil || back != m {
			t.Fatalf("ParseMoney(%q, %q) = %v; its Plain %q parses to %v, %v", s, cur, m, p, back, err)
		}
		if back.Plain() != p {
			t.Fatalf("Plain is not canonical: %q, then %q", p, back.Plain())
		}
		// The people's forms must not panic and stay valid text.
		for _, out := range []string{m.String(), m.Format("de-DE"), m.Format("en-US"), m.Neg().Plain()} {
			if !utf8.ValidString(out) {
				t.Fatalf("%v printed as invalid UTF-8 %q", m, out)
			}
		}
		if sum, err := m.Add(m.Neg()); err == nil && !sum.IsZero() {
			t.Fatalf("%v + its negation = %v", m, sum)
		}
	})
}

// FuzzParseDecimal4: quantities, tax rates and discounts from CSV files.
// Seeds: testdata/fuzz/FuzzParseDecimal4.
func FuzzParseDecimal4(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal4(s)
		if err != nil {
			return
		}
		back, err := ParseDecimal4(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDecimal4(%q) = %s; that parses to %s, %v", s, d, back, err)
		}
		// LineNet and TaxOn take any parsed decimal: errors, never panics.
		_, _ = LineNet(d, 1<<40, d)
		_, _ = TaxOn(1<<40, d)
	})
}
