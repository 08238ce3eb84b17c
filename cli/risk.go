package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"paidup/app"
	"paidup/reports"
)

func riskCommand() command {
	return command{
		name: "risk", args: "[--as-of DATE] [--format json]",
		summary: "score each customer 0-100 on how likely they are to pay late, from their own history, with the three reasons that weigh most",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var asOf time.Time
			var format string
			fs.Var(dateValue{&asOf}, "as-of", "score as of `YYYY-MM-DD` (default today)")
			fs.StringVar(&format, "format", "table", "table or json")
			return func(ctx context.Context, args []string) error {
				if len(args) != 0 {
					return usagef("risk takes no arguments")
				}
				f, err := app.ParseFormat(format, app.FormatTable, app.FormatJSON)
				if err != nil {
					return usagef("--format must be table or json")
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				if asOf.IsZero() {
					asOf = a.Today()
				}
				risks, err := a.Risks(ctx, asOf)
				if err != nil {
					return err
				}
				if f == app.FormatJSON {
					out := make([]riskJSON, 0, len(risks))
					for _, r := range risks {
						out = append(out, riskJSON{Customer: r.CustomerCode, Name: r.CustomerName, Score: r.Score, Segment: r.Segment,
							Reasons: r.Reasons, Invoices: r.Invoices})
					}
					return reports.WriteJSON(e.stdout, out)
				}
				tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "CUSTOMER\tSCORE\tSEGMENT\tREASONS")
				for _, r := range risks {
					fmt.Fprintf(tw, "%s %s\t%d\t%s\t%s\n", r.CustomerCode, r.CustomerName, r.Score, r.Segment, strings.Join(r.Reasons, "; "))
				}
				return tw.Flush()
			}
		},
	}
}

// riskJSON is one customer's score for scripts: customer_code, score
// (0-100, higher is riskier), segment and reasons are a contract.
type riskJSON struct {
	Customer string   `json:"customer_code"`
	Name     string   `json:"customer_name"`
	Score    int      `json:"score"`
	Segment  string   `json:"segment"`
	Reasons  []string `json:"reasons"`
	Invoices int      `json:"invoices_due"`
}
