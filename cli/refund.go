package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"paidup/app"
	"paidup/reports"
)

func refundCommand() command {
	return command{
		name: "refund", args: "CODE AMOUNT [--from CREDIT]… [--date DATE] [--reference TEXT]",
		summary: "pay money back to a customer out of their unapplied credit (overpayments, credit notes)",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var date time.Time
			var reference, format string
			var from listFlags
			fs.Var(&from, "from", "a `PAYMENT_OR_CREDIT_NOTE` to pay out (repeat; default: the customer's credits, oldest first)")
			fs.Var(dateValue{&date}, "date", "`YYYY-MM-DD` the money leaves (default today)")
			fs.StringVar(&reference, "reference", "", "the refund's reference, e.g. the customer's request")
			fs.StringVar(&format, "format", "table", "table or json")
			return func(ctx context.Context, args []string) error {
				if len(args) != 2 {
					return usagef("refund needs a customer CODE and an AMOUNT")
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
				doc, err := a.Refund(ctx, app.RefundRequest{CustomerCode: args[0], Amount: args[1], Date: date, Reference: reference, From: from})
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
				fmt.Fprintf(e.stdout, "refund %s of %s to %s on %s, out of their credit\n", doc.Number, doc.Total, doc.CustomerCode, day(doc.Date))
				return nil
			}
		},
	}
}
