package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"paidup/demo"
)

func demoCommand() command {
	return command{
		name: "demo", args: "[--customers N] [--invoices N] [--seed S] [--as-of DATE]",
		summary: "fill an empty ledger with a believable small business's receivables",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var o demo.Options
			fs.IntVar(&o.Customers, "customers", 0, "number of customers (default: one per 100 invoices, at least 40)")
			fs.IntVar(&o.Invoices, "invoices", 400, "about this many invoices, over the two years before --as-of")
			fs.Uint64Var(&o.Seed, "seed", 1, "random seed: the same seed and date give the same ledger")
			fs.Var(dateValue{&o.AsOf}, "as-of", "the demo's today, `YYYY-MM-DD` (default today)")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return usagef("demo takes no arguments, got %q", args[0])
				}
				if o.Invoices < 0 || o.Customers < 0 {
					return usagef("--invoices and --customers cannot be negative")
				}
				st, err := e.create(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				start := time.Now()
				o.Progress = func(n int) { e.progress("demo: %d invoices", n) }
				res, err := st.Demo(ctx, o)
				e.progressDone()
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "demo ledger %s: %d customers, %d invoices, %d payments, %d credit notes, %d write-offs, %d voids (%.1fs)\n",
					st.Path(), res.Customers, res.Invoices, res.Payments, res.CreditNotes, res.WriteOffs, res.Voids, time.Since(start).Seconds())
				return nil
			}
		},
	}
}
