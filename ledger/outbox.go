package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// The reminder outbox. Package reminders decides what to say; the ledger
// keeps what was planned and what became of it, under one rule enforced by
// the file itself: a document is reminded of a step at most once, ever
// (outbox_items UNIQUE (document_id, step)).

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

// reminderItems is every invoice open at the end of ?1 and due by ?3, with
// what a run needs to decide on it. Disputes count if open at ?1 or now: a
// preview of an earlier day must not remind an invoice disputed since.
var reminderItems = `
SELECT i.id, i.customer_id, i.number, i.date, i.due_date, i.currency, i.total, i.open_then,
	CAST(julianday(?1) - julianday(i.due_date) AS INTEGER),
	` + fmt.Sprintf(disputedAsOf, "i.id") + ` OR EXISTS (SELECT 1 FROM disputes y WHERE y.document_id = i.id AND y.resolved_at IS NULL),
	(SELECT n.status <> 'issued' OR n.open = 0 FROM documents n WHERE n.id = i.id),
	COALESCE((SELECT group_concat(oi.step, ',') FROM outbox_items oi WHERE oi.document_id = i.id), '')
FROM (` + asOfItemsByClose + `) i
WHERE i.kind = 'invoice' AND i.open_then > 0 AND i.due_date <= ?3
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
	rows, err := db.QueryContext(ctx, reminderItems, fmtDate(q.AsOf), cid, fmtDate(q.DueBy))
	if err != nil {
		return fmt.Errorf("reminder candidates: %w", err)
	}
	defer rows.Close()
	var batch []ReminderCustomer
	flush := func() error {
		if len(batch) == 0 {
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
		var cur, issue, due, steps string
		if err := rows.Scan(&it.DocumentID, &custID, &it.Number, &issue, &due, &cur, &total, &open,
			&it.DaysPastDue, &it.Disputed, &it.ClosedNow, &steps); err != nil {
			return fmt.Errorf("reminder candidates: %w", err)
		}
		it.IssueDate, _ = ParseDate(issue)
		it.DueDate, _ = ParseDate(due)
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
	return flush()
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

// OutboxStatus is where an email is in its life.
type OutboxStatus string

const (
	OutboxPending   OutboxStatus = "pending"   // written, not handed to a server yet (or a transient failure)
	OutboxSending   OutboxStatus = "sending"   // being handed over; left so by a crash, its fate is unknown
	OutboxSent      OutboxStatus = "sent"      // the server accepted it
	OutboxFailed    OutboxStatus = "failed"    // refused for good (5xx, a bad address)
	OutboxUnknown   OutboxStatus = "unknown"   // the connection broke after the message was handed over
	OutboxCancelled OutboxStatus = "cancelled" // the user said never to send it
)

// OutboxDraft is an email a reminder run plans.
type OutboxDraft struct {
	CustomerID int64
	Step       string // the step whose template it uses
	Recipient  string
	Subject    string
	Text, HTML string
	Statement  bool // an open-item statement goes with it
	Items      []OutboxItem
}

// OutboxItem is an invoice an email reminds of, at the step it reached.
type OutboxItem struct {
	DocumentID  int64
	Number      string
	Step        string
	Open        Money // open when the email was planned
	DaysPastDue int
}

// OutboxMessage is a row of the outbox with its items.
type OutboxMessage struct {
	ID           int64
	CustomerCode string
	CustomerName string
	Step         string
	AsOf         time.Time
	Recipient    string
	Subject      string
	Text, HTML   string
	Statement    bool
	MessageID    string
	Status       OutboxStatus
	Attempts     int
	Response     string // the server's last answer, or the error
	CreatedAt    time.Time
	UpdatedAt    time.Time
	SentAt       time.Time // zero unless sent
	Items        []OutboxItem
}

// QueueReminders plans and writes a run's emails in one transaction: it
// reads the candidates inside the transaction (so a payment recorded
// meanwhile cannot slip between reading and writing), hands them to plan,
// and writes what plan returns. messageID names each row's Message-ID
// from its id and the time of writing. A document planned for a step it
// was reminded of already is refused by the file, and nothing is written.
func (s *Store) QueueReminders(ctx context.Context, q ReminderQuery, plan func([]ReminderCustomer) ([]OutboxDraft, error),
	messageID func(id int64, created time.Time) string) ([]int64, error) {
	q.normalize(s.Now())
	var ids []int64
	err := s.write(ctx, func(t *tx) error {
		var cid int64
		if q.Customer != "" {
			c, err := t.customerByCode(q.Customer)
			if err != nil {
				return err
			}
			cid = c.id
		}
		custs, err := reminderCandidates(ctx, t.Tx, q, cid)
		if err != nil {
			return err
		}
		drafts, err := plan(custs)
		if err != nil {
			return err
		}
		var next int64
		if err := t.queryRow(`SELECT COALESCE(MAX(id), 0) + 1 FROM outbox`).Scan(&next); err != nil {
			return err
		}
		for _, d := range drafts {
			if err := t.insertOutbox(next, q.AsOf, d, messageID(next, t.now)); err != nil {
				return err
			}
			ids = append(ids, next)
			next++
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("queue reminders: %w", err)
	}
	return ids, nil
}

func (t *tx) insertOutbox(id int64, asOf time.Time, d OutboxDraft, msgID string) error {
	if len(d.Items) == 0 {
		return Errorf(EINTERNAL, "an email to %s reminds of nothing", d.Recipient)
	}
	// The id is given, not assigned: the Message-ID is made of it, and
	// outbox rows are never deleted, so MAX(id)+1 is what SQLite would pick.
	_, err := t.exec(`INSERT INTO outbox (id, customer_id, step, as_of, recipient, subject, body_text, body_html,
		statement, message_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, d.CustomerID, d.Step, fmtDate(asOf), d.Recipient, d.Subject, d.Text, d.HTML, d.Statement, msgID, t.stamp(), t.stamp())
	if err != nil {
		return fmt.Errorf("outbox row for %s: %w", d.Recipient, err)
	}
	for _, it := range d.Items {
		_, err := t.exec(`INSERT INTO outbox_items (outbox_id, document_id, step, open, days_past_due) VALUES (?, ?, ?, ?, ?)`,
			id, it.DocumentID, it.Step, it.Open.Minor, it.DaysPastDue)
		if err != nil && strings.Contains(err.Error(), "UNIQUE") {
			return Errorf(ECONFLICT, "invoice %s was reminded of step %s already", it.Number, it.Step)
		}
		if err != nil {
			return fmt.Errorf("outbox item %s: %w", it.Number, err)
		}
	}
	return nil
}

