package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"paidup/app"
	"paidup/ledger"
)

func agingCommand() command {
	return command{
		name: "aging", args: "[--as-of DATE] [--basis due|issue] [--detail] [--format table|csv|xlsx|pdf|json] [-o FILE] [--home]",
		summary: "aged receivables as of any date, reproducible later",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var req app.AgingRequest
			var basis, format, out string
			var printSQL, home bool
			fs.Var(dateValue{&req.AsOf}, "as-of", "age as at the end of `YYYY-MM-DD` (default today)")
			fs.StringVar(&basis, "basis", "due", "count days from the due date (due) or the issue date (issue)")
			fs.BoolVar(&req.Detail, "detail", false, "one row per open document instead of one per customer")
			fs.StringVar(&format, "format", "table", "table, csv, xlsx, pdf or json")
			fs.StringVar(&out, "o", "", "write to `FILE` (default: stdout for table, csv and json, aging-DATE.xlsx/.pdf otherwise)")
			fs.StringVar(&req.EdgesText, "edges", "", "bucket edges in days (default 30,60,90, or the ledger's aging.edges setting)")
			fs.StringVar(&req.Customer, "customer", "", "only this customer `CODE`")
			fs.BoolVar(&home, "home", false, "also the totals in the home currency (business.currency), each currency at its rate on the as-of date (paidup rates); with --format xlsx a sheet of them")
			fs.BoolVar(&printSQL, "print-sql", false, "print the summary's SQL for the sqlite3 shell and exit (benchmarks compare the two)")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return usagef("aging takes no arguments, got %q", args[0])
				}
				if printSQL {
					if req.AsOf.IsZero() {
						req.AsOf = ledger.Today()
					}
					q := strings.NewReplacer("?1", "'"+req.AsOf.Format(ledger.DateLayout)+"'", "?2", "0").Replace(ledger.AgingSQL(req.AgingOptions))
					_, err := fmt.Fprintln(e.stdout, q+";")
					return err
				}
				req.Basis = ledger.Basis(basis)
				if req.Basis != ledger.BasisDue && req.Basis != ledger.BasisIssue {
					return usagef("--basis must be due or issue")
				}
				f, err := app.ParseFormat(format, app.AgingFormats...)
				if err != nil {
					return usagef("--format must be table, csv, xlsx, pdf or json")
				}
				req.Format = f
				if home && f != app.FormatTable && f != app.FormatXLSX {
					return usagef("--home goes with the table and the workbook (a sheet in the home currency) so far")
				}
				req.Home = home && f == app.FormatXLSX
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				ag, err := a.PrepareAging(ctx, &req)
				if err != nil {
					return err
				}
				if out == "" && f.Binary() {
					out = app.AgingFileName(ag, f)
				}
				if home && f == app.FormatTable {
					h, err := a.HomeAging(ctx, ag)
					if err != nil {
						return err
					}
					if err := e.write(out, func(w io.Writer) error { return a.WriteAging(ctx, w, ag, req) }); err != nil {
						return err
					}
					return printHomeAging(e, h)
				}
				return e.write(out, func(w io.Writer) error { return a.WriteAging(ctx, w, ag, req) })
			}
		},
	}
}

// printHomeAging prints the aging's totals in the home currency and the
// rates they were worked out at.
func printHomeAging(e *env, h *app.HomeAging) error {
	fmt.Fprintf(e.stdout, "\nIn %s (home currency):\n", h.Home)
	for i, l := range h.Labels {
		fmt.Fprintf(e.stdout, "  %-10s %s\n", l, h.Buckets[i])
	}
	fmt.Fprintf(e.stdout, "  %-10s %s\n  %-10s %s\n", "credits", h.Credits, "total", h.Total)
	for _, r := range h.Rates {
		fmt.Fprintf(e.stdout, "  1 %s = %s %s (rate of %s)\n", r.Currency, r, h.Home, day(r.Date))
	}
	return nil
}
