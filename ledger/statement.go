package ledger

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ActivityEvent is one change to a customer's balance: an invoice, a
// payment, a credit note, a write-off, or the void of one of them.
type ActivityEvent struct {
	Date      time.Time
	Kind      Kind   // of the document
	Number    string // the document's number
	Action    string // "issue", "payment", "write_off", "void" (or "apply", rarely non-zero)
	Reference string // PO or bank reference; for a write-off the invoice's number
	DueDate   time.Time
	Amount    Money // signed effect: positive when the customer owes more
	Balance   Money // the balance after this event
}

// Activity is a customer's account over a period (a balance-forward
// statement): the balance at the end of the day before From, every
// change up to the end of To, and the balance then. Balances are what
// the customer owes less their unapplied credits, exactly as Aging
// counts them, so Closing equals the customer's Aging total as of To.
type Activity struct {
	Customer Customer
	From, To time.Time
	Opening  Money
	Charges  Money // the sum of the positive events
	Credits  Money // the sum of the negative events, as a positive amount
	Closing  Money
	Events   []ActivityEvent // nil from EachActivityEvent
}

// activityEvents lists the journal entries that touch a customer's
// receivable (1100) or credits (2100) in a period, each with its effect on
// the balance. It reaches them through the customer's documents
// (documents_customer), their entries (journal_entries_document) and the
// postings' primary key: every entry that moves a customer's balance
// belongs to one of that customer's documents, so nothing scans the
// journal. A document's entries are all dated on or before its closed_on
// (closing, voiding and every allocation move closed_on to at least their
// date), so documents closed before the period are passed over in the
// index: a month of a customer with 40,000 invoices reads that month's
// documents and the open ones, not all 40,000. (If that ever failed, the
// closing balance would not reconcile, and EachActivityEvent says so.)
// An application of a credit moves 2100 and 1100 by the same amount and
// leaves the balance alone, so it is left out.
const activityEvents = `
SELECT e.date, d.kind, COALESCE(d.number, ''), e.kind, d.reference, d.due_date, SUM(p.amount)
FROM documents d
JOIN journal_entries e ON e.document_id = d.id
JOIN postings p ON p.entry_id = e.id
WHERE d.customer_id = ?1 AND d.kind IN ('invoice', 'charge', 'credit_note', 'payment', 'write_off', 'refund', 'discount')
	AND d.closed_on >= ?2 AND d.date <= ?3 AND e.date >= ?2 AND e.date <= ?3
	AND p.account IN (1100, 2100) AND p.customer_id = ?1
GROUP BY e.id, d.id
HAVING SUM(p.amount) <> 0 OR e.kind <> 'apply'
ORDER BY e.date, e.id`

// customerBalanceAsOf is the customer's aging total at the end of ?1:
// open invoices less unapplied credits, from the same as-of rows Aging
// reads. The outer customer filter is pushed into the flattened subquery,
// where it can use documents_customer, so this costs what the customer
// has open, not what the ledger has open.
const customerBalanceAsOf = `
SELECT COALESCE(SUM(CASE WHEN kind IN ('invoice', 'charge') THEN open_then ELSE -open_then END), 0)
FROM (` + asOfItems + `) i WHERE customer_id = ?2`

// OpenItems is one customer's open-item statement: every document open
// at the end of AsOf, as AgingDetail lists it, and their aging.
type OpenItems struct {
	Customer Customer
	AsOf     time.Time
	Labels   []string
	Items    []AgingItem // by kind (invoices first), due date and number
	Aging    AgingLine   // the customer's line of the Aging as of AsOf
}

// CustomerOpenItems returns a customer's open items and their aging as of
// o.AsOf (o.Customer is ignored). The rows and buckets are AgingDetail's,
// from the same SQL; but where Aging and AgingDetail filter a customer
// after reading every open document of the ledger, this reaches the
// customer's documents through documents_customer, so a statement costs
// what the customer has open, however large the ledger.
func (s *Store) CustomerOpenItems(ctx context.Context, code string, o AgingOptions) (*OpenItems, error) {
	if err := o.normalize(s.Now()); err != nil {
		return nil, err
	}
	cust, err := s.CustomerByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	o.Customer = cust.Code
	q := `SELECT i.id, i.kind, i.number, i.date, i.due_date, i.total, i.open_then,
		CAST(julianday(?1) - julianday(i.` + o.basisCol() + `) AS INTEGER), ` + bucketCase("i."+o.basisCol(), edgeDates(o)) + `,
		` + fmt.Sprintf(disputedAsOf, "i.id") + `
		FROM (` + asOfItems + `) i
		WHERE i.customer_id = ?2 AND i.open_then <> 0
		ORDER BY i.kind NOT IN ('invoice', 'charge'), i.due_date, i.number`
	q = strings.Replace(q, "CASE WHEN kind NOT IN ('invoice', 'charge')", "CASE WHEN i.kind NOT IN ('invoice', 'charge')", 1)
	rows, err := s.r.QueryContext(ctx, q, fmtDate(o.AsOf), cust.ID)
	if err != nil {
		return nil, fmt.Errorf("open items of %s: %w", code, err)
	}
	defer rows.Close()
	oi := &OpenItems{Customer: cust, AsOf: o.AsOf, Labels: BucketLabels(o.Edges),
		Aging: AgingLine{CustomerCode: cust.Code, CustomerName: cust.Name, Currency: cust.Currency, Buckets: make([]int64, len(o.Edges)+2)}}
	for rows.Next() {
		it := AgingItem{CustomerCode: cust.Code, CustomerName: cust.Name, Currency: cust.Currency}
		if err := rows.Scan(&it.ID, &it.Kind, &it.Number, scanDate(&it.IssueDate), scanDate(&it.DueDate), &it.Original, &it.Open,
			&it.DaysPastDue, &it.Bucket, &it.Disputed); err != nil {
			return nil, fmt.Errorf("open items of %s: %w", code, err)
		}
		if !it.Kind.Receivable() {
			it.Open, it.Original = -it.Open, -it.Original
			oi.Aging.Credits += it.Open
		} else {
			oi.Aging.Buckets[it.Bucket] += it.Open
		}
		oi.Aging.Total += it.Open
		oi.Items = append(oi.Items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("open items of %s: %w", code, err)
	}
	// The items keep their own due dates; the aging line follows any
	// payment plan's instalments, as the Aging's line does.
	if err := applyPlans(ctx, s.r, o, cust.ID, map[int64]*AgingLine{cust.ID: &oi.Aging}); err != nil {
		return nil, fmt.Errorf("open items of %s: %w", code, err)
	}
	return oi, nil
}

// CustomersOpenAsOf lists, by name, the codes of the customers who may have
// something open at the end of asOf: every customer with a document that
// is not closed by then (by the closed_on index, which never closes a
// document early). It is a superset, found without working out what was
// open; CustomerOpenItems tells exactly, customer by customer.
func (s *Store) CustomersOpenAsOf(ctx context.Context, asOf time.Time) ([]string, error) {
	day := fmtDate(Day(asOf))
	rows, err := s.r.QueryContext(ctx, `SELECT c.code FROM customers c WHERE c.id IN (
		SELECT d.customer_id FROM documents d
		WHERE d.kind IN ('invoice', 'charge', 'payment', 'credit_note') AND d.status <> 'draft'
			AND d.closed_on > ?1 AND d.date <= ?1 AND (d.void_date IS NULL OR d.void_date > ?1))
		ORDER BY c.name COLLATE NOCASE, c.code`, day)
	if err != nil {
		return nil, fmt.Errorf("customers open on %s: %w", day, err)
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("customers open on %s: %w", day, err)
		}
		codes = append(codes, c)
	}
	return codes, rows.Err()
}

