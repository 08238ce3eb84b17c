package gnucash

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Rational is a GnuCash amount: Num/Denom, exactly.
type Rational struct{ Num, Denom int64 }

// ParseRational reads GnuCash's "num/denom".
func ParseRational(s string) (Rational, error) {
	s = strings.TrimSpace(s)
	n, d, ok := strings.Cut(s, "/")
	if !ok {
		d = "1"
	}
	num, err1 := strconv.ParseInt(n, 10, 64)
	den, err2 := strconv.ParseInt(d, 10, 64)
	if err1 != nil || err2 != nil || den == 0 {
		return Rational{}, fmt.Errorf("%q is not an amount (num/denom)", s)
	}
	return Rational{num, den}, nil
}

// Rat is r as a big.Rat (a zero Rational is 0).
func (r Rational) Rat() *big.Rat {
	if r.Denom == 0 {
		return new(big.Rat)
	}
	return big.NewRat(r.Num, r.Denom)
}

func (r Rational) IsZero() bool { return r.Num == 0 }

func (r Rational) String() string {
	if r.Denom == 0 {
		return "0"
	}
	return r.Rat().RatString()
}

// Scaled is r × 10^digits as a whole number, or an error when that is
// not whole: an amount finer than the currency (or than four decimals of
// a quantity) is refused rather than rounded.
func (r Rational) Scaled(digits int) (int64, error) {
	x := r.Rat()
	x.Mul(x, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil)))
	if !x.IsInt() || !x.Num().IsInt64() {
		return 0, fmt.Errorf("%s has more than %d decimals", r.Rat().FloatString(digits+6), digits)
	}
	return x.Num().Int64(), nil
}
