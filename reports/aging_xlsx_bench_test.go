package reports

import (
	"fmt"
	"strconv"
	"testing"

	"paidup/ledger"
)

// xlsxBenchRows is the size the design's target names: an aging detail
// of 100,000 open items in under 5 s and 300 MB of resident memory.
const xlsxBenchRows = 100_000

// xlsxBenchDetail feeds n synthetic open items in three currencies, every tenth
// an unapplied payment, as ledger.Store.AgingDetail would: one at a time.
func xlsxBenchDetail(n int) func(fn func(ledger.AgingItem) error) error {
	const customers = 5000
	codes, names := make([]string, customers), make([]string, customers)
	for i := range customers {
		codes[i], names[i] = fmt.Sprintf("C%05d", i), fmt.Sprintf("Customer %d Trading GmbH & Co. KG", i)
	}
	curs := []string{"EUR", "JPY", "KWD"}
	return func(fn func(ledger.AgingItem) error) error {
		for i := range n {
			days := i%200 - 30
			it := ledger.AgingItem{CustomerCode: codes[i%customers], CustomerName: names[i%customers], Kind: ledger.KindInvoice,
				Number: "INV-" + strconv.Itoa(i), IssueDate: xlsxAsOf.AddDate(0, 0, -days-30), DueDate: xlsxAsOf.AddDate(0, 0, -days),
				DaysPastDue: days, Bucket: ledger.BucketOf(days, ledger.DefaultEdges), Currency: curs[i%3],
				Original: int64(i)*137 + 99, Open: int64(i)*101 + 1}
			if i%10 == 9 {
				it.Kind, it.Number, it.Bucket = ledger.KindPayment, "PAY-"+strconv.Itoa(i), -1
				it.Original, it.Open = -it.Original, -it.Open
			}
			if err := fn(it); err != nil {
				return err
			}
		}
		return nil
	}
}

type xlsxCountingWriter struct{ n int64 }

func (w *xlsxCountingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// BenchmarkAgingXLSXDetail writes a workbook whose Detail sheet has 100,000
// rows. Peak RSS, which the benchmark cannot see, is measured from outside:
//
//	go test -c -o /tmp/reports.test ./reports
//	/usr/bin/time -v /tmp/reports.test -test.run '^$' -test.bench AgingXLSXDetail -test.benchtime 1x
func BenchmarkAgingXLSXDetail(b *testing.B) {
	a, detail := xlsxSynthAging(50), xlsxBenchDetail(xlsxBenchRows)
	b.ReportAllocs()
	var size int64
	for b.Loop() {
		w := &xlsxCountingWriter{}
		if err := WriteAgingXLSX(w, a, detail, xlsxMeta); err != nil {
			b.Fatal(err)
		}
		size = w.n
	}
	b.ReportMetric(float64(size)/1e6, "MB/file")
	b.ReportMetric(float64(xlsxBenchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
