package cli

import (
	"context"
	"flag"
	"fmt"

	"paidup/internal/textwidth"
	"paidup/ledger"
)

func disputeCommand() command {
	return command{
		name: "dispute", args: "open NUMBER --reason TEXT | resolve NUMBER [--note TEXT] | list [--all]",
		summary: "hold a disputed invoice back from reminders (it stays in the aging, flagged), or release it",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var reason, note string
			var all bool
			fs.StringVar(&reason, "reason", "", "open: what the customer disputes")
			fs.StringVar(&note, "note", "", "resolve: how it was settled")
			fs.BoolVar(&all, "all", false, "list: resolved disputes too")
			return func(ctx context.Context, args []string) error {
				if len(args) == 0 {
					return usagef("dispute needs open NUMBER --reason TEXT, resolve NUMBER or list")
				}
				switch {
				case args[0] == "open" && len(args) == 2:
					if reason == "" {
						return usagef("dispute open needs --reason TEXT: what the customer disputes")
					}
				case args[0] == "resolve" && len(args) == 2, args[0] == "list" && len(args) == 1:
				default:
					return usagef("dispute needs open NUMBER --reason TEXT, resolve NUMBER or list")
				}
				st, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				switch args[0] {
				case "open":
					d, err := st.OpenDispute(ctx, args[1], reason)
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "invoice %s is disputed from %s: no reminders until 'paidup dispute resolve %s'\n",
						d.Number, d.OpenedOn.Format(ledger.DateLayout), d.Number)
					return nil
				case "resolve":
					if err := st.ResolveDispute(ctx, args[1], note); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "the dispute of invoice %s is resolved: it is reminded again when due\n", args[1])
					return nil
				}
				ds, err := st.Disputes(ctx, !all)
				if err != nil {
					return err
				}
				tw := textwidth.NewTabWriter(e.stdout, 2, false)
				fmt.Fprintln(tw, "INVOICE\tCUSTOMER\tOPENED\tRESOLVED\tREASON")
				for _, d := range ds {
					resolved := ""
					if !d.Open() {
						resolved = d.ResolvedOn.Format(ledger.DateLayout)
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.Number, d.CustomerCode, d.OpenedOn.Format(ledger.DateLayout), resolved, oneLine(d.Reason))
				}
				return tw.Flush()
			}
		},
	}
}
