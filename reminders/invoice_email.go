package reminders

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"paidup/ledger"
)

// InvoiceStep is the outbox step of an invoice sent by email (on demand,
// or as a recurring invoice is issued): like a reminder's step, an
// invoice is sent once for it, ever.
const InvoiceStep = "invoice"

// QueueInvoiceEmail writes an invoice's email, its PDF attached when it
// is sent, to the outbox; Send delivers it. An invoice already emailed is
// refused (ECONFLICT): the outbox's log says when it went.
func (r *Runner) QueueInvoiceEmail(ctx context.Context, number string) (int64, error) {
	if err := r.Config.CheckSend(); err != nil {
		return 0, err
	}
	doc, err := r.Store.Document(ctx, number)
	if err != nil {
		return 0, err
	}
	if doc.Kind != ledger.KindInvoice || doc.Status != ledger.StatusIssued {
		return 0, ledger.Errorf(ledger.ECONFLICT, "%s is not an issued invoice", number)
	}
	c, err := r.Store.CustomerByCode(ctx, doc.CustomerCode)
	if err != nil {
		return 0, err
	}
	to, err := r.recipient(ctx, c)
	if err != nil {
		return 0, err
	}
	b := r.Config.Business
	var text strings.Builder
	fmt.Fprintf(&text, "Dear %s,\n\nplease find attached our invoice %s of %s for %s, due on %s.\n",
		c.Name, doc.Number, doc.Date.Format("2 January 2006"), doc.Total, doc.DueDate.Format("2 January 2006"))
	if doc.Reference != "" {
		fmt.Fprintf(&text, "Your reference: %s\n", doc.Reference)
	}
	fmt.Fprintf(&text, "\nKind regards,\n%s\n", b.Name)
	d := ledger.OutboxDraft{CustomerID: c.ID, Step: InvoiceStep, Recipient: to,
		Subject: fmt.Sprintf("Invoice %s from %s", doc.Number, b.Name), Text: text.String(),
		Items: []ledger.OutboxItem{{DocumentID: doc.ID, Number: doc.Number, Step: InvoiceStep, Open: doc.Open}}}
	id, err := r.Store.QueueEmail(ctx, r.asOf(time.Time{}), d, func(id int64, created time.Time) string {
		return messageID(id, created, r.Config.Sender.From)
	})
	if ledger.ErrorCode(errors.Unwrap(err)) == ledger.ECONFLICT || ledger.ErrorCode(err) == ledger.ECONFLICT {
		return 0, ledger.Errorf(ledger.ECONFLICT, "invoice %s has been emailed already (paidup remind log shows when)", number)
	}
	return id, err
}

// recipient is where a customer's documents go: the reminder settings'
// address when one is set, else the customer's own.
func (r *Runner) recipient(ctx context.Context, c ledger.Customer) (string, error) {
	to := c.Email
	if rs, err := r.Store.CustomerReminders(ctx, c.Code); err == nil && rs.Email != "" {
		to = rs.Email
	}
	if to == "" {
		return "", ledger.Errorf(ledger.EINVALID, "customer %s has no email address (set one in the customer's form or reminder settings)", c.Code)
	}
	return to, nil
}
