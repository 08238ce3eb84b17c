package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"slices"
	"time"

	"paidup/app"
	"paidup/ledger"
)

func migrateCommand() command {
	return command{
		name: "migrate", args: "sqlite-to-postgres FILE postgres://USER@HOST/DBNAME | csv --from xero|quickbooks|invoiceninja FILE… [--dry-run] [--paid-on DATE] [--month-first] [--encoding NAME] | gnucash FILE [--dry-run] [--as-of DATE]",
		summary: "move a ledger file whole into an empty PostgreSQL database (an office ledger), and prove the copy; or move in from Xero's, QuickBooks' or Invoice Ninja's exports or a GnuCash book",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var from, enc string
			var dryRun, monthFirst bool
			var paidOn, asOf time.Time
			fs.StringVar(&from, "from", "", "csv: the system the files come from: xero, quickbooks or invoiceninja")
			fs.StringVar(&enc, "encoding", "", "csv: the files' encoding when it is not UTF-8, converted as read: `NAME` such as windows-1252")
			fs.BoolVar(&dryRun, "dry-run", false, "csv, gnucash: check and report, write nothing")
			fs.BoolVar(&monthFirst, "month-first", false, "csv: the files' dates are MM/DD/YYYY (default DD/MM/YYYY, or YYYY-MM-DD)")
			fs.Var(dateValue{&asOf}, "as-of", "gnucash: move in the book as it stood at the end of this day, `YYYY-MM-DD` (default today)")
			fs.Var(dateValue{&paidOn}, "paid-on", "csv: the date of the payments that settle what was paid there, `YYYY-MM-DD` (default today)")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 && args[0] == "csv" {
					return migrateCSV(ctx, e, from, enc, args[1:], paidOn, monthFirst, dryRun)
				}
				if len(args) > 0 && args[0] == "gnucash" {
					return migrateGnuCash(ctx, e, args[1:], asOf, dryRun)
				}
				if len(args) == 0 || args[0] != "sqlite-to-postgres" {
					return usagef("migrate needs what to move: migrate sqlite-to-postgres FILE postgres://…, migrate csv --from xero|quickbooks|invoiceninja FILE… or migrate gnucash FILE")
				}
				if len(args) != 3 {
					return usagef("migrate sqlite-to-postgres needs the ledger FILE and the database's postgres:// address")
				}
				rep, err := app.MoveToPostgres(ctx, args[1], args[2], func(table string, rows int64) {
					e.progress("copying %s: %d rows", table, rows)
				})
				e.progressDone()
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "moved %s to %s\n", rep.From, rep.To)
				for _, t := range slices.Sorted(maps.Keys(rep.Counts)) {
					if rep.Counts[t] > 0 {
						fmt.Fprintf(e.stdout, "  %-20s %d rows\n", t, rep.Counts[t])
					}
				}
				for _, c := range slices.Sorted(maps.Keys(rep.Receivable)) {
					fmt.Fprintf(e.stdout, "  %s: 1100 receivable %s, 2100 credits %s on both\n", c,
						ledger.NewMoney(rep.Receivable[c], c), ledger.NewMoney(rep.Credits[c], c))
				}
				fmt.Fprintf(e.stdout, "verified: the same rows in every table, the same control accounts, check clean on both\n")
				fmt.Fprintf(e.stdout, "open it from every desk with: paidup --db '%s'\n", rep.To)
				return nil
			}
		},
	}
}

// migrateCSV moves another system's CSV exports in and reports what came:
// counts, what is open per currency there and here, what was left out.
func migrateCSV(ctx context.Context, e *env, from, enc string, files []string, paidOn time.Time, monthFirst, dryRun bool) error {
	need := map[string]string{
		"xero":         "Xero's invoices export (and its contacts export, if you like)",
		"quickbooks":   "QuickBooks' transaction list (the report Transaction List by Customer, with Open Balance; its customer list and the report Sales by Customer Detail, if you like)",
		"invoiceninja": "Invoice Ninja's invoices export (and its clients, payments and credits exports, if you like)",
	}
	if need[from] == "" {
		return usagef("migrate csv needs --from xero, quickbooks or invoiceninja")
	}
	if len(files) == 0 {
		return usagef("migrate csv --from %s needs %s", from, need[from])
	}
	a, err := e.create(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	var rep *app.MigrationReport
	switch from {
	case "xero":
		rep, err = a.MigrateXero(ctx, files, enc, paidOn, monthFirst, dryRun)
	case "quickbooks":
		rep, err = a.MigrateQuickBooks(ctx, files, enc, paidOn, monthFirst, dryRun)
	case "invoiceninja":
		rep, err = a.MigrateInvoiceNinja(ctx, files, enc, paidOn, monthFirst, dryRun)
	}
	var probs app.MigrationProblems
	if errors.As(err, &probs) {
		for _, p := range probs {
			fmt.Fprintln(e.stderr, p)
		}
		return fmt.Errorf("nothing was moved in: %d problem(s) in the files", len(probs))
	}
	if err != nil {
		return err
	}
	for _, l := range rep.Lines() {
		fmt.Fprintln(e.stdout, l)
	}
	return nil
}
