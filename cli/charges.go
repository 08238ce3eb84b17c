package cli

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"paidup/app"
	"paidup/ledger"
	"paidup/reports"
)

// chargeJSON is one invoice's line of paidup charges --format json; the
// amounts are decimal strings in the invoice's currency (a contract).
type chargeJSON struct {
	Invoice             string `json:"invoice"`
	CustomerCode        string `json:"customer_code"`
	Currency            string `json:"currency"`
	DueDate             string `json:"due_date"`
	From                string `json:"from"`
	To                  string `json:"to"`
	Days                int    `json:"days"`
	Interest            string `json:"interest"`
	InterestWorking     string `json:"interest_working"`
	Compensation        string `json:"compensation"`
	CompensationWorking string `json:"compensation_working"`
	Total               string `json:"total"`
	Charge              string `json:"charge"` // the charge document's number once posted, else ""
}

func toChargeJSON(l ledger.ChargeLine) chargeJSON {
	total, _ := l.Interest.Add(l.Compensation)
	return chargeJSON{Invoice: l.Invoice, CustomerCode: l.CustomerCode, Currency: l.Currency, DueDate: day(l.Due),
		From: day(l.From), To: day(l.To), Days: l.Days, Interest: l.Interest.Plain(), InterestWorking: l.InterestWorking(),
		Compensation: l.Compensation.Plain(), CompensationWorking: l.CompWorking, Total: total.Plain(), Charge: l.Number}
}

func chargesCommand() command {
	return command{
		name:    "charges",
		args:    "[--as-of DATE] [--dry-run | --post] [--format json] | rates set SERIES DATE RATE | rates list [SERIES] | rates delete SERIES DATE | customer CODE [--interest RULE] [--compensation RULE]",
		summary: "late-payment interest and compensation: preview (the default) or post them as charge documents; keep the reference rates; a customer's own rules",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var asOf time.Time
			fs.Var(dateValue{&asOf}, "as-of", "charge up to the end of `YYYY-MM-DD` (default today)")
			dryRun := fs.Bool("dry-run", false, "say what would be charged; post nothing (the default)")
			post := fs.Bool("post", false, "post the charges: one charge document per late invoice, all or nothing")
			format := fs.String("format", "table", "table or json")
			interest := fs.String("interest", "", "customer: the customer's own `RULE` (none, N%/year, N%/month, eu, eu-de, uk; \"default\" for the settings')")
			compensation := fs.String("compensation", "", "customer: the customer's own `RULE` (none, eu, uk or an amount; \"default\" for the settings')")
			return func(ctx context.Context, args []string) error {
				f, err := app.ParseFormat(*format, app.FormatTable, app.FormatJSON)
				if err != nil {
					return usagef("--format must be table or json")
				}
				if *dryRun && *post {
					return usagef("--dry-run and --post: choose one")
				}
				if len(args) > 0 {
					return chargesManage(ctx, e, f, args, *interest, *compensation)
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				var arr *reports.JSONArray
				var tw *tabwriter.Writer
				if f == app.FormatJSON {
					arr = reports.NewJSONArray(e.stdout)
				} else {
					tw = tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
				}
				n := 0
				run, err := a.Charges(ctx, asOf, *post, func(l ledger.ChargeLine) error {
					if arr != nil {
						return arr.Add(toChargeJSON(l))
					}
					if n++; n == 1 {
						fmt.Fprintln(tw, "INVOICE\tCUSTOMER\tDUE\tDAYS\tINTEREST\tCOMPENSATION\tCURRENCY\tCHARGE\t")
					}
					_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t\n", l.Invoice, l.CustomerCode, day(l.Due), l.Days,
						l.Interest.Plain(), l.Compensation.Plain(), l.Currency, l.Number)
					return err
				})
				if arr != nil {
					if err != nil {
						return err // the array is still in its buffer: nothing half written
					}
					return arr.Close()
				}
				if err != nil {
					return err
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				verb := "would charge"
				if run.Posted {
					verb = "charged"
				}
				if len(run.Totals) == 0 {
					fmt.Fprintf(e.stdout, "nothing to charge as of %s\n", day(run.AsOf))
				}
				for _, t := range run.Totals {
					fmt.Fprintf(e.stdout, "%s %d invoices as of %s: interest %s, compensation %s %s\n", verb, t.Invoices, day(run.AsOf),
						t.Interest.Plain(), t.Compensation.Plain(), t.Currency)
				}
				if !run.Posted && len(run.Totals) > 0 {
					fmt.Fprintln(e.stdout, "(a preview: paidup charges --post charges them)")
				}
				return nil
			}
		},
	}
}

// chargesManage is charges rates … and charges customer ….
func chargesManage(ctx context.Context, e *env, f app.Format, args []string, interest, compensation string) error {
	switch {
	case args[0] == "rates" && len(args) == 5 && args[1] == "set",
		args[0] == "rates" && len(args) <= 3 && len(args) >= 2 && args[1] == "list",
		args[0] == "rates" && len(args) == 4 && args[1] == "delete",
		args[0] == "customer" && len(args) == 2:
	default:
		return usagef("charges rates set SERIES DATE RATE | rates list [SERIES] | rates delete SERIES DATE | customer CODE [--interest RULE] [--compensation RULE]")
	}
	a, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	if args[0] == "customer" {
		c, err := a.CustomerChargesOf(ctx, args[1])
		if err != nil {
			return err
		}
		if interest != "" || compensation != "" {
			for _, v := range []struct {
				flag string
				to   *string
			}{{interest, &c.Interest}, {compensation, &c.Compensation}} {
				switch v.flag {
				case "":
				case "default":
					*v.to = ""
				default:
					*v.to = v.flag
				}
			}
			if err := a.SetCustomerCharges(ctx, args[1], c); err != nil {
				return err
			}
		}
		show := func(s string) string {
			if s == "" {
				return "the settings'"
			}
			return s
		}
		fmt.Fprintf(e.stdout, "%s: interest %s, compensation %s\n", args[1], show(c.Interest), show(c.Compensation))
		return nil
	}
	switch args[1] {
	case "set", "delete":
		d, err := ledger.ParseDate(args[3])
		if err != nil {
			return usagef("charges rates %s: %v", args[1], err)
		}
		if args[1] == "delete" {
			if err := a.DeleteReferenceRate(ctx, args[2], d); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s reference rate of %s deleted\n", args[2], args[3])
			return nil
		}
		if err := a.SetReferenceRate(ctx, args[2], d, args[4]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s reference rate from %s: %s%%\n", args[2], args[3], args[4])
		return nil
	}
	series := ""
	if len(args) == 3 {
		series = args[2]
	}
	rs, err := a.ReferenceRates(ctx, series)
	if err != nil {
		return err
	}
	if f == app.FormatJSON {
		arr := reports.NewJSONArray(e.stdout)
		for _, r := range rs {
			arr.Add(map[string]string{"series": r.Series, "date": day(r.Date), "rate": r.Rate.FloatString(4)})
		}
		return arr.Close()
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SERIES\tFROM\tRATE %")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Series, day(r.Date), r.Rate.FloatString(4))
	}
	return tw.Flush()
}
