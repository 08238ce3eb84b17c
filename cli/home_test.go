package cli

import (
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"paidup/internal/pgtest"
	"paidup/ledger"
)

// metrics --home by hand, as of 2026-03-31 over 90 days: 1,000.00 EUR
// invoiced in January with 400.00 paid, 1,000.00 USD invoiced in March,
// not yet due, at 0.90: receivable 600.00 + 900.00 = 1,500.00 EUR, of it
// 900.00 current; credit sales 1,900.00. DSO = 1,500 × 90 / 1,900 = 71.05
// days; CEI = (0 + 1,900 − 1,500) / (0 + 1,900 − 900) = 40 %.
func TestCLIHomeMetrics(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "home.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "settings", "set", "business.currency", "EUR")
	run(0, "customer", "add", "EU", "--name", "EU GmbH", "--currency", "EUR")
	run(0, "customer", "add", "US", "--name", "US Co", "--currency", "USD")
	run(0, "invoice", "new", "--customer", "EU", "--date", "2026-01-10", "--line", "x;1;1000;0", "--issue")
	run(0, "invoice", "new", "--customer", "US", "--date", "2026-03-20", "--line", "y;1;1000;0", "--issue")
	run(0, "payment", "record", "EU", "400", "--date", "2026-02-20", "--to", "INV-000001")
	code, _, errs := paidup(t, "--db", db, "metrics", "--as-of", "2026-03-31", "--home")
	if code != 1 || !strings.Contains(errs, "no exchange rate from USD to EUR on or before 2026-03-31") {
		t.Fatalf("metrics --home without a rate: exit %d %q", code, errs)
	}
	run(0, "rates", "set", "USD", "2026-03-27", "0.90")
	wantIn(t, run(0, "metrics", "--as-of", "2026-03-31", "--home"), "All currencies in EUR (home currency), at the rates of 2026-03-31:",
		"receivable 1,500.00 EUR, overdue 600.00 EUR, credit sales 1,900.00 EUR", "DSO 71.1 days, CEI 40.00 %", "1 USD = 0.9 EUR (rate of 2026-03-27)")
}

// aging --home --format xlsx adds the sheet in the home currency.
func TestCLIHomeAgingWorkbook(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "homexlsx.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "settings", "set", "business.currency", "EUR")
	run(0, "customer", "add", "US", "--name", "US Co", "--currency", "USD")
	run(0, "invoice", "new", "--customer", "US", "--date", "2026-03-20", "--line", "y;1;1000;0", "--issue")
	run(0, "rates", "set", "USD", "2026-03-27", "0.90")
	path := filepath.Join(t.TempDir(), "a.xlsx")
	run(0, "aging", "--as-of", "2026-03-31", "--home", "--format", "xlsx", "-o", path)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("In EUR")
	if err != nil || len(rows) < 5 || rows[3][0] != "USD" || rows[3][1] != "0.9" {
		t.Fatalf("In EUR: %q, %v (sheets %v)", rows, err, f.GetSheetList())
	}
}

// export journal --home: each entry sums to zero in the home currency too
// (0.05 USD net and 0.01 tax at 0.5 round to 0.03 and 0.01 against a
// total of 0.03: the cent goes to the largest line).
func TestCLIJournalHomeBalanced(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "jhome.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "settings", "set", "business.currency", "EUR")
	run(0, "customer", "add", "US", "--name", "US Co", "--currency", "USD")
	run(0, "rates", "set", "USD", "2026-03-01", "0.5")
	run(0, "invoice", "new", "--customer", "US", "--date", "2026-03-20", "--line", "y;1;0.05;20", "--issue")
	out := run(0, "export", "journal", "--from", "2026-03-01", "--to", "2026-03-31", "--home", "-o", "-")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	sums := map[string]int64{}
	for _, r := range recs[1:] {
		m, err := ledger.ParseMoney(r[col["home_amount"]], "EUR")
		if err != nil {
			t.Fatal(err)
		}
		sums[r[col["entry"]]] += m.Minor
	}
	if len(sums) != 1 {
		t.Fatalf("entries %v", sums)
	}
	for e, s := range sums {
		if s != 0 {
			t.Fatalf("entry %s sums to %d in EUR:\n%s", e, s, out)
		}
	}
}
