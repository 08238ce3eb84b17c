package cli

import (
	"context"
	"flag"

	"paidup/app"
	"paidup/ledger"
)

func metricsCommand() command {
	return command{
		name: "metrics", args: "[--as-of DATE] [--days N] [--format table|csv|json]",
		summary: "AR total, overdue, DSO, CEI, days to pay and late, per currency",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var o ledger.MetricsOptions
			var format string
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
				return app.WriteMetrics(e.stdout, ms, f)
			}
		},
	}
}
