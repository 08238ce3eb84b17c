package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The reminder outbox. Package reminders decides what to say; the ledger
// keeps what was planned and what became of it, under one rule enforced by
// the file itself: a document is reminded of a step at most once, ever
// (outbox_items UNIQUE (document_id, step)).

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
	// ClaimedBy names the run that claimed the row for sending (see
	// ClaimOutbox); empty if it never was.
	ClaimedBy string
	Items     []OutboxItem
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
		for _, d := range drafts {
			id, err := t.newID("outbox")
			if err != nil {
				return err
			}
			if err := t.insertOutbox(id, q.AsOf, d, messageID(id, t.now)); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("queue reminders: %w", err)
	}
	return ids, nil
}

// QueueEmail writes one email to the outbox (an invoice sent on demand, or
// as a recurring invoice is issued); as with reminders, a document is sent
// for a step once, ever, and a second is refused with ECONFLICT.
func (s *Store) QueueEmail(ctx context.Context, asOf time.Time, d OutboxDraft, messageID func(id int64, created time.Time) string) (int64, error) {
	var id int64
	err := s.write(ctx, func(t *tx) error {
		var err error
		if id, err = t.newID("outbox"); err != nil {
			return err
		}
		return t.insertOutbox(id, asOf, d, messageID(id, t.now))
	})
	if err != nil {
		return 0, fmt.Errorf("queue email to %s: %w", d.Recipient, err)
	}
	return id, nil
}

func (t *tx) insertOutbox(id int64, asOf time.Time, d OutboxDraft, msgID string) error {
	if len(d.Items) == 0 {
		return Errorf(EINTERNAL, "an email to %s reminds of nothing", d.Recipient)
	}
	// The id is given, not assigned: the Message-ID is made of it (newID).
	_, err := t.exec(`INSERT INTO outbox (id, customer_id, step, as_of, recipient, subject, body_text, body_html,
		statement, message_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, d.CustomerID, d.Step, fmtDate(asOf), d.Recipient, d.Subject, d.Text, d.HTML, d.Statement, msgID, t.stamp(), t.stamp())
	if err != nil {
		return fmt.Errorf("outbox row for %s: %w", d.Recipient, err)
	}
	for _, it := range d.Items {
		_, err := t.exec(`INSERT INTO outbox_items (outbox_id, document_id, step, open, days_past_due) VALUES (?, ?, ?, ?, ?)`,
			id, it.DocumentID, it.Step, it.Open.Minor, it.DaysPastDue)
		if err != nil && isUniqueViolation(err) {
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
		o.message_id, o.status, o.attempts, o.response, o.created_at, o.updated_at, COALESCE(o.sent_at, ''), o.claimed_by
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
		if err := rows.Scan(&m.ID, &m.CustomerCode, &m.CustomerName, &m.Step, scanDate(&m.AsOf), &m.Recipient, &m.Subject, &m.Text, &m.HTML,
			&m.Statement, &m.MessageID, &m.Status, &m.Attempts, &m.Response,
			scanStamp(&m.CreatedAt), scanStamp(&m.UpdatedAt), scanOptStamp(&m.SentAt), &m.ClaimedBy); err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
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
// by names the claiming run (host and process) so that a row left
// 'sending' can be told apart: another run still at work, or one gone.
func (s *Store) ClaimOutbox(ctx context.Context, id int64, by string) (bool, error) {
	var claimed bool
	err := s.write(ctx, func(t *tx) error {
		var err error
		claimed, err = t.claimOutbox(id, by)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim outbox row %d: %w", id, err)
	}
	return claimed, nil
}

func (t *tx) claimOutbox(id int64, by string) (bool, error) {
	// On PostgreSQL a row another run is claiming right now is locked:
	// skip it rather than wait for that run's commit (and then find it
	// claimed, or fail to serialize).
	res, err := t.exec(`UPDATE outbox SET status = 'sending', attempts = attempts + 1, updated_at = ?, claimed_by = ?
		WHERE id = (SELECT id FROM outbox WHERE id = ? AND status = 'pending'`+t.dialect.forUpdateSkipLocked()+`)`, t.stamp(), by, id)
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
func (s *Store) FinishOutbox(ctx context.Context, id int64, status OutboxStatus, response string, next int64, by string) (claimedNext bool, err error) {
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
			claimedNext, err = t.claimOutbox(next, by)
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
	var step string
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(r.enabled, 1), o.step FROM outbox o
		LEFT JOIN customer_reminders r ON r.customer_id = o.customer_id WHERE o.id = ?`, id).Scan(&enabled, &step)
	if err != nil {
		return "", fmt.Errorf("check outbox row %d: %w", id, err)
	}
	// An invoice sent by email (step "invoice") is no reminder: only a
	// void stops it, not reminders turned off, a payment or a dispute.
	// Nor is a statement asked for (step "statement-DATE"): it says what
	// was open on its day, whatever happened since, so nothing stops it.
	invoice := step == "invoice"
	if strings.HasPrefix(step, "statement-") {
		return "", nil
	}
	if !enabled && !invoice {
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
		case invoice:
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
