package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"paidup/ledger"
)

// voidCommand reverses a posted document: posted documents are never
// edited or deleted, only voided by a dated reversing entry.
func voidCommand() command {
	return command{
		name: "void", args: "NUMBER --reason TEXT [--date DATE]",
		summary: "void an invoice, payment, credit note or write-off with a dated reversal (nothing is deleted)",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var reason string
			var date time.Time
			fs.StringVar(&reason, "reason", "", "why it is voided (required; kept with the document)")
			fs.Var(dateValue{&date}, "date", "the reversal's date (default today)")
			return func(ctx context.Context, args []string) error {
				if len(args) != 1 {
					return usagef("void needs one document NUMBER")
				}
				if strings.TrimSpace(reason) == "" {
					return usagef("void needs --reason TEXT: why the document is voided")
				}
				st, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				if date.IsZero() {
					date = st.Now()
				}
				if err := st.Void(ctx, args[0], date, strings.TrimSpace(reason)); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "%s is void from %s: a reversing entry, nothing deleted\n", args[0], date.Format(ledger.DateLayout))
				return nil
			}
		},
	}
}
