package cli

import (
	"context"
	"flag"
	"fmt"
)

func restoreCommand() command {
	return command{
		name: "restore", args: "FILE", summary: "replace the ledger's contents with a verified backup (the current ledger is kept beside it)",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(ctx context.Context, args []string) error {
				if len(args) != 1 {
					return usagef("restore needs the backup FILE")
				}
				st, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				safety, err := st.RestoreFrom(ctx, args[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "restored %s from %s; the ledger as it was is in %s\n", st.Path(), args[0], safety)
				return nil
			}
		},
	}
}
