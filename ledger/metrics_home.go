package ledger

import "math/big"

// HomeMetrics puts the metrics of every currency together in the home
// currency: each currency's receivables, sales and collections converted
// by conv (paidup converts them all at the rate of the as-of date, so an
// exchange movement within the period moves no ratio), then DSO and CEI
// computed on the sums as for one currency. The payment timings (days to
// pay, days late) are averaged over every invoice paid, whatever its
// currency.
func HomeMetrics(ms []Metrics, home string, conv func(minor int64, cur string) (int64, error)) (Metrics, error) {
	h := Metrics{Currency: home}
	var days, lateDays big.Rat
	for i, m := range ms {
		if i == 0 {
			h.AsOf, h.Days = m.AsOf, m.Days
		}
		for _, f := range []struct {
			to   *int64
			from int64
		}{{&h.ARStart, m.ARStart}, {&h.AREnd, m.AREnd}, {&h.CurrentEnd, m.CurrentEnd}, {&h.CreditSales, m.CreditSales}} {
			v, err := conv(f.from, m.Currency)
			if err != nil {
				return Metrics{}, err
			}
			*f.to += v
		}
		h.PaidCount += m.PaidCount
		h.LateCount += m.LateCount
		n := new(big.Rat).SetInt64(int64(m.PaidCount))
		if m.AvgDaysToPay.Valid() {
			days.Add(&days, new(big.Rat).Mul(m.AvgDaysToPay.r, n))
		}
		if m.AvgDaysLate.Valid() {
			lateDays.Add(&lateDays, new(big.Rat).Mul(m.AvgDaysLate.r, n))
		}
	}
	h.Overdue = h.AREnd - h.CurrentEnd
	h.DSO = ratio(new(big.Int).Mul(big.NewInt(h.AREnd), big.NewInt(int64(h.Days))), big.NewInt(h.CreditSales))
	collected := h.ARStart + h.CreditSales - h.AREnd
	collectible := h.ARStart + h.CreditSales - h.CurrentEnd
	h.CEI = ratio(big.NewInt(collected*100), big.NewInt(collectible))
	if h.PaidCount > 0 {
		n := new(big.Rat).SetInt64(int64(h.PaidCount))
		h.AvgDaysToPay = Figure{new(big.Rat).Quo(&days, n)}
		h.AvgDaysLate = Figure{new(big.Rat).Quo(&lateDays, n)}
		h.PercentPaidLate = ratio(big.NewInt(int64(h.LateCount)*100), big.NewInt(int64(h.PaidCount)))
	}
	return h, nil
}
