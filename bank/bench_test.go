package bank

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"paidup/ledger"
)

// BenchmarkImportMatch10k imports a camt.053 statement of 10,000 lines
// written from the open invoices of the ledger at PAIDUP_BENCH_DB (a copy
// of make bench's 1M demo: this writes payments into it) and matches it.
// Payers behave as in TestMatchDemoStatement: RF references, numbers in
// the text, two invoices at once, short by a fee, strangers.
// Run with -benchtime 1x: a second round finds the invoices paid.
func BenchmarkImportMatch10k(b *testing.B) {
	path := os.Getenv("PAIDUP_BENCH_DB")
	if path == "" {
		b.Fatal("set PAIDUP_BENCH_DB to a copy of a large demo ledger: the benchmark writes into it")
	}
	ctx := context.Background()
	// Opening the copy (which may migrate it, backing up a gigabyte
	// first) is not the import's time.
	b.StopTimer()
	st, err := ledger.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := st.SetSetting(ctx, ToleranceSetting, "5"); err != nil {
		b.Fatal(err)
	}
	for round := 0; round < b.N; round++ {
		b.StopTimer()
		open, err := st.OpenInvoices(ctx)
		if err != nil {
			b.Fatal(err)
		}
		var ps []payer
		for i := 0; len(ps) < 10000 && i+1 < len(open); i++ {
			o := open[i]
			switch i % 5 {
			case 0:
				ref, _ := ledger.RFReference(o.Number)
				ps = append(ps, payer{name: o.Name, strd: ref, amount: o.Open})
			case 1:
				ps = append(ps, payer{name: o.Name, text: "Rechnung " + oddly(o.Number), amount: o.Open})
			case 2:
				if n := open[i+1]; n.Customer == o.Customer && n.Open.Currency == o.Open.Currency {
					ps = append(ps, payer{name: o.Name, text: o.Number + " " + n.Number, amount: ledger.NewMoney(o.Open.Minor+n.Open.Minor, o.Open.Currency)})
					i++
					continue
				}
				ps = append(ps, payer{name: o.Name, text: o.Number, amount: o.Open})
			case 3:
				ps = append(ps, payer{name: o.Name, e2e: o.Number, amount: ledger.NewMoney(o.Open.Minor-150, o.Open.Currency)})
			default:
				ps = append(ps, payer{name: "Stranger", text: "Danke", amount: ledger.NewMoney(12345, o.Open.Currency)})
			}
		}
		file := filepath.Join(b.TempDir(), "big.xml")
		// Dated the ledger's last day, so every open invoice is payable.
		doc := camtOf(ps, round*100000)
		if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		res, err := ImportFile(ctx, st, file, "bench")
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		out, err := Match(ctx, st, false, nil)
		if err != nil {
			b.Fatal(err)
		}
		posted := 0
		for _, o := range out {
			if o.Payment != "" {
				posted++
			}
		}
		b.Logf("%d open invoices; imported %d lines in %v, matched %d lines in %v (%d posted)",
			len(open), res.Added, t1.Sub(t0), len(out), time.Since(t1), posted)
	}
}
