package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"paidup/ledger"
)

// TestOpenNeverCreates: Open names a missing ledger and makes nothing;
// Create makes it; both refuse a zero-byte file and leave it as it is.
func TestOpenNeverCreates(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "missing")
	path := filepath.Join(dir, "l.db")
	if _, err := Open(ctx, path); ledger.ErrorCode(err) != ledger.ENOTFOUND || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open on a missing path: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("Open made %s", dir)
	}
	a, err := Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	if a, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	a.Close()
	empty := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, open := range []func(context.Context, string) (*App, error){Open, Create} {
		if _, err := open(ctx, empty); err == nil || !strings.Contains(err.Error(), "an empty file, 0 bytes") {
			t.Fatalf("a zero-byte file: %v", err)
		}
	}
	if fi, err := os.Stat(empty); err != nil || fi.Size() != 0 {
		t.Fatalf("the zero-byte file was changed: %v %v", fi, err)
	}
}

// TestParseDayRange: a form's date outside 1900-01-01 … 2199-12-31 says
// so, rather than "use a date such as 2026-03-31".
func TestParseDayRange(t *testing.T) {
	for _, s := range []string{"9999-12-31", "0000-01-01", "1899-12-31", "2200-01-01"} {
		if _, err := ParseDay(s, time.Time{}); err == nil || !strings.Contains(err.Error(), "Paidup takes dates from 1900-01-01 to 2199-12-31") {
			t.Errorf("ParseDay(%s): %v", s, err)
		}
	}
	if _, err := ParseDay("31/03/2026", time.Time{}); err == nil || !strings.Contains(err.Error(), "use a date such as") {
		t.Errorf("ParseDay(31/03/2026): %v", err)
	}
	if d, err := ParseDay("2199-12-31", time.Time{}); err != nil || d.Year() != 2199 {
		t.Errorf("ParseDay(2199-12-31): %v %v", d, err)
	}
}

// TestFormsNameTheNumberStyle: "1.234,56" typed in a form is told what is
// wrong with it.
func TestFormsNameTheNumberStyle(t *testing.T) {
	if _, err := ParseAmount("1.234,56", "EUR", "amount"); err == nil || !strings.Contains(err.Error(), "a decimal comma and '.' between thousands") {
		t.Fatalf("ParseAmount: %v", err)
	}
	if _, err := ParseLines("EUR", []LineForm{{Description: "x", Quantity: "1,5", UnitPrice: "10"}}); err == nil || !strings.Contains(err.Error(), "a decimal comma (1234,56)") {
		t.Fatalf("ParseLines: %v", err)
	}
}
