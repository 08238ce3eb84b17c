package bank

import (
	"testing"

	"paidup/ledger"
)

// The parsers read files from outside: whatever they are given, they
// return lines the ledger accepts or an error, never panic.

func FuzzCamt(f *testing.F)  { fuzzParser(f, ParseCamt) }
func FuzzOFX(f *testing.F)   { fuzzParser(f, ParseOFX) }
func FuzzMT940(f *testing.F) { fuzzParser(f, ParseMT940) }

func fuzzParser(f *testing.F, parse func([]byte) (Statement, error)) {
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := parse(data)
		if err != nil {
			return
		}
		for i, l := range st.Lines {
			if l.BankID == "" || l.Amount.Minor == 0 || !ledger.ValidCurrency(l.Amount.Currency) {
				t.Fatalf("line %d: %+v", i+1, l)
			}
			if err := ledger.DateInRange(l.Date); err != nil {
				t.Fatalf("line %d: %v", i+1, err)
			}
		}
	})
}

func FuzzTextKeys(f *testing.F) {
	f.Add("INV 000 123, 2026-0012 RF18 5390 0754 7034")
	f.Fuzz(func(t *testing.T, s string) {
		if len(textKeys(s)) > 250 {
			t.Fatal("unbounded keys")
		}
		for _, r := range rfRefs(s) {
			if !ledger.ValidRF(r) {
				t.Fatalf("%q is not a valid RF", r)
			}
		}
	})
}
