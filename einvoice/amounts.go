package einvoice

import (
	"strconv"
	"strings"
	"time"

	"paidup/ledger"
)

// amount prints minor units with the currency's digits: "1234.50", "-3".
func amount(minor int64, digits int) string {
	neg := minor < 0
	if neg {
		minor = -minor
	}
	s := strconv.FormatInt(minor, 10)
	if digits > 0 {
		if len(s) <= digits {
			s = strings.Repeat("0", digits-len(s)+1) + s
		}
		s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

func (inv *Invoice) amt(minor int64) string { return amount(minor, inv.Digits) }

// percent prints a rate or percentage without trailing zeros: "19", "7.5".
func percent(d ledger.Decimal4) string { return d.String() }

// quantity prints a quantity with its decimals: "3", "1.25".
func quantity(d ledger.Decimal4) string { return d.String() }

func iso(t time.Time) string { return t.Format("2006-01-02") }
