package cli

import (
	"context"
	"flag"
	"fmt"
)

func backupCommand() command {
	return command{
		name: "backup", args: "FILE", summary: "write a verified copy of the ledger while it stays in use",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(ctx context.Context, args []string) error {
				if len(args) != 1 {
					return usagef("backup needs one FILE to write")
				}
				st, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				if err := st.Backup(ctx, args[0]); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "backed up %s to %s (verified)\n", st.Path(), args[0])
				return nil
			}
		},
	}
}
