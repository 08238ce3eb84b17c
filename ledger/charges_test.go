package ledger

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"
	"time"
)

// testRefRates reads testdata/charges/rates.csv.
func testRefRates(t *testing.T) RefRates {
	t.Helper()
	f, err := os.Open("../testdata/charges/rates.csv")
	if err != nil {
		t.Fatalf("the hand-computed charges table is needed (testdata/charges): %v", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rates := RefRates{}
	for _, r := range recs[1:] {
		v, err := parsePercent(r[2])
		if err != nil {
			t.Fatal(err)
		}
		rates[r[0]] = append(rates[r[0]], RefRate{Series: r[0], Date: mustDate(t, r[1]), Rate: v})
	}
	return rates
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestInterestHandComputed holds Interest to testdata/charges/interest.csv:
// a leap day, a reference-rate change, a partial payment, disputes, the
// UK's fixed rate, a monthly rate and a half to round.
func TestInterestHandComputed(t *testing.T) {
	f, err := os.Open("../testdata/charges/interest.csv")
	if err != nil {
		t.Fatalf("the hand-computed charges table is needed (testdata/charges): %v", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rates := testRefRates(t)
	for _, rec := range recs[1:] {
		t.Run(rec[0], func(t *testing.T) {
			rule, err := ParseInterestRule(rec[1])
			if err != nil {
				t.Fatal(err)
			}
			basis, err := ParseDayCount(rec[2])
			if err != nil {
				t.Fatal(err)
			}
			total, err := ParseMoney(rec[4], rec[3])
			if err != nil {
				t.Fatal(err)
			}
			c := InterestCase{Total: total, Due: mustDate(t, rec[5]), From: mustDate(t, rec[6]), To: mustDate(t, rec[7]),
				Rule: rule, Basis: basis, Rates: rates}
			for _, a := range strings.Split(rec[8], ";") {
				if a == "" {
					continue
				}
				d, amt, _ := strings.Cut(a, "=")
				m, err := ParseMoney(amt, rec[3])
				if err != nil {
					t.Fatal(err)
				}
				c.Allocs = append(c.Allocs, DatedAmount{Date: mustDate(t, d), Amount: m.Minor})
			}
			for _, d := range strings.Split(rec[9], ";") {
				if d == "" {
					continue
				}
				from, to, _ := strings.Cut(d, "..")
				s := Span{From: mustDate(t, from)}
				if to != "" {
					s.To = mustDate(t, to)
				}
				c.Disputes = append(c.Disputes, s)
			}
			pieces, got, err := Interest(c)
			if err != nil {
				t.Fatal(err)
			}
			if got.Plain() != rec[10] {
				t.Errorf("interest %s, want %s (%s)\nworking: %s", got.Plain(), rec[10], rec[11], InterestWorking(pieces, rule, basis))
			}
		})
	}
}

func TestInterestWorkingAcrossRateChange(t *testing.T) {
	rule, _ := ParseInterestRule("eu")
	c := InterestCase{Total: NewMoney(100000, "EUR"), Due: mustDate(t, "2024-06-20"), From: mustDate(t, "2024-06-21"), To: mustDate(t, "2024-07-10"),
		Rule: rule, Basis: 365, Rates: testRefRates(t)}
	pieces, _, err := Interest(c)
	if err != nil {
		t.Fatal(err)
	}
	got := InterestWorking(pieces, rule, 365)
	want := "2024-06-21–2024-06-30: 10 days × 1000.00 × 12.5% / 365 = 3.42; 2024-07-01–2024-07-10: 10 days × 1000.00 × 12.25% / 365 = 3.36 (interest eu, Actual/365)"
	if got != want {
		t.Errorf("working\n got %s\nwant %s", got, want)
	}
}

func TestInterestMissingReferenceRate(t *testing.T) {
	for _, rule := range []string{"eu", "uk"} {
		r, _ := ParseInterestRule(rule)
		_, _, err := Interest(InterestCase{Total: NewMoney(100000, "EUR"), Due: mustDate(t, "2022-03-31"), From: mustDate(t, "2022-04-01"), To: mustDate(t, "2022-04-30"),
			Rule: r, Basis: 365, Rates: testRefRates(t)})
		if err == nil || !strings.Contains(err.Error(), "reference rate in force on 202") {
			t.Errorf("%s: want an error naming the day without a reference rate, got %v", rule, err)
		}
	}
}

func TestParseChargeRules(t *testing.T) {
	for _, s := range []string{"", "none", "8%/year", "1.5%/month", "1.5 %/month", "eu", "eu-de", "uk", "EU"} {
		if _, err := ParseInterestRule(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range []string{"8", "8%", "-1%/year", "0%/year", "x%/year", "8%/week", "1e3%/year", "2000%/year"} {
		if _, err := ParseInterestRule(s); err == nil {
			t.Errorf("%q: want an error", s)
		}
	}
	for _, s := range []string{"", "none", "eu", "uk", "25", "25.00"} {
		if _, err := ParseCompensationRule(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range []string{"-5", "0", "abc", "25.001"} {
		if _, err := ParseCompensationRule(s); err == nil {
			t.Errorf("%q: want an error", s)
		}
	}
	for _, s := range []string{"act/366", "30/360"} {
		if _, err := ParseDayCount(s); err == nil {
			t.Errorf("%q: want an error", s)
		}
	}
}

func TestCompensation(t *testing.T) {
	uk := CompensationRule{Kind: CompensationUK}
	for _, c := range []struct {
		total int64
		want  string
	}{{99999, "40.00"}, {100000, "70.00"}, {999999, "70.00"}, {1000000, "100.00"}} {
		m, _, err := CompensationFor(uk, NewMoney(c.total, "GBP"))
		if err != nil || m.Plain() != c.want {
			t.Errorf("uk on %d: %v %v, want %s", c.total, m.Plain(), err, c.want)
		}
	}
	if m, _, err := CompensationFor(CompensationRule{Kind: CompensationEU}, NewMoney(1, "EUR")); err != nil || m.Plain() != "40.00" {
		t.Errorf("eu: %v %v", m, err)
	}
	if _, _, err := CompensationFor(CompensationRule{Kind: CompensationEU}, NewMoney(1, "USD")); err == nil {
		t.Error("eu on a USD invoice: want an error")
	}
	if m, _, err := CompensationFor(CompensationRule{Kind: CompensationAmount, Amount: "25"}, NewMoney(1, "JPY")); err != nil || m.Minor != 25 {
		t.Errorf("25 JPY: %v %v", m, err)
	}
}
