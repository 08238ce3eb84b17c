package cli

import (
	"context"
	"flag"
	"io"
	"time"

	"paidup/app"
)

func dossierCommand() command {
	return command{
		name: "dossier", args: "CODE [-o FILE] [--as-of DATE]",
		summary: "write a customer's collections dossier (PDF) for an agency or a lawyer: open items, aging, risk, promises and the whole history",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var out string
			var asOf time.Time
			fs.StringVar(&out, "o", "", "write to `FILE` (default \"Dossier CODE DATE.pdf\"; - for standard output)")
			fs.Var(dateValue{&asOf}, "as-of", "as of `YYYY-MM-DD` (default today)")
			return func(ctx context.Context, args []string) error {
				if len(args) != 1 {
					return usagef("dossier needs one customer CODE")
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				if asOf.IsZero() {
					asOf = a.Today()
				}
				if _, err := a.CustomerByCode(ctx, args[0]); err != nil {
					return err
				}
				if out == "" {
					out = app.DossierFileName(args[0], asOf)
				}
				return e.write(out, func(w io.Writer) error { return a.DossierPDF(ctx, w, args[0], asOf) })
			}
		},
	}
}
