package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Who is due for a reminder: the candidates a reminder run plans from.

// ReminderQuery chooses the invoices a reminder run looks at.
type ReminderQuery struct {
	AsOf     time.Time // the end of this day, as aging counts it; zero means today
	DueBy    time.Time // only invoices due on or before this day; zero means AsOf
	Customer string    // one customer's code, or all
}

// ReminderItem is an invoice open at the end of AsOf, as a reminder run sees it.
type ReminderItem struct {
	DocumentID  int64
	Number      string
	IssueDate   time.Time
	DueDate     time.Time
	Total, Open Money // Open as of AsOf
	DaysPastDue int   // AsOf − DueDate; negative before the due date
	Disputed    bool  // a dispute open at the end of AsOf, or open now
	ClosedNow   bool  // open at AsOf but paid, voided or written off since
	Reminded    []string
	// PromisedUntil is the day reminders of it wait for: the latest date
	// an open promise covering it names, plus promise.grace_days; zero
	// when none does.
	PromisedUntil time.Time
	// Plan is what the invoice's active payment plan waits for (nil when
	// it is in none): reminders wait until its next instalment's date plus
	// the plan's grace.
	Plan *PlanWait
	// BrokenPromise is the latest broken promise covering it, if any: it
	// is reminded of once, at step BrokenPromiseStep(its id).
	BrokenPromise *BrokenPromise
	// StoodIn is how many days past due the invoice was when a broken
	// promise's reminder last went for it; StoodInOK says one did. That
	// reminder stands in for the regular step reached by then: the next
	// regular one is the first step after it.
	StoodIn   int
	StoodInOK bool
}

// CustomerReminders is a customer's own reminder settings; the zero value
// is the default: reminders on, to the customer's email, default policy.
type CustomerReminders struct {
	Email  string // where reminders go instead of the customer's email
	Off    bool   // no reminders at all
	Policy string // a named policy; "" is the default one
}

// ReminderCustomer is a customer with the invoices a run looks at.
type ReminderCustomer struct {
	ID       int64
	Code     string
	Name     string
	Email    string
	Currency string
	Settings CustomerReminders
	Items    []ReminderItem // by due date, then number
}

// Recipient is where the customer's reminders go: their own reminder
// address, else their email; "" when they have neither.
func (c ReminderCustomer) Recipient() string {
	if c.Settings.Email != "" {
		return c.Settings.Email
	}
	return c.Email
}

func (q *ReminderQuery) normalize(now time.Time) {
	if q.AsOf.IsZero() {
		q.AsOf = now
	}
	q.AsOf = Day(q.AsOf)
	if q.DueBy.IsZero() {
		q.DueBy = q.AsOf
	}
	q.DueBy = Day(q.DueBy)
}

// reminderItems is every invoice and charge document (late-payment
// interest and compensation, which fall due like an invoice) open at the
// end of ?1 and due by ?3, with
// what a run needs to decide on it. Disputes count if open at ?1 or now: a
// preview of an earlier day must not remind an invoice disputed since.
var reminderItems = `
SELECT i.id, i.customer_id, i.number, i.date, i.due_date, i.currency, i.total, i.open_then,
	CAST(julianday(?1) - julianday(i.due_date) AS INTEGER),
	` + fmt.Sprintf(disputedAsOf, "i.id") + ` OR EXISTS (SELECT 1 FROM disputes y WHERE y.document_id = i.id AND y.resolved_at IS NULL),
	(SELECT n.status <> 'issued' OR n.open = 0 FROM documents n WHERE n.id = i.id),
	COALESCE((SELECT group_concat(oi.step, ',') FROM outbox_items oi WHERE oi.document_id = i.id), ''),
	` + promisedUntilSQL + `,
	` + brokenPromiseSQL + `,
	(SELECT MAX(oi.days_past_due) FROM outbox_items oi WHERE oi.document_id = i.id AND oi.step LIKE 'promise-broken-%')
FROM (` + asOfItemsByClose + `) i
WHERE i.kind IN ('invoice', 'charge') AND i.open_then > 0 AND i.due_date <= ?3
ORDER BY i.customer_id, i.due_date, i.number`

// ReminderCandidates returns the customers with invoices open at the end
// of q.AsOf and due by q.DueBy, ordered by name, for a preview.
func (s *Store) ReminderCandidates(ctx context.Context, q ReminderQuery) ([]ReminderCustomer, error) {
	q.normalize(s.Now())
	cid, err := s.customerID(ctx, q.Customer)
	if err != nil {
		return nil, err
	}
	return reminderCandidates(ctx, s.r, q, cid)
}

