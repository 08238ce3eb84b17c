package ledger

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bojanz/currency"
)

// Money is an exact amount: a count of the currency's minor unit.
type Money struct {
	Minor    int64
	Currency string // ISO 4217 code, upper case
}

// ErrCurrencyMismatch is returned when amounts of two currencies meet.
var ErrCurrencyMismatch = errors.New("currency mismatch")

// ErrAmountOverflow is returned when a sum or difference of amounts does not
// fit an int64 of minor units.
var ErrAmountOverflow = errors.New("amount overflow")

// Digits returns the number of minor digits of an ISO 4217 currency
// (JPY 0, USD 2, KWD 3).
func Digits(code string) (int, error) {
	d, ok := currency.GetDigits(code)
	if !ok || !currency.IsValid(code) {
		return 0, fmt.Errorf("unknown currency %q (want an ISO 4217 code such as USD or EUR)", code)
	}
	return int(d), nil
}

// ValidCurrency reports whether code is a known ISO 4217 code.
func ValidCurrency(code string) bool {
	_, err := Digits(code)
	return err == nil
}

// NewMoney returns minor units of a currency.
func NewMoney(minor int64, cur string) Money { return Money{Minor: minor, Currency: cur} }

// ParseMoney parses a plain decimal ("1234.50", "-3", "0.125") in a currency.
// It refuses more decimals than the currency has rather than rounding, and
// refuses thousands separators, exponents and anything but ASCII digits.
func ParseMoney(s, cur string) (Money, error) {
	digits, err := Digits(cur)
	if err != nil {
		return Money{}, err
	}
	n, err := parseFixed(s, digits)
	if err != nil {
		return Money{}, fmt.Errorf("amount %q in %s: %w", s, cur, err)
	}
	return Money{Minor: n, Currency: cur}, nil
}

// parseFixed parses a decimal string into an integer scaled by 10^places.
func parseFixed(s string, places int) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty")
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	if why := notPlain(s); why != "" {
		return 0, errors.New(why)
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && frac == "" {
		return 0, errors.New("not a number")
	}
	if hasDot && frac == "" {
		return 0, errors.New("not a number: nothing after the decimal point")
	}
	if len(frac) > places {
		if places == 0 {
			return 0, errors.New("this currency has no decimals")
		}
		return 0, fmt.Errorf("more than %d decimals", places)
	}
	for _, part := range []string{intPart, frac} {
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0, errors.New("not a plain decimal number (use digits and '.', no thousands separators)")
			}
		}
	}
	digits := intPart + frac + strings.Repeat("0", places-len(frac))
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, errors.New("too large")
	}
	if neg {
		n = -n
	}
	return n, nil
}

