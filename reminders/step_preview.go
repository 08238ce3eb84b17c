package reminders

import (
	"context"
	"time"

	"paidup/ledger"
)

// PreviewStep writes one step of a policy, which need not be stored, as
// it would go to a customer as of asOf: the invoices of theirs a run
// could remind of (open, not disputed, due by the policy's first step),
// through the very data and templates a run uses. Nothing is written.
func (r *Runner) PreviewStep(ctx context.Context, p *Policy, step int, customer string, asOf time.Time) (*Email, error) {
	if step < 0 || step >= len(p.Steps) {
		return nil, ledger.Errorf(ledger.EINVALID, "no step %d in the policy", step+1)
	}
	asOf = r.asOf(asOf)
	policies := map[string]*Policy{"": p}
	q := query(asOf, policies)
	q.Customer = customer
	custs, err := r.Store.ReminderCandidates(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(custs) == 0 {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "customer %s has no open invoice due by %s: choose a customer who owes something", customer,
			q.DueBy.Format(ledger.DateLayout))
	}
	c := custs[0]
	s := &p.Steps[step]
	var items []PlannedItem
	for _, it := range c.Items {
		if it.Disputed || it.ClosedNow {
			continue
		}
		items = append(items, PlannedItem{ReminderItem: it, Step: s.Name})
	}
	if len(items) == 0 {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "customer %s has no invoice a reminder could name (the open ones are disputed or settled since): choose another customer", customer)
	}
	pl := &planner{asOf: asOf, policies: policies, business: r.Config.Business}
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		if it.DaysPastDue > 0 {
			ids = append(ids, it.DocumentID)
		}
	}
	if pl.charges, err = r.Store.AccruedCharges(ctx, asOf, ids); err != nil {
		return nil, err
	}
	e := &Email{CustomerID: c.ID, CustomerCode: c.Code, CustomerName: c.Name, Recipient: c.Recipient(),
		Step: s.Name, Statement: s.Statement || len(items) > MaxInvoicePDFs, Items: items}
	data, err := pl.data(c, e)
	if err != nil {
		return nil, err
	}
	if e.rendered, err = s.tpl.render(data); err != nil {
		return nil, ledger.Errorf(ledger.EINVALID, "reminder to %s, step %s: %v", c.Code, s.Name, err)
	}
	return e, nil
}
