package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"
	"time"
)

// Credit control: a credit limit per customer (customers.credit_limit, 0
// for none) and holds. Going over the limit is a warning the user may
// override by going on (the window and the command line say balance,
// limit and excess); a customer on hold is not invoiced unless the user
// gives a reason, which is kept with the invoice (hold_overrides). Holds
// are set by hand or by rule (ApplyHoldRules) and released, never deleted.

// ErrOnHold is the refusal to invoice a customer on hold without a
// reason to override it.
var ErrOnHold = errors.New("customer on hold")

// Hold is a hold on a customer, in force until released.
type Hold struct {
	ID           int64
	CustomerCode string
	SetAt        time.Time
	SetBy        string // the user, or "rule"
	Reason       string
	ReleasedAt   time.Time // zero while in force
	ReleasedBy   string
	ReleasedNote string
}

// holdRefusal is the error issuing meets on a held customer.
type holdRefusal struct {
	code string
	h    Hold
}

func (e *holdRefusal) Error() string {
	return fmt.Sprintf("customer %s is on hold since %s (%s): an invoice to them needs a reason to override the hold",
		e.code, e.h.SetAt.Local().Format("2006-01-02"), e.h.Reason)
}

func (e *holdRefusal) Unwrap() error { return ErrOnHold }

// actor names who makes a change: the office ledger's user on
// PostgreSQL, the computer's user on a ledger file.
func (t *tx) actor() string {
	if t.dialect == postgresDialect {
		var u string
		if err := t.QueryRowContext(t.ctx, `SELECT current_user`).Scan(&u); err == nil {
			return u
		}
	}
	return osUser()
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// activeHold is the customer's hold in force, if any.
func (t *tx) activeHold(customerID int64) (*Hold, error) {
	var h Hold
	err := t.queryRow(`SELECT id, set_at, set_by, reason FROM customer_holds WHERE customer_id = ? AND released_at IS NULL`, customerID).
		Scan(&h.ID, scanStamp(&h.SetAt), &h.SetBy, &h.Reason)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &h, nil
}

// checkHold refuses to invoice a customer on hold unless override gives a
// reason; it returns the hold overridden (nil when there is none).
func (t *tx) checkHold(cust custRow, override string) (*Hold, error) {
	h, err := t.activeHold(cust.id)
	if err != nil || h == nil {
		return nil, err
	}
	if strings.TrimSpace(override) == "" {
		return nil, &holdRefusal{code: cust.code, h: *h}
	}
	if err := validText("override reason", override); err != nil {
		return nil, err
	}
	return h, nil
}

// recordOverride keeps why an invoice was issued despite a hold.
func (t *tx) recordOverride(docID int64, h *Hold, reason string) error {
	_, err := t.exec(`INSERT INTO hold_overrides (document_id, hold_id, at, by_user, reason) VALUES (?, ?, ?, ?, ?)`,
		docID, h.ID, t.stamp(), t.actor(), strings.TrimSpace(reason))
	return err
}

// SetHold puts a customer on hold for a reason.
func (s *Store) SetHold(ctx context.Context, code, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Errorf(EINVALID, "a hold needs a reason, e.g. \"90 days overdue\"")
	}
	if err := validText("reason", reason); err != nil {
		return err
	}
	err := s.write(ctx, func(t *tx) error {
		c, err := t.customerByCode(code)
		if err != nil {
			return err
		}
		return t.setHold(c, reason, t.actor())
	})
	if err != nil {
		return fmt.Errorf("hold %s: %w", code, err)
	}
	return nil
}

func (t *tx) setHold(c custRow, reason, by string) error {
	h, err := t.activeHold(c.id)
	if err != nil {
		return err
	}
	if h != nil {
		return Errorf(ECONFLICT, "customer %s is on hold already (%s)", c.code, h.Reason)
	}
	_, err = t.exec(`INSERT INTO customer_holds (customer_id, set_at, set_by, reason) VALUES (?, ?, ?, ?)`, c.id, t.stamp(), by, reason)
	return err
}

