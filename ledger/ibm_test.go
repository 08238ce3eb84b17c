package ledger

import (
	"context"
	"encoding/csv"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ibmPath is the real public AR data set, copied into the repository with
// its provenance (testdata/ibm/README.md).
const ibmPath = "../testdata/ibm/ibm-ar-late-payments.csv"

type ibmRow struct {
	customer, number, issue, due, settled, amount string
	daysLate                                      string
}

func readIBM(t *testing.T) []ibmRow {
	t.Helper()
	f, err := os.Open(ibmPath)
	if err != nil {
		t.Fatalf("the IBM data set is needed for this test (testdata/ibm): %v", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	mdy := func(s string) string {
		d, err := time.Parse("1/2/2006", s)
		if err != nil {
			t.Fatalf("IBM date %q: %v", s, err)
		}
		return d.Format(DateLayout)
	}
	var rows []ibmRow
	for _, r := range recs[1:] {
		rows = append(rows, ibmRow{customer: r[col["customerID"]], number: r[col["invoiceNumber"]],
			issue: mdy(r[col["InvoiceDate"]]), due: mdy(r[col["DueDate"]]), settled: mdy(r[col["SettledDate"]]),
			amount: r[col["InvoiceAmount"]], daysLate: r[col["DaysLate"]]})
	}
	return rows
}

// TestIBMDataSet converts the IBM late-payments sample to Paidup's CSV
// formats, imports it through the real import path and checks its totals
// against sums computed independently from the source file.
// ibmStore imports the IBM data set, converted to Paidup's CSV formats,
// through the real import path.
func ibmStore(t *testing.T) (*Store, []ibmRow, *big.Rat) {
	rows := readIBM(t)
	if len(rows) != 2466 {
		t.Fatalf("%d rows, want 2466", len(rows))
	}
	dir := t.TempDir()
	var cust, inv, pay strings.Builder
	cust.WriteString("code,name,currency,terms_days\n")
	inv.WriteString("number,customer_code,issue_date,due_date,amount,currency,description\n")
	pay.WriteString("customer_code,date,amount,reference,invoice_number\n")
	seen := map[string]bool{}
	total := new(big.Rat)
	for _, r := range rows {
		if !seen[r.customer] {
			seen[r.customer] = true
			fmt.Fprintf(&cust, "%s,Customer %s,USD,30\n", r.customer, r.customer)
		}
		fmt.Fprintf(&inv, "%s,%s,%s,%s,%s,USD,Invoice %s\n", r.number, r.customer, r.issue, r.due, r.amount, r.number)
		fmt.Fprintf(&pay, "%s,%s,%s,settle %s,%s\n", r.customer, r.settled, r.amount, r.number, r.number)
		a, ok := new(big.Rat).SetString(r.amount)
		if !ok {
			t.Fatalf("amount %q", r.amount)
		}
		total.Add(total, a)
	}
	s := newTestStore(t)
	for _, f := range []struct{ kind, body string }{{"customers", cust.String()}, {"invoices", inv.String()}, {"payments", pay.String()}} {
		p := filepath.Join(dir, f.kind+".csv")
		if err := os.WriteFile(p, []byte(f.body), 0o600); err != nil {
			t.Fatal(err)
		}
		res, err := importFile(t, s, f.kind, p, ImportOptions{})
		if err != nil {
			t.Fatalf("%s: %v %v", f.kind, err, res.Problems)
		}
	}
	return s, rows, total
}

func TestIBMDataSetImport(t *testing.T) {
	ctx := context.Background()
	s, rows, total := ibmStore(t)
	want := new(big.Rat).Mul(total, big.NewRat(100, 1))
	if !want.IsInt() {
		t.Fatalf("total %s is not whole cents", total.FloatString(4))
	}
	var invoiced, paid int64
	var count, customers int
	s.r.QueryRow(`SELECT count(*), SUM(total) FROM documents WHERE kind = 'invoice'`).Scan(&count, &invoiced)
	s.r.QueryRow(`SELECT SUM(total) FROM documents WHERE kind = 'payment'`).Scan(&paid)
	s.r.QueryRow(`SELECT count(*) FROM customers`).Scan(&customers)
	if count != 2466 || customers != 100 || invoiced != want.Num().Int64() || paid != invoiced {
		t.Fatalf("count %d customers %d invoiced %d paid %d, want 2466, 100, %s", count, customers, invoiced, paid, want.Num())
	}
	rep := mustCheck(t, s)
	if rep.Receivable["USD"] != 0 || rep.Credits["USD"] != 0 {
		t.Fatalf("all settled, yet AR %d credits %d", rep.Receivable["USD"], rep.Credits["USD"])
	}
	// Leading zeros survive, and each invoice was settled on its date.
	d, err := s.Document(ctx, "0000611365")
	if err != nil {
		t.Fatal(err)
	}
	als, err := s.Allocations(ctx, d.ID)
	if err != nil || len(als) != 1 || fmtDate(als[0].Date) != "2013-01-15" || d.Total.Minor != 5594 {
		t.Fatalf("%+v %+v %v", d, als, err)
	}
	// Days late recomputed from the ledger match the file's own column.
	var lateLedger, lateFile int64
	s.r.QueryRow(`SELECT SUM(MAX(0, julianday(a.date) - julianday(i.due_date))) FROM allocations a JOIN documents i ON i.id = a.invoice_id`).Scan(&lateLedger)
	for _, r := range rows {
		var n int64
		fmt.Sscan(r.daysLate, &n)
		lateFile += n
	}
	if lateLedger != lateFile {
		t.Fatalf("days late: ledger %d, file %d", lateLedger, lateFile)
	}
}
