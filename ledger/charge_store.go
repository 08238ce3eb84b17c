package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Charges: finding what late invoices owe in interest and compensation
// (the arithmetic is charges.go) and posting it as charge documents.
//
// A charge is a document of kind charge (number series CHG-), one per
// invoice per run, dated the run's as-of date and due that day. It posts
// Dr 1100 its total, Cr 4110 the interest and Cr 4100 the compensation; it
// is allocated, aged, stated and voided like an invoice, and never earns
// interest itself. charge_periods records what each charge covered: for
// interest the days from … to (the next run starts the day after), for
// compensation the invoice's one. Its primary key (invoice, kind, from)
// means a period is charged once, ever, however often a run is repeated.
// A run posts every charge and period in one transaction.

// ChargeLine is what one invoice is charged (or would be) in a run.
type ChargeLine struct {
	InvoiceID    int64
	Invoice      string
	CustomerCode string
	CustomerName string
	Currency     string
	Total        Money
	Due          time.Time
	From, To     time.Time // the interest period; zero when no interest
	Days         int       // days charged interest (late days when only compensation)
	Interest     Money
	Pieces       []InterestPiece
	Rule         InterestRule
	Basis        DayCount
	Compensation Money
	CompWorking  string
	// Number is the charge document's, once posted.
	Number string
}

// InterestWorking is the interest's working, "" when there is none.
func (l ChargeLine) InterestWorking() string {
	if len(l.Pieces) == 0 {
		return ""
	}
	return InterestWorking(l.Pieces, l.Rule, l.Basis)
}

// Charge settings.
const (
	SettingChargesInterest     = "charges.interest"
	SettingChargesCompensation = "charges.compensation"
	SettingChargesDayCount     = "charges.day_count"
)

// chargeRules is the defaults and each customer rule text parsed once.
type chargeRules struct {
	interest     map[string]InterestRule
	compensation map[string]CompensationRule
	defInterest  string
	defComp      string
	basis        DayCount
	rates        RefRates
}

func (r *chargeRules) interestOf(text string) (InterestRule, error) {
	if text == "" {
		text = r.defInterest
	}
	if v, ok := r.interest[text]; ok {
		return v, nil
	}
	v, err := ParseInterestRule(text)
	if err != nil {
		return v, Errorf(EINVALID, "%v", err)
	}
	r.interest[text] = v
	return v, nil
}

func (r *chargeRules) compensationOf(text string) (CompensationRule, error) {
	if text == "" {
		text = r.defComp
	}
	if v, ok := r.compensation[text]; ok {
		return v, nil
	}
	v, err := ParseCompensationRule(text)
	if err != nil {
		return v, Errorf(EINVALID, "%v", err)
	}
	r.compensation[text] = v
	return v, nil
}

func settingIn(ctx context.Context, q querier, key string) (string, error) {
	rows, err := q.QueryContext(ctx, `SELECT value FROM settings WHERE key = ?`, key)
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	defer rows.Close()
	var v string
	if rows.Next() {
		if err := rows.Scan(&v); err != nil {
			return "", err
		}
	}
	return v, rows.Err()
}

func loadChargeRules(ctx context.Context, q querier) (*chargeRules, error) {
	r := &chargeRules{interest: map[string]InterestRule{}, compensation: map[string]CompensationRule{}}
	var err error
	if r.defInterest, err = settingIn(ctx, q, SettingChargesInterest); err != nil {
		return nil, err
	}
	if r.defComp, err = settingIn(ctx, q, SettingChargesCompensation); err != nil {
		return nil, err
	}
	dc, err := settingIn(ctx, q, SettingChargesDayCount)
	if err != nil {
		return nil, err
	}
	if r.basis, err = ParseDayCount(dc); err != nil {
		return nil, Errorf(EINVALID, "setting %s: %v", SettingChargesDayCount, err)
	}
	for _, k := range []struct{ key, v string }{{SettingChargesInterest, r.defInterest}, {SettingChargesCompensation, r.defComp}} {
		var err error
		if k.key == SettingChargesInterest {
			_, err = r.interestOf(k.v)
		} else {
			_, err = r.compensationOf(k.v)
		}
		if err != nil {
			return nil, Errorf(EINVALID, "setting %s: %v", k.key, err)
		}
	}
	if r.rates, err = readRefRates(ctx, q); err != nil {
		return nil, err
	}
	return r, nil
}

