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
		name: "restore", args: "FILE [--dry-run]", summary: "replace the ledger's contents with a verified backup (the current ledger is kept beside it)",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var dryRun bool
			fs.BoolVar(&dryRun, "dry-run", false, "say what restoring would undo (documents and customers made since, voids, payments applied), and restore nothing")
			return func(ctx context.Context, args []string) error {
				if len(args) != 1 {
					return usagef("restore needs the backup FILE")
				}
				if dryRun {
					st, err := e.open(ctx)
					if err != nil {
						return err
					}
					defer st.Close()
					d, err := st.DiffBackup(ctx, args[0])
					if err != nil {
						return err
					}
					fmt.Fprintln(e.stdout, d)
					return nil
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
				var undone string
				if !created {
					// Said after the restore too: what the ledger had that the
					// backup did not is in the safety copy.
					if d, err := st.DiffBackup(ctx, args[0]); err == nil && !d.Empty() {
						undone = "\n" + d.String()
					}
				}
				safety, err := st.RestoreFrom(ctx, args[0])
				if err != nil {
					return err
				}
				if created {
					os.Remove(safety) // the copy of the empty ledger made a moment ago
					fmt.Fprintf(e.stdout, "restored %s from %s into a new ledger\n", st.Path(), args[0])
					return nil
				}
				fmt.Fprintf(e.stdout, "restored %s from %s; the ledger as it was is in %s%s\n", st.Path(), args[0], safety, undone)
				return nil
			}
		},
	}
}
