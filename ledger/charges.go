package ledger

import (
	"fmt"
	"math/big"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"time"
)

// Late-payment interest and fixed compensation: the rules and their
// arithmetic. Nothing here reads the ledger; charge_store.go finds the
// invoices and posts what these functions work out.
//
// Interest is simple interest per day on the open amount of each day, from
// the day after the due date: a payment, credit note or write-off lowers
// the amount from its own date on. Days on which the invoice was disputed
// earn nothing. The day count is Actual/365 (Fixed) or Actual/360: every
// calendar day counts (29 February too), divided by 365 or 360 whatever
// the year. A figure is worked out exactly (math/big) as
//
//	Σ days × open amount × rate% / (100 × basis)
//
// over its pieces (runs of days with one amount and one rate) and rounded
// once, half away from zero, to the minor unit of the invoice's currency.
// A piece's own figure in its working is shown rounded the same way, so
// the pieces may differ from the rounded total by a minor unit.

// Interest rule kinds (setting charges.interest).
const (
	InterestNone  = "none"
	InterestFixed = "fixed" // N%/year or N%/month
	InterestEU    = "eu"    // ECB reference rate + 8 points, per half-year
	InterestEUDE  = "eu-de" // ECB reference rate + 9 points (Germany, B2B)
	InterestUK    = "uk"    // Bank of England base rate + 8, fixed per debt
)

// Reference rate series the user keeps (paidup charges rates).
const (
	SeriesECB = "ecb" // ECB main refinancing operations rate
	SeriesBoE = "boe" // Bank of England base rate
)

// InterestRule is a parsed charges.interest value.
type InterestRule struct {
	Kind string
	// Rate is percent per year for InterestFixed (a monthly rate × 12).
	Rate *big.Rat
	Text string // as written, for the working
}

// ParseInterestRule reads none, N%/year, N%/month, eu, eu-de or uk. An
// empty value is none.
func ParseInterestRule(s string) (InterestRule, error) {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	switch t {
	case "", InterestNone:
		return InterestRule{Kind: InterestNone, Text: InterestNone}, nil
	case InterestEU, InterestEUDE, InterestUK:
		return InterestRule{Kind: t, Text: t}, nil
	}
	num, per, ok := strings.Cut(t, "%/")
	var months int64
	switch per {
	case "year":
		months = 1
	case "month":
		months = 12
	}
	if !ok || months == 0 {
		return InterestRule{}, fmt.Errorf("interest %q: want none, N%%/year, N%%/month, eu, eu-de or uk", s)
	}
	r, err := parsePercent(num)
	if err != nil || r.Sign() <= 0 {
		return InterestRule{}, fmt.Errorf("interest %q: the rate must be a positive decimal percentage such as 1.5%%/month", s)
	}
	r.Mul(r, new(big.Rat).SetInt64(months))
	if r.Cmp(big.NewRat(1000, 1)) > 0 {
		return InterestRule{}, fmt.Errorf("interest %q: more than 1000%% a year", s)
	}
	return InterestRule{Kind: InterestFixed, Rate: r, Text: num + "%/" + per}, nil
}

// parsePercent reads a plain decimal (no exponent, no fraction bar).
func parsePercent(s string) (*big.Rat, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "eE/") || len(s) > 20 {
		return nil, fmt.Errorf("%q is not a decimal", s)
	}
	v, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("%q is not a decimal", s)
	}
	return v, nil
}

// Compensation rule kinds (setting charges.compensation).
const (
	CompensationNone   = "none"
	CompensationEU     = "eu"     // €40 per late invoice (EUR invoices)
	CompensationUK     = "uk"     // £40 / £70 / £100 by invoice size (GBP invoices)
	CompensationAmount = "amount" // a fixed amount in the invoice's currency
)

// CompensationRule is a parsed charges.compensation value.
type CompensationRule struct {
	Kind   string
	Amount string // CompensationAmount: a decimal in the invoice's currency
}

// ParseCompensationRule reads none, eu, uk or an amount (25 or 25.00). An
// empty value is none.
func ParseCompensationRule(s string) (CompensationRule, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "", CompensationNone:
		return CompensationRule{Kind: CompensationNone}, nil
	case CompensationEU, CompensationUK:
		return CompensationRule{Kind: t}, nil
	}
	// Checked against two decimals here; against the invoice's currency
	// when it is charged.
	if n, err := parseFixed(t, 2); err != nil || n <= 0 {
		return CompensationRule{}, fmt.Errorf("compensation %q: want none, eu, uk or a positive amount such as 25.00", s)
	}
	return CompensationRule{Kind: CompensationAmount, Amount: t}, nil
}

