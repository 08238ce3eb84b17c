package cli

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"slices"

	"paidup/app"
	"paidup/ledger"
)

func migrateCommand() command {
	return command{
		name: "migrate", args: "sqlite-to-postgres FILE postgres://USER@HOST/DBNAME",
		summary: "move a ledger file whole into an empty PostgreSQL database (an office ledger), and prove the copy",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(ctx context.Context, args []string) error {
				if len(args) == 0 || args[0] != "sqlite-to-postgres" {
					return usagef("migrate needs what to move: migrate sqlite-to-postgres FILE postgres://…")
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
