package ledger

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeInvoiceCSV writes n one-line invoices for the customers given.
func writeInvoiceCSV(t testing.TB, path string, n int, customers []string, prefix string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "number,customer_code,issue_date,due_date,amount,currency,description,tax_rate")
	base := day("2025-01-01")
	for i := 0; i < n; i++ {
		d := base.AddDate(0, 0, i%400)
		fmt.Fprintf(w, "%s%07d,%s,%s,%s,%d.%02d,USD,Services rendered,%d\n", prefix, i+1, customers[i%len(customers)],
			fmtDate(d), fmtDate(d.AddDate(0, 0, 30)), 10+i%5000, i%100, []int{0, 20}[i%2])
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestCrashDuringImport kills (SIGKILL) a process in the middle of a large
// import and finds the ledger exactly as before: integrity ok, invariants
// hold, not one row of the file written.
func TestCrashDuringImport(t *testing.T) {
	sqliteOnly(t)
	if os.Getenv("PAIDUP_CRASH_DB") != "" {
		return // this is the child
	}
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "crash.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for i := 0; i < 20; i++ {
		c := mustCustomer(t, s, fmt.Sprintf("C%02d", i), "USD")
		codes = append(codes, c.Code)
	}
	mustInvoice(t, s, "C00", "2025-01-01", line(1, 10000, 0))
	before := fingerprint(t, s)
	s.Close()
	csvPath := filepath.Join(dir, "big.csv")
	writeInvoiceCSV(t, csvPath, 200000, codes, "K")

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), "PAIDUP_CRASH_DB="+path, "PAIDUP_CRASH_CSV="+csvPath)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	killed := false
	var seen []string
	for sc.Scan() {
		l := sc.Text()
		seen = append(seen, l)
		if l == "rows 10000" {
			// Well inside the transaction: rows are being written.
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			killed = true
			break
		}
	}
	cmd.Wait()
	if !killed {
		t.Fatalf("the child finished before it could be killed; output: %s", strings.Join(seen, " | "))
	}

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustCheck(t, s)
	if after := fingerprint(t, s); after != before {
		t.Fatalf("ledger changed by a killed import:\n%s\n%s", before, after)
	}
	var n int
	if err := s.r.QueryRow(`SELECT count(*) FROM documents WHERE number LIKE 'K%'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d rows of the file in the ledger (%v)", n, err)
	}
}

// TestCrashChild is the process TestCrashDuringImport kills.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("PAIDUP_CRASH_DB")
	if path == "" {
		return // only runs as the child of TestCrashDuringImport
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(os.Getenv("PAIDUP_CRASH_CSV"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ImportInvoices(context.Background(), f, "big.csv", ImportOptions{Progress: func(n int) {
		fmt.Printf("rows %d\n", n)
		os.Stdout.Sync()
		if n == 10000 {
			time.Sleep(10 * time.Second) // wait to be killed
		}
	}})
	fmt.Println("done", err)
}
