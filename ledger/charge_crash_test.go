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

// TestCrashDuringCharges kills (SIGKILL) a process in the middle of a
// charges run and finds the ledger as before: no charge, no charged
// period, invariants whole. A run afterwards charges every invoice once.
func TestCrashDuringCharges(t *testing.T) {
	sqliteOnly(t)
	if os.Getenv("PAIDUP_CHARGE_CRASH_DB") != "" {
		return // this is the child
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "charges.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	const invoices = 2000
	var codes []string
	for i := 0; i < 20; i++ {
		codes = append(codes, mustCustomer(t, s, fmt.Sprintf("C%02d", i), "USD").Code)
	}
	csvPath := filepath.Join(filepath.Dir(path), "invoices.csv")
	writeInvoiceCSV(t, csvPath, invoices, codes, "K")
	if _, err := importFile(t, s, "invoices", csvPath, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangeSetting(ctx, "charges.interest", "8%/year"); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangeSetting(ctx, "charges.compensation", "10"); err != nil {
		t.Fatal(err)
	}
	before := fingerprint(t, s)
	s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestChargeCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), "PAIDUP_CHARGE_CRASH_DB="+path)
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
		if l == "posted 1000" {
			// Half the charges written, none committed.
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
		t.Fatalf("ledger changed by a killed charges run:\n%s\n%s", before, after)
	}
	var n int
	if err := s.r.QueryRow(`SELECT count(*) FROM charge_periods`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d charged periods left by the killed run (%v)", n, err)
	}
	ls, err := s.PostCharges(ctx, day("2026-06-30"), nil)
	if err != nil || len(ls) != invoices {
		t.Fatalf("run after the crash: %d charges, %v", len(ls), err)
	}
	if ls, err := s.PostCharges(ctx, day("2026-06-30"), nil); err != nil || len(ls) != 0 {
		t.Fatalf("a second run charged %d again (%v)", len(ls), err)
	}
	if err := s.r.QueryRow(`SELECT count(*) FROM charge_periods WHERE kind = 'compensation'`).Scan(&n); err != nil || n != invoices {
		t.Fatalf("%d compensations, want %d (%v)", n, invoices, err)
	}
	mustCheck(t, s)
}

// TestChargeCrashChild is the process TestCrashDuringCharges kills.
func TestChargeCrashChild(t *testing.T) {
	path := os.Getenv("PAIDUP_CHARGE_CRASH_DB")
	if path == "" {
		return // only runs as the child of TestCrashDuringCharges
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.PostCharges(context.Background(), day("2026-06-30"), func(n int) {
		if n%100 == 0 {
			fmt.Printf("posted %d\n", n)
			os.Stdout.Sync()
		}
		if n == 1000 {
			time.Sleep(10 * time.Second) // wait to be killed
		}
	})
	fmt.Println("done", err)
}
