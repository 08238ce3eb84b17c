package app

import (
	"context"
	"errors"
	"time"

	"paidup/ledger"
	"paidup/reminders"
)

// EmailInvoice puts an invoice's email (its PDF attached) in the outbox,
// once per invoice, and with send delivers the outbox at once (the
// reminders' send: what else was pending goes too). The outbox's log
// keeps it like a reminder.
func (a *App) EmailInvoice(ctx context.Context, number string, send bool) (*reminders.Report, error) {
	r, err := a.ReminderRunner(ctx, send)
	if err != nil {
		return nil, err
	}
	defer CloseRunner(r)
	if _, err := r.QueueInvoiceEmail(ctx, number); err != nil {
		return nil, err
	}
	if !send {
		return nil, nil
	}
	return r.Send(ctx)
}

// EmailStatement puts an email with the customer's open-item statement
// as of the end of asOf in the outbox, once per customer and day, and with
// send delivers the outbox at once, as EmailInvoice does.
func (a *App) EmailStatement(ctx context.Context, code string, asOf time.Time, send bool) (*reminders.Report, error) {
	r, err := a.ReminderRunner(ctx, send)
	if err != nil {
		return nil, err
	}
	defer CloseRunner(r)
	if _, err := r.QueueStatementEmail(ctx, code, asOf); err != nil {
		return nil, err
	}
	if !send {
		return nil, nil
	}
	return r.Send(ctx)
}

// RunRecurring issues the recurring invoices that have fallen due
// (ledger.Store.RunRecurring) and, when the setting recur.email is true,
// puts each one's email in the outbox for the next send. An email that
// cannot be queued (no address) does not undo the invoice; the first such
// error is returned with the run.
func (a *App) RunRecurring(ctx context.Context, asOf time.Time, maxPerTemplate int, dryRun bool) (*ledger.RecurringRun, error) {
	run, err := a.Store.RunRecurring(ctx, asOf, maxPerTemplate, dryRun)
	if err != nil || dryRun || len(run.Issued) == 0 {
		return run, err
	}
	if v, err := a.Setting(ctx, "recur.email", ""); err != nil || v != "true" {
		return run, err
	}
	r, err := a.ReminderRunner(ctx, false)
	if err != nil {
		return run, err
	}
	var errs []error
	for _, it := range run.Issued {
		if _, err := r.QueueInvoiceEmail(ctx, it.Number); err != nil {
			errs = append(errs, err)
		}
	}
	return run, errors.Join(errs...)
}
