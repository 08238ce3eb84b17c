package cli

import (
	"context"
	"flag"
	"fmt"
	"os"

	"paidup/ledger"
)

func restoreCommand() command {
	return command{
		name: "restore", args: "FILE", summary: "replace the ledger's contents with a verified backup (the current ledger is kept beside it)",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(ctx context.Context, args []string) error {
				if len(args) != 1 {
					return usagef("restore needs the backup FILE")
				}
				// Restoring onto a new computer: no ledger at the path yet is
				// the explicit choice to make one from the backup.
				st, err := e.open(ctx)
				created := false
				if ledger.ErrorCode(err) == ledger.ENOTFOUND {
					st, err = e.create(ctx)
					created = true
				}
				if err != nil {
					return err
				}
				defer st.Close()
				safety, err := st.RestoreFrom(ctx, args[0])
				if err != nil {
					return err
				}
				if created {
					os.Remove(safety) // the copy of the empty ledger made a moment ago
					fmt.Fprintf(e.stdout, "restored %s from %s into a new ledger\n", st.Path(), args[0])
					return nil
				}
				fmt.Fprintf(e.stdout, "restored %s from %s; the ledger as it was is in %s\n", st.Path(), args[0], safety)
				return nil
			}
		},
	}
}
