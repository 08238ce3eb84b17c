package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"paidup/app"
	"paidup/ledger"
	"paidup/reports"
)

func promiseCommand() command {
	return command{
		name:    "promise",
		args:    "add NUMBER… | add --customer CODE --amount A --date D [--made DATE] [--note TEXT] | list [--customer CODE] [--status open|kept|broken]",
		summary: "record a customer's promise to pay by a date (reminders of what it covers wait), and list promises and their outcome",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var (
				customer, amount, note, status, format string
				date, made                             time.Time
			)
			fs.StringVar(&customer, "customer", "", "add: the whole account of the customer `CODE` (or name invoices); list: one customer's")
			fs.StringVar(&amount, "amount", "", "add: the `AMOUNT` promised (default: what the invoices named have open)")
			fs.Var(dateValue{&date}, "date", "add: to be paid by `YYYY-MM-DD`")
			fs.StringVar(&note, "note", "", "add: who promised what, how")
			fs.Var(dateValue{&made}, "made", "add: the day the promise was made, `YYYY-MM-DD` (default today)")
			fs.StringVar(&status, "status", "", "list: open, kept or broken")
			fs.StringVar(&format, "format", "table", "table or json")
			return func(ctx context.Context, args []string) error {
				f, err := app.ParseFormat(format, app.FormatTable, app.FormatJSON)
				if err != nil {
					return usagef("--format must be table or json")
				}
				if len(args) == 0 {
					return usagef("promise needs an action: add or list")
				}
				switch args[0] {
				case "add":
					if date.IsZero() || (len(args) == 1 && customer == "") {
						return usagef("promise add needs invoice NUMBERs or --customer CODE, and --date")
					}
				case "list":
					if len(args) != 1 {
						return usagef("promise list takes no arguments")
					}
					switch ledger.PromiseStatus(status) {
					case "", ledger.PromiseOpen, ledger.PromiseKept, ledger.PromiseBroken:
					default:
						return usagef("--status must be open, kept or broken")
					}
				default:
					return usagef("unknown promise action %q: use add or list", args[0])
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				if args[0] == "list" {
					// Promises whose date has passed are decided first.
					if _, err := a.SettlePromises(ctx, a.Today()); err != nil {
						return err
					}
					ps, err := a.Promises(ctx, ledger.PromiseFilter{Customer: customer, Status: ledger.PromiseStatus(status)})
					if err != nil {
						return err
					}
					return printPromises(e, f, ps)
				}
				in := ledger.PromiseInput{CustomerCode: customer, Invoices: args[1:], PayBy: date, MadeOn: made, Note: note}
				if amount != "" {
					code := customer
					if code == "" {
						d, err := a.Document(ctx, args[1])
						if err != nil {
							return err
						}
						code = d.CustomerCode
					}
					c, err := a.CustomerByCode(ctx, code)
					if err != nil {
						return err
					}
					if in.Amount, err = app.ParseAmount(amount, c.Currency, "amount promised"); err != nil {
						return err
					}
				}
				p, err := a.AddPromise(ctx, in)
				if err != nil {
					return err
				}
				if f == app.FormatJSON {
					return reports.WriteJSON(e.stdout, toPromiseJSON(p))
				}
				what := "the account"
				if len(p.Invoices) > 0 {
					what = strings.Join(p.Invoices, ", ")
				}
				fmt.Fprintf(e.stdout, "promise #%d: %s to pay %s by %s for %s; reminders of it wait until then plus the grace (promise.grace_days)\n",
					p.ID, p.CustomerCode, p.Amount, day(p.PayBy), what)
				return nil
			}
		},
	}
}

type promiseJSON struct {
	ID       int64    `json:"id"`
	Customer string   `json:"customer_code"`
	Currency string   `json:"currency"`
	Amount   string   `json:"amount"`
	MadeOn   string   `json:"made_on"`
	PayBy    string   `json:"pay_by"`
	Invoices []string `json:"invoices"`
	Note     string   `json:"note"`
	By       string   `json:"made_by"`
	Status   string   `json:"status"`
	Paid     string   `json:"paid"`
	Settled  string   `json:"settled_on"`
}

func toPromiseJSON(p ledger.Promise) promiseJSON {
	inv := p.Invoices
	if inv == nil {
		inv = []string{}
	}
	return promiseJSON{ID: p.ID, Customer: p.CustomerCode, Currency: p.Amount.Currency, Amount: p.Amount.Plain(), MadeOn: day(p.MadeOn),
		PayBy: day(p.PayBy), Invoices: inv, Note: p.Note, By: p.MadeBy, Status: string(p.Status), Paid: p.Paid.Plain(), Settled: day(p.SettledOn)}
}

func printPromises(e *env, f app.Format, ps []ledger.Promise) error {
	if f == app.FormatJSON {
		out := make([]promiseJSON, 0, len(ps))
		for _, p := range ps {
			out = append(out, toPromiseJSON(p))
		}
		return reports.WriteJSON(e.stdout, out)
	}
	if len(ps) == 0 {
		fmt.Fprintln(e.stdout, "no promises")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tCUSTOMER\tAMOUNT\tBY\tFOR\tSTATUS")
	for _, p := range ps {
		what := "account"
		if len(p.Invoices) > 0 {
			what = strings.Join(p.Invoices, ",")
		}
		st := string(p.Status)
		if p.Status != ledger.PromiseOpen {
			st += fmt.Sprintf(" (%s received)", p.Paid)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.CustomerCode, p.Amount, day(p.PayBy), what, st)
	}
	return tw.Flush()
}
