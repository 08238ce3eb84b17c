package ledger

import (
	"fmt"
	"math/big"
)

// Decimal4 is a decimal with up to 4 places, stored as an integer scaled by
// 10^4: quantities (2.5 → 25000), tax rates and discounts in percent
// (8.875% → 88750).
type Decimal4 int64

const decimal4One = 10000

// ParseDecimal4 parses "2.5", "8.875", "100".
func ParseDecimal4(s string) (Decimal4, error) {
	n, err := parseFixed(s, 4)
	if err != nil {
		return 0, fmt.Errorf("decimal %q: %w", s, err)
	}
	return Decimal4(n), nil
}

// D4 makes a Decimal4 from a whole number.
func D4(whole int64) Decimal4 { return Decimal4(whole * decimal4One) }

// String prints the decimal without trailing zeros: "2.5", "100".
func (d Decimal4) String() string {
	s := formatFixed(int64(d), 4)
	for len(s) > 0 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

// roundDiv returns num/den rounded half away from zero. big.Int keeps the
// intermediate product exact however large quantity × price gets.
func roundDiv(num, den *big.Int) (int64, error) {
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	// |2r| >= |den| means the remainder is at least half: move away from zero.
	r2 := new(big.Int).Abs(r)
	r2.Lsh(r2, 1)
	if r2.Cmp(new(big.Int).Abs(den)) >= 0 {
		if (num.Sign() < 0) != (den.Sign() < 0) {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	if !q.IsInt64() {
		return 0, fmt.Errorf("amount out of range")
	}
	return q.Int64(), nil
}

// LineNet is round(quantity × unitPrice × (100% − discount%)), half away
// from zero, in the unit price's minor units.
func LineNet(qty Decimal4, unitPrice int64, discountPct Decimal4) (int64, error) {
	num := big.NewInt(int64(qty))
	num.Mul(num, big.NewInt(unitPrice))
	num.Mul(num, big.NewInt(int64(100*decimal4One-discountPct)))
	den := big.NewInt(decimal4One * 100 * decimal4One)
	n, err := roundDiv(num, den)
	if err != nil {
		return 0, err
	}
	return n, checkRange(n)
}

// TaxOn is round(net × rate%), half away from zero.
func TaxOn(net int64, ratePct Decimal4) (int64, error) {
	num := new(big.Int).Mul(big.NewInt(net), big.NewInt(int64(ratePct)))
	n, err := roundDiv(num, big.NewInt(100*decimal4One))
	if err != nil {
		return 0, err
	}
	return n, checkRange(n)
}