// CustomerActivity returns a customer's activity from the start of from
// to the end of to, with every event. For customers with tens of
// thousands of documents EachActivityEvent holds one event at a time.
func (s *Store) CustomerActivity(ctx context.Context, code string, from, to time.Time) (*Activity, error) {
	var events []ActivityEvent
	a, err := s.EachActivityEvent(ctx, code, from, to, func(ev ActivityEvent) error {
		events = append(events, ev)
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.Events = events
	return a, nil
}

// EachActivityEvent calls fn for each event of a customer's activity in
// date order, streaming, and returns the activity's balances and totals.
// It reads in one read transaction, so a payment recorded meanwhile
// cannot make the closing balance disagree with the events.
func (s *Store) EachActivityEvent(ctx context.Context, code string, from, to time.Time, fn func(ActivityEvent) error) (*Activity, error) {
	from, to = Day(from), Day(to)
	if from.IsZero() || to.IsZero() {
		return nil, Errorf(EINVALID, "a statement period needs both a from and a to date")
	}
	if to.Before(from) {
		return nil, Errorf(EINVALID, "the period ends (%s) before it starts (%s)", fmtDate(to), fmtDate(from))
	}
	cust, err := s.CustomerByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	cur := cust.Currency
	rtx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("activity of %s: %w", code, err)
	}
	defer rtx.Rollback()
	a := &Activity{Customer: cust, From: from, To: to}
	var opening, closing int64
	if err := rtx.QueryRowContext(ctx, customerBalanceAsOf, fmtDate(from.AddDate(0, 0, -1)), cust.ID).Scan(&opening); err != nil {
		return nil, fmt.Errorf("opening balance of %s: %w", code, err)
	}
	rows, err := rtx.QueryContext(ctx, activityEvents, cust.ID, fmtDate(from), fmtDate(to))
	if err != nil {
		return nil, fmt.Errorf("activity of %s: %w", code, err)
	}
	defer rows.Close()
	balance, charges, credits := opening, int64(0), int64(0)
	for rows.Next() {
		var ev ActivityEvent
		var due string
		var amount int64
		if err := rows.Scan(scanDate(&ev.Date), &ev.Kind, &ev.Number, &ev.Action, &ev.Reference, &due, &amount); err != nil {
			return nil, fmt.Errorf("activity of %s: %w", code, err)
		}
		if ev.Kind.Receivable() {
			if ev.DueDate, err = storedDate("due_date", due); err != nil {
				return nil, fmt.Errorf("activity of %s, invoice %s: %w", code, ev.Number, err)
			}
		}
		balance += amount
		if amount > 0 {
			charges += amount
		} else {
			credits -= amount
		}
		ev.Amount, ev.Balance = NewMoney(amount, cur), NewMoney(balance, cur)
		if err := fn(ev); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("activity of %s: %w", code, err)
	}
	// The journal and the open amounts are two records of one truth; a
	// statement that disagreed with the aging would be sent to a customer.
	if err := rtx.QueryRowContext(ctx, customerBalanceAsOf, fmtDate(to), cust.ID).Scan(&closing); err != nil {
		return nil, fmt.Errorf("closing balance of %s: %w", code, err)
	}
	if closing != balance {
		return nil, Errorf(EINTERNAL, "statement of %s does not reconcile: %s brought forward and the events make %s, but %s is open on %s; run paidup check",
			code, NewMoney(opening, cur), NewMoney(balance, cur), NewMoney(closing, cur), fmtDate(to))
	}
	a.Opening, a.Closing = NewMoney(opening, cur), NewMoney(closing, cur)
	a.Charges, a.Credits = NewMoney(charges, cur), NewMoney(credits, cur)
	return a, nil
}