// CompensationFor is the fixed compensation for a late invoice of total
// in currency cur, with its working: eu is EUR 40.00 and uk GBP 40.00,
// 70.00 or 100.00 for invoices under 1,000.00, under 10,000.00 and above;
// each only on invoices in that currency (the law names the amount in it).
func CompensationFor(rule CompensationRule, total Money) (Money, string, error) {
	switch rule.Kind {
	case CompensationEU:
		if total.Currency != "EUR" {
			return Money{}, "", Errorf(EINVALID, "compensation eu is EUR 40.00: the invoice is in %s (set an amount instead)", total.Currency)
		}
		return NewMoney(4000, "EUR"), "EU Directive 2011/7/EU fixed compensation", nil
	case CompensationUK:
		if total.Currency != "GBP" {
			return Money{}, "", Errorf(EINVALID, "compensation uk is in GBP: the invoice is in %s (set an amount instead)", total.Currency)
		}
		switch {
		case total.Minor < 100000:
			return NewMoney(4000, "GBP"), "UK Late Payment Act: debt under 1,000.00", nil
		case total.Minor < 1000000:
			return NewMoney(7000, "GBP"), "UK Late Payment Act: debt 1,000.00 to 9,999.99", nil
		}
		return NewMoney(10000, "GBP"), "UK Late Payment Act: debt 10,000.00 or more", nil
	case CompensationAmount:
		m, err := ParseMoney(rule.Amount, total.Currency)
		if err != nil {
			return Money{}, "", Errorf(EINVALID, "compensation %s: %v", rule.Amount, err)
		}
		return m, "fixed compensation", nil
	}
	return Money{}, "", nil
}

// RefRate is a reference rate in force from a date: percent per year.
type RefRate struct {
	Series string
	Date   time.Time
	Rate   *big.Rat
}

// RefRates is the user's table of reference rates, by series, each sorted
// by date.
type RefRates map[string][]RefRate

// inForce is the rate of a series in force on day: the latest dated on or
// before it. None is an error naming the day.
func (r RefRates) inForce(series string, day time.Time) (*big.Rat, error) {
	rs := r[series]
	i := sort.Search(len(rs), func(i int) bool { return rs[i].Date.After(day) })
	if i == 0 {
		return nil, Errorf(EINVALID, "no %s reference rate in force on %s: add one with paidup charges rates set %s DATE RATE",
			seriesName(series), fmtDate(day), series)
	}
	return rs[i-1].Rate, nil
}

func seriesName(s string) string {
	if s == SeriesBoE {
		return "Bank of England"
	}
	return "ECB"
}

// halfYear is the first day of the half-year holding day.
func halfYear(day time.Time) time.Time {
	m := time.January
	if day.Month() >= time.July {
		m = time.July
	}
	return time.Date(day.Year(), m, 1, 0, 0, 0, 0, time.UTC)
}

// DayCount is the divisor of the day count: 365 (Actual/365 Fixed) or 360
// (Actual/360, setting charges.day_count act/360).
type DayCount int

// ParseDayCount reads charges.day_count: act/365 (or empty) or act/360.
func ParseDayCount(s string) (DayCount, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "act/365":
		return 365, nil
	case "act/360":
		return 360, nil
	}
	return 0, fmt.Errorf("day count %q: want act/365 or act/360", s)
}

// Span is a run of days, both ends included; a zero To is open-ended.
type Span struct{ From, To time.Time }

// DatedAmount is an amount applied to an invoice on a date (an allocation).
type DatedAmount struct {
	Date   time.Time
	Amount int64
}

// InterestCase is one invoice's interest question: what it owed, when it
// fell due, what lowered it and when, when it was disputed, and the days
// to charge (From … To, both included, From after the due date).
type InterestCase struct {
	Total    Money
	Due      time.Time
	From, To time.Time
	Allocs   []DatedAmount
	Disputes []Span // To: the day the dispute was resolved (not disputed that day); zero while open
	Rule     InterestRule
	Basis    DayCount
	Rates    RefRates
}

// InterestPiece is a run of days charged at one amount and one rate.
type InterestPiece struct {
	From, To time.Time
	Days     int
	Open     int64    // minor units
	Rate     *big.Rat // percent per year
	Amount   Money    // this piece alone, rounded half away from zero
}

