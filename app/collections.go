package app

import (
	"context"

	"paidup/ledger"
)

// CollectionsWatch is what a credit controller must act on: promises
// broken lately and active payment plans with a missed instalment.
type CollectionsWatch struct {
	Broken []ledger.Promise     // broken in the last BrokenPromiseDays days
	Missed []ledger.PaymentPlan // active, with at least one instalment missed
}

// BrokenPromiseDays is how long a broken promise stays on the watch.
const BrokenPromiseDays = 30

// CollectionsWatch decides the promises and plans whose day has come
// (as a reminder run would) and returns what needs a call.
func (a *App) CollectionsWatch(ctx context.Context) (CollectionsWatch, error) {
	today := a.Today()
	var w CollectionsWatch
	if _, err := a.SettlePromises(ctx, today); err != nil {
		return w, err
	}
	broken, err := a.Promises(ctx, ledger.PromiseFilter{Status: ledger.PromiseBroken})
	if err != nil {
		return w, err
	}
	since := today.AddDate(0, 0, -BrokenPromiseDays)
	for _, p := range broken {
		if !p.SettledOn.Before(since) {
			w.Broken = append(w.Broken, p)
		}
	}
	plans, err := a.PlansNow(ctx, ledger.PlanFilter{Status: ledger.PlanActive})
	if err != nil {
		return w, err
	}
	for _, p := range plans {
		if p.Missed() > 0 {
			w.Missed = append(w.Missed, p)
		}
	}
	return w, nil
}
