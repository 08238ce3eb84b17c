package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinaryQuietUnderCLocale runs the real binary the way cron and CI do,
// with LANG=C.UTF-8: no Fyne locale noise on stderr, the ledger file 0600.
func TestBinaryQuietUnderCLocale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real binary (slow): skipped in -short mode")
	}
	dir := t.TempDir()
	bin := buildPaidup(t, dir)
	db := filepath.Join(dir, "q.db")
	// demo makes the ledger (check, like every command that only reads,
	// refuses a path with none).
	for _, args := range [][]string{{"version"}, {"--db", db, "demo", "--invoices", "20", "--as-of", "2026-03-31"}, {"--db", db, "check"}} {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(cleanEnv(), "LANG=C.UTF-8", "HOME="+dir)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || stderr.Len() != 0 {
			t.Fatalf("paidup %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, out, stderr.String())
		}
	}
	if out, err := exec.Command("stat", "-c", "%a", db).Output(); err != nil || strings.TrimSpace(string(out)) != "600" {
		t.Fatalf("ledger mode %s %v", out, err)
	}
}
