package cli

import (
	"context"
	"flag"
	"fmt"

	"paidup/app"
	"paidup/ledger"
)

func metricsCommand() command {
	return command{
		name: "metrics", args: "[--as-of DATE] [--days N] [--format table|csv|json] [--home]",
		summary: "AR total, overdue, DSO, CEI, days to pay and late, per currency",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var o ledger.MetricsOptions
			var format string
			var home bool
			fs.BoolVar(&home, "home", false, "also every currency together in the home currency (business.currency), at the rates of the as-of date (paidup rates)")
			fs.Var(dateValue{&o.AsOf}, "as-of", "the period ends on `YYYY-MM-DD` (default today)")
			fs.IntVar(&o.Days, "days", 90, "length of the period in days")
			fs.StringVar(&format, "format", "table", "table, csv or json")
			fs.StringVar(&o.Customer, "customer", "", "only this customer `CODE`")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return usagef("metrics takes no arguments")
				}
				f, err := app.ParseFormat(format, app.MetricsFormats...)
				if err != nil {
					return usagef("--format must be table, csv or json")
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				ms, err := a.Metrics(ctx, o)
				if err != nil {
					return err
				}
				if home && f != app.FormatTable {
					return usagef("--home goes with the table so far")
				}
				if err := app.WriteMetrics(e.stdout, ms, f); err != nil || !home {
					return err
				}
				h, err := a.HomeMetrics(ctx, ms)
				if err != nil || h == nil {
					return err
				}
				return printHomeMetrics(e, h)
			}
		},
	}
}

// printHomeMetrics prints the metrics of all currencies together in the
// home currency and the rates they were worked out at.
func printHomeMetrics(e *env, h *app.HomeFigures) error {
	m := h.Metrics
	money := func(v int64) string { return ledger.NewMoney(v, h.Home).String() }
	fmt.Fprintf(e.stdout, "\nAll currencies in %s (home currency), at the rates of %s:\n", h.Home, day(h.AsOf))
	fmt.Fprintf(e.stdout, "  receivable %s, overdue %s, credit sales %s\n", money(m.AREnd), money(m.Overdue), money(m.CreditSales))
	fmt.Fprintf(e.stdout, "  DSO %s days, CEI %s %%, days to pay %s, days late %s, paid late %s %%\n", m.DSO.Format(1), m.CEI.Format(2),
		m.AvgDaysToPay.Format(1), m.AvgDaysLate.Format(1), m.PercentPaidLate.Format(2))
	for _, r := range h.Rates {
		fmt.Fprintf(e.stdout, "  1 %s = %s %s (rate of %s)\n", r.Currency, r, h.Home, day(r.Date))
	}
	return nil
}