// OutboxFilter narrows an outbox listing.
type OutboxFilter struct {
	Status   []OutboxStatus // any of these; empty means all
	Customer string         // one customer's code
	IDs      []int64        // these rows only
	Limit    int            // 0 means all
	Newest   bool           // newest first (a log); else oldest first (a queue)
}

// Outbox lists outbox rows with their items.
func (s *Store) Outbox(ctx context.Context, f OutboxFilter) ([]OutboxMessage, error) {
	var where []string
	var args []any
	if len(f.Status) > 0 {
		where = append(where, `o.status IN (?`+strings.Repeat(",?", len(f.Status)-1)+`)`)
		for _, st := range f.Status {
			args = append(args, string(st))
		}
	}
	if f.Customer != "" {
		c, err := s.CustomerByCode(ctx, f.Customer)
		if err != nil {
			return nil, err
		}
		where = append(where, `o.customer_id = ?`)
		args = append(args, c.ID)
	}
	if len(f.IDs) > 0 {
		where = append(where, `o.id IN (?`+strings.Repeat(",?", len(f.IDs)-1)+`)`)
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	q := `SELECT o.id, c.code, c.name, o.step, o.as_of, o.recipient, o.subject, o.body_text, o.body_html, o.statement,
		o.message_id, o.status, o.attempts, o.response, o.created_at, o.updated_at, COALESCE(o.sent_at, '')
		FROM outbox o JOIN customers c ON c.id = o.customer_id`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	if f.Newest {
		q += ` ORDER BY o.id DESC`
	} else {
		q += ` ORDER BY o.id`
	}
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rtx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rtx.Rollback()
	rows, err := rtx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxMessage
	byID := map[int64]int{}
	for rows.Next() {
		var m OutboxMessage
		var asOf, created, updated, sent string
		if err := rows.Scan(&m.ID, &m.CustomerCode, &m.CustomerName, &m.Step, &asOf, &m.Recipient, &m.Subject, &m.Text, &m.HTML,
			&m.Statement, &m.MessageID, &m.Status, &m.Attempts, &m.Response, &created, &updated, &sent); err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		m.AsOf, _ = ParseDate(asOf)
		m.CreatedAt, _ = time.Parse(time.RFC3339, created)
		m.UpdatedAt, _ = time.Parse(time.RFC3339, updated)
		if sent != "" {
			m.SentAt, _ = time.Parse(time.RFC3339, sent)
		}
		byID[m.ID] = len(out)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	rows.Close()
	ids := make([]any, 0, len(out))
	for _, m := range out {
		ids = append(ids, m.ID)
	}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		if err := outboxItems(ctx, rtx, out, byID, ids[:n]); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

func outboxItems(ctx context.Context, rtx *sql.Tx, out []OutboxMessage, byID map[int64]int, ids []any) error {
	rows, err := rtx.QueryContext(ctx, `SELECT oi.outbox_id, oi.document_id, d.number, oi.step, oi.open, d.currency, oi.days_past_due
		FROM outbox_items oi JOIN documents d ON d.id = oi.document_id
		WHERE oi.outbox_id IN (?`+strings.Repeat(",?", len(ids)-1)+`) ORDER BY oi.outbox_id, d.due_date, d.number`, ids...)
	if err != nil {
		return fmt.Errorf("read outbox items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, open int64
		var cur string
		var it OutboxItem
		if err := rows.Scan(&id, &it.DocumentID, &it.Number, &it.Step, &open, &cur, &it.DaysPastDue); err != nil {
			return fmt.Errorf("read outbox items: %w", err)
		}
		it.Open = NewMoney(open, cur)
		m := &out[byID[id]]
		m.Items = append(m.Items, it)
	}
	return rows.Err()
}

// ClaimOutbox marks a pending row as being sent and counts the attempt.
// It is committed before the message goes to the server: a crash after
// it leaves the row 'sending', which no run ever picks up again. It
// reports false when the row is no longer pending (another run has it).
func (s *Store) ClaimOutbox(ctx context.Context, id int64) (bool, error) {
	var claimed bool
	err := s.write(ctx, func(t *tx) error {
		var err error
		claimed, err = t.claimOutbox(id)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim outbox row %d: %w", id, err)
	}
	return claimed, nil
}

func (t *tx) claimOutbox(id int64) (bool, error) {
	res, err := t.exec(`UPDATE outbox SET status = 'sending', attempts = attempts + 1, updated_at = ?
		WHERE id = ? AND status = 'pending'`, t.stamp(), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FinishOutbox records what became of a row being sent: sent, failed,
// unknown, or pending again after a transient failure. When next is not
// zero, that row is claimed in the same transaction, which halves the
// commits (each waits for the disk) of a long run; claimedNext says
// whether it was still pending.
func (s *Store) FinishOutbox(ctx context.Context, id int64, status OutboxStatus, response string, next int64) (claimedNext bool, err error) {
	switch status {
	case OutboxSent, OutboxFailed, OutboxUnknown, OutboxPending, OutboxCancelled:
	default:
		return false, Errorf(EINTERNAL, "an email being sent cannot become %s", status)
	}
	err = s.write(ctx, func(t *tx) error {
		res, err := t.exec(`UPDATE outbox SET status = ?, response = ?, updated_at = ?,
			sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END
			WHERE id = ? AND status = 'sending'`, string(status), clip(response, 1000), t.stamp(), string(status), t.stamp(), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return Errorf(ECONFLICT, "outbox row %d is not being sent (resolved meanwhile?)", id)
		}
		if next != 0 {
			claimedNext, err = t.claimOutbox(next)
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("record outcome of outbox row %d: %w", id, err)
	}
	return claimedNext, nil
}

// OutboxHold says why a row planned earlier must not go out now: an
// invoice it reminds of has been paid, voided or disputed since, or the
// customer's reminders were turned off. "" means it may go. A row left
// pending by a failed run can wait days; its news must not be stale.
func (s *Store) OutboxHold(ctx context.Context, id int64) (string, error) {
	var enabled bool
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(r.enabled, 1) FROM outbox o
		LEFT JOIN customer_reminders r ON r.customer_id = o.customer_id WHERE o.id = ?`, id).Scan(&enabled)
	if err != nil {
		return "", fmt.Errorf("check outbox row %d: %w", id, err)
	}
	if !enabled {
		return "reminders were turned off for this customer", nil
	}
	rows, err := s.r.QueryContext(ctx, `SELECT d.number, d.status, d.open,
		EXISTS (SELECT 1 FROM disputes x WHERE x.document_id = d.id AND x.resolved_at IS NULL)
		FROM outbox_items oi JOIN documents d ON d.id = oi.document_id WHERE oi.outbox_id = ? ORDER BY d.number`, id)
	if err != nil {
		return "", fmt.Errorf("check outbox row %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var number string
		var status Status
		var open int64
		var disputed bool
		if err := rows.Scan(&number, &status, &open, &disputed); err != nil {
			return "", fmt.Errorf("check outbox row %d: %w", id, err)
		}
		switch {
		case status != StatusIssued:
			return fmt.Sprintf("invoice %s was voided since", number), nil
		case open == 0:
			return fmt.Sprintf("invoice %s was paid since", number), nil
		case disputed:
			return fmt.Sprintf("invoice %s is disputed", number), nil
		}
	}
	return "", rows.Err()
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// ResolveOutbox is the user's word on a row: sent (it did arrive),
// pending (send it again) or cancelled (never send it). A row whose fate
// is unknown waits for exactly this. recipient, when not "", replaces the
// address of a row sent again (after a bad address was fixed).
func (s *Store) ResolveOutbox(ctx context.Context, id int64, to OutboxStatus, note, recipient string) error {
	allowed := map[OutboxStatus][]OutboxStatus{
		OutboxSent:      {OutboxSending, OutboxUnknown},
		OutboxPending:   {OutboxSending, OutboxUnknown, OutboxFailed},
		OutboxCancelled: {OutboxSending, OutboxUnknown, OutboxFailed, OutboxPending},
	}
	from, ok := allowed[to]
	if !ok {
		return Errorf(EINVALID, "an email can be resolved as sent, pending or cancelled, not %s", to)
	}
	err := s.write(ctx, func(t *tx) error {
		var cur OutboxStatus
		var oldRcpt string
		err := t.queryRow(`SELECT status, recipient FROM outbox WHERE id = ?`, id).Scan(&cur, &oldRcpt)
		if errors.Is(err, sql.ErrNoRows) {
			return Errorf(ENOTFOUND, "no outbox message %d", id)
		}
		if err != nil {
			return err
		}
		okFrom := false
		for _, f := range from {
			okFrom = okFrom || f == cur
		}
		if !okFrom {
			return Errorf(ECONFLICT, "message %d is %s; it cannot be marked %s", id, cur, to)
		}
		if recipient == "" {
			recipient = oldRcpt
		}
		if to == OutboxSent {
			_, err = t.exec(`UPDATE outbox SET status = 'sent', sent_at = ?, updated_at = ?, response = ? WHERE id = ?`,
				t.stamp(), t.stamp(), clip(note, 1000), id)
		} else {
			_, err = t.exec(`UPDATE outbox SET status = ?, updated_at = ?, response = ?, recipient = ? WHERE id = ?`,
				string(to), t.stamp(), clip(note, 1000), recipient, id)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("resolve message %d: %w", id, err)
	}
	return nil
}

// CustomerReminders returns a customer's own reminder settings.
func (s *Store) CustomerReminders(ctx context.Context, code string) (CustomerReminders, error) {
	c, err := s.CustomerByCode(ctx, code)
	if err != nil {
		return CustomerReminders{}, err
	}
	var r CustomerReminders
	var enabled bool
	err = s.r.QueryRowContext(ctx, `SELECT email, enabled, COALESCE(policy, '') FROM customer_reminders WHERE customer_id = ?`, c.ID).
		Scan(&r.Email, &enabled, &r.Policy)
	if errors.Is(err, sql.ErrNoRows) {
		return CustomerReminders{}, nil
	}
	if err != nil {
		return r, fmt.Errorf("reminder settings of %s: %w", code, err)
	}
	r.Off = !enabled
	return r, nil
}

// SetCustomerReminders stores a customer's own reminder settings. The
// policy must exist (SetReminderPolicy); "" or "default" is the default.
func (s *Store) SetCustomerReminders(ctx context.Context, code string, r CustomerReminders) error {
	r.Email = strings.TrimSpace(r.Email)
	if r.Email != "" {
		e, err := checkEmail(r.Email)
		if err != nil {
			return Errorf(EINVALID, "reminder email of %s: %v", code, err)
		}
		r.Email = e
	}
	if r.Policy == "default" {
		r.Policy = ""
	}
	err := s.write(ctx, func(t *tx) error {
		c, err := t.customerByCode(code)
		if err != nil {
			return err
		}
		var policy any
		if r.Policy != "" {
			var n int
			if err := t.queryRow(`SELECT count(*) FROM reminder_policies WHERE name = ?`, r.Policy).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return Errorf(ENOTFOUND, "no reminder policy named %q", r.Policy)
			}
			policy = r.Policy
		}
		_, err = t.exec(`INSERT INTO customer_reminders (customer_id, email, enabled, policy) VALUES (?, ?, ?, ?)
			ON CONFLICT (customer_id) DO UPDATE SET email = excluded.email, enabled = excluded.enabled, policy = excluded.policy`,
			c.id, r.Email, !r.Off, policy)
		return err
	})
	if err != nil {
		return fmt.Errorf("reminder settings of %s: %w", code, err)
	}
	return nil
}

// ReminderPolicies returns the stored policies, name → JSON.
func (s *Store) ReminderPolicies(ctx context.Context) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT name, policy FROM reminder_policies`)
	if err != nil {
		return nil, fmt.Errorf("read reminder policies: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, p string
		if err := rows.Scan(&name, &p); err != nil {
			return nil, fmt.Errorf("read reminder policies: %w", err)
		}
		out[name] = p
	}
	return out, rows.Err()
}

// SetReminderPolicy stores a named policy as JSON. Package reminders
// checks it first: the ledger keeps it as text.
func (s *Store) SetReminderPolicy(ctx context.Context, name, policy string) error {
	if !ValidName(name) {
		return Errorf(EINVALID, "policy name %q: use 1 to 32 lower-case letters, digits, '-' or '_'", name)
	}
	err := s.write(ctx, func(t *tx) error {
		_, err := t.exec(`INSERT INTO reminder_policies (name, policy, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at`, name, policy, t.stamp())
		return err
	})
	if err != nil {
		return fmt.Errorf("store reminder policy %s: %w", name, err)
	}
	return nil
}

// DeleteReminderPolicy removes a named policy; "default" then means the
// built-in one again. A policy customers use cannot be removed.
func (s *Store) DeleteReminderPolicy(ctx context.Context, name string) error {
	err := s.write(ctx, func(t *tx) error {
		var users int
		if err := t.queryRow(`SELECT count(*) FROM customer_reminders WHERE policy = ?`, name).Scan(&users); err != nil {
			return err
		}
		if users > 0 {
			return Errorf(ECONFLICT, "%d customer(s) use reminder policy %q; give them another first", users, name)
		}
		res, err := t.exec(`DELETE FROM reminder_policies WHERE name = ?`, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(ENOTFOUND, "no stored reminder policy named %q", name)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("remove reminder policy %s: %w", name, err)
	}
	return nil
}

// ValidName reports whether s may name a reminder policy or step: names
// are stored joined by commas and typed on command lines.
func ValidName(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// The mail settings, listed in settingKeys (profile.go); the password is
// not among them: it lives in the OS keyring, never in the ledger.

func checkHost(s string) (string, error) {
	h := strings.ToLower(s)
	if strings.Contains(h, "://") || strings.ContainsAny(h, " /:@") || len(h) > 253 {
		return "", fmt.Errorf("%q is not a host name (want e.g. smtp.example.com, without port or scheme)", s)
	}
	return h, nil
}

func checkPort(s string) (string, error) {
	var n int
	if _, err := fmt.Sscanf(s, "%d", &n); err != nil || fmt.Sprint(n) != s || n < 1 || n > 65535 {
		return "", fmt.Errorf("port %q: want a number from 1 to 65535 (587 for starttls, 465 for tls)", s)
	}
	return s, nil
}

func checkSecurity(s string) (string, error) {
	switch v := strings.ToLower(s); v {
	case "starttls", "tls", "none":
		return v, nil
	}
	return "", fmt.Errorf("%q: use starttls (port 587), tls (port 465) or none", s)
}

func checkBool(s string) (string, error) {
	switch strings.ToLower(s) {
	case "true", "yes", "on", "1":
		return "true", nil
	case "false", "no", "off", "0":
		return "false", nil
	}
	return "", fmt.Errorf("%q: use true or false", s)
}
