package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"paidup/app"
	"paidup/ledger"
	"paidup/reports"
)

// listFlags collects a repeated flag.
type listFlags []string

func (l *listFlags) String() string     { return fmt.Sprint(*l) }
func (l *listFlags) Set(s string) error { *l = append(*l, s); return nil }

func paymentCommand() command {
	return command{
		name: "payment", args: "record CUSTOMER_CODE AMOUNT [--date DATE] [--reference REF] [--to NUMBER[=AMOUNT]]… [--keep-unapplied] | apply-credits CUSTOMER_CODE [--date DATE]",
		summary: "record a payment received, settling the oldest open invoices first or those named; or apply a customer's unapplied credits",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var (
				date                      time.Time
				reference, number, format string
				to                        listFlags
				keep                      bool
			)
			fs.Var(dateValue{&date}, "date", "the day the money arrived, `YYYY-MM-DD` (default today)")
			fs.StringVar(&reference, "reference", "", "the bank's or the customer's reference")
			fs.StringVar(&number, "number", "", "the payment's number (default: the next in the payment series)")
			fs.Var(&to, "to", "settle invoice `NUMBER[=AMOUNT]` (repeat for several; without an amount, what it has open)")
			fs.BoolVar(&keep, "keep-unapplied", false, "settle nothing now: keep it all as the customer's credit")
			fs.StringVar(&format, "format", "table", "table or json")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 && args[0] == "apply-credits" {
					if len(args) != 2 {
						return usagef("payment apply-credits needs CUSTOMER_CODE")
					}
					if len(to) > 0 || keep || reference != "" || number != "" {
						return usagef("payment apply-credits takes only --date and --format")
					}
					f, err := app.ParseFormat(format, app.FormatTable, app.FormatJSON)
					if err != nil {
						return usagef("--format must be table or json")
					}
					return applyCredits(ctx, e, f, args[1], date)
				}
				if len(args) == 0 || args[0] != "record" {
					return usagef("payment needs an action: payment record CUSTOMER_CODE AMOUNT, or payment apply-credits CUSTOMER_CODE")
				}
				if len(args) != 3 {
					return usagef("payment record needs CUSTOMER_CODE and AMOUNT")
				}
				f, err := app.ParseFormat(format, app.FormatTable, app.FormatJSON)
				if err != nil {
					return usagef("--format must be table or json")
				}
				if keep && len(to) > 0 {
					return usagef("--keep-unapplied and --to contradict each other")
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				c, err := a.CustomerByCode(ctx, args[1])
				if err != nil {
					return err
				}
				req := app.PaymentRequest{CustomerCode: c.Code, Date: date, Reference: reference, Number: number, KeepUnapplied: keep}
				if req.Amount, err = app.ParseAmount(args[2], c.Currency, "payment"); err != nil {
					return err
				}
				for _, t := range to {
					n, amt, err := app.ParseAllocation(t, c.Currency)
					if err != nil {
						return err
					}
					req.To = append(req.To, app.Allocation{InvoiceNumber: n, Amount: amt})
				}
				doc, err := a.ReceivePayment(ctx, req)
				if err != nil {
					return err
				}
				return printCredit(ctx, e, a, f, doc, fmt.Sprintf("recorded payment %s from %s: %s on %s", doc.Number, doc.CustomerCode, doc.Total, day(doc.Date)))
			}
		},
	}
}

// applyCredits applies a customer's unapplied payments and credit notes
// to their open invoices, oldest first, and says what each applied.
func applyCredits(ctx context.Context, e *env, f app.Format, code string, date time.Time) error {
	a, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	if date.IsZero() {
		date = a.Today()
	}
	applied, err := a.ApplyCredits(ctx, code, date)
	if err != nil {
		return err
	}
	if f == app.FormatJSON {
		out := make([]creditAppliedJSON, 0, len(applied))
		for _, c := range applied {
			out = append(out, creditAppliedJSON{Kind: string(c.Kind), Number: c.Number, Currency: c.Applied.Currency, Applied: c.Applied.Plain(), Date: day(date)})
		}
		return reports.WriteJSON(e.stdout, out)
	}
	if len(applied) == 0 {
		fmt.Fprintf(e.stdout, "nothing to apply for %s on %s\n", code, day(date))
	}
	for _, c := range applied {
		fmt.Fprintf(e.stdout, "%s: %s applied on %s\n", c.Number, c.Applied, day(date))
	}
	return nil
}

// printCredit says what a payment or credit note posted: the invoices it
// settles and what stays as the customer's credit, or all of it as JSON.
func printCredit(ctx context.Context, e *env, a *app.App, f app.Format, doc ledger.Document, headline string) error {
	allocs, err := a.Allocations(ctx, doc.ID)
	if err != nil {
		return err
	}
	if f == app.FormatJSON {
		return reports.WriteJSON(e.stdout, toDocumentJSON(doc, allocs))
	}
	fmt.Fprintln(e.stdout, headline)
	for _, al := range allocs {
		fmt.Fprintf(e.stdout, "  settles %s: %s\n", al.InvoiceNumber, al.Amount)
	}
	if doc.Open.IsPositive() {
		fmt.Fprintf(e.stdout, "  kept as the customer's credit: %s\n", doc.Open)
	}
	return nil
}
