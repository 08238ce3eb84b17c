package cli

import (
	"context"
	"flag"
	"fmt"
	"sort"

	"paidup/ledger"
)

func checkCommand() command {
	return command{
		name: "check", args: "[--quick]", summary: "verify the file and the ledger's invariants; exit 1 if anything is wrong",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			quick := fs.Bool("quick", false, "check the file's pages and the newest 10,000 documents and entries only: seconds, for every day")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return usagef("check takes no arguments")
				}
				st, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				check := st.Check
				if *quick {
					check = st.QuickCheck
				}
				rep, err := check(ctx)
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
				if *quick {
					fmt.Fprintf(e.stdout, "ok (quick): %s: %d documents, %d journal entries; the file's pages ok; the newest %d entries balance and documents agree with their allocations (paidup check proves the rest)\n",
						st.Path(), rep.Documents, rep.Entries, ledger.QuickRecent)
					return nil
				}
				fmt.Fprintf(e.stdout, "ok: %s: %d documents, %d journal entries; integrity ok; every entry balances; lines, entries, dates, amounts and numbering agree\n", st.Path(), rep.Documents, rep.Entries)
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
