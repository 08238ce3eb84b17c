package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"paidup/app"
	"paidup/reports"
)

func writeOffCommand() command {
	return command{
		name: "write-off", args: "INVOICE_NUMBER [AMOUNT] --reason TEXT [--date DATE]",
		summary: "give up what an invoice has open (or AMOUNT of it) as a bad debt",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var date time.Time
			var reason, format string
			fs.StringVar(&reason, "reason", "", "why, e.g. \"customer insolvent\" (required)")
			fs.Var(dateValue{&date}, "date", "`YYYY-MM-DD` (default today)")
			fs.StringVar(&format, "format", "table", "table or json")
			return func(ctx context.Context, args []string) error {
				if len(args) < 1 || len(args) > 2 {
					return usagef("write-off needs an INVOICE_NUMBER and, for part of it, an AMOUNT")
				}
				if strings.TrimSpace(reason) == "" {
					return usagef("write-off needs --reason: a bad debt is written off for a reason the books keep")
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
				req := app.WriteOffRequest{Invoice: args[0], Date: date, Reason: reason}
				if len(args) == 2 {
					inv, err := a.Document(ctx, args[0])
					if err != nil {
						return err
					}
					m, err := app.ParseAmount(args[1], inv.Total.Currency, "amount written off")
					if err != nil {
						return err
					}
					req.Amount = &m
				}
				doc, err := a.WriteOffInvoice(ctx, req)
				if err != nil {
					return err
				}
				if f == app.FormatJSON {
					allocs, err := a.Allocations(ctx, doc.ID)
					if err != nil {
						return err
					}
					return reports.WriteJSON(e.stdout, toDocumentJSON(doc, allocs))
				}
				fmt.Fprintf(e.stdout, "wrote off %s of %s as %s on %s\n", doc.Total, args[0], doc.Number, day(doc.Date))
				return nil
			}
		},
	}
}
