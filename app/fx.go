package app

import (
	"context"
	"sort"
	"time"

	"paidup/ledger"
)

// Unrealized exchange differences (paidup fx): every document open at a
// date in another currency than the home currency, worth one amount at
// its booked rate (the rate of its date: ledger/fx.go) and another at the
// rate of the date; the difference is unrealized until a payment settles
// it (and then realized, posted to 4950). Each amount is converted once,
// rounded half away from zero, and the difference taken of the two.

// FXLine is one open document's unrealized difference.
type FXLine struct {
	CustomerCode, CustomerName string
	Kind                       ledger.Kind
	Number                     string
	Date                       time.Time
	Open                       ledger.Money // negative: an unapplied credit
	Booked                     ledger.Rate  // the booked rate (of the document's date)
	AtBooked, AtRate           ledger.Money // Open in the home currency at each rate
	Unrealized                 ledger.Money // AtRate − AtBooked: a gain positive
}

// FXCurrency is one currency's open items together.
type FXCurrency struct {
	Currency         string
	Rate             ledger.Rate // on the as-of date
	Open             ledger.Money
	AtBooked, AtRate ledger.Money
	Unrealized       ledger.Money
	Items            int
}

// FXReport is paidup fx as of a date.
type FXReport struct {
	AsOf       time.Time
	Home       string
	Currencies []FXCurrency // by code
	Unrealized ledger.Money // in the home currency, all currencies together
	Lines      []FXLine     // with detail: every open document
}

// FX reports the unrealized exchange differences of the documents open at
// the end of asOf (zero: today); with detail, each document. A missing
// rate (of a document's date or of asOf) is an error naming currency and
// date.
func (a *App) FX(ctx context.Context, asOf time.Time, detail bool) (*FXReport, error) {
	asOf = a.orToday(asOf)
	rates, err := a.homeRates(ctx)
	if err != nil {
		return nil, err
	}
	rep := &FXReport{AsOf: asOf, Home: rates.home, Unrealized: ledger.NewMoney(0, rates.home)}
	by := map[string]*FXCurrency{}
	err = a.EachForeignOpenItem(ctx, asOf, rates.home, func(it ledger.FXItem) error {
		cur := it.Open.Currency
		c := by[cur]
		if c == nil {
			_, r, err := rates.convert(ledger.NewMoney(0, cur), asOf)
			if err != nil {
				return err
			}
			zero := ledger.NewMoney(0, rates.home)
			c = &FXCurrency{Currency: cur, Rate: r, Open: ledger.NewMoney(0, cur), AtBooked: zero, AtRate: zero, Unrealized: zero}
			by[cur] = c
		}
		l := FXLine{CustomerCode: it.CustomerCode, CustomerName: it.CustomerName, Kind: it.Kind, Number: it.Number, Date: it.Date, Open: it.Open}
		var err error
		if it.Booked != nil {
			l.Booked = ledger.Rate{Currency: cur, Date: it.Date, Value: it.Booked}
			l.AtBooked, err = ledger.Convert(it.Open, l.Booked, rates.home)
		} else {
			l.AtBooked, l.Booked, err = rates.convert(it.Open, it.Date)
		}
		if err != nil {
			return err
		}
		if l.AtRate, err = ledger.Convert(it.Open, c.Rate, rates.home); err != nil {
			return err
		}
		l.Unrealized = ledger.NewMoney(l.AtRate.Minor-l.AtBooked.Minor, rates.home)
		c.Open.Minor += it.Open.Minor
		c.AtBooked.Minor += l.AtBooked.Minor
		c.AtRate.Minor += l.AtRate.Minor
		c.Unrealized.Minor += l.Unrealized.Minor
		c.Items++
		if detail {
			rep.Lines = append(rep.Lines, l)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range by {
		rep.Currencies = append(rep.Currencies, *c)
		rep.Unrealized.Minor += c.Unrealized.Minor
	}
	sort.Slice(rep.Currencies, func(i, j int) bool { return rep.Currencies[i].Currency < rep.Currencies[j].Currency })
	return rep, nil
}
