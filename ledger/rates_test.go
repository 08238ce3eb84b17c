package ledger

import (
	"context"
	"os"
	"strings"
	"testing"
)

// The ECB's file, with EUR at home: 1 USD = 1/1.0816 EUR, rounded to 10
// places; a weekend day takes Friday's rate; before the first rate there
// is none, and the message says which currency and day.
func TestRatesECB(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if err := s.ChangeSetting(ctx, "business.currency", "EUR"); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../testdata/rates/eurofxref-hist-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Four days of USD, JPY, CZK, GBP and CHF: CYP is N/A, and BGN is no
	// current ISO 4217 currency (Bulgaria took the euro in 2026).
	n, err := s.ImportRates(ctx, f, "eurofxref-hist.csv")
	if err != nil || n != 4*5 {
		t.Fatalf("imported %d: %v", n, err)
	}
	r, err := s.RateOn(ctx, "USD", day("2026-03-29")) // a Sunday
	if err != nil || fmtDate(r.Date) != "2026-03-27" || r.String() != "0.9267840593" {
		t.Fatalf("USD on Sunday: %+v %s %v", r, r, err)
	}
	// 1,000.00 USD at 0.9267840593 = 926.7840593 EUR → 926.78.
	m, err := Convert(NewMoney(100000, "USD"), r, "EUR")
	if err != nil || m != NewMoney(92678, "EUR") {
		t.Fatalf("convert %v %v", m, err)
	}
	// Yen have no minor unit: 12,345 JPY at 1/162.53 = 75.9552... EUR → 75.96.
	jr, err := s.RateOn(ctx, "JPY", day("2026-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	if m, err := Convert(NewMoney(12345, "JPY"), jr, "EUR"); err != nil || m != NewMoney(7596, "EUR") {
		t.Fatalf("yen: %v %v", m, err)
	}
	if _, err := s.RateOn(ctx, "USD", day("2026-03-25")); ErrorCode(err) != ENOTFOUND || !strings.Contains(err.Error(), "USD") || !strings.Contains(err.Error(), "2026-03-25") {
		t.Fatalf("before the first rate: %v", err)
	}
	if _, err := s.RateOn(ctx, "CYP", day("2026-03-31")); ErrorCode(err) != ENOTFOUND {
		t.Fatalf("N/A became a rate: %v", err)
	}
	if r, err := s.RateOn(ctx, "EUR", day("1999-01-01")); err != nil || r.String() != "1" {
		t.Fatalf("home currency: %v %v", r, err)
	}
}

// With GBP at home the ECB's file gives cross rates: 1 USD = 0.8362/1.0816
// GBP, 1 EUR = 0.8362 GBP. A plain date,currency,rate file and a typed
// rate replace them; a bad row refuses the file, naming line and column.
func TestRatesCrossAndGeneric(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if err := s.ChangeSetting(ctx, "business.currency", "GBP"); err != nil {
		t.Fatal(err)
	}
	ecb := "Date,USD,GBP,\n2026-03-31,1.0816,0.8362,\n"
	if _, err := s.ImportRates(ctx, strings.NewReader(ecb), "ecb.csv"); err != nil {
		t.Fatal(err)
	}
	for cur, want := range map[string]string{"USD": "0.7731139053", "EUR": "0.8362"} {
		r, err := s.RateOn(ctx, cur, day("2026-04-02"))
		if err != nil || r.String() != want {
			t.Errorf("%s: %s %v, want %s", cur, r, err, want)
		}
	}
	if _, err := s.ImportRates(ctx, strings.NewReader("date,currency,rate\n2026-04-01,USD,0.78\n2026-04-01,CHF,x\n"), "mine.csv"); err == nil ||
		!strings.Contains(err.Error(), "mine.csv line 3, column 3") {
		t.Fatalf("bad row: %v", err)
	}
	if r, _ := s.RateOn(ctx, "USD", day("2026-04-02")); r.String() != "0.7731139053" {
		t.Fatalf("a refused file changed a rate: %s", r)
	}
	if err := s.SetRate(ctx, "usd", day("2026-04-01"), "0.78", "typed"); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.RateOn(ctx, "USD", day("2026-04-02")); r.String() != "0.78" {
		t.Fatalf("typed rate: %s", r)
	}
	for _, bad := range []string{"0", "-1", "abc", "1e3", "1/3"} {
		if err := s.SetRate(ctx, "USD", day("2026-04-01"), bad, ""); ErrorCode(err) != EINVALID {
			t.Errorf("rate %q accepted: %v", bad, err)
		}
	}
}

// Rounding: half away from zero on conversion, half to even on stored
// rates.
func TestConvertRounding(t *testing.T) {
	half, _ := parseRate("0.5")
	for _, tc := range []struct {
		minor int64
		want  int64
	}{{1, 1}, {3, 2}, {-3, -2}, {5, 3}, {100, 50}} {
		m, err := Convert(NewMoney(tc.minor, "USD"), Rate{Value: half}, "EUR")
		if err != nil || m.Minor != tc.want {
			t.Errorf("%d × 0.5 = %v %v, want %d", tc.minor, m, err, tc.want)
		}
	}
	if r, _ := parseRate("0.12345678905"); (Rate{Value: r}).String() != "0.123456789" {
		t.Errorf("half to even down: %s", Rate{Value: r})
	}
	if r, _ := parseRate("0.12345678915"); (Rate{Value: r}).String() != "0.1234567892" {
		t.Errorf("half to even up: %s", Rate{Value: r})
	}
}
