package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"
)

// A customer's history: one timeline of what the ledger knows of them —
// documents issued and voided, reminders sent, disputes, holds and the
// invoices issued despite one, and the notes a credit controller keeps.

// HistoryEvent is one thing that happened with a customer.
type HistoryEvent struct {
	At   time.Time // the day, or the moment when the ledger knows it
	Kind string    // invoice, payment, credit_note, write_off, void, reminder, dispute, hold, release, override, note,
	// promise, promise_kept, promise_broken, plan, plan_completed, plan_defaulted, plan_cancelled
	Number string // the document's, when there is one
	Amount Money  // zero when none
	Text   string // what it says, in a line
	By     string // who, when the ledger knows
}

// AddNote keeps a note on a customer ("called, will pay Friday"), with
// the moment and who wrote it.
func (s *Store) AddNote(ctx context.Context, code, text string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		return Errorf(EINVALID, "a note needs some text")
	}
	if err := validText("note", text); err != nil {
		return err
	}
	err := s.write(ctx, func(t *tx) error {
		c, err := t.customerByCode(code)
		if err != nil {
			return err
		}
		_, err = t.exec(`INSERT INTO customer_notes (customer_id, at, author, text) VALUES (?, ?, ?, ?)`, c.id, t.stamp(), t.actor(), text)
		return err
	})
	if err != nil {
		return fmt.Errorf("note on %s: %w", code, err)
	}
	return nil
}

