package app

import (
	"context"
	"time"

	"paidup/reminders"
)

// PreviewReminderStep writes step (by index) of a policy given as JSON,
// stored or not, as it would go to customer (by code) as of asOf (zero:
// today): the policy editor shows it before anything is saved. Nothing
// is written.
func (a *App) PreviewReminderStep(ctx context.Context, policy string, step int, customer string, asOf time.Time) (*reminders.Email, error) {
	p, err := reminders.ParsePolicy([]byte(policy))
	if err != nil {
		return nil, err
	}
	r, err := a.ReminderRunner(ctx, false)
	if err != nil {
		return nil, err
	}
	return r.PreviewStep(ctx, p, step, customer, a.orToday(asOf))
}
