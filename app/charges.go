package app

import (
	"context"
	"sort"
	"time"

	"paidup/ledger"
)

// ChargeTotal is what a charges run comes to in one currency.
type ChargeTotal struct {
	Currency     string
	Invoices     int
	Interest     ledger.Money
	Compensation ledger.Money
}

// ChargesRun is the outcome of a charges preview or posting.
type ChargesRun struct {
	AsOf   time.Time
	Posted bool
	Totals []ChargeTotal // by currency
}

// Charges works out late-payment interest and compensation as of asOf
// (zero: today) and hands each invoice's line to fn; with post set it
// charges them (one charge document per invoice, all in one transaction)
// and fn sees each with its number once they are committed. A preview
// streams, so a ledger of a million invoices is never held in memory.
func (a *App) Charges(ctx context.Context, asOf time.Time, post bool, fn func(ledger.ChargeLine) error) (*ChargesRun, error) {
	if asOf.IsZero() {
		asOf = a.Today()
	}
	run := &ChargesRun{AsOf: asOf, Posted: post}
	totals := map[string]*ChargeTotal{}
	each := func(l ledger.ChargeLine) error {
		t := totals[l.Currency]
		if t == nil {
			t = &ChargeTotal{Currency: l.Currency, Interest: ledger.NewMoney(0, l.Currency), Compensation: ledger.NewMoney(0, l.Currency)}
			totals[l.Currency] = t
		}
		t.Invoices++
		var err error
		if t.Interest, err = t.Interest.Add(l.Interest); err != nil {
			return err
		}
		if t.Compensation, err = t.Compensation.Add(l.Compensation); err != nil {
			return err
		}
		if fn != nil {
			return fn(l)
		}
		return nil
	}
	if post {
		lines, err := a.st.PostCharges(ctx, asOf, nil)
		if err != nil {
			return nil, err
		}
		for _, l := range lines {
			if err := each(l); err != nil {
				return nil, err
			}
		}
	} else if err := a.st.PreviewCharges(ctx, asOf, each); err != nil {
		return nil, err
	}
	for _, t := range totals {
		run.Totals = append(run.Totals, *t)
	}
	sort.Slice(run.Totals, func(i, j int) bool { return run.Totals[i].Currency < run.Totals[j].Currency })
	return run, nil
}
