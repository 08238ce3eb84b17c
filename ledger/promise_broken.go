package ledger

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A broken promise is reminded of once, in its own words ("you promised
// to pay X by D"): the reminder step of an invoice for a broken promise is
// BrokenPromiseStep(id), so the outbox's (document, step) uniqueness
// sends it at most once per promise, however many runs follow.

// BrokenPromise is the latest broken promise that covers an invoice.
type BrokenPromise struct {
	ID     int64
	Amount Money
	MadeOn time.Time
	PayBy  time.Time
	Paid   Money // received by the date and its grace
}

// BrokenPromiseStep is the reminder step name for a broken promise.
func BrokenPromiseStep(id int64) string { return "promise-broken-" + strconv.FormatInt(id, 10) }

// IsBrokenPromiseStep reports whether a step name is a broken promise's.
func IsBrokenPromiseStep(step string) bool { return strings.HasPrefix(step, "promise-broken-") }

// brokenPromiseSQL is, for invoice i, "id|amount|made_on|pay_by|paid" of
// the latest broken promise covering it (naming it, or the whole account
// when made after the invoice was issued); ” when none does.
const brokenPromiseSQL = `COALESCE((SELECT p.id || '|' || p.amount || '|' || p.made_on || '|' || p.pay_by || '|' || p.paid
	FROM promises p WHERE p.status = 'broken' AND p.customer_id = i.customer_id
	AND (EXISTS (SELECT 1 FROM promise_items x WHERE x.promise_id = p.id AND x.document_id = i.id)
		OR (NOT EXISTS (SELECT 1 FROM promise_items x WHERE x.promise_id = p.id) AND p.made_on >= i.date))
	ORDER BY p.settled_on DESC, p.id DESC LIMIT 1), '')`

// parseBrokenPromise reads what brokenPromiseSQL returns.
func parseBrokenPromise(s, currency string) (*BrokenPromise, error) {
	if s == "" {
		return nil, nil
	}
	f := strings.Split(s, "|")
	if len(f) != 5 {
		return nil, fmt.Errorf("broken promise %q: want 5 fields", s)
	}
	id, err1 := strconv.ParseInt(f[0], 10, 64)
	amount, err2 := strconv.ParseInt(f[1], 10, 64)
	paid, err3 := strconv.ParseInt(f[4], 10, 64)
	made, err4 := storedDate("made_on", f[2])
	payBy, err5 := storedDate("pay_by", f[3])
	for _, err := range []error{err1, err2, err3, err4, err5} {
		if err != nil {
			return nil, fmt.Errorf("broken promise %q: %w", s, err)
		}
	}
	return &BrokenPromise{ID: id, Amount: NewMoney(amount, currency), MadeOn: made, PayBy: payBy, Paid: NewMoney(paid, currency)}, nil
}
