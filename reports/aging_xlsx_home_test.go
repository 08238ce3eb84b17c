package reports

import (
	"bytes"
	"math/big"
	"testing"
	"time"

	"paidup/ledger"
)

// The home-currency sheet read by LibreOffice, its formulas recalculated:
// each currency's row, the rates beside them, totals that add up.
func TestAgingXLSXHomeSheet(t *testing.T) {
	asOf := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	a := &ledger.Aging{AsOf: asOf, Basis: ledger.BasisDue, Edges: []int{30, 60, 90}, Labels: ledger.BucketLabels([]int{30, 60, 90}),
		Sections: []ledger.AgingSection{
			{Currency: "EUR", Total: ledger.AgingLine{CustomerCode: "TOTAL", Currency: "EUR", Buckets: make([]int64, 5)}},
			{Currency: "USD", Total: ledger.AgingLine{CustomerCode: "TOTAL", Currency: "USD", Buckets: make([]int64, 5)}}}}
	rate := func(cur, v string, d time.Time) ledger.Rate {
		r, _ := new(big.Rat).SetString(v)
		return ledger.Rate{Currency: cur, Date: d, Value: r}
	}
	home := &HomeAgingSheet{Home: "EUR", Lines: []HomeAgingLine{
		{Currency: "EUR", Rate: rate("EUR", "1", asOf), Buckets: []int64{100000, 0, 2550, 0, 0}, Credits: -1000},
		{Currency: "USD", Rate: rate("USD", "0.9267840593", asOf.AddDate(0, 0, -4)), Buckets: []int64{92678, 46339, 0, 0, 12345}},
	}}
	var buf bytes.Buffer
	if err := WriteAgingXLSX(&buf, a, nil, WorkbookMeta{BusinessName: "Nordlicht", LedgerName: "l.db", GeneratedAt: asOf, Home: home}); err != nil {
		t.Fatal(err)
	}
	sheets := xlsxLibreOfficeCSV(t, map[string][]byte{"home": buf.Bytes()})
	rows := sheets["home-In EUR"]
	if len(rows) < 7 {
		t.Fatalf("sheets %v; In EUR: %q", keys(sheets), rows)
	}
	want := [][]string{
		{"Currency", "Rate", "Rate of", "current", "1-30", "31-60", "61-90", "91+", "Credits", "Total"},
		{"EUR", "1", "2026-03-31", "1,000.00 EUR", "-", "25.50 EUR", "-", "-", "-10.00 EUR", "1,015.50 EUR"},
		{"USD", "0.9267840593", "2026-03-27", "926.78 EUR", "463.39 EUR", "-", "-", "123.45 EUR", "-", "1,513.62 EUR"},
		{"Total", "", "", "1,926.78 EUR", "463.39 EUR", "25.50 EUR", "-", "123.45 EUR", "-10.00 EUR", "2,529.12 EUR"},
	}
	for i, w := range want {
		got := rows[2+i]
		for j := range w {
			if j >= len(got) || got[j] != w[j] {
				t.Fatalf("row %d: %q, want %q", 3+i, got, w)
			}
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
