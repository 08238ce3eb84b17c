package ledger

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"time"
)

// Exchange rates to the home currency (migration 0015). A rate is how many
// units of the home currency one unit of a currency is worth, kept as an
// exact decimal of at most rateDecimals places. The rate on a day is the
// latest on or before it (weekends and holidays take Friday's); a day
// before the first rate has none, and that is an error naming currency
// and date, never a silent 1.
//
// Converting rounds once, at the end, to the home currency's minor unit,
// half away from zero: amount × rate computed exactly (math/big).

// rateDecimals is how many decimal places a stored rate keeps; a rate
// worked out from the ECB's (1/x, or a cross rate) is rounded half to
// even there.
const rateDecimals = 10

// Rate is a currency's rate on a date.
type Rate struct {
	Currency string
	Date     time.Time // the day the rate is of (on or before the day asked)
	Value    *big.Rat
}

// String is the rate as stored: a decimal.
func (r Rate) String() string {
	return strings.TrimRight(strings.TrimRight(r.Value.FloatString(rateDecimals), "0"), ".")
}

// parseRate reads a positive decimal rate.
func parseRate(s string) (*big.Rat, error) {
	s = strings.TrimSpace(s)
	v, ok := new(big.Rat).SetString(s)
	if !ok || v.Sign() <= 0 || strings.ContainsAny(s, "eE/") {
		return nil, fmt.Errorf("%q is not a rate (a positive decimal such as 0.9237)", s)
	}
	return roundRat(v, rateDecimals), nil
}

// roundRat rounds v to n decimal places, half to even.
func roundRat(v *big.Rat, n int) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
	x := new(big.Rat).Mul(v, new(big.Rat).SetInt(scale))
	q, r := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int))
	// Compare 2r with the denominator: over half rounds up, half to even.
	twice := new(big.Int).Mul(r, big.NewInt(2))
	switch c := twice.CmpAbs(x.Denom()); {
	case c > 0, c == 0 && q.Bit(0) == 1:
		if x.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return new(big.Rat).SetFrac(q, scale)
}

// SetRate stores a currency's rate on a date (replacing one there).
func (s *Store) SetRate(ctx context.Context, cur string, date time.Time, rate, source string) error {
	cur = strings.ToUpper(strings.TrimSpace(cur))
	if !ValidCurrency(cur) {
		return Errorf(EINVALID, "currency %q: use a three-letter ISO 4217 code such as USD", cur)
	}
	if err := DateInRange(date); err != nil {
		return Errorf(EINVALID, "rate date %s: %v", fmtDate(date), err)
	}
	v, err := parseRate(rate)
	if err != nil {
		return Errorf(EINVALID, "rate of %s on %s: %v", cur, fmtDate(date), err)
	}
	err = s.write(ctx, func(t *tx) error {
		return t.setRate(cur, date, v, source)
	})
	if err != nil {
		return fmt.Errorf("set rate: %w", err)
	}
	return nil
}

func (t *tx) setRate(cur string, date time.Time, v *big.Rat, source string) error {
	_, err := t.exec(`INSERT INTO exchange_rates (currency, date, rate, source) VALUES (?, ?, ?, ?)
		ON CONFLICT (currency, date) DO UPDATE SET rate = excluded.rate, source = excluded.source`,
		cur, fmtDate(date), Rate{Value: v}.String(), source)
	return err
}

// RateOn is the currency's rate on a date: the latest on or before it.
// The home currency's is 1.
func (s *Store) RateOn(ctx context.Context, cur string, date time.Time) (Rate, error) {
	home, err := s.Setting(ctx, "business.currency", "")
	if err != nil {
		return Rate{}, err
	}
	if cur == home {
		return Rate{Currency: cur, Date: Day(date), Value: big.NewRat(1, 1)}, nil
	}
	var day, value string
	err = s.r.QueryRowContext(ctx, `SELECT date, rate FROM exchange_rates WHERE currency = ? AND date <= ? ORDER BY date DESC LIMIT 1`,
		cur, fmtDate(date)).Scan(&day, &value)
	if errors.Is(err, sql.ErrNoRows) {
		if home == "" {
			return Rate{}, Errorf(EINVALID, "no home currency: set business.currency first")
		}
		return Rate{}, Errorf(ENOTFOUND, "no exchange rate from %s to %s on or before %s: add one (paidup rates set %s %s RATE) or import the ECB's file",
			cur, home, fmtDate(date), cur, fmtDate(date))
	}
	if err != nil {
		return Rate{}, fmt.Errorf("rate of %s on %s: %w", cur, fmtDate(date), err)
	}
	r := Rate{Currency: cur}
	if r.Date, err = storedDate("date", day); err != nil {
		return Rate{}, err
	}
	if r.Value, err = parseRate(value); err != nil {
		return Rate{}, Errorf(EINVALID, "stored rate of %s on %s: %v", cur, day, err)
	}
	return r, nil
}

