package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"paidup/app"
	"paidup/ledger"
)

func exportCommand() command {
	return command{
		name: "export", args: "journal|iif|xero|datev [--from DATE] [--to DATE] [--currency CUR] [--home] [-o FILE]",
		summary: "the accountant's exports of a period: a general-journal CSV, QuickBooks Desktop IIF, Xero's import CSVs, DATEV's Buchungsstapel",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var from, to time.Time
			var out, currency string
			var home bool
			fs.BoolVar(&home, "home", false, "journal: add each posting in the home currency (business.currency) at the rate of its date (paidup rates)")
			fs.Var(dateValue{&from}, "from", "first day, `YYYY-MM-DD` (default the first of this year)")
			fs.Var(dateValue{&to}, "to", "last day, `YYYY-MM-DD` (default today)")
			fs.StringVar(&currency, "currency", "", "only the postings in this `CURRENCY` (IIF holds one currency a file)")
			fs.StringVar(&out, "o", "", "write to `FILE` (default \"Journal|IIF|Xero invoices|DATEV FROM to TO.EXT\"; - for standard output; xero also writes FILE's name with \" payments\")")
			return func(ctx context.Context, args []string) error {
				if len(args) != 1 {
					return usagef("export needs a format: journal, iif, xero or datev")
				}
				format := args[0]
				switch format {
				case "journal", "iif", "xero", "datev":
				default:
					return usagef("export %q: the formats are journal, iif, xero and datev", format)
				}
				if home && format != "journal" {
					return usagef("--home is for export journal (DATEV gives foreign amounts in the home currency by itself)")
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
				p := ledger.ExportPeriod{From: from, To: to, Currency: strings.ToUpper(currency)}
				switch format {
				case "journal":
					if out == "" {
						out = app.JournalFileName(from, to)
					}
					if p.Currency != "" {
						return usagef("--currency is for iif, xero and datev; the journal has a currency column")
					}
					var n int
					err = e.write(out, func(w io.Writer) error {
						var err error
						n, err = a.ExportJournal(ctx, w, from, to, home)
						return err
					})
					if err == nil && out != "-" {
						fmt.Fprintf(e.stdout, "%d postings from %s to %s\n", n, day(from), day(to))
					}
					return err
				case "iif", "datev":
					label, ext, run := "IIF", ".iif", a.ExportIIF
					if format == "datev" {
						label, ext, run = "DATEV", ".csv", a.ExportDATEV
					}
					if out == "" {
						out = app.ExportFileName(label, ext, from, to)
					}
					var c app.ExportCounts
					err = e.write(out, func(w io.Writer) error {
						var err error
						c, err = run(ctx, w, p)
						return err
					})
					if err == nil && out != "-" {
						if format == "iif" {
							fmt.Fprintf(e.stdout, "%d transactions, %d postings from %s to %s\n", c.Entries, c.Postings, day(from), day(to))
						} else {
							fmt.Fprintf(e.stdout, "%d bookings of %d postings from %s to %s\n", c.Rows, c.Postings, day(from), day(to))
						}
					}
					return err
				}
				// xero: two files, the invoices and the payments.
				if out == "" {
					out = app.ExportFileName("Xero invoices", ".csv", from, to)
				}
				if out == "-" {
					return usagef("export xero writes two files (invoices and payments): name one with -o FILE")
				}
				ext := filepath.Ext(out)
				payOut := strings.TrimSuffix(out, ext) + " payments" + ext
				if strings.HasPrefix(filepath.Base(out), "Xero invoices ") {
					payOut = filepath.Join(filepath.Dir(out), "Xero payments "+strings.TrimPrefix(filepath.Base(out), "Xero invoices "))
				}
				var c app.ExportCounts
				err = e.write(out, func(inv io.Writer) error {
					return e.write(payOut, func(pay io.Writer) error {
						var err error
						c, err = a.ExportXero(ctx, inv, pay, p)
						return err
					})
				})
				if err == nil {
					fmt.Fprintf(e.stdout, "%d documents (%d rows) and %d payments from %s to %s\n", c.Entries, c.Rows, c.Payments, day(from), day(to))
				}
				return err
			}
		},
	}
}