func reminderCandidates(ctx context.Context, db querier, q ReminderQuery, cid int64) ([]ReminderCustomer, error) {
	var out []ReminderCustomer
	err := eachReminderBatch(ctx, db, q, cid, func(batch []ReminderCustomer) error {
		out = append(out, batch...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !strings.EqualFold(a.Name, b.Name) {
			return strings.ToLower(a.Name) < strings.ToLower(b.Name)
		}
		return a.Code < b.Code
	})
	return out, nil
}

// EachReminderCandidates hands the customers ReminderCandidates returns
// to fn a batch at a time, in no particular order, so that a count over a
// million invoices holds a few hundred customers' items at once.
func (s *Store) EachReminderCandidates(ctx context.Context, q ReminderQuery, fn func([]ReminderCustomer) error) error {
	q.normalize(s.Now())
	cid, err := s.customerID(ctx, q.Customer)
	if err != nil {
		return err
	}
	return eachReminderBatch(ctx, s.r, q, cid, fn)
}

// reminderBatch is how many customers eachReminderBatch gathers before
// reading their names and settings in one query.
var reminderBatch = 500

// eachReminderBatch reads the candidate items (ordered by customer) and
// hands them to fn a batch of customers at a time, each customer whole.
func eachReminderBatch(ctx context.Context, db querier, q ReminderQuery, cid int64, fn func([]ReminderCustomer) error) error {
	// Read before the items: on PostgreSQL a transaction runs no second
	// query while the first one's rows are being read.
	waits, err := activePlanWaits(ctx, db, q.AsOf)
	if err != nil {
		return fmt.Errorf("reminder candidates: payment plans: %w", err)
	}
	rows, err := db.QueryContext(ctx, reminderItems, fmtDate(q.AsOf), cid, fmtDate(q.DueBy))
	if err != nil {
		return fmt.Errorf("reminder candidates: %w", err)
	}
	defer rows.Close()
	grace := promiseGrace(ctx, db)
	var batch []ReminderCustomer
	// In a transaction the customers are read only once every item is: a
	// transaction is one connection, and PostgreSQL runs no second query on
	// a connection while the first one's rows are still being read. (On a
	// pool, each batch is filled from another connection as it comes.)
	_, inTx := db.(*sql.Tx)
	var held [][]ReminderCustomer
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if inTx {
			held = append(held, batch)
			batch = nil
			return nil
		}
		if err := fillReminderCustomers(ctx, db, batch); err != nil {
			return err
		}
		err := fn(batch)
		batch = nil
		return err
	}
	for rows.Next() {
		var it ReminderItem
		var custID, total, open int64
		var cur, steps, promised, broken string
		var stoodIn sql.NullInt64
		if err := rows.Scan(&it.DocumentID, &custID, &it.Number, scanDate(&it.IssueDate), scanDate(&it.DueDate), &cur, &total, &open,
			&it.DaysPastDue, &it.Disputed, &it.ClosedNow, &steps, &promised, &broken, &stoodIn); err != nil {
			return fmt.Errorf("reminder candidates: %w", err)
		}
		if promised != "" {
			d, err := storedDate("pay_by", promised)
			if err != nil {
				return fmt.Errorf("reminder candidates: %w", err)
			}
			it.PromisedUntil = d.AddDate(0, 0, grace)
		}
		it.StoodIn, it.StoodInOK = int(stoodIn.Int64), stoodIn.Valid
		if it.BrokenPromise, err = parseBrokenPromise(broken, cur); err != nil {
			return fmt.Errorf("reminder candidates: %w", err)
		}
		if w, ok := waits[it.DocumentID]; ok {
			it.Plan = &w
		}
		it.Total, it.Open = NewMoney(total, cur), NewMoney(open, cur)
		if steps != "" {
			it.Reminded = strings.Split(steps, ",")
		}
		if n := len(batch); n == 0 || batch[n-1].ID != custID {
			if n == reminderBatch {
				if err := flush(); err != nil {
					return err
				}
			}
			batch = append(batch, ReminderCustomer{ID: custID})
		}
		c := &batch[len(batch)-1]
		c.Items = append(c.Items, it)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reminder candidates: %w", err)
	}
	if err := flush(); err != nil {
		return err
	}
	rows.Close()
	for _, b := range held {
		if err := fillReminderCustomers(ctx, db, b); err != nil {
			return err
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}

// fillReminderCustomers reads the names and reminder settings of the
// customers of a batch.
func fillReminderCustomers(ctx context.Context, db querier, batch []ReminderCustomer) error {
	ids := make([]any, len(batch))
	at := make(map[int64]int, len(batch))
	for i, c := range batch {
		ids[i], at[c.ID] = c.ID, i
	}
	rows, err := db.QueryContext(ctx, `SELECT c.id, c.code, c.name, c.email, c.currency,
		COALESCE(r.email, ''), COALESCE(r.enabled, 1), COALESCE(r.policy, '')
		FROM customers c LEFT JOIN customer_reminders r ON r.customer_id = c.id
		WHERE c.id IN (?`+strings.Repeat(",?", len(ids)-1)+`)`, ids...)
	if err != nil {
		return fmt.Errorf("reminder customers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var enabled bool
		var r CustomerReminders
		var code, name, email, cur string
		if err := rows.Scan(&id, &code, &name, &email, &cur, &r.Email, &enabled, &r.Policy); err != nil {
			return fmt.Errorf("reminder customers: %w", err)
		}
		r.Off = !enabled
		c := &batch[at[id]]
		c.Code, c.Name, c.Email, c.Currency, c.Settings = code, name, email, cur, r
	}
	return rows.Err()
}