// formatFixed prints n/10^places with exactly places decimals.
func formatFixed(n int64, places int) string {
	neg := n < 0
	var u uint64
	if neg {
		u = uint64(-(n + 1)) + 1 // safe for math.MinInt64
	} else {
		u = uint64(n)
	}
	s := strconv.FormatUint(u, 10)
	if places > 0 {
		if len(s) <= places {
			s = strings.Repeat("0", places-len(s)+1) + s
		}
		s = s[:len(s)-places] + "." + s[len(s)-places:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Plain prints the amount with exactly the currency's minor digits and no
// separators, as in CSV exports: "1234.50", "-3", "0.125".
func (m Money) Plain() string {
	d, err := Digits(m.Currency)
	if err != nil {
		d = 2
	}
	return formatFixed(m.Minor, d)
}

// String prints the amount grouped for people, with its code: "1,234.50 USD".
func (m Money) String() string {
	p := m.Plain()
	neg := strings.HasPrefix(p, "-")
	p = strings.TrimPrefix(p, "-")
	intPart, frac, hasDot := strings.Cut(p, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasDot {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	b.WriteByte(' ')
	b.WriteString(m.Currency)
	return b.String()
}

// Format prints the amount for a CLDR locale ("de-DE" → "1.234,50 €").
func (m Money) Format(locale string) string {
	a, err := currency.NewAmountFromInt64(m.Minor, m.Currency)
	if err != nil {
		return m.String()
	}
	return currency.NewFormatter(currency.NewLocale(locale)).Format(a)
}

func (m Money) IsZero() bool     { return m.Minor == 0 }
func (m Money) IsNegative() bool { return m.Minor < 0 }
func (m Money) IsPositive() bool { return m.Minor > 0 }
func (m Money) Neg() Money       { return Money{Minor: -m.Minor, Currency: m.Currency} }

// Add returns m+o. Both must be in one currency (else ErrCurrencyMismatch),
// and the sum must fit an int64 (else ErrAmountOverflow): sums are never
// allowed to wrap around.
func (m Money) Add(o Money) (Money, error) {
	if m.Currency != o.Currency {
		return Money{}, fmt.Errorf("%w: %s + %s", ErrCurrencyMismatch, m.Currency, o.Currency)
	}
	s, ok := addInt64(m.Minor, o.Minor)
	if !ok {
		return Money{}, fmt.Errorf("%w: %s + %s", ErrAmountOverflow, m, o)
	}
	return Money{Minor: s, Currency: m.Currency}, nil
}

// Sub returns m-o, with the same errors as Add.
func (m Money) Sub(o Money) (Money, error) {
	if m.Currency != o.Currency {
		return Money{}, fmt.Errorf("%w: %s - %s", ErrCurrencyMismatch, m.Currency, o.Currency)
	}
	d, ok := subInt64(m.Minor, o.Minor)
	if !ok {
		return Money{}, fmt.Errorf("%w: %s - %s", ErrAmountOverflow, m, o)
	}
	return Money{Minor: d, Currency: m.Currency}, nil
}

// Sum adds amounts of one currency. The sum of nothing is Money{}, with no
// currency; start from NewMoney(0, cur) and Add to get a zero that has one.
func Sum(ms ...Money) (Money, error) {
	if len(ms) == 0 {
		return Money{}, nil
	}
	s := ms[0]
	for _, m := range ms[1:] {
		var err error
		if s, err = s.Add(m); err != nil {
			return Money{}, err
		}
	}
	return s, nil
}

// Cmp compares two amounts of one currency: -1, 0 or 1.
func (m Money) Cmp(o Money) (int, error) {
	if m.Currency != o.Currency {
		return 0, fmt.Errorf("%w: %s vs %s", ErrCurrencyMismatch, m.Currency, o.Currency)
	}
	switch {
	case m.Minor < o.Minor:
		return -1, nil
	case m.Minor > o.Minor:
		return 1, nil
	}
	return 0, nil
}

func addInt64(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

func subInt64(a, b int64) (int64, bool) {
	d := a - b
	if (b > 0 && d > a) || (b < 0 && d < a) {
		return 0, false
	}
	return d, true
}

// maxAmount bounds any single amount so sums of millions of them stay far
// from int64 overflow (1e15 minor units: ten trillion dollars).
const maxAmount = int64(1e15)

func checkRange(n int64) error {
	if n > maxAmount || n < -maxAmount || n == math.MinInt64 {
		return errors.New("amount out of range")
	}
	return nil
}

// notPlain says why s, a number without its sign, is not a plain decimal,
// naming the style it seems written in: "1.234,56" must be told it has a
// decimal comma, not that it has "more than 2 decimals". "" when s has
// only digits and at most one '.'.
func notPlain(s string) string {
	dots, plain := 0, true
	for _, c := range s {
		switch {
		case c == '.':
			dots++
		case c < '0' || c > '9':
			plain = false
		}
	}
	if plain && dots <= 1 {
		return ""
	}
	const how = "use digits and '.', no thousands separators: 1234.56"
	comma, dot := strings.LastIndex(s, ","), strings.LastIndex(s, ".")
	switch {
	case comma >= 0 && dot >= 0 && comma > dot:
		return "a decimal comma and '.' between thousands (1.234,56): " + how
	case comma >= 0 && dot >= 0:
		return "',' between thousands (1,234.56): " + how
	case comma >= 0 && strings.Count(s, ",") == 1 && len(s)-comma-1 != 3:
		return "a decimal comma (1234,56): " + how
	case comma >= 0:
		return "a ',' that is a decimal comma or between thousands, which cannot be told: " + how
	case dots > 1:
		return "'.' between thousands (1.234.567): " + how
	case strings.ContainsAny(s, " \u00a0\u202f'’_"):
		return "a space, apostrophe or '_' between thousands: " + how
	}
	return "not a plain decimal number (use digits and '.', no thousands separators)"
}
