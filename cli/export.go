package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"paidup/app"
)

func exportCommand() command {
	return command{
		name: "export", args: "journal [--from DATE] [--to DATE] [--home] [-o FILE]",
		summary: "the accountant's export: every posting of a period, once, as a general-journal CSV (debit, credit, account, document, customer)",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var from, to time.Time
			var out string
			var home bool
			fs.BoolVar(&home, "home", false, "add each posting in the home currency (business.currency) at the rate of its date (paidup rates)")
			fs.Var(dateValue{&from}, "from", "first day, `YYYY-MM-DD` (default the first of this year)")
			fs.Var(dateValue{&to}, "to", "last day, `YYYY-MM-DD` (default today)")
			fs.StringVar(&out, "o", "", "write to `FILE` (default \"Journal FROM to TO.csv\"; - for standard output)")
			return func(ctx context.Context, args []string) error {
				if len(args) != 1 {
					return usagef("export needs a format: journal")
				}
				if args[0] != "journal" {
					return usagef("export %q: journal is the format there is so far (iif, xero and datev are not written yet)", args[0])
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				today := a.Today()
				if to.IsZero() {
					to = today
				}
				if from.IsZero() {
					from = time.Date(to.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
				}
				if out == "" {
					out = app.JournalFileName(from, to)
				}
				var n int
				err = e.write(out, func(w io.Writer) error {
					var err error
					n, err = a.ExportJournal(ctx, w, from, to, home)
					return err
				})
				if err != nil {
					return err
				}
				if out != "-" {
					fmt.Fprintf(e.stdout, "%d postings from %s to %s\n", n, day(from), day(to))
				}
				return nil
			}
		},
	}
}
