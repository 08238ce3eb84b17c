package app

import (
	"context"
	"fmt"
	"sort"
	"time"

	"paidup/ledger"
)

// The home-currency figures beside the per-currency ones (dashboard,
// metrics): every currency converted at its rate on the as-of date, each
// figure once, rounded half away from zero (ledger.Convert). A currency
// without a rate on or before that date is an error naming it and the
// date: no figure is made up.

// HomeFigures are a day's figures of every currency together in the
// home currency, with the rates used.
type HomeFigures struct {
	Home    string
	AsOf    time.Time
	Rates   []ledger.Rate // one per currency other than the home currency, by code
	Metrics *ledger.Metrics
	// Forecast is the cash forecast's lines added up in the home
	// currency (Currency is the home currency).
	Forecast *ledger.ForecastLine
}

// homeConverter converts minor units of a currency at its rate on asOf,
// looking each rate up once; the rates it used are kept, by code.
func (a *App) homeConverter(ctx context.Context, asOf time.Time) (func(int64, string) (int64, error), *homeRates, func() []ledger.Rate, error) {
	h, err := a.homeRates(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	used := map[string]ledger.Rate{}
	conv := func(minor int64, cur string) (int64, error) {
		m, r, err := h.convert(ledger.NewMoney(minor, cur), asOf)
		if err != nil {
			return 0, fmt.Errorf("in %s: %w", h.home, err)
		}
		if cur != h.home {
			used[cur] = r
		}
		return m.Minor, nil
	}
	rates := func() []ledger.Rate {
		var out []ledger.Rate
		for _, r := range used {
			out = append(out, r)
		}
		sortRates(out)
		return out
	}
	return conv, h, rates, nil
}

func sortRates(rs []ledger.Rate) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Currency < rs[j].Currency })
}

// HomeMetrics is the metrics of every currency together in the home
// currency (ledger.HomeMetrics), all at the rates of the as-of date.
// Nil, and no error, when there is no home currency or nothing but it.
func (a *App) HomeMetrics(ctx context.Context, ms []ledger.Metrics) (*HomeFigures, error) {
	var curs []string
	for _, m := range ms {
		curs = append(curs, m.Currency)
	}
	if home, err := a.foreignCurrencies(ctx, curs); home == "" || err != nil {
		return nil, err
	}
	asOf := ms[0].AsOf
	conv, h, rates, err := a.homeConverter(ctx, asOf)
	if err != nil {
		return nil, err
	}
	m, err := ledger.HomeMetrics(ms, h.home, conv)
	if err != nil {
		return nil, err
	}
	return &HomeFigures{Home: h.home, AsOf: asOf, Rates: rates(), Metrics: &m}, nil
}

// HomeForecast adds the forecast's lines up in the home currency, each
// currency at its rate on the forecast's first day.
// Nil, and no error, when there is no home currency or nothing but it.
func (a *App) HomeForecast(ctx context.Context, f *ledger.Forecast) (*HomeFigures, error) {
	var curs []string
	for _, l := range f.Lines {
		curs = append(curs, l.Currency)
	}
	if home, err := a.foreignCurrencies(ctx, curs); home == "" || err != nil {
		return nil, err
	}
	conv, h, rates, err := a.homeConverter(ctx, f.AsOf)
	if err != nil {
		return nil, err
	}
	line := ledger.ForecastLine{Currency: h.home, Weeks: make([]int64, f.Weeks)}
	for _, l := range f.Lines {
		add := func(to *int64, v int64) error {
			c, err := conv(v, l.Currency)
			*to += c
			return err
		}
		if err := add(&line.Late, l.Late); err != nil {
			return nil, err
		}
		for i, v := range l.Weeks {
			if i < len(line.Weeks) {
				if err := add(&line.Weeks[i], v); err != nil {
					return nil, err
				}
			}
		}
		if err := add(&line.Later, l.Later); err != nil {
			return nil, err
		}
	}
	return &HomeFigures{Home: h.home, AsOf: f.AsOf, Rates: rates(), Forecast: &line}, nil
}

// foreignCurrencies is the home currency when it is set and curs holds
// another; "" otherwise.
func (a *App) foreignCurrencies(ctx context.Context, curs []string) (string, error) {
	home, err := a.Setting(ctx, "business.currency", "")
	if err != nil || home == "" {
		return "", err
	}
	for _, c := range curs {
		if c != home {
			return home, nil
		}
	}
	return "", nil
}
