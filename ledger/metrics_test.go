package ledger

import (
	"context"
	"fmt"
	"math/big"
	"testing"
)

func TestFigureRounding(t *testing.T) {
	tests := []struct {
		num, den int64
		places   int
		want     string
	}{
		{1, 3, 1, "0.3"}, {2, 3, 1, "0.7"}, {1, 20, 1, "0.1"}, {-1, 20, 1, "-0.1"}, {1, 200, 2, "0.01"}, {5, 1, 2, "5.00"}, {1, 0, 1, "n/a"},
	}
	for _, tt := range tests {
		if got := ratio(big.NewInt(tt.num), big.NewInt(tt.den)).Format(tt.places); got != tt.want {
			t.Errorf("%d/%d to %d places = %s, want %s", tt.num, tt.den, tt.places, got, tt.want)
		}
	}
}

// TestMetricsIBM checks every metric on the IBM data set against figures
// computed independently from the source rows.
func TestMetricsIBM(t *testing.T) {
	ctx := context.Background()
	s, rows, _ := ibmStore(t)
	for _, tc := range []struct {
		asOf string
		days int
	}{{"2013-06-30", 90}, {"2013-12-31", 30}, {"2012-09-15", 365}} {
		t.Run(tc.asOf, func(t *testing.T) {
			d := day(tc.asOf)
			startEve := d.AddDate(0, 0, -tc.days)
			cents := func(a string) int64 {
				m, err := ParseMoney(a, "USD")
				if err != nil {
					t.Fatal(err)
				}
				return m.Minor
			}
			var arStart, arEnd, current, sales, n, late, days, lateDays int64
			for _, r := range rows {
				issue, due, settled := day(r.issue), day(r.due), day(r.settled)
				amt := cents(r.amount)
				if !issue.After(startEve) || issue.After(d) {
				} else {
					sales += amt
				}
				if !issue.After(startEve) && settled.After(startEve) {
					arStart += amt
				}
				if !issue.After(d) && settled.After(d) {
					arEnd += amt
					if !due.Before(d) {
						current += amt
					}
				}
				if settled.After(startEve) && !settled.After(d) {
					n++
					days += int64(DaysBetween(issue, settled))
					if l := DaysBetween(due, settled); l > 0 {
						late++
						lateDays += int64(l)
					}
				}
			}
			ms, err := s.Metrics(ctx, MetricsOptions{AsOf: d, Days: tc.days})
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != 1 {
				t.Fatalf("%+v", ms)
			}
			m := ms[0]
			if m.ARStart != arStart || m.AREnd != arEnd || m.CurrentEnd != current || m.CreditSales != sales || m.PaidCount != int(n) || m.LateCount != int(late) {
				t.Fatalf("ledger %+v\nfile: start %d end %d current %d sales %d paid %d late %d", m, arStart, arEnd, current, sales, n, late)
			}
			want := map[string][2]string{
				"dso":             {m.DSO.Format(1), ratio(big.NewInt(arEnd*int64(tc.days)), big.NewInt(sales)).Format(1)},
				"cei":             {m.CEI.Format(2), ratio(big.NewInt((arStart+sales-arEnd)*100), big.NewInt(arStart+sales-current)).Format(2)},
				"avg_days_to_pay": {m.AvgDaysToPay.Format(1), ratio(big.NewInt(days), big.NewInt(n)).Format(1)},
				"avg_days_late":   {m.AvgDaysLate.Format(1), ratio(big.NewInt(lateDays), big.NewInt(n)).Format(1)},
				"percent_late":    {m.PercentPaidLate.Format(2), ratio(big.NewInt(late*100), big.NewInt(n)).Format(2)},
			}
			for k, v := range want {
				if v[0] != v[1] || v[0] == "n/a" {
					t.Errorf("%s: ledger %s, file %s", k, v[0], v[1])
				}
			}
			t.Logf("as of %s over %d days: DSO %s, CEI %s, days to pay %s, days late %s, %s%% late", tc.asOf, tc.days,
				m.DSO.Format(1), m.CEI.Format(2), m.AvgDaysToPay.Format(1), m.AvgDaysLate.Format(1), m.PercentPaidLate.Format(2))
		})
	}
}

func TestMetricsPerCustomerAndEmpty(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "A", "USD")
	ms, err := s.Metrics(ctx, MetricsOptions{AsOf: day("2026-03-31")})
	if err != nil || len(ms) != 0 {
		t.Fatalf("%v %v", ms, err)
	}
	mustInvoice(t, s, "A", "2026-01-01", line(1, 10000, 0))
	ms, err = s.Metrics(ctx, MetricsOptions{AsOf: day("2026-03-31"), Customer: "A"})
	if err != nil || len(ms) != 1 || ms[0].DSO.Format(1) != "90.0" || ms[0].AvgDaysToPay.Valid() {
		t.Fatalf("%+v %v", ms, err)
	}
	if _, err := s.Metrics(ctx, MetricsOptions{Customer: "NOPE"}); ErrorCode(err) != ENOTFOUND {
		t.Fatal(err)
	}
	_ = fmt.Sprint
}
