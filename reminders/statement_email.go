package reminders

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"paidup/ledger"
)

// StatementStepPrefix starts the outbox step of a statement sent by email
// on demand; the statement's date completes it ("statement-2026-11-30").
// Like a reminder's step, a customer's statement of a day goes once, ever:
// the outbox keeps each open item with the step, and an item is sent for
// a step once.
const StatementStepPrefix = "statement-"

// IsStatementStep says whether an outbox step is a statement on demand.
func IsStatementStep(step string) bool { return strings.HasPrefix(step, StatementStepPrefix) }

// QueueStatementEmail writes an email with the customer's open-item
// statement as of the end of asOf attached (rendered when it is sent, as
// of that day) to the outbox; Send delivers it. A customer with nothing
// open on the day has no statement to send (EINVALID), and a statement of
// a day already emailed is refused (ECONFLICT).
func (r *Runner) QueueStatementEmail(ctx context.Context, code string, asOf time.Time) (int64, error) {
	if err := r.Config.CheckSend(); err != nil {
		return 0, err
	}
	c, err := r.Store.CustomerByCode(ctx, code)
	if err != nil {
		return 0, err
	}
	to, err := r.recipient(ctx, c)
	if err != nil {
		return 0, err
	}
	oi, err := r.Store.CustomerOpenItems(ctx, c.Code, ledger.AgingOptions{AsOf: asOf})
	if err != nil {
		return 0, fmt.Errorf("statement of %s: %w", c.Code, err)
	}
	day := asOf.Format(ledger.DateLayout)
	step := StatementStepPrefix + day
	var items []ledger.OutboxItem
	for _, it := range oi.Items {
		if !it.Kind.Receivable() {
			continue
		}
		items = append(items, ledger.OutboxItem{DocumentID: it.ID, Number: it.Number, Step: step,
			Open: ledger.NewMoney(it.Open, it.Currency), DaysPastDue: it.DaysPastDue})
	}
	if len(items) == 0 {
		return 0, ledger.Errorf(ledger.EINVALID, "customer %s has nothing open on %s: there is no statement to send", c.Code, day)
	}
	b := r.Config.Business
	due := ledger.NewMoney(oi.Aging.Total, c.Currency)
	var text strings.Builder
	fmt.Fprintf(&text, "Dear %s,\n\nplease find attached your statement of account as of %s: %d open item(s), %s in all.\n",
		c.Name, asOf.Format("2 January 2006"), len(items), due)
	fmt.Fprintf(&text, "\nIf your records differ, please let us know.\n\nKind regards,\n%s\n", b.Name)
	d := ledger.OutboxDraft{CustomerID: c.ID, Step: step, Recipient: to, Statement: true,
		Subject: fmt.Sprintf("Statement of account %s from %s", day, b.Name), Text: text.String(), Items: items}
	id, err := r.Store.QueueEmail(ctx, asOf, d, func(id int64, created time.Time) string {
		return messageID(id, created, r.Config.Sender.From)
	})
	if ledger.ErrorCode(errors.Unwrap(err)) == ledger.ECONFLICT || ledger.ErrorCode(err) == ledger.ECONFLICT {
		return 0, ledger.Errorf(ledger.ECONFLICT, "the statement of %s as of %s has been emailed already (paidup remind log shows when)", c.Code, day)
	}
	return id, err
}
