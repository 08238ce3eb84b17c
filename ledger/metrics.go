package ledger

import (
	"context"
	"fmt"
	"math/big"
	"sort"
	"time"
)

// Figure is an exact ratio, printed rounded half away from zero; a nil
// value means the figure is undefined (nothing to divide by).
type Figure struct{ r *big.Rat }

func ratio(num, den *big.Int) Figure {
	if den.Sign() == 0 {
		return Figure{}
	}
	return Figure{new(big.Rat).SetFrac(num, den)}
}

// Valid reports whether the figure is defined.
func (f Figure) Valid() bool { return f.r != nil }

// Format prints the figure with places decimals, or "n/a".
func (f Figure) Format(places int) string {
	if f.r == nil {
		return "n/a"
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	num := new(big.Int).Mul(f.r.Num(), scale)
	n, err := roundDiv(num, f.r.Denom())
	if err != nil {
		return "n/a"
	}
	return formatFixed(n, places)
}

// Metrics are collection figures for one currency as of a date over a
// period of Days days ending on it (docs/DESIGN.md, Metrics).
type Metrics struct {
	Currency    string
	AsOf        time.Time
	Days        int
	ARStart     int64 // open invoices at the end of AsOf − Days
	AREnd       int64 // open invoices at the end of AsOf (ar_total)
	CurrentEnd  int64 // the part of AREnd not yet due
	Overdue     int64 // AREnd − CurrentEnd
	CreditSales int64 // invoices issued in the period, less those voided by AsOf
	DSO         Figure
	CEI         Figure
	// Over invoices paid in the period: closed by a payment or credit
	// note on a day of the period (write-offs are not payments).
	PaidCount       int
	LateCount       int
	AvgDaysToPay    Figure
	AvgDaysLate     Figure
	PercentPaidLate Figure
	// Early-payment discounts taken in the period (discount.go), in force.
	DiscountCount int
	Discounts     int64
}

// MetricsOptions choose the date, the period and optionally one customer.
type MetricsOptions struct {
	AsOf     time.Time // zero: today
	Days     int       // default 90
	Customer string    // a customer's code, or every customer
}

// Metrics computes the collection metrics per currency.
func (s *Store) Metrics(ctx context.Context, o MetricsOptions) ([]Metrics, error) {
	if o.AsOf.IsZero() {
		o.AsOf = s.Now()
	}
	o.AsOf = Day(o.AsOf)
	if o.Days == 0 {
		o.Days = 90
	}
	if o.Days < 1 || o.Days > 3650 {
		return nil, Errorf(EINVALID, "the period must be 1 to 3650 days")
	}
	cid, err := s.customerID(ctx, o.Customer)
	if err != nil {
		return nil, err
	}
	end := fmtDate(o.AsOf)
	startEve := o.AsOf.AddDate(0, 0, -o.Days) // AR at start = as of the end of this day
	first := fmtDate(startEve.AddDate(0, 0, 1))
	// The receivables at the start of the period are the slowest part (on
	// a million invoices, every document closed since then is read): they
	// are summed on a reader of their own while the rest run.
	var arStart map[string]arSum
	startErr := make(chan error, 1)
	go func() {
		var err error
		arStart, err = s.arAt(ctx, fmtDate(startEve), cid)
		startErr <- err
	}()
	arEnd, err := s.arAt(ctx, end, cid)
	var sales map[string]int64
	if err == nil {
		sales, err = s.creditSales(ctx, first, end, cid)
	}
	var paid map[string]paidSums
	if err == nil {
		paid, err = s.paidIn(ctx, first, end, cid)
	}
	var disc map[string]discountSums
	if err == nil {
		disc, err = s.discountsIn(ctx, first, end, cid)
	}
	if err2 := <-startErr; err == nil {
		err = err2
	}
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	byCur := map[string]*Metrics{}
	get := func(cur string) *Metrics {
		m := byCur[cur]
		if m == nil {
			m = &Metrics{Currency: cur, AsOf: o.AsOf, Days: o.Days}
			byCur[cur] = m
		}
		return m
	}
	for cur, a := range arStart {
		get(cur).ARStart = a.open
	}
	for cur, a := range arEnd {
		m := get(cur)
		m.AREnd, m.CurrentEnd = a.open, a.notDue
	}
	for cur, v := range sales {
		get(cur).CreditSales = v
	}
	for cur := range paid {
		get(cur)
	}
	for cur, d := range disc {
		m := get(cur)
		m.DiscountCount, m.Discounts = int(d.n), d.amount
	}
	var out []Metrics
	for cur, m := range byCur {
		m.Overdue = m.AREnd - m.CurrentEnd
		n := big.NewInt(int64(o.Days))
		m.DSO = ratio(new(big.Int).Mul(big.NewInt(m.AREnd), n), big.NewInt(m.CreditSales))
		collected := m.ARStart + m.CreditSales - m.AREnd
		collectible := m.ARStart + m.CreditSales - m.CurrentEnd
		m.CEI = ratio(big.NewInt(collected*100), big.NewInt(collectible))
		p := paid[cur]
		m.PaidCount, m.LateCount = int(p.n), int(p.late)
		m.AvgDaysToPay = ratio(big.NewInt(p.days), big.NewInt(p.n))
		m.AvgDaysLate = ratio(big.NewInt(p.lateDays), big.NewInt(p.n))
		m.PercentPaidLate = ratio(big.NewInt(p.late*100), big.NewInt(p.n))
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Currency < out[j].Currency })
	return out, nil
}

