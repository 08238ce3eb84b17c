package ui

import (
	"fmt"

	"paidup/ledger"
)

// shortAmount prints an amount in whole units, in thousands (k) or
// millions (M) with one decimal, rounded half away from zero: "950",
// "22.4k", "1.3M". A chart's caption is then short enough to show whole;
// the currency is in the chart's heading. Integer arithmetic only.
func shortAmount(m ledger.Money) string {
	digits, err := ledger.Digits(m.Currency)
	if err != nil {
		digits = 2
	}
	scale := int64(1)
	for range digits {
		scale *= 10
	}
	neg := m.Minor < 0
	minor := m.Minor
	if neg {
		minor = -minor
	}
	sign := ""
	if neg {
		sign = "-"
	}
	units := (minor + scale/2) / scale // whole units, rounded
	switch {
	case units < 1000:
		return fmt.Sprintf("%s%d", sign, units)
	case units < 999_950:
		tenths := (minor*10/1000 + scale/2) / scale // tenths of a thousand units
		return fmt.Sprintf("%s%d.%dk", sign, tenths/10, tenths%10)
	}
	tenths := (minor*10/1_000_000 + scale/2) / scale
	return fmt.Sprintf("%s%d.%dM", sign, tenths/10, tenths%10)
}
