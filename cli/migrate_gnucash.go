package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"paidup/app"
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
	for _, l := range rep.Lines() {
		fmt.Fprintln(e.stdout, l)
	}
	return nil
}
