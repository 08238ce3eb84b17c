//go:build unix

package ledger

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkChargesPreview previews late-payment interest (8 %/year) and a
// fixed compensation for every late invoice of the large ledger
// (PAIDUP_BENCH_DB), on a copy of it: the settings are written there, not
// into the ledger make bench keeps. Target: under 3 s on a million
// invoices.
func BenchmarkChargesPreview(b *testing.B) {
	src := os.Getenv("PAIDUP_BENCH_DB")
	if src == "" {
		b.Fatal("set PAIDUP_BENCH_DB to a large demo ledger (make bench does)")
	}
	path := filepath.Join(b.TempDir(), "charges.db")
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFileB(src+suffix, path+suffix); err != nil && !(suffix != "" && os.IsNotExist(err)) {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	for k, v := range map[string]string{"charges.interest": "8%/year", "charges.compensation": "40"} {
		if err := s.ChangeSetting(ctx, k, v); err != nil {
			b.Fatal(err)
		}
	}
	asOf := benchAsOf(b, s)
	// CPU time beside wall time: on a machine shared with other work the
	// wall clock says more about the neighbours than about this code.
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		if err := s.PreviewCharges(ctx, asOf, func(ChargeLine) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n), "invoices")
	}
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func copyFileB(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