// CustomerHistory is the customer's timeline, oldest first.
func (s *Store) CustomerHistory(ctx context.Context, code string) ([]HistoryEvent, error) {
	var out, releases, outcomes []HistoryEvent
	err := s.readTx(ctx, func(rtx *sql.Tx) error {
		var id int64
		if err := rtx.QueryRowContext(ctx, `SELECT id FROM customers WHERE code = ?`, code).Scan(&id); err != nil {
			if err == sql.ErrNoRows {
				return Errorf(ENOTFOUND, "no customer with code %q", code)
			}
			return err
		}
		q := func(query string, scan func(*sql.Rows) (HistoryEvent, error)) error {
			return each(ctx, rtx, query, func(r *sql.Rows) error {
				e, err := scan(r)
				if err == nil {
					out = append(out, e)
				}
				return err
			}, id)
		}
		steps := []error{
			q(`SELECT kind, number, date, total, currency, reference FROM documents WHERE customer_id = ? AND status <> 'draft'`,
				func(r *sql.Rows) (HistoryEvent, error) {
					var e HistoryEvent
					var total int64
					var cur, ref string
					err := r.Scan(&e.Kind, &e.Number, scanDate(&e.At), &total, &cur, &ref)
					e.Amount = NewMoney(total, cur)
					e.Text = strings.ReplaceAll(string(e.Kind), "_", " ") + " " + e.Number
					if ref != "" {
						e.Text += " (" + ref + ")"
					}
					return e, err
				}),
			q(`SELECT kind, number, void_date, total, currency, void_reason FROM documents WHERE customer_id = ? AND status = 'void'`,
				func(r *sql.Rows) (HistoryEvent, error) {
					var e HistoryEvent
					var kind, why string
					var total int64
					var cur string
					err := r.Scan(&kind, &e.Number, scanDate(&e.At), &total, &cur, &why)
					e.Kind, e.Amount = "void", NewMoney(total, cur)
					e.Text = fmt.Sprintf("%s %s voided: %s", strings.ReplaceAll(kind, "_", " "), e.Number, why)
					return e, err
				}),
			q(`SELECT COALESCE(sent_at, updated_at), status, step, subject, recipient FROM outbox WHERE customer_id = ? AND status IN ('sent', 'failed', 'unknown')`,
				func(r *sql.Rows) (HistoryEvent, error) {
					var e HistoryEvent
					var status, step, subject, to string
					err := r.Scan(scanStamp(&e.At), &status, &step, &subject, &to)
					e.Kind = "reminder"
					e.Text = fmt.Sprintf("reminder (%s) %s to %s: %q", step, map[string]string{"sent": "sent", "failed": "refused by the server", "unknown": "in doubt"}[status], to, subject)
					return e, err
				}),
			q(`SELECT d.number, s.opened_on, s.reason, COALESCE(s.resolved_on, ''), s.resolution FROM disputes s JOIN documents d ON d.id = s.document_id
				WHERE d.customer_id = ?`,
				func(r *sql.Rows) (HistoryEvent, error) {
					var e HistoryEvent
					var resolved, resolution string
					err := r.Scan(&e.Number, scanDate(&e.At), &e.Text, &resolved, &resolution)
					e.Kind, e.Text = "dispute", "dispute on "+e.Number+" opened: "+e.Text
					if err == nil && resolved != "" {
						e.Text += "; resolved " + resolved
						if resolution != "" {
							e.Text += ": " + resolution
						}
					}
					return e, err
				}),
			q(`SELECT set_at, set_by, reason, COALESCE(released_at, ''), released_by, released_note FROM customer_holds WHERE customer_id = ?`,
				func(r *sql.Rows) (HistoryEvent, error) {
					var e HistoryEvent
					var released, by, note string
					err := r.Scan(scanStamp(&e.At), &e.By, &e.Text, &released, &by, &note)
					e.Kind, e.Text = "hold", "put on hold: "+e.Text
					if err == nil && released != "" {
						at, perr := storedStamp("released_at", released)
						if perr != nil {
							return e, perr
						}
						rel := HistoryEvent{At: at, Kind: "release", By: by, Text: "hold released"}
						if note != "" {
							rel.Text += ": " + note
						}
						releases = append(releases, rel)
					}
					return e, err
				}),
			q(`SELECT o.at, o.by_user, d.number, o.reason FROM hold_overrides o JOIN documents d ON d.id = o.document_id WHERE d.customer_id = ?`,
				func(r *sql.Rows) (HistoryEvent, error) {
					var e HistoryEvent
					var why string
					err := r.Scan(scanStamp(&e.At), &e.By, &e.Number, &why)
					e.Kind, e.Text = "override", "invoiced "+e.Number+" despite the hold: "+why
					return e, err
				}),
			q(`SELECT made_on, made_by, amount, currency, pay_by, note, status, COALESCE(settled_on, ''), paid FROM promises WHERE customer_id = ?`,
				func(r *sql.Rows) (HistoryEvent, error) {
					var e HistoryEvent
					var amount, paid int64
					var cur, payBy, note, status, settled string
					err := r.Scan(scanDate(&e.At), &e.By, &amount, &cur, &payBy, &note, &status, &settled, &paid)
					e.Kind, e.Amount = "promise", NewMoney(amount, cur)
					e.Text = "promised to pay by " + payBy
					if note != "" {
						e.Text += ": " + note
					}
					if err == nil && settled != "" {
						at, perr := storedDate("settled_on", settled)
						if perr != nil {
							return e, perr
						}
						outcomes = append(outcomes, HistoryEvent{At: at, Kind: "promise_" + status, Amount: e.Amount,
							Text: fmt.Sprintf("promise to pay by %s %s: %s received", payBy, status, NewMoney(paid, cur))})
					}
					return e, err
				}),
			q(`SELECT id, made_on, made_by, amount, currency, note, status, COALESCE(ended_on, ''), end_reason,
				(SELECT count(*) FROM plan_instalments i WHERE i.plan_id = p.id) FROM payment_plans p WHERE customer_id = ?`,
				func(r *sql.Rows) (HistoryEvent, error) {
					var e HistoryEvent
					var id, amount, n int64
					var cur, note, status, ended, why string
					err := r.Scan(&id, scanDate(&e.At), &e.By, &amount, &cur, &note, &status, &ended, &why, &n)
					e.Kind, e.Amount = "plan", NewMoney(amount, cur)
					e.Text = fmt.Sprintf("payment plan #%d agreed: %d instalment(s)", id, n)
					if note != "" {
						e.Text += ": " + note
					}
					if err == nil && ended != "" {
						at, perr := storedDate("ended_on", ended)
						if perr != nil {
							return e, perr
						}
						outcomes = append(outcomes, HistoryEvent{At: at, Kind: "plan_" + status, Amount: e.Amount,
							Text: fmt.Sprintf("payment plan #%d %s: %s", id, status, why)})
					}
					return e, err
				}),
			q(`SELECT at, author, text FROM customer_notes WHERE customer_id = ?`,
				func(r *sql.Rows) (HistoryEvent, error) {
					var e HistoryEvent
					err := r.Scan(scanStamp(&e.At), &e.By, &e.Text)
					e.Kind = "note"
					return e, err
				}),
		}
		for _, err := range steps {
			if err != nil {
				return fmt.Errorf("history of %s: %w", code, err)
			}
		}
		// A release after its hold, when both bear the same moment.
		out = append(out, releases...)
		out = append(out, outcomes...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}