// none reports whether no rule anywhere charges anything: the run has
// nothing to read.
func (r *chargeRules) none(ctx context.Context, q querier) (bool, error) {
	if r.interest[r.defInterest].Kind != InterestNone || r.compensation[r.defComp].Kind != CompensationNone {
		return false, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT 1 FROM customers
		WHERE charges_interest NOT IN ('', 'none') OR charges_compensation NOT IN ('', 'none') LIMIT 1`)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	return !rows.Next(), rows.Err()
}

// chargeCandidates are the issued invoices that were open after their due
// date (closed_on is never earlier than the truth), with what was charged
// of them and each live allocation: one row per allocation, ordered by
// invoice, read as one stream. The order is documents_late's (kind, date,
// id, migration 0023): read in it, a million invoices need no sort, and
// the index holds every column read of them.
const chargeCandidates = `
SELECT d.id, d.number, d.customer_id, d.currency, d.total, d.due_date,
       COALESCE(p.charged, ''), COALESCE(p.compensated, 0),
       COALESCE(a.date, ''), COALESCE(a.amount, 0)
FROM documents d
LEFT JOIN (SELECT invoice_id, MAX(CASE WHEN kind = 'interest' THEN to_date END) AS charged,
                  SUM(CASE WHEN kind = 'compensation' THEN 1 ELSE 0 END) AS compensated
           FROM charge_periods GROUP BY invoice_id) p ON p.invoice_id = d.id
LEFT JOIN allocations a ON a.invoice_id = d.id AND a.void_date IS NULL AND a.date <= ?1
WHERE d.kind = 'invoice' AND d.status = 'issued' AND d.due_date < ?1 AND d.closed_on > d.due_date
ORDER BY d.date, d.id`

// chargeCustomer is what a charge needs of a customer: read once for all,
// not joined to a million invoices.
type chargeCustomer struct{ code, name, interest, comp string }

func readChargeCustomers(ctx context.Context, q querier) (map[int64]chargeCustomer, error) {
	return readChargeCustomersWhere(ctx, q, "")
}

// readChargeCustomersOf reads only the customers of the invoices ids: a
// customer's few invoices need not read every customer.
func readChargeCustomersOf(ctx context.Context, q querier, ids []int64) (map[int64]chargeCustomer, error) {
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = strconv.FormatInt(id, 10)
	}
	return readChargeCustomersWhere(ctx, q, ` WHERE id IN (SELECT customer_id FROM documents WHERE id IN (`+strings.Join(list, ",")+`))`)
}

func readChargeCustomersWhere(ctx context.Context, q querier, where string) (map[int64]chargeCustomer, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, code, name, charges_interest, charges_compensation FROM customers`+where)
	if err != nil {
		return nil, fmt.Errorf("read customers: %w", err)
	}
	defer rows.Close()
	out := map[int64]chargeCustomer{}
	for rows.Next() {
		var id int64
		var c chargeCustomer
		if err := rows.Scan(&id, &c.code, &c.name, &c.interest, &c.comp); err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, rows.Err()
}

// dateCache parses each stored date once, and keeps one copy of each
// short text (dates, currencies): a million rows hold a few thousand
// distinct ones.
type dateCache struct {
	dates map[string]time.Time
	texts map[string]string
}

func newDateCache() *dateCache {
	return &dateCache{dates: map[string]time.Time{}, texts: map[string]string{}}
}

// parse reads a stored date from its raw bytes: looked up by string(b),
// which Go does without a copy, a date seen before costs no allocation.
func (m *dateCache) parse(b []byte) (time.Time, error) {
	if d, ok := m.dates[string(b)]; ok {
		return d, nil
	}
	s := string(b)
	d, err := ParseDate(s)
	if err == nil {
		m.dates[s] = d
	}
	return d, err
}

// text is b as a string, one copy per distinct value.
func (m *dateCache) text(b []byte) string {
	if s, ok := m.texts[string(b)]; ok {
		return s
	}
	s := string(b)
	m.texts[s] = s
	return s
}

// candidate is an invoice of chargeCandidates as its rows are read.
type candidate struct {
	id                 int64
	number, code, name string
	currency           string
	total              int64
	due                time.Time
	interest, comp     string
	charged            time.Time // the last day charged interest; zero: none
	compensated        int
	allocs             []DatedAmount
	disputes           []Span
}

// candidateBatch is how many invoices the reader hands over at a time.
const candidateBatch = 2048

// computeCharges works out, as of asOf, what each late invoice is charged
// and hands each non-zero line to fn in invoice order. One goroutine reads
// the rows while this one works out the charges and calls fn: on a
// million invoices the two halves take about as long as each other.
func computeCharges(ctx context.Context, q querier, asOf time.Time, fn func(ChargeLine) error) error {
	return computeChargesOf(ctx, q, asOf, nil, fn)
}

// computeChargesOf is computeCharges of the invoices ids only (nil: all).
func computeChargesOf(ctx context.Context, q querier, asOf time.Time, ids []int64, fn func(ChargeLine) error) error {
	if err := DateInRange(asOf); err != nil {
		return Errorf(EINVALID, "as-of date %v", err)
	}
	rules, err := loadChargeRules(ctx, q)
	if err != nil {
		return err
	}
	if none, err := rules.none(ctx, q); err != nil || none {
		return err
	}
	disputes, err := readDisputeSpans(ctx, q)
	if err != nil {
		return err
	}
	var customers map[int64]chargeCustomer
	if ids == nil || len(ids) > 500 {
		customers, err = readChargeCustomers(ctx, q)
	} else {
		customers, err = readChargeCustomersOf(ctx, q, ids)
	}
	if err != nil {
		return err
	}
	if ids == nil {
		return chargeRun(ctx, q, asOf, nil, rules, customers, disputes, fn)
	}
	// Named invoices go 500 to a query (SQLite takes at most 32,766
	// parameters), read with the rules and customers read once.
	for len(ids) > 0 {
		n := min(500, len(ids))
		if err := chargeRun(ctx, q, asOf, ids[:n], rules, customers, disputes, fn); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// chargeRun reads the candidates (of ids, nil: all) on one goroutine and
// works out their charges on this one, handing each line to fn.
func chargeRun(ctx context.Context, q querier, asOf time.Time, ids []int64, rules *chargeRules, customers map[int64]chargeCustomer,
	disputes map[int64][]Span, fn func(ChargeLine) error) error {
	batches := make(chan []candidate, 4)
	// Worked-out batches go back to the reader to be filled again: new
	// ones for a million invoices were a fifth of what a preview allocated.
	free := make(chan []candidate, 6)
	stop := make(chan struct{})
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- readCandidates(ctx, q, asOf, ids, customers, disputes, batches, free, stop)
	}()
	var werr error
	for batch := range batches {
		if werr != nil {
			continue // drain, so the reader finishes and closes its rows
		}
		for i := range batch {
			l, ok, err := chargeOf(&batch[i], rules, asOf)
			if err == nil && ok {
				err = fn(l)
			}
			if err != nil {
				werr = err
				close(stop)
				break
			}
		}
		select {
		case free <- batch[:0]:
		default:
		}
	}
	if rerr := <-readErr; werr == nil && rerr != errStopped {
		werr = rerr
	}
	return werr
}

var errStopped = errors.New("charges: stopped")

// readCandidates reads chargeCandidates as of asOf and sends the
// invoices in batches (those handed back on free filled again), until
// the rows end or stop is closed.
func readCandidates(ctx context.Context, q querier, asOf time.Time, ids []int64, customers map[int64]chargeCustomer,
	disputes map[int64][]Span, out chan<- []candidate, free <-chan []candidate, stop <-chan struct{}) error {
	query, args := chargeCandidates, []any{fmtDate(asOf)}
	if ids != nil {
		// A few invoices (a reminder's, a customer's): read from their ids,
		// through the primary key. Given "d.id IN (…)" SQLite still read
		// them in date order through documents_kind_date, walking every
		// invoice of the ledger for a few (0.4 s on a million invoices,
		// where the ids' rows take a millisecond). The ids are our own
		// integers, written into the SQL as a VALUES list (no limit on
		// its rows on either database).
		vals := make([]string, 0, len(ids))
		seen := make(map[int64]bool, len(ids))
		for _, id := range ids {
			if !seen[id] { // one invoice listed twice would be read twice
				seen[id] = true
				vals = append(vals, "("+strconv.FormatInt(id, 10)+")")
			}
		}
		list := strings.Join(vals, ", ")
		query = strings.Replace(query, "FROM documents d\n", "FROM (VALUES "+list+") AS ids CROSS JOIN documents d ON d.id = ids.column1\n", 1)
		query = strings.Replace(query, "FROM charge_periods GROUP BY", "FROM charge_periods WHERE invoice_id IN (SELECT column1 FROM (VALUES "+list+") AS pids) GROUP BY", 1)
		query = strings.Replace(query, "ORDER BY d.date, d.id", "ORDER BY d.date || '', d.id", 1)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("charges: %w", err)
	}
	defer rows.Close()
	dates := newDateCache()
	batch := make([]candidate, 0, candidateBatch)
	send := func() error {
		select {
		case out <- batch:
		case <-stop:
			return errStopped
		}
		select {
		case batch = <-free:
		default:
			batch = make([]candidate, 0, candidateBatch)
		}
		return nil
	}
	var cur *candidate
	// Raw bytes: a million rows' texts are copied only where kept. The
	// destinations are declared once: declared in the loop, each row's
	// ten would be allocated anew (half a gigabyte a preview).
	var id, total, compensated, aAmount, custID int64
	var number, currency, due, charged, aDate sql.RawBytes
	dest := []any{&id, &number, &custID, &currency, &total, &due, &charged, &compensated, &aDate, &aAmount}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("charges: %w", err)
		}
		if cur == nil || id != cur.id {
			if len(batch) == candidateBatch {
				if err := send(); err != nil {
					return err
				}
			}
			cu := customers[custID]
			c := candidate{id: id, number: string(number), code: cu.code, name: cu.name, interest: cu.interest, comp: cu.comp,
				currency: dates.text(currency), total: total, compensated: int(compensated), disputes: disputes[id]}
			if c.due, err = dates.parse(due); err != nil {
				return fmt.Errorf("charges: invoice %s: due %w", c.number, err)
			}
			if len(charged) > 0 {
				if c.charged, err = dates.parse(charged); err != nil {
					return fmt.Errorf("charges: invoice %s: charged to %w", c.number, err)
				}
			}
			batch = append(batch, c)
			cur = &batch[len(batch)-1]
		}
		if len(aDate) > 0 {
			d, err := dates.parse(aDate)
			if err != nil {
				return fmt.Errorf("charges: invoice %s: allocation %w", cur.number, err)
			}
			cur.allocs = append(cur.allocs, DatedAmount{Date: d, Amount: aAmount})
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("charges: %w", err)
	}
	if len(batch) > 0 {
		return send()
	}
	return nil
}

// chargeOf is what one candidate is charged as of asOf; ok is false when
// nothing.
func chargeOf(c *candidate, rules *chargeRules, asOf time.Time) (ChargeLine, bool, error) {
	ir, err := rules.interestOf(c.interest)
	if err != nil {
		return ChargeLine{}, false, Errorf(EINVALID, "customer %s: %v", c.code, err)
	}
	cr, err := rules.compensationOf(c.comp)
	if err != nil {
		return ChargeLine{}, false, Errorf(EINVALID, "customer %s: %v", c.code, err)
	}
	wantComp := cr.Kind != CompensationNone && c.compensated == 0
	if ir.Kind == InterestNone && !wantComp {
		return ChargeLine{}, false, nil
	}
	due := c.due
	from := due.AddDate(0, 0, 1)
	if !c.charged.IsZero() {
		if !c.charged.Before(asOf) && !wantComp {
			return ChargeLine{}, false, nil
		}
		from = c.charged.AddDate(0, 0, 1)
	}
	total := NewMoney(c.total, c.currency)
	l := ChargeLine{InvoiceID: c.id, Invoice: c.number, CustomerCode: c.code, CustomerName: c.name, Currency: c.currency,
		Total: total, Due: due, Rule: ir, Basis: rules.basis, Interest: NewMoney(0, c.currency), Compensation: NewMoney(0, c.currency)}
	ic := InterestCase{Total: total, Due: due, From: from, To: asOf, Allocs: c.allocs, Disputes: c.disputes,
		Rule: ir, Basis: rules.basis, Rates: rules.rates}
	if ir.Kind != InterestNone && !from.After(asOf) {
		pieces, amt, err := Interest(ic)
		if err != nil {
			return ChargeLine{}, false, fmt.Errorf("invoice %s: %w", c.number, err)
		}
		if amt.Minor > 0 {
			l.Pieces, l.Interest = pieces, amt
			l.From, l.To = from, asOf
			for _, p := range pieces {
				l.Days += p.Days
			}
		}
	}
	if wantComp {
		// Compensation is due once the invoice was late on a day it was
		// not disputed with something still open: interest charged now
		// proves it, else the days from the due date are looked at.
		late := l.Pieces
		if len(late) == 0 {
			ic.From, ic.Rule = due.AddDate(0, 0, 1), InterestRule{Kind: InterestFixed, Rate: big.NewRat(1, 1)}
			if late, _, err = Interest(ic); err != nil {
				return ChargeLine{}, false, fmt.Errorf("invoice %s: %w", c.number, err)
			}
		}
		if len(late) > 0 {
			m, w, err := CompensationFor(cr, total)
			if err != nil {
				return ChargeLine{}, false, fmt.Errorf("invoice %s: %w", c.number, err)
			}
			l.Compensation, l.CompWorking = m, w
			if l.Days == 0 {
				for _, p := range late {
					l.Days += p.Days
				}
			}
		}
	}
	if l.Interest.Minor == 0 && l.Compensation.Minor == 0 {
		return ChargeLine{}, false, nil
	}
	return l, true, nil
}

// readDisputeSpans reads every dispute as the days it covers, by invoice.
func readDisputeSpans(ctx context.Context, q querier) (map[int64][]Span, error) {
	rows, err := q.QueryContext(ctx, `SELECT document_id, opened_on, COALESCE(resolved_on, '') FROM disputes`)
	if err != nil {
		return nil, fmt.Errorf("read disputes: %w", err)
	}
	defer rows.Close()
	out := map[int64][]Span{}
	for rows.Next() {
		var id int64
		var from, to string
		if err := rows.Scan(&id, &from, &to); err != nil {
			return nil, err
		}
		s := Span{}
		if s.From, err = ParseDate(from); err != nil {
			return nil, fmt.Errorf("dispute: %w", err)
		}
		if to != "" {
			if s.To, err = ParseDate(to); err != nil {
				return nil, fmt.Errorf("dispute: %w", err)
			}
		}
		out[id] = append(out[id], s)
	}
	return out, rows.Err()
}

// PreviewCharges hands fn, invoice by invoice, what a run as of asOf would
// charge, reading one snapshot; it writes nothing.
func (s *Store) PreviewCharges(ctx context.Context, asOf time.Time, fn func(ChargeLine) error) error {
	err := s.readTx(ctx, func(rtx *sql.Tx) error {
		return computeCharges(ctx, rtx, asOf, fn)
	})
	if err != nil {
		return fmt.Errorf("preview charges as of %s: %w", fmtDate(asOf), err)
	}
	return nil
}

// PostCharges charges every late invoice as of asOf: a charge document for
// each, with its periods, all in one transaction. A repeated run charges
// only days not charged before. progress, if set, is told how many
// charges are written so far, inside the transaction (nothing is committed
// until the last).
func (s *Store) PostCharges(ctx context.Context, asOf time.Time, progress func(posted int)) ([]ChargeLine, error) {
	var lines []ChargeLine
	err := s.write(ctx, func(t *tx) error {
		lines = lines[:0]
		if err := computeCharges(ctx, t.Tx, asOf, func(l ChargeLine) error {
			lines = append(lines, l)
			return nil
		}); err != nil {
			return err
		}
		for i := range lines {
			if err := t.postCharge(&lines[i], asOf); err != nil {
				return err
			}
			if progress != nil {
				progress(i + 1)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("post charges as of %s: %w", fmtDate(asOf), err)
	}
	return lines, nil
}

// postCharge writes the charge of one line: the document, its lines, its
// periods and its entry.
func (t *tx) postCharge(l *ChargeLine, asOf time.Time) error {
	inv, err := t.docByID(l.InvoiceID)
	if err != nil {
		return err
	}
	number, err := t.nextNumber(KindCharge)
	if err != nil {
		return err
	}
	day := fmtDate(asOf)
	total := l.Interest.Minor + l.Compensation.Minor
	d := docRow{kind: KindCharge, number: number, customerID: inv.customerID, status: StatusIssued, date: day, dueDate: day,
		currency: inv.currency, net: total, total: total, open: total}
	id, err := t.insertDoc(&d, inv.number, "late-payment charge on invoice "+inv.number)
	if err != nil {
		return err
	}
	var lines []Line
	var b entryBuilder
	b.debit(AccReceivable, inv.customerID, total)
	if l.Interest.Minor > 0 {
		w := l.InterestWorking()
		lines = append(lines, Line{Description: chargeText("Interest on invoice " + inv.number + ": " + w), Quantity: D4(1), UnitPrice: l.Interest.Minor, Net: l.Interest.Minor})
		b.credit(AccInterest, 0, l.Interest.Minor)
		if _, err := t.exec(`INSERT INTO charge_periods (invoice_id, kind, from_date, to_date, charge_id, amount, working) VALUES (?, 'interest', ?, ?, ?, ?, ?)`,
			inv.id, fmtDate(l.From), fmtDate(l.To), id, l.Interest.Minor, w); err != nil {
			return chargedTwice(err, inv.number)
		}
	}
	if l.Compensation.Minor > 0 {
		lines = append(lines, Line{Description: chargeText("Compensation for late payment of invoice " + inv.number + ": " + l.CompWorking), Quantity: D4(1), UnitPrice: l.Compensation.Minor, Net: l.Compensation.Minor})
		b.credit(AccLateFees, 0, l.Compensation.Minor)
		if _, err := t.exec(`INSERT INTO charge_periods (invoice_id, kind, from_date, to_date, charge_id, amount, working) VALUES (?, 'compensation', ?, ?, ?, ?, ?)`,
			inv.id, fmtDate(l.Due.AddDate(0, 0, 1)), day, id, l.Compensation.Minor, l.CompWorking); err != nil {
			return chargedTwice(err, inv.number)
		}
	}
	if err := t.insertLines(id, lines); err != nil {
		return err
	}
	if err := t.post(asOf, id, "issue", "charge "+number, inv.currency, &b); err != nil {
		return err
	}
	l.Number = number
	return nil
}

// chargeText keeps a line's description within the text limit (a working
// of many pieces is long): the charge_periods row keeps it whole.
func chargeText(s string) string {
	if r := []rune(s); len(r) > maxText {
		return string(r[:maxText-1]) + "…"
	}
	return s
}

func chargedTwice(err error, number string) error {
	if isUniqueViolation(err) {
		return Errorf(ECONFLICT, "invoice %s: this period was charged already (another run?)", number)
	}
	return err
}

// chargeSplit is what a charge credited to interest (4110); the rest went
// to compensation (4100). Voiding reverses the same split.
func (t *tx) chargeSplit(chargeID int64) (int64, error) {
	var interest int64
	err := t.queryRow(`SELECT COALESCE(SUM(amount), 0) FROM charge_periods WHERE charge_id = ? AND kind = 'interest'`, chargeID).Scan(&interest)
	return interest, err
}

// ReferenceRates lists the reference rates of a series ("" every series),
// by series and date.
func (s *Store) ReferenceRates(ctx context.Context, series string) ([]RefRate, error) {
	rates, err := readRefRates(ctx, s.r)
	if err != nil {
		return nil, err
	}
	var out []RefRate
	for _, k := range []string{SeriesBoE, SeriesECB} {
		if series == "" || series == k {
			out = append(out, rates[k]...)
		}
	}
	return out, nil
}

func readRefRates(ctx context.Context, q querier) (RefRates, error) {
	rows, err := q.QueryContext(ctx, `SELECT series, date, rate FROM reference_rates ORDER BY series, date`)
	if err != nil {
		return nil, fmt.Errorf("read reference rates: %w", err)
	}
	defer rows.Close()
	out := RefRates{}
	for rows.Next() {
		var r RefRate
		var date, rate string
		if err := rows.Scan(&r.Series, &date, &rate); err != nil {
			return nil, err
		}
		if r.Date, err = ParseDate(date); err != nil {
			return nil, fmt.Errorf("reference rate %s: %w", r.Series, err)
		}
		if r.Rate, err = parsePercent(rate); err != nil {
			return nil, fmt.Errorf("reference rate %s %s: %w", r.Series, date, err)
		}
		out[r.Series] = append(out[r.Series], r)
	}
	return out, rows.Err()
}

// ValidSeries reports whether s names a reference rate series.
func ValidSeries(s string) bool { return s == SeriesECB || s == SeriesBoE }

// SetReferenceRate records the rate of a series in force from date, in
// percent per year (a decimal, which may be zero or negative).
func (s *Store) SetReferenceRate(ctx context.Context, series string, date time.Time, rate string) error {
	series = strings.ToLower(strings.TrimSpace(series))
	if !ValidSeries(series) {
		return Errorf(EINVALID, "reference rate series %q: want ecb (ECB main refinancing rate) or boe (Bank of England base rate)", series)
	}
	if err := DateInRange(date); err != nil {
		return Errorf(EINVALID, "date %v", err)
	}
	v, err := parsePercent(rate)
	if err != nil || v.Cmp(big.NewRat(-100, 1)) < 0 || v.Cmp(big.NewRat(100, 1)) > 0 {
		return Errorf(EINVALID, "reference rate %q: want a percentage between -100 and 100, such as 4.50", rate)
	}
	text := strings.TrimSpace(rate)
	return s.write(ctx, func(t *tx) error {
		_, err := t.exec(`INSERT INTO reference_rates (series, date, rate) VALUES (?, ?, ?)
			ON CONFLICT (series, date) DO UPDATE SET rate = excluded.rate`, series, fmtDate(date), text)
		return err
	})
}

// DeleteReferenceRate removes a rate entered by mistake.
func (s *Store) DeleteReferenceRate(ctx context.Context, series string, date time.Time) error {
	return s.write(ctx, func(t *tx) error {
		res, err := t.exec(`DELETE FROM reference_rates WHERE series = ? AND date = ?`, series, fmtDate(date))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(ENOTFOUND, "no %s reference rate dated %s", series, fmtDate(date))
		}
		return nil
	})
}

// CustomerCharges is a customer's own charge rules; "" means the settings'.
type CustomerCharges struct {
	Interest     string
	Compensation string
}

// SetCustomerCharges sets a customer's own interest and compensation rules
// ("" to follow the settings), each checked first.
func (s *Store) SetCustomerCharges(ctx context.Context, code string, c CustomerCharges) error {
	c.Interest, c.Compensation = strings.TrimSpace(c.Interest), strings.TrimSpace(c.Compensation)
	if _, err := ParseInterestRule(c.Interest); err != nil {
		return Errorf(EINVALID, "%v", err)
	}
	if _, err := ParseCompensationRule(c.Compensation); err != nil {
		return Errorf(EINVALID, "%v", err)
	}
	return s.write(ctx, func(t *tx) error {
		res, err := t.exec(`UPDATE customers SET charges_interest = ?, charges_compensation = ? WHERE code = ?`, c.Interest, c.Compensation, code)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(ENOTFOUND, "no customer with code %q", code)
		}
		return nil
	})
}

// CustomerChargesOf reads a customer's own charge rules.
func (s *Store) CustomerChargesOf(ctx context.Context, code string) (CustomerCharges, error) {
	var c CustomerCharges
	err := s.r.QueryRowContext(ctx, `SELECT charges_interest, charges_compensation FROM customers WHERE code = ?`, code).Scan(&c.Interest, &c.Compensation)
	if errors.Is(err, sql.ErrNoRows) {
		return c, Errorf(ENOTFOUND, "no customer with code %q", code)
	}
	return c, err
}

// ChargedPeriod is a period an invoice was charged for.
type ChargedPeriod struct {
	Invoice  string
	Charge   string
	Kind     string // interest or compensation
	From, To time.Time
	Amount   Money
	Working  string
	Void     bool
}

// ChargedPeriods lists what an invoice was charged, oldest first.
func (s *Store) ChargedPeriods(ctx context.Context, invoice string) ([]ChargedPeriod, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT i.number, c.number, p.kind, p.from_date, p.to_date, p.amount, c.currency, p.working, c.status
		FROM charge_periods p JOIN documents i ON i.id = p.invoice_id JOIN documents c ON c.id = p.charge_id
		WHERE i.number = ? ORDER BY p.from_date, p.kind`, invoice)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ChargedPeriod
	for rows.Next() {
		var p ChargedPeriod
		var from, to, cur, status string
		var amt int64
		if err := rows.Scan(&p.Invoice, &p.Charge, &p.Kind, &from, &to, &amt, &cur, &p.Working, &status); err != nil {
			return nil, err
		}
		p.From, _ = ParseDate(from)
		p.To, _ = ParseDate(to)
		p.Amount, p.Void = NewMoney(amt, cur), status == string(StatusVoid)
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].From.Before(out[j].From) })
	return out, rows.Err()
}

// AccruedCharges is what the invoices ids would be charged as of asOf
// and are not yet (what a reminder can quote), by invoice id; invoices
// with nothing to charge are left out. It reads one snapshot and writes
// nothing; with no charge rule anywhere it reads only the settings.
func (s *Store) AccruedCharges(ctx context.Context, asOf time.Time, ids []int64) (map[int64]ChargeLine, error) {
	out := map[int64]ChargeLine{}
	if len(ids) == 0 {
		return out, nil
	}
	err := s.readTx(ctx, func(rtx *sql.Tx) error {
		return computeChargesOf(ctx, rtx, asOf, ids, func(l ChargeLine) error {
			out[l.InvoiceID] = l
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("accrued charges as of %s: %w", fmtDate(asOf), err)
	}
	return out, nil
}