// ReleaseHold lifts a customer's hold, noting why.
func (s *Store) ReleaseHold(ctx context.Context, code, note string) error {
	if err := validText("note", note); err != nil {
		return err
	}
	err := s.write(ctx, func(t *tx) error {
		c, err := t.customerByCode(code)
		if err != nil {
			return err
		}
		res, err := t.exec(`UPDATE customer_holds SET released_at = ?, released_by = ?, released_note = ? WHERE customer_id = ? AND released_at IS NULL`,
			t.stamp(), t.actor(), strings.TrimSpace(note), c.id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(ECONFLICT, "customer %s is not on hold", code)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("release %s: %w", code, err)
	}
	return nil
}

// CreditPosition is where a customer stands against its limit.
type CreditPosition struct {
	CustomerCode string
	CustomerName string
	Balance      Money // open invoices less unapplied credits
	Overdue      Money // open invoices past their due date
	OldestDue    time.Time
	Limit        Money // zero: no limit
	Hold         *Hold
}

// Over is by how much the balance would exceed the limit once add is
// invoiced; zero when within it or without a limit.
func (p CreditPosition) Over(add Money) Money {
	if p.Limit.IsZero() {
		return Money{Currency: p.Balance.Currency}
	}
	excess := p.Balance.Minor + add.Minor - p.Limit.Minor
	return NewMoney(max(excess, 0), p.Balance.Currency)
}

// creditSQL is each customer's balance, overdue amount and oldest open
// due date as of ?1, from its open documents (documents_customer).
const creditSQL = `SELECT c.id, c.code, c.name, c.currency, c.credit_limit,
	COALESCE(SUM(CASE WHEN d.kind IN ('invoice', 'charge') THEN d.open ELSE -d.open END), 0),
	COALESCE(SUM(CASE WHEN d.kind IN ('invoice', 'charge') AND d.due_date < ?1 THEN d.open ELSE 0 END), 0),
	COALESCE(MIN(CASE WHEN d.kind IN ('invoice', 'charge') THEN d.due_date END), '')
	FROM customers c LEFT JOIN documents d ON d.customer_id = c.id AND d.kind IN ('invoice', 'charge', 'payment', 'credit_note')
		AND d.closed_on = '9999-12-31' AND d.status = 'issued'`

// CreditPosition reads a customer's balance, limit and hold as of today.
func (s *Store) CreditPosition(ctx context.Context, code string) (CreditPosition, error) {
	var out CreditPosition
	err := s.readTx(ctx, func(rtx *sql.Tx) error {
		ps, err := creditPositions(ctx, rtx, fmtDate(s.Now()), ` WHERE c.code = ?2`, code)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return Errorf(ENOTFOUND, "no customer with code %q", code)
		}
		out = ps[0]
		return nil
	})
	return out, err
}

func creditPositions(ctx context.Context, rtx *sql.Tx, asOf, where string, args ...any) ([]CreditPosition, error) {
	rows, err := rtx.QueryContext(ctx, creditSQL+where+` GROUP BY c.id, c.code, c.name, c.currency, c.credit_limit ORDER BY c.code`, append([]any{asOf}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("credit position: %w", err)
	}
	defer rows.Close()
	var out []CreditPosition
	ids := map[int64]int{}
	for rows.Next() {
		var id, limit, bal, overdue int64
		var p CreditPosition
		var cur, oldest string
		if err := rows.Scan(&id, &p.CustomerCode, &p.CustomerName, &cur, &limit, &bal, &overdue, &oldest); err != nil {
			return nil, err
		}
		p.Balance, p.Overdue, p.Limit = NewMoney(bal, cur), NewMoney(overdue, cur), NewMoney(limit, cur)
		if oldest != "" {
			if p.OldestDue, err = ParseDate(oldest); err != nil {
				return nil, fmt.Errorf("customer %s: %w", p.CustomerCode, err)
			}
		}
		ids[id] = len(out)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	holds, err := rtx.QueryContext(ctx, `SELECT customer_id, id, set_at, set_by, reason FROM customer_holds WHERE released_at IS NULL`)
	if err != nil {
		return nil, err
	}
	defer holds.Close()
	for holds.Next() {
		var cid int64
		var h Hold
		if err := holds.Scan(&cid, &h.ID, scanStamp(&h.SetAt), &h.SetBy, &h.Reason); err != nil {
			return nil, err
		}
		if i, ok := ids[cid]; ok {
			h.CustomerCode = out[i].CustomerCode
			out[i].Hold = &h
		}
	}
	return out, holds.Err()
}

// CreditWatch lists the customers on hold or over their credit limit, for
// the dashboard and paidup customer holds.
func (s *Store) CreditWatch(ctx context.Context) ([]CreditPosition, error) {
	var out []CreditPosition
	err := s.readTx(ctx, func(rtx *sql.Tx) error {
		// Customers with a limit, or a hold: few of a large ledger.
		ps, err := creditPositions(ctx, rtx, fmtDate(s.Now()),
			` WHERE c.credit_limit > 0 OR c.id IN (SELECT customer_id FROM customer_holds WHERE released_at IS NULL)`)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if p.Hold != nil || p.Over(Money{}).IsPositive() {
				out = append(out, p)
			}
		}
		return nil
	})
	return out, err
}

// HoldRules are when customers go on hold by themselves: their oldest
// overdue invoice more than Days late (0: never), or their overdue
// balance over Amount (0: never; in each customer's currency). Settings
// credit.hold_after_days and credit.hold_over_amount.
type HoldRules struct {
	Days   int
	Amount Decimal4 // in major units of the customer's currency
}

// HoldRules reads the settings.
func (s *Store) HoldRules(ctx context.Context) (HoldRules, error) {
	var r HoldRules
	d, err := s.Setting(ctx, "credit.hold_after_days", "")
	if err != nil {
		return r, err
	}
	if d != "" {
		r.Days, _ = strconv.Atoi(d)
	}
	a, err := s.Setting(ctx, "credit.hold_over_amount", "")
	if err != nil {
		return r, err
	}
	if a != "" {
		if r.Amount, err = ParseDecimal4(a); err != nil {
			return r, Errorf(EINVALID, "credit.hold_over_amount %q: %v", a, err)
		}
	}
	return r, nil
}

// ApplyHoldRules puts on hold, as of asOf, every customer not on hold yet
// that a rule catches, the rule named as the reason; it returns them.
func (s *Store) ApplyHoldRules(ctx context.Context, asOf time.Time) ([]Hold, error) {
	rules, err := s.HoldRules(ctx)
	if err != nil || (rules.Days <= 0 && rules.Amount <= 0) {
		return nil, err
	}
	var held []Hold
	err = s.write(ctx, func(t *tx) error {
		held = nil
		ps, err := creditPositions(ctx, t.Tx, fmtDate(asOf), "")
		if err != nil {
			return err
		}
		for _, p := range ps {
			if p.Hold != nil {
				continue
			}
			reason := ""
			if late := int(Day(asOf).Sub(p.OldestDue).Hours() / 24); rules.Days > 0 && !p.OldestDue.IsZero() && late > rules.Days {
				reason = fmt.Sprintf("oldest overdue invoice %d days late (rule: more than %d)", late, rules.Days)
			} else if limit := minorOf(rules.Amount, p.Overdue.Currency); rules.Amount > 0 && p.Overdue.Minor > limit {
				reason = fmt.Sprintf("overdue %s (rule: more than %s)", p.Overdue, NewMoney(limit, p.Overdue.Currency))
			}
			if reason == "" {
				continue
			}
			c, err := t.customerByCode(p.CustomerCode)
			if err != nil {
				return err
			}
			if err := t.setHold(c, reason, "rule"); err != nil {
				return err
			}
			held = append(held, Hold{CustomerCode: p.CustomerCode, SetAt: t.now, SetBy: "rule", Reason: reason})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("hold rules: %w", err)
	}
	return held, nil
}

// minorOf is an amount of major units (4 decimals) in a currency's minor
// units, rounded down.
func minorOf(v Decimal4, cur string) int64 {
	digits, err := Digits(cur)
	if err != nil {
		digits = 2
	}
	m := int64(v)
	for range 4 - digits {
		m /= 10
	}
	return m
}

// readTx runs fn in a read-only transaction: one snapshot.
func (s *Store) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	rtx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer rtx.Rollback()
	return fn(rtx)
}