// arSum is what invoices had open at the end of a day, and the part of it
// not yet due then.
type arSum struct{ open, notDue int64 }

// arAt sums open invoices per currency as of the end of the day at.
func (s *Store) arAt(ctx context.Context, at string, cid int64) (map[string]arSum, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT currency, SUM(open_then), SUM(CASE WHEN due_date >= ?1 THEN open_then ELSE 0 END)
		FROM (`+asOfItems+`) i WHERE kind IN ('invoice', 'charge') GROUP BY currency`, at, cid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]arSum{}
	for rows.Next() {
		var cur string
		var a arSum
		if err := rows.Scan(&cur, &a.open, &a.notDue); err != nil {
			return nil, err
		}
		out[cur] = a
	}
	return out, rows.Err()
}

// creditSales sums invoices issued from first to end, less those voided
// by end, per currency.
func (s *Store) creditSales(ctx context.Context, first, end string, cid int64) (map[string]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT currency, SUM(total) FROM documents
		WHERE kind = 'invoice' AND status <> 'draft' AND date BETWEEN ?1 AND ?2
		AND (void_date IS NULL OR void_date > ?2) AND (?3 = 0 OR customer_id = ?3) GROUP BY currency`, first, end, cid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var cur string
		var v int64
		if err := rows.Scan(&cur, &v); err != nil {
			return nil, err
		}
		out[cur] = v
	}
	return out, rows.Err()
}

// paidSums count the invoices paid in a period and add up their days.
type paidSums struct{ n, late, days, lateDays int64 }

// paidIn sums, per currency, the invoices paid from first to end: the
// date of the allocation that closed each one, against its issue and due
// dates. closed_on is exactly the closing allocation's date for an
// invoice none of whose allocations was ever reversed (reopened_on
// empty); only the others need the allocations read. Invoices with a
// write-off in force are not "paid": the few write-offs are gathered once.
// "status <> 'draft'" repeats what status = 'issued' implies so that
// SQLite may use the partial index documents_asof on closed_on (a million
// invoices: 0.95 s scanning every invoice -> 0.24 s).
func (s *Store) paidIn(ctx context.Context, first, end string, cid int64) (map[string]paidSums, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT currency, count(*), SUM(julianday(paid) - julianday(date)),
			SUM(MAX(0, julianday(paid) - julianday(due_date))), SUM(CASE WHEN paid > due_date THEN 1 ELSE 0 END)
		FROM (SELECT d.currency, d.date, d.due_date,
				CASE WHEN d.reopened_on = '' THEN d.closed_on
				ELSE (SELECT MAX(a.date) FROM allocations a WHERE a.invoice_id = d.id AND a.void_date IS NULL) END AS paid
			FROM documents d
			WHERE d.kind = 'invoice' AND d.closed_on BETWEEN ?1 AND ?2 AND d.status <> 'draft' AND d.status = 'issued' AND d.open = 0
			AND (?3 = 0 OR d.customer_id = ?3)
			AND d.id NOT IN (SELECT a.invoice_id FROM documents w JOIN allocations a ON a.credit_id = w.id
				WHERE w.kind = 'write_off' AND w.status = 'issued' AND a.void_date IS NULL)) p
		WHERE paid BETWEEN ?1 AND ?2 GROUP BY currency`, first, end, cid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]paidSums{}
	for rows.Next() {
		var cur string
		var p paidSums
		var days, lateDays float64 // julianday differences of whole dates are whole numbers
		if err := rows.Scan(&cur, &p.n, &days, &lateDays, &p.late); err != nil {
			return nil, err
		}
		p.days, p.lateDays = int64(days+0.5), int64(lateDays+0.5)
		out[cur] = p
	}
	return out, rows.Err()
}
