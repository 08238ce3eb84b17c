package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"paidup/app"
)

func fxCommand() command {
	return command{
		name: "fx", args: "[--as-of DATE] [--detail] [--format table|json]",
		summary: "unrealized exchange differences: open items in other currencies at their booked rates and at the rate of the date",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var asOf time.Time
			var detail bool
			var format string
			fs.Var(dateValue{&asOf}, "as-of", "the date, `YYYY-MM-DD` (default today)")
			fs.BoolVar(&detail, "detail", false, "each open document, not only each currency")
			fs.StringVar(&format, "format", "table", "table or json")
			return func(ctx context.Context, args []string) error {
				if len(args) != 0 {
					return usagef("fx takes no arguments")
				}
				if format != "table" && format != "json" {
					return usagef("--format must be table or json")
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				rep, err := a.FX(ctx, asOf, detail)
				if err != nil {
					return err
				}
				if format == "json" {
					enc := json.NewEncoder(e.stdout)
					enc.SetIndent("", "  ")
					return enc.Encode(toFXJSON(rep))
				}
				return writeFXTable(e, rep)
			}
		},
	}
}

func writeFXTable(e *env, rep *app.FXReport) error {
	fmt.Fprintf(e.stdout, "Unrealized exchange differences as of %s, in %s (home currency)\n\n", day(rep.AsOf), rep.Home)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "CURRENCY\tITEMS\tOPEN\tRATE\tAT BOOKED RATES\tAT RATE\tUNREALIZED\t")
	for _, c := range rep.Currencies {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s (%s)\t%s\t%s\t%s\t\n", c.Currency, c.Items, c.Open.Plain(), c.Rate, day(c.Rate.Date),
			c.AtBooked.Plain(), c.AtRate.Plain(), c.Unrealized.Plain())
	}
	fmt.Fprintf(tw, "TOTAL\t\t\t\t\t\t%s\t\n", rep.Unrealized.Plain())
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(rep.Lines) == 0 {
		return nil
	}
	fmt.Fprintln(e.stdout)
	tw = tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CUSTOMER\tDOCUMENT\tDATE\tOPEN\tBOOKED RATE\tAT BOOKED\tAT RATE\tUNREALIZED")
	for _, l := range rep.Lines {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.CustomerCode, l.Number, day(l.Date), l.Open, l.Booked,
			l.AtBooked.Plain(), l.AtRate.Plain(), l.Unrealized.Plain())
	}
	return tw.Flush()
}

// The JSON of paidup fx: amounts as decimal strings beside their currency.
type fxJSON struct {
	AsOf            string           `json:"as_of"`
	HomeCurrency    string           `json:"home_currency"`
	Currencies      []fxCurrencyJSON `json:"currencies"`
	TotalUnrealized string           `json:"total_unrealized"`
	Items           []fxItemJSON     `json:"items,omitempty"`
}

type fxCurrencyJSON struct {
	Currency     string `json:"currency"`
	Items        int    `json:"items"`
	Open         string `json:"open"`
	Rate         string `json:"rate"`
	RateDate     string `json:"rate_date"`
	HomeAtBooked string `json:"home_at_booked"`
	HomeAtRate   string `json:"home_at_rate"`
	Unrealized   string `json:"unrealized"`
}

type fxItemJSON struct {
	CustomerCode string `json:"customer_code"`
	CustomerName string `json:"customer_name"`
	Kind         string `json:"kind"`
	Number       string `json:"number"`
	Date         string `json:"date"`
	Currency     string `json:"currency"`
	Open         string `json:"open"`
	BookedRate   string `json:"booked_rate"`
	HomeAtBooked string `json:"home_at_booked"`
	HomeAtRate   string `json:"home_at_rate"`
	Unrealized   string `json:"unrealized"`
}

func toFXJSON(rep *app.FXReport) fxJSON {
	out := fxJSON{AsOf: day(rep.AsOf), HomeCurrency: rep.Home, TotalUnrealized: rep.Unrealized.Plain(), Currencies: []fxCurrencyJSON{}}
	for _, c := range rep.Currencies {
		out.Currencies = append(out.Currencies, fxCurrencyJSON{Currency: c.Currency, Items: c.Items, Open: c.Open.Plain(), Rate: c.Rate.String(),
			RateDate: day(c.Rate.Date), HomeAtBooked: c.AtBooked.Plain(), HomeAtRate: c.AtRate.Plain(), Unrealized: c.Unrealized.Plain()})
	}
	for _, l := range rep.Lines {
		out.Items = append(out.Items, fxItemJSON{CustomerCode: l.CustomerCode, CustomerName: l.CustomerName, Kind: string(l.Kind), Number: l.Number,
			Date: day(l.Date), Currency: l.Open.Currency, Open: l.Open.Plain(), BookedRate: l.Booked.String(),
			HomeAtBooked: l.AtBooked.Plain(), HomeAtRate: l.AtRate.Plain(), Unrealized: l.Unrealized.Plain()})
	}
	return out
}
