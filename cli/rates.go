package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	"paidup/ledger"
)

func ratesCommand() command {
	return command{
		name: "rates", args: "import FILE | set CURRENCY DATE RATE | list [CURRENCY]",
		summary: "exchange rates to the home currency: import the ECB's reference-rate file (or date,currency,rate), set one, list them",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			limit := fs.Int("limit", 30, "list: at most `N` rates")
			return func(ctx context.Context, args []string) error {
				if len(args) == 0 {
					return usagef("rates needs an action: import, set or list")
				}
				switch {
				case args[0] == "import" && len(args) == 2, args[0] == "set" && len(args) == 4, args[0] == "list" && len(args) <= 2:
				default:
					return usagef("rates import FILE | set CURRENCY DATE RATE | list [CURRENCY]")
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				switch args[0] {
				case "import":
					f, err := os.Open(args[1])
					if err != nil {
						return err
					}
					defer f.Close()
					n, err := a.ImportRates(ctx, f, filepath.Base(args[1]))
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "imported %d rates from %s\n", n, args[1])
					return nil
				case "set":
					d, err := ledger.ParseDate(args[2])
					if err != nil {
						return usagef("rates set: %v", err)
					}
					if err := a.SetRate(ctx, args[1], d, args[3], "typed"); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "rate of %s on %s set\n", args[1], args[2])
					return nil
				}
				cur := ""
				if len(args) == 2 {
					cur = args[1]
				}
				rs, err := a.Rates(ctx, cur, *limit)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "DATE\tCURRENCY\tRATE")
				for _, r := range rs {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", day(r.Date), r.Currency, r)
				}
				return tw.Flush()
			}
		},
	}
}