// Working is the piece's sum as a person checks it:
// "2028-02-20–2028-03-10: 20 days × 1,000.00 × 10.5% / 365 = 5.75".
func (p InterestPiece) Working(basis DayCount) string {
	return fmt.Sprintf("%s–%s: %d days × %s × %s%% / %d = %s", fmtDate(p.From), fmtDate(p.To), p.Days,
		NewMoney(p.Open, p.Amount.Currency).Plain(), ratString(p.Rate), basis, p.Amount.Plain())
}

// ratString writes a rate as a short decimal: 10.5, 12.62, 18.
func ratString(r *big.Rat) string {
	s := r.FloatString(6)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// Interest works out the interest of c: its pieces and the total, rounded
// once. A day is in no piece when nothing was open or the invoice was
// disputed.
func Interest(c InterestCase) ([]InterestPiece, Money, error) {
	cur := c.Total.Currency
	zero := NewMoney(0, cur)
	if c.Rule.Kind == InterestNone || c.To.Before(c.From) {
		return nil, zero, nil
	}
	if !c.From.After(c.Due) {
		return nil, zero, Errorf(EINTERNAL, "interest from %s: the invoice is due %s", fmtDate(c.From), fmtDate(c.Due))
	}
	if c.Basis != 360 && c.Basis != 365 {
		return nil, zero, Errorf(EINTERNAL, "day count basis %d", c.Basis)
	}
	if _, err := Digits(cur); err != nil {
		return nil, zero, err
	}
	// Boundaries: the days on which the amount, the rate or the dispute
	// state may change. A piece runs from one boundary to the day before
	// the next.
	end := c.To.AddDate(0, 0, 1)
	// On the stack for the usual invoice (a payment or two, a rate change).
	var buf [8]time.Time
	bounds := append(buf[:0], c.From, end)
	for _, a := range c.Allocs {
		bounds = append(bounds, a.Date)
	}
	for _, d := range c.Disputes {
		bounds = append(bounds, d.From)
		if !d.To.IsZero() {
			bounds = append(bounds, d.To)
		}
	}
	var fixedRate *big.Rat
	switch c.Rule.Kind {
	case InterestFixed:
		fixedRate = c.Rule.Rate
	case InterestUK:
		// The base rate in force at the end of 30 June or 31 December
		// before the half-year in which interest began, for the whole debt.
		ref, err := c.Rates.inForce(SeriesBoE, halfYear(c.Due.AddDate(0, 0, 1)).AddDate(0, 0, -1))
		if err != nil {
			return nil, zero, err
		}
		fixedRate = new(big.Rat).Add(ref, big.NewRat(8, 1))
	case InterestEU, InterestEUDE:
		for h := halfYear(c.From); !h.After(c.To); h = h.AddDate(0, 6, 0) {
			bounds = append(bounds, h)
		}
	default:
		return nil, zero, Errorf(EINVALID, "interest rule %q", c.Rule.Kind)
	}
	// The boundaries within From … To+1, sorted, each once.
	days := bounds[:0]
	for _, d := range bounds {
		if !d.Before(c.From) && !d.After(end) {
			days = append(days, d)
		}
	}
	slices.SortFunc(days, time.Time.Compare)
	days = slices.CompactFunc(days, func(a, b time.Time) bool { return a.Equal(b) })

	var sum exact
	var pieces []InterestPiece
	for i := 0; i+1 < len(days); i++ {
		from, next := days[i], days[i+1]
		if disputedOn(c.Disputes, from) {
			continue
		}
		open := c.Total.Minor
		for _, a := range c.Allocs {
			if !a.Date.After(from) {
				open -= a.Amount
			}
		}
		if open <= 0 {
			continue
		}
		rate := fixedRate
		if rate == nil {
			ref, err := c.Rates.inForce(SeriesECB, halfYear(from))
			if err != nil {
				return nil, zero, err
			}
			points := int64(8)
			if c.Rule.Kind == InterestEUDE {
				points = 9
			}
			rate = new(big.Rat).Add(ref, big.NewRat(points, 1))
			if rate.Sign() <= 0 {
				continue
			}
		}
		n := DaysBetween(from, next)
		// Merge with the piece before when nothing but a boundary that
		// changed nothing lies between (a dispute of another day, say).
		if k := len(pieces) - 1; k >= 0 && pieces[k].Open == open && pieces[k].Rate.Cmp(rate) == 0 && pieces[k].To.AddDate(0, 0, 1).Equal(from) {
			pieces[k].To = next.AddDate(0, 0, -1)
			pieces[k].Days += n
			amt, err := pieceOf(pieces[k].Days, open, rate, c.Basis).round()
			if err != nil {
				return nil, zero, err
			}
			pieces[k].Amount.Minor = amt
		} else {
			amt, err := pieceOf(n, open, rate, c.Basis).round()
			if err != nil {
				return nil, zero, err
			}
			pieces = append(pieces, InterestPiece{From: from, To: next.AddDate(0, 0, -1), Days: n, Open: open, Rate: rate, Amount: NewMoney(amt, cur)})
		}
		sum.add(pieceOf(n, open, rate, c.Basis))
	}
	total, err := sum.round()
	if err != nil {
		return nil, zero, err
	}
	return pieces, NewMoney(total, cur), nil
}

// exact is an exact amount of minor units: num/den in int64 while they
// fit (almost always: the rates are short decimals), else r. A million
// invoices previewed at once make the difference (no allocation per piece).
type exact struct {
	num, den int64
	r        *big.Rat
}

// pieceOf is days × open × rate / (100 × basis) exactly.
func pieceOf(days int, open int64, rate *big.Rat, basis DayCount) exact {
	rn, rd := rate.Num(), rate.Denom()
	if rn.IsInt64() && rd.IsInt64() && rn.Sign() > 0 && open > 0 {
		hi, a := bits.Mul64(uint64(days), uint64(open))
		hi2, lo := bits.Mul64(a, uint64(rn.Int64()))
		dh, den := bits.Mul64(uint64(rd.Int64()), uint64(100*int64(basis)))
		if hi == 0 && hi2 == 0 && lo < 1<<63 && dh == 0 && den < 1<<63 {
			return exact{num: int64(lo), den: int64(den)}
		}
	}
	v := new(big.Rat).SetInt64(int64(days))
	v.Mul(v, new(big.Rat).SetInt64(open))
	v.Mul(v, rate)
	v.Quo(v, new(big.Rat).SetInt64(100*int64(basis)))
	return exact{r: v}
}

func (e exact) rat() *big.Rat {
	if e.r != nil {
		return e.r
	}
	if e.den == 0 {
		return new(big.Rat)
	}
	return big.NewRat(e.num, e.den)
}

// add adds o to e, exactly.
func (e *exact) add(o exact) {
	switch {
	case e.r == nil && o.r == nil && e.den == 0:
		*e = o
		return
	case e.r == nil && o.r == nil && e.den == o.den:
		if s, ok := addInt64(e.num, o.num); ok {
			e.num = s
			return
		}
	}
	e.r = new(big.Rat).Add(e.rat(), o.rat())
}

// round is e rounded half away from zero to a whole minor unit.
func (e exact) round() (int64, error) {
	if e.r != nil {
		return roundRatHalfAway(e.r)
	}
	if e.den == 0 {
		return 0, nil
	}
	q, r := e.num/e.den, e.num%e.den
	if r < 0 {
		r = -r
	}
	if r >= e.den-r { // 2r >= den, without overflow
		if e.num < 0 {
			q--
		} else {
			q++
		}
	}
	if err := checkRange(q); err != nil {
		return 0, err
	}
	return q, nil
}

// disputedOn reports whether day is in a dispute: opened on or before it
// and not resolved by it.
func disputedOn(ds []Span, day time.Time) bool {
	for _, d := range ds {
		if !d.From.After(day) && (d.To.IsZero() || d.To.After(day)) {
			return true
		}
	}
	return false
}

// roundRatHalfAway rounds v to an integer, half away from zero.
func roundRatHalfAway(v *big.Rat) (int64, error) {
	n, err := roundDiv(new(big.Int).Set(v.Num()), new(big.Int).Set(v.Denom()))
	if err != nil {
		return 0, err
	}
	if err := checkRange(n); err != nil {
		return 0, err
	}
	return n, nil
}

// InterestWorking writes the pieces of a figure, one a line, then the
// rule: what a charge's line and the preview show.
func InterestWorking(pieces []InterestPiece, rule InterestRule, basis DayCount) string {
	var b strings.Builder
	for i, p := range pieces {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Working(basis))
	}
	fmt.Fprintf(&b, " (interest %s, Actual/%d)", rule.Text, basis)
	return b.String()
}
