package main

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"time"

	"paidup/ledger"
)

func checkCommand() command {
	return command{
		name: "check", summary: "verify the file and the ledger's invariants; exit 1 if anything is wrong",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return usagef("check takes no arguments")
				}
				st, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				rep, err := st.Check(ctx)
				if err != nil {
					return err
				}
				if !rep.OK() {
					for _, p := range rep.Problems {
						fmt.Fprintf(e.stderr, "problem: %s\n", p)
					}
					fmt.Fprintf(e.stderr, "paidup check: %s: %d problem(s)\n", st.Path(), len(rep.Problems))
					return silentError{}
				}
				fmt.Fprintf(e.stdout, "ok: %s: %d documents, %d journal entries; integrity ok; every entry balances\n", st.Path(), rep.Documents, rep.Entries)
				var curs []string
				for c := range rep.Receivable {
					curs = append(curs, c)
				}
				sort.Strings(curs)
				for _, c := range curs {
					fmt.Fprintf(e.stdout, "  %s: 1100 receivable %s = open invoices; 2100 credits %s = unapplied credits\n",
						c, ledger.NewMoney(rep.Receivable[c], c), ledger.NewMoney(rep.Credits[c], c))
				}
				return nil
			}
		},
	}
}

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
				safety := st.Path() + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z") + ".db"
				if err := st.Restore(ctx, args[0], safety); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "restored %s from %s; the ledger as it was is in %s\n", st.Path(), args[0], safety)
				return nil
			}
		},
	}
}

func versionCommand() command {
	return command{
		name: "version", summary: "print the version",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(ctx context.Context, args []string) error {
				fmt.Fprintf(e.stdout, "paidup %s (ledger schema %d)\n", Version, ledger.SchemaVersion())
				return nil
			}
		},
	}
}