// Convert is m in the home currency home at rate r, rounded once to the
// home currency's minor unit, half away from zero.
func Convert(m Money, r Rate, home string) (Money, error) {
	from, err := Digits(m.Currency)
	if err != nil {
		return Money{}, err
	}
	to, err := Digits(home)
	if err != nil {
		return Money{}, err
	}
	x := new(big.Rat).Mul(new(big.Rat).SetInt64(m.Minor), r.Value)
	shift := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(to-from))), nil))
	if to > from {
		x.Mul(x, shift)
	} else {
		x.Quo(x, shift)
	}
	// Half away from zero: add (or take) a half and truncate.
	half := big.NewRat(1, 2)
	if x.Sign() < 0 {
		x.Sub(x, half)
	} else {
		x.Add(x, half)
	}
	q := new(big.Int).Quo(x.Num(), x.Denom())
	if !q.IsInt64() {
		return Money{}, Errorf(EINVALID, "%s at %s is too large to hold", m, r)
	}
	return NewMoney(q.Int64(), home), nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// ImportRates reads a rates file into the table in one transaction and
// returns how many rates it stored: the ECB's reference-rate history as
// published ("Date,USD,JPY,…", 1 EUR in each currency, "N/A" for none),
// turned into rates to the home currency (1/x for EUR at home, cross
// rates otherwise), or a plain "date,currency,rate" file of rates to the
// home currency. A bad row refuses the file, naming line and column.
func (s *Store) ImportRates(ctx context.Context, r io.Reader, name string) (int, error) {
	home, err := s.Setting(ctx, "business.currency", "")
	if err != nil {
		return 0, err
	}
	if home == "" {
		return 0, Errorf(EINVALID, "no home currency: set business.currency first (rates are to it)")
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return 0, Errorf(EINVALID, "%s: no header row: %v", name, err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	type row struct {
		cur  string
		date time.Time
		v    *big.Rat
	}
	var rows []row
	line := 1
	bad := func(col int, format string, args ...any) error {
		return Errorf(EINVALID, "%s line %d, column %d: %s", name, line, col+1, fmt.Sprintf(format, args...))
	}
	generic := len(header) >= 3 && strings.EqualFold(header[0], "date") && strings.EqualFold(header[1], "currency") && strings.EqualFold(header[2], "rate")
	ecb := !generic && len(header) > 1 && strings.EqualFold(header[0], "Date")
	if !generic && !ecb {
		return 0, Errorf(EINVALID, "%s: the header is neither the ECB's (Date,USD,JPY,…) nor date,currency,rate", name)
	}
	for {
		rec, err := cr.Read()
		line++
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, Errorf(EINVALID, "%s line %d: %v", name, line, err)
		}
		if len(rec) == 0 || (len(rec) == 1 && strings.TrimSpace(rec[0]) == "") {
			continue
		}
		d, err := ParseDate(strings.TrimSpace(rec[0]))
		if err != nil {
			return 0, bad(0, "%v", err)
		}
		if generic {
			if len(rec) < 3 {
				return 0, bad(len(rec), "want date,currency,rate")
			}
			cur := strings.ToUpper(strings.TrimSpace(rec[1]))
			if !ValidCurrency(cur) {
				return 0, bad(1, "%q is not a currency code", rec[1])
			}
			v, err := parseRate(rec[2])
			if err != nil {
				return 0, bad(2, "%v", err)
			}
			rows = append(rows, row{cur, d, v})
			continue
		}
		// ECB: 1 EUR = x units of each column's currency.
		per := map[string]*big.Rat{"EUR": big.NewRat(1, 1)}
		for i := 1; i < len(rec) && i < len(header); i++ {
			cell := strings.TrimSpace(rec[i])
			if cell == "" || strings.EqualFold(cell, "N/A") || header[i] == "" {
				continue
			}
			v, ok := new(big.Rat).SetString(cell)
			if !ok || v.Sign() <= 0 {
				return 0, bad(i, "%q is not a rate", cell)
			}
			per[strings.ToUpper(header[i])] = v
		}
		h, ok := per[home]
		if !ok {
			continue // no rate of the home currency that day
		}
		for cur, x := range per {
			if cur == home || !ValidCurrency(cur) {
				continue
			}
			// 1 cur = h/x home.
			rows = append(rows, row{cur, d, roundRat(new(big.Rat).Quo(h, x), rateDecimals)})
		}
	}
	err = s.write(ctx, func(t *tx) error {
		for _, r := range rows {
			if err := t.setRate(r.cur, r.date, r.v, name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("import rates %s: %w", name, err)
	}
	return len(rows), nil
}

// Rates lists the stored rates of a currency (all: ""), newest first, at
// most limit of them.
func (s *Store) Rates(ctx context.Context, cur string, limit int) ([]Rate, error) {
	q := `SELECT currency, date, rate FROM exchange_rates`
	var args []any
	if cur != "" {
		q += ` WHERE currency = ?`
		args = append(args, strings.ToUpper(cur))
	}
	q += fmt.Sprintf(` ORDER BY date DESC, currency LIMIT %d`, max(limit, 1))
	var out []Rate
	err := s.readTx(ctx, func(rtx *sql.Tx) error {
		return each(ctx, rtx, q, func(r *sql.Rows) error {
			var rt Rate
			var v string
			if err := r.Scan(&rt.Currency, scanDate(&rt.Date), &v); err != nil {
				return err
			}
			var err error
			rt.Value, err = parseRate(v)
			out = append(out, rt)
			return err
		}, args...)
	})
	return out, err
}
