package app

import (
	"context"
	"fmt"
	"math/big"

	"paidup/ledger"
	"paidup/reports"
)

// HomeAging is an aging's buckets in the home currency: each currency's
// bucket totals converted at its rate on the as-of date (the revalued
// receivable), then added up.
type HomeAging struct {
	Home    string
	Labels  []string
	Buckets []ledger.Money
	Credits ledger.Money // unapplied credits, negative
	Total   ledger.Money
	Rates   []ledger.Rate // the rates used, one per foreign currency
	// Lines are each currency's buckets, credits and total in the home
	// currency, as converted (the buckets above are their sums).
	Lines []reports.HomeAgingLine
}

// HomeAging converts an aging to the home currency (business.currency).
// A currency without a rate on or before the as-of date is an error
// naming it: no figure is made up.
func (a *App) HomeAging(ctx context.Context, ag *ledger.Aging) (*HomeAging, error) {
	home, err := a.Setting(ctx, "business.currency", "")
	if err != nil {
		return nil, err
	}
	if home == "" {
		return nil, ledger.Errorf(ledger.EINVALID, "no home currency: set business.currency first")
	}
	h := &HomeAging{Home: home, Labels: ag.Labels, Buckets: make([]ledger.Money, len(ag.Labels)),
		Credits: ledger.NewMoney(0, home), Total: ledger.NewMoney(0, home)}
	for i := range h.Buckets {
		h.Buckets[i] = ledger.NewMoney(0, home)
	}
	add := func(to *ledger.Money, minor int64, cur string, r ledger.Rate) error {
		m, err := ledger.Convert(ledger.NewMoney(minor, cur), r, home)
		if err != nil {
			return err
		}
		s, err := to.Add(m)
		if err != nil {
			return err
		}
		*to = s
		return nil
	}
	for _, sec := range ag.Sections {
		r, err := a.RateOn(ctx, sec.Currency, ag.AsOf)
		if err != nil {
			return nil, fmt.Errorf("aging in %s: %w", home, err)
		}
		if sec.Currency != home {
			h.Rates = append(h.Rates, r)
		}
		line := reports.HomeAgingLine{Currency: sec.Currency, Rate: r, Buckets: make([]int64, len(sec.Total.Buckets))}
		// Each bucket converted once, so the buckets add up to the total
		// as shown (the total is their sum, not converted apart).
		for i, v := range sec.Total.Buckets {
			m := ledger.NewMoney(0, home)
			if err := add(&m, v, sec.Currency, r); err != nil {
				return nil, err
			}
			line.Buckets[i] = m.Minor
			if err := add(&h.Buckets[i], m.Minor, home, ledger.Rate{Value: big.NewRat(1, 1)}); err != nil {
				return nil, err
			}
		}
		c := ledger.NewMoney(0, home)
		if err := add(&c, sec.Total.Credits, sec.Currency, r); err != nil {
			return nil, err
		}
		line.Credits = c.Minor
		if err := add(&h.Credits, c.Minor, home, ledger.Rate{Value: big.NewRat(1, 1)}); err != nil {
			return nil, err
		}
		h.Lines = append(h.Lines, line)
	}
	for _, m := range append(append([]ledger.Money{}, h.Buckets...), h.Credits) {
		s, err := h.Total.Add(m)
		if err != nil {
			return nil, err
		}
		h.Total = s
	}
	return h, nil
}
