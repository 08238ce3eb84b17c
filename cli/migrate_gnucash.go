package cli

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"paidup/app"
	"paidup/ledger"
)

// migrateGnuCash moves a GnuCash book in (SQLite or XML, told apart by
// its bytes) and reports what came: counts, what is open per currency
// there and here, and what was left out and why.
func migrateGnuCash(ctx context.Context, e *env, args []string, asOf time.Time, dryRun bool) error {
	if len(args) != 1 {
		return usagef("migrate gnucash needs the book: migrate gnucash FILE.gnucash [--dry-run] [--as-of YYYY-MM-DD]")
	}
	a, err := e.create(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := a.MigrateGnuCash(ctx, args[0], asOf, dryRun)
	var probs app.MigrationProblems
	if errors.As(err, &probs) {
		for _, p := range probs {
			fmt.Fprintln(e.stderr, p)
		}
		return fmt.Errorf("nothing was moved in: %d problem(s) in the book", len(probs))
	}
	if err != nil {
		return err
	}
	r := rep.Result
	verb := "moved in"
	if r.DryRun {
		verb = "would move in (dry run, nothing written)"
	}
	fmt.Fprintf(e.stdout, "%s from %s: %d customers, %d invoices, %d credit notes, %d payments, %d credits set against invoices later\n",
		verb, rep.From, r.Customers, r.Invoices, r.Credits, r.Payments, r.Applications)
	for _, c := range slices.Sorted(maps.Keys(rep.Before)) {
		fmt.Fprintf(e.stdout, "  %s open: %s in GnuCash, %s here\n", c, ledger.NewMoney(rep.Before[c], c), ledger.NewMoney(r.Open[c], c))
	}
	for _, s := range rep.Skipped {
		fmt.Fprintf(e.stdout, "  left out: %s\n", s)
	}
	return nil
}
