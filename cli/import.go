package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"

	"paidup/app"
	"paidup/ledger"
)

func importCommand() command {
	return command{
		name: "import", args: "customers|invoices|payments FILE.csv [--dry-run] [--skip-bad] [--encoding NAME] [--new-payments]",
		summary: "import a CSV file in one transaction: all of it, or nothing",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var o ledger.ImportOptions
			fs.BoolVar(&o.DryRun, "dry-run", false, "check the file and say what would be imported; change nothing")
			fs.BoolVar(&o.SkipBad, "skip-bad", false, "import the good rows and list the bad ones (default: refuse the file)")
			fs.StringVar(&o.Encoding, "encoding", "", "the file's encoding when it is not UTF-8, converted as read: `NAME` such as windows-1252, ISO-8859-1, UTF-16LE, UTF-16BE")
			fs.BoolVar(&o.NewPayments, "new-payments", false, "payments: rows without a reference that match a payment imported before from this very file are new payments (default: refused as the file imported twice)")
			return func(ctx context.Context, args []string) error {
				if len(args) != 2 {
					return usagef("import needs a kind (customers, invoices or payments) and a FILE")
				}
				kind, path := args[0], args[1]
				st, err := e.create(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				var fn func(context.Context, *os.File, string, ledger.ImportOptions) (*ledger.ImportResult, error)
				switch kind {
				case "customers":
					fn = func(ctx context.Context, f *os.File, n string, o ledger.ImportOptions) (*ledger.ImportResult, error) {
						return st.ImportCustomers(ctx, f, n, o)
					}
				case "invoices":
					fn = func(ctx context.Context, f *os.File, n string, o ledger.ImportOptions) (*ledger.ImportResult, error) {
						return st.ImportInvoices(ctx, f, n, o)
					}
				case "payments":
					fn = func(ctx context.Context, f *os.File, n string, o ledger.ImportOptions) (*ledger.ImportResult, error) {
						return st.ImportPayments(ctx, f, n, o)
					}
				default:
					return usagef("unknown kind %q: use customers, invoices or payments", kind)
				}
				f, err := os.Open(path)
				if err != nil {
					return err
				}
				defer f.Close()
				o.Progress = func(n int) { e.progress("import: %d rows", n) }
				res, err := fn(ctx, f, path, o)
				e.progressDone()
				switch {
				case errors.Is(err, ledger.ErrImportRefused):
					printProblems(e, res)
					fmt.Fprintf(e.stderr, "paidup import: %s refused: %d problem(s) shown above; nothing was imported. Fix them, or use --skip-bad.\n", path, len(res.Problems))
					return silentError{}
				case err != nil:
					// The summary is of what was committed: after a failed
					// commit (a full disk, a lock held too long) there is
					// none to print.
					return fmt.Errorf("nothing was imported: %w", err)
				}
				printImport(e, kind, res)
				printAutoBackup(e, st)
				return nil
			}
		},
	}
}

// printAutoBackup says where the automatic backup after a change went, or
// warns that it failed (the change itself stands).
func printAutoBackup(e *env, st *app.App) {
	res, err := st.LastAutoBackup()
	switch {
	case err != nil:
		fmt.Fprintf(e.stderr, "paidup: warning: %v\n", err)
	case res != nil:
		fmt.Fprintf(e.stdout, "backed up to %s\n", res.Path)
	}
}

// printProblems lists why a file was refused.
func printProblems(e *env, res *ledger.ImportResult) {
	if res == nil {
		return
	}
	for _, p := range res.Problems {
		fmt.Fprintln(e.stderr, p)
	}
	if len(res.Problems) >= 50 {
		fmt.Fprintln(e.stderr, "(stopped after 50 problems)")
	}
}

// printImport tells what an import did; it is called only once the
// import's transaction has committed (or, in a dry run, would have).
func printImport(e *env, kind string, res *ledger.ImportResult) {
	verb := "imported"
	if res.DryRun {
		verb = "would import"
	}
	what := fmt.Sprintf("%d %s", res.Imported, kind)
	if kind == "invoices" {
		what += fmt.Sprintf(" (%d lines)", res.Lines)
	}
	fmt.Fprintf(e.stdout, "%s %s from %s (%d rows read)\n", verb, what, res.File, res.Rows)
	for _, cur := range sortedKeys(res.Totals) {
		line := fmt.Sprintf("  %s", ledger.NewMoney(res.Totals[cur], cur))
		if c := res.Credits[cur]; c != 0 {
			line += fmt.Sprintf(", of which %s kept as unapplied credit", ledger.NewMoney(c, cur))
		}
		fmt.Fprintln(e.stdout, line)
	}
	for _, n := range res.Notices {
		fmt.Fprintf(e.stdout, "note: %s\n", n)
	}
	if len(res.Skipped) > 0 {
		lines := map[int]bool{}
		for _, p := range res.Skipped {
			lines[p.Line] = true
		}
		fmt.Fprintf(e.stderr, "skipped %d bad row(s):\n", len(lines))
		for _, p := range res.Skipped {
			fmt.Fprintf(e.stderr, "  %s\n", p)
		}
	}
	if res.DryRun {
		fmt.Fprintln(e.stdout, "dry run: nothing was written")
	}
}

func sortedKeys(m map[string]int64) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
