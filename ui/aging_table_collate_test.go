package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"paidup/ledger"
	"paidup/reports"
)

// TestAgingTableSortsNamesByLocale: sorting the aging by its Name header
// keeps the locale's collation the app gave (Czech: Rybářství, Řeznictví,
// Sklenářství), A to Z and back, instead of comparing lower-cased bytes
// (which puts Ř after S).
func TestAgingTableSortsNamesByLocale(t *testing.T) {
	test.NewTempApp(t)
	a := &ledger.Aging{Labels: ledger.BucketLabels(ledger.DefaultEdges), Sections: []ledger.AgingSection{{Currency: "CZK"}}}
	for i, n := range []string{"Sklenářství Malý", "Řeznictví Dvořák", "Rybářství Kolář"} {
		a.Sections[0].Lines = append(a.Sections[0].Lines, ledger.AgingLine{CustomerCode: string(rune('A' + i)),
			CustomerName: n, Currency: "CZK", Buckets: make([]int64, 4)})
	}
	a.Sections[0].Total = ledger.AgingLine{CustomerCode: "TOTAL", Currency: "CZK", Buckets: make([]int64, 4)}
	reports.CollateAging(a, "cs-CZ")
	tb := newAgingTable(func(string, int) {})
	tb.set(a)
	names := func() string {
		var out []string
		for _, r := range tb.rows {
			if !r.total {
				out = append(out, r.line.CustomerName)
			}
		}
		return strings.Join(out, "|")
	}
	want := "Rybářství Kolář|Řeznictví Dvořák|Sklenářství Malý"
	tb.sortBy(agingColName)
	if got := names(); got != want {
		t.Errorf("A to Z: %s, want %s", got, want)
	}
	tb.sortBy(agingColName)
	if got := names(); got != "Sklenářství Malý|Řeznictví Dvořák|Rybářství Kolář" {
		t.Errorf("Z to A: %s", got)
	}
}
