package bank

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"paidup/internal/pgtest"
	"paidup/ledger"
)

// The balances each format states: camt OPBD and CLBD, MT940 :60F: and
// :62F:, OFX LEDGERBAL; an overdrawn balance is negative.
func TestStatementBalances(t *testing.T) {
	for _, c := range []struct {
		file string
		want []string
	}{
		{"camt053_v02.xml", []string{"opening DE89370400440532013000 2026-03-30 10500.00 EUR", "closing DE89370400440532013000 2026-03-31 11439.50 EUR"}},
		{"statement.sta", []string{"opening 0532013000 2026-03-30 10500.00 EUR", "closing 0532013000 2026-03-31 11481.50 EUR"}},
		{"statement_v1.ofx", []string{"closing 3456789012 2026-03-31 8123.45 USD"}},
	} {
		st := readStatement(t, c.file)
		var got []string
		for _, b := range st.Balances {
			got = append(got, b.Kind+" "+b.Account+" "+b.Date.Format(ledger.DateLayout)+" "+b.Amount.Plain()+" "+b.Amount.Currency)
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: balances %q, want %q", c.file, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: balance %d %q, want %q", c.file, i+1, got[i], c.want[i])
			}
		}
	}
	if b, err := mtBalance("D260331EUR5,00", "closing", "A"); err != nil || b.Amount.Minor != -500 {
		t.Errorf("overdrawn: %+v %v", b, err)
	}
	if _, err := mtBalance("X260331EUR5,00", "closing", "A"); err == nil {
		t.Error("a balance neither C nor D read")
	}
}

// The reconciliation compares the statements' stated balances with the
// lines imported: one MT940 statement adds up; its closing balance moved
// by a line not imported shows as a difference.
func TestReconciliationBalances(t *testing.T) {
	ctx := context.Background()
	st, err := ledger.Open(ctx, pgtest.LedgerPath(t, "balances.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := ImportFile(ctx, st, filepath.Join("testdata", "statement.sta"), ""); err != nil {
		t.Fatal(err)
	}
	rec, err := st.BankReconciliation(ctx)
	if err != nil || len(rec) != 1 {
		t.Fatalf("%+v %v", rec, err)
	}
	r := rec[0]
	if !r.HasOpening || !r.HasClosing || r.Opening.Plain() != "10500.00" || r.Closing.Plain() != "11481.50" || r.Expected() != r.Closing || r.ClosingOn != "2026-03-31" {
		t.Fatalf("reconciliation %+v", r)
	}
	// The next day's statement, whose only line is left out of the file.
	next := ":20:STARTUMSE\n:25:37040044/0532013000\n:28C:00064/001\n:60F:C260331EUR11481,50\n:62F:C260401EUR11500,00\n"
	file := filepath.Join(t.TempDir(), "next.sta")
	if err := os.WriteFile(file, []byte(next), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportFile(ctx, st, file, ""); err != nil {
		t.Fatal(err)
	}
	rec, _ = st.BankReconciliation(ctx)
	if r := rec[0]; r.Closing.Plain() != "11500.00" || r.Expected().Plain() != "11481.50" || r.OpeningOn != "2026-03-30" {
		t.Fatalf("with a line missing: %+v", r)
	}
}
