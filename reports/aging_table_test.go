package reports

import (
	"strings"
	"testing"

	"paidup/internal/textwidth"
	"paidup/ledger"
)

// TestAgingTableWideNames: with Chinese, Korean and Japanese names beside
// Latin ones, every row of the terminal aging takes the same width, so
// the amounts stand in their columns.
func TestAgingTableWideNames(t *testing.T) {
	line := func(code, name string, cur int64) ledger.AgingLine {
		return ledger.AgingLine{CustomerCode: code, CustomerName: name, Currency: "CNY",
			Buckets: []int64{cur, 0, 0, 0, 1500}, Total: cur + 1500}
	}
	a := &ledger.Aging{AsOf: day("2026-03-31"), Labels: []string{"current", "1-30", "31-60", "61-90", "91+"},
		Sections: []ledger.AgingSection{{Currency: "CNY", Lines: []ledger.AgingLine{
			line("C1", "北京星辰贸易有限公司", 865000),
			line("C2", "Acme LLC", 100),
			line("C3", "주식회사 한빛상사", 150000000),
			line("C4", "株式会社さくら商事と長い名前の取引先有限会社グループ", 1),
			line("C5", "Thương mại Nguyễn Đức", 99),
		}, Total: line("TOTAL", "Total", 151730200)}}}
	var b strings.Builder
	if err := WriteAgingTable(&b, a); err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, l := range strings.Split(b.String(), "\n") {
		if f := strings.TrimSpace(l); strings.HasPrefix(f, "C") && f != "CNY" || strings.HasPrefix(f, "TOTAL") {
			rows = append(rows, l)
		}
	}
	if len(rows) != 7 {
		t.Fatalf("want a header, 5 rows and the total:\n%s", b.String())
	}
	for _, r := range rows {
		if textwidth.Width(r) != textwidth.Width(rows[0]) {
			t.Fatalf("rows of different display widths:\n%s", b.String())
		}
	}
	if !strings.Contains(b.String(), "…") {
		t.Errorf("the long Japanese name was not cut to 32 columns:\n%s", b.String())
	}
	t.Logf("\n%s", b.String())
}
