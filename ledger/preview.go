package ledger

import (
	"context"
	"fmt"
	"time"
)

// InvoicePreview is what an invoice of some lines would total, computed
// exactly as issuing it would: for editors that show live totals.
type InvoicePreview struct {
	Lines []Line    // with Net filled in
	Taxes []TaxLine // per non-zero rate
	Net   Money
	Tax   Money
	Total Money
}

// PreviewInvoice computes the lines' nets, the tax per rate and the
// totals in currency cur. It writes nothing.
func PreviewInvoice(cur string, lines []Line) (InvoicePreview, error) {
	if !ValidCurrency(cur) {
		return InvoicePreview{}, Errorf(EINVALID, "unknown currency %q", cur)
	}
	p := InvoicePreview{Lines: append([]Line(nil), lines...)}
	net, tax, taxes, err := computeLines(p.Lines)
	if err != nil {
		return InvoicePreview{}, err
	}
	p.Taxes = taxes
	p.Net, p.Tax, p.Total = NewMoney(net, cur), NewMoney(tax, cur), NewMoney(net+tax, cur)
	return p, nil
}

// OverdueCustomer is a customer with invoices past due.
type OverdueCustomer struct {
	Code, Name string
	Overdue    Money // open amount of invoices due before the day asked about
	Items      int
	OldestDue  time.Time
	DaysLate   int // days the oldest of them is past due on the day asked about
}

// TopOverdue returns, for each currency, the n customers longest overdue
// on today: ranked by the days their oldest overdue invoice is late, then
// by the amount overdue, largest first. Currencies are never compared:
// the list is by currency code, each its own ranking. It reads only the
// open invoices, through documents_asof.
func (s *Store) TopOverdue(ctx context.Context, today time.Time, n int) ([]OverdueCustomer, error) {
	if today.IsZero() {
		today = s.Now()
	}
	if n <= 0 || n > 100 {
		return nil, Errorf(EINVALID, "ask for 1 to 100 customers")
	}
	today = Day(today)
	rows, err := s.r.QueryContext(ctx, `
		SELECT code, name, currency, amount, items, oldest FROM (
			SELECT c.code AS code, c.name AS name, o.currency AS currency, o.amount AS amount, o.items AS items, o.oldest AS oldest,
				ROW_NUMBER() OVER (PARTITION BY o.currency ORDER BY o.oldest, o.amount DESC, c.name) AS place
			FROM (SELECT customer_id, currency, SUM(open) AS amount, count(*) AS items, MIN(due_date) AS oldest
				FROM documents
				WHERE kind = 'invoice' AND closed_on = '9999-12-31' AND status <> 'draft' AND open > 0 AND due_date < ?1
				GROUP BY customer_id, currency) o
			JOIN customers c ON c.id = o.customer_id) ranked
		WHERE place <= ?2
		ORDER BY currency, place`, fmtDate(today), n)
	if err != nil {
		return nil, fmt.Errorf("top overdue customers: %w", err)
	}
	defer rows.Close()
	var out []OverdueCustomer
	for rows.Next() {
		var oc OverdueCustomer
		var cur string
		var amount int64
		if err := rows.Scan(&oc.Code, &oc.Name, &cur, &amount, &oc.Items, scanDate(&oc.OldestDue)); err != nil {
			return nil, fmt.Errorf("top overdue customers: %w", err)
		}
		oc.Overdue = NewMoney(amount, cur)
		oc.DaysLate = DaysBetween(oc.OldestDue, today)
		out = append(out, oc)
	}
	return out, rows.Err()
}

// ProposeAllocation spreads amount over open items oldest first, as
// RecordPayment does when told nothing: each item gets what it has open
// until the amount runs out. Items in another currency are skipped. The
// rest is what would stay an unapplied credit. Editors show the proposal
// and let the user change it.
func ProposeAllocation(open []DocumentRow, amount Money) (apply []AllocationInput, rest Money) {
	left := amount.Minor
	for _, d := range open {
		if left <= 0 {
			break
		}
		if d.Open.Currency != amount.Currency || d.Open.Minor <= 0 {
			continue
		}
		n := min(left, d.Open.Minor)
		apply = append(apply, AllocationInput{InvoiceNumber: d.Number, Amount: NewMoney(n, amount.Currency)})
		left -= n
	}
	return apply, NewMoney(max(left, 0), amount.Currency)
}
