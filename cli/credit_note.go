package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"paidup/app"
)

func creditNoteCommand() command {
	return command{
		name: "credit-note", args: "CUSTOMER_CODE (AMOUNT [--description TEXT] | --line 'DESC;QTY;PRICE[;TAX%[;DISC%]]'…) [--tax-rate R] [--invoice NUMBER]",
		summary: "issue a credit note; it settles the invoice named, else the oldest open ones, and the rest stays as credit",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var (
				lines                                                   lineFlags
				date                                                    time.Time
				description, taxRate, invoice, reference, notes, format string
				keep                                                    bool
			)
			fs.Var(&lines, "line", "a line `DESC;QTY;PRICE[;TAX%[;DISC%[;VAT_CATEGORY[;UNIT]]]]`, repeated for each line (instead of AMOUNT)")
			var vatReason string
			fs.StringVar(&vatReason, "vat-reason", "", "the exemption `REASON` of lines of VAT category E (e-invoices)")
			fs.StringVar(&description, "description", "", "with AMOUNT: what the credit is for")
			fs.StringVar(&taxRate, "tax-rate", "", "tax rate in `PERCENT` (AMOUNT is the net; lines that give none)")
			fs.StringVar(&invoice, "invoice", "", "the invoice `NUMBER` credited: settled first")
			fs.Var(dateValue{&date}, "date", "`YYYY-MM-DD` (default today)")
			fs.StringVar(&reference, "reference", "", "your reference")
			fs.StringVar(&notes, "notes", "", "notes")
			fs.BoolVar(&keep, "keep-unapplied", false, "settle nothing now: keep it all as the customer's credit")
			fs.StringVar(&format, "format", "table", "table or json")
			return func(ctx context.Context, args []string) error {
				if len(args) == 0 || len(args) > 2 || (len(args) == 2) == (len(lines) > 0) {
					return usagef("credit-note needs CUSTOMER_CODE and either a net AMOUNT or --line")
				}
				f, err := app.ParseFormat(format, app.FormatTable, app.FormatJSON)
				if err != nil {
					return usagef("--format must be table or json")
				}
				if keep && invoice != "" {
					return usagef("--keep-unapplied and --invoice contradict each other")
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				c, err := a.CustomerByCode(ctx, args[0])
				if err != nil {
					return err
				}
				forms := []app.LineForm{{Description: description, Quantity: "1", TaxRate: taxRate}}
				if len(args) == 2 {
					if _, err := app.ParseAmount(args[1], c.Currency, "credit note's net amount"); err != nil {
						return err
					}
					forms[0].UnitPrice = args[1]
				} else if forms, err = lineForms(lines, taxRate, "", vatReason); err != nil {
					return err
				}
				req := app.CreditNoteRequest{CustomerCode: c.Code, Date: date, Reference: reference, Notes: notes,
					Invoice: invoice, KeepUnapplied: keep}
				if req.Lines, err = app.ParseLines(c.Currency, forms); err != nil {
					return err
				}
				doc, err := a.CreditCustomer(ctx, req)
				if err != nil {
					return err
				}
				return printCredit(ctx, e, a, f, doc, fmt.Sprintf("issued credit note %s to %s: %s", doc.Number, doc.CustomerCode, doc.Total))
			}
		},
	}
}
