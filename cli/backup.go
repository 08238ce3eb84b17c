package cli

import (
	"context"
	"flag"
	"fmt"
)

func backupCommand() command {
	return command{
		name: "backup", args: "FILE | --auto", summary: "write a verified copy of the ledger while it stays in use; --auto: into backup.dir, dated, then rotate there",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			auto := fs.Bool("auto", false, "back up into the folder backup.dir (default beside the ledger) under a dated name, verify it, "+
				"and keep the newest of each of the last 7 days, 5 weeks and 12 months (for cron)")
			return func(ctx context.Context, args []string) error {
				if *auto {
					if len(args) != 0 {
						return usagef("backup --auto takes no FILE: it writes into backup.dir")
					}
					return autoBackup(ctx, e)
				}
				if len(args) != 1 {
					return usagef("backup needs one FILE to write, or --auto")
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

// autoBackup is backup --auto: a dated, verified backup into backup.dir
// and the folder rotated.
func autoBackup(ctx context.Context, e *env) error {
	st, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.AutoBackup(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s (verified)\n", st.Path(), res.Path)
	for _, r := range res.Removed {
		fmt.Fprintf(e.stdout, "  removed %s (rotation: 7 daily, 5 weekly, 12 monthly kept)\n", r)
	}
	return nil
}
