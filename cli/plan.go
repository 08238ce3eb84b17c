package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"paidup/app"
	"paidup/ledger"
	"paidup/reports"
)

func planCommand() command {
	return command{
		name: "plan",
		args: "create NUMBER | create --customer CODE (--instalments N --every 1m [--first DATE] | --dates D,D… [--amounts A,A…]) [--grace DAYS] [--cancel-after N] [--note TEXT] | " +
			"list [--customer CODE] [--status active|completed|defaulted|cancelled] | show ID [--pdf FILE] | cancel ID --reason TEXT",
		summary: "split an invoice's open amount, or a customer's overdue balance, into instalments (reminders follow them); list, show (PDF schedule) and cancel plans",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var (
				customer, every, dates, amounts, note, reason, status, pdf, format string
				first, made                                                        time.Time
				count, grace, cancelAfter                                          int
			)
			fs.StringVar(&customer, "customer", "", "create: over the overdue balance of the customer `CODE`; list: one customer's")
			fs.IntVar(&count, "instalments", 0, "create: the number `N` of instalments (the remainder of the split goes on the last)")
			fs.StringVar(&every, "every", "1m", "create: how often an instalment falls due: 1w, 2w, 1m, 3m, 1q, 1y")
			fs.Var(dateValue{&first}, "first", "create: the first instalment's date `YYYY-MM-DD` (default: one interval after today)")
			fs.StringVar(&dates, "dates", "", "create: the instalments' dates instead, `YYYY-MM-DD,…`")
			fs.StringVar(&amounts, "amounts", "", "create: with --dates, each instalment's `AMOUNT,…` (must add up to what is open; default: split evenly)")
			fs.IntVar(&grace, "grace", 3, "create: `DAYS` after an instalment's date before it counts as missed")
			fs.IntVar(&cancelAfter, "cancel-after", 1, "create: missed instalments (`N`) that end the plan, the rest due at once; 0: never")
			fs.StringVar(&note, "note", "", "create: what was agreed, with whom")
			fs.Var(dateValue{&made}, "made", "create: the day the plan was agreed, `YYYY-MM-DD` (default today)")
			fs.StringVar(&status, "status", "", "list: active, completed, defaulted or cancelled")
			fs.StringVar(&pdf, "pdf", "", "show: also write the schedule to send to the customer as a PDF `FILE` (- for standard output)")
			fs.StringVar(&reason, "reason", "", "cancel: why (kept with the plan)")
			fs.StringVar(&format, "format", "table", "table or json")
			return func(ctx context.Context, args []string) error {
				f, err := app.ParseFormat(format, app.FormatTable, app.FormatJSON)
				if err != nil {
					return usagef("--format must be table or json")
				}
				if len(args) == 0 {
					return usagef("plan needs an action: create, list, show or cancel")
				}
				var id int64
				switch args[0] {
				case "create":
					if (len(args) == 2) == (customer != "") || len(args) > 2 {
						return usagef("plan create needs one invoice NUMBER or --customer CODE")
					}
					if (count == 0) == (dates == "") {
						return usagef("plan create needs --instalments N or --dates")
					}
				case "list":
					if len(args) != 1 {
						return usagef("plan list takes no arguments")
					}
					switch ledger.PlanStatus(status) {
					case "", ledger.PlanActive, ledger.PlanCompleted, ledger.PlanDefaulted, ledger.PlanCancelled:
					default:
						return usagef("--status must be active, completed, defaulted or cancelled")
					}
				case "show", "cancel":
					if len(args) != 2 {
						return usagef("plan %s needs the plan's ID", args[0])
					}
					if id, err = strconv.ParseInt(strings.TrimPrefix(args[1], "#"), 10, 64); err != nil || id <= 0 {
						return usagef("plan %s: %q is not a plan ID (a number, as plan list shows)", args[0], args[1])
					}
					if args[0] == "cancel" && strings.TrimSpace(reason) == "" {
						return usagef("plan cancel needs --reason")
					}
				default:
					return usagef("unknown plan action %q: use create, list, show or cancel", args[0])
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				switch args[0] {
				case "list":
					ps, err := a.PlansNow(ctx, ledger.PlanFilter{Customer: customer, Status: ledger.PlanStatus(status)})
					if err != nil {
						return err
					}
					return printPlans(e, f, ps)
				case "cancel":
					p, err := a.CancelPlan(ctx, id, reason)
					if err != nil {
						return err
					}
					if f == app.FormatJSON {
						return reports.WriteJSON(e.stdout, toPlanJSON(p))
					}
					fmt.Fprintf(e.stdout, "payment plan #%d cancelled: %s's invoices are reminded again on their own due dates; %s was left to pay\n",
						p.ID, p.CustomerCode, p.Left())
					return nil
				case "show":
					if _, err := a.SettlePlans(ctx, a.Today()); err != nil {
						return err
					}
					p, err := a.Plan(ctx, id, a.Today())
					if err != nil {
						return err
					}
					if pdf != "" {
						if err := e.write(pdf, func(w io.Writer) error { return a.PlanPDF(ctx, w, id, time.Time{}) }); err != nil {
							return err
						}
						if pdf == "-" {
							return nil
						}
					}
					if f == app.FormatJSON {
						return reports.WriteJSON(e.stdout, toPlanJSON(p))
					}
					return printPaymentPlan(e, p)
				}
				in := ledger.PlanInput{Customer: customer, Count: count, First: first, MadeOn: made, GraceDays: grace, CancelAfter: cancelAfter, Note: note}
				if len(args) == 2 {
					in.Invoice = args[1]
				}
				if in.Every, in.Interval, err = ledger.ParsePlanEvery(every); err != nil {
					return err
				}
				if dates != "" {
					for _, s := range strings.Split(dates, ",") {
						d, err := ledger.ParseDate(strings.TrimSpace(s))
						if err != nil {
							return usagef("--dates: %v", err)
						}
						in.Dates = append(in.Dates, d)
					}
				}
				if amounts != "" {
					code := customer
					if code == "" {
						d, err := a.Document(ctx, in.Invoice)
						if err != nil {
							return err
						}
						code = d.CustomerCode
					}
					c, err := a.CustomerByCode(ctx, code)
					if err != nil {
						return err
					}
					for i, s := range strings.Split(amounts, ",") {
						m, err := app.ParseAmount(strings.TrimSpace(s), c.Currency, fmt.Sprintf("instalment %d", i+1))
						if err != nil {
							return err
						}
						in.Amounts = append(in.Amounts, m)
					}
				}
				p, err := a.CreatePlan(ctx, in)
				if err != nil {
					return err
				}
				if f == app.FormatJSON {
					return reports.WriteJSON(e.stdout, toPlanJSON(p))
				}
				fmt.Fprintf(e.stdout, "payment plan #%d for %s: %s in %d instalment(s); reminders of %s wait for each instalment's date plus %d day(s)\n",
					p.ID, p.CustomerCode, p.Amount, len(p.Instalments), strings.Join(p.Invoices, ", "), p.GraceDays)
				return printInstalments(e, p)
			}
		},
	}
}

type instalmentJSON struct {
	Seq    int    `json:"seq"`
	Due    string `json:"due_date"`
	Amount string `json:"amount"`
	Paid   string `json:"paid"`
	Missed bool   `json:"missed"`
}

type planJSON struct {
	ID          int64            `json:"id"`
	Customer    string           `json:"customer_code"`
	Currency    string           `json:"currency"`
	Amount      string           `json:"amount"`
	Paid        string           `json:"paid"`
	Left        string           `json:"left"`
	MadeOn      string           `json:"made_on"`
	Invoices    []string         `json:"invoices"`
	GraceDays   int              `json:"grace_days"`
	CancelAfter int              `json:"cancel_after"`
	Note        string           `json:"note"`
	By          string           `json:"made_by"`
	Status      string           `json:"status"`
	EndedOn     string           `json:"ended_on"`
	EndReason   string           `json:"end_reason"`
	AsOf        string           `json:"as_of"`
	Instalments []instalmentJSON `json:"instalments"`
}

func toPlanJSON(p ledger.PaymentPlan) planJSON {
	out := planJSON{ID: p.ID, Customer: p.CustomerCode, Currency: p.Amount.Currency, Amount: p.Amount.Plain(), Paid: p.Paid.Plain(),
		Left: p.Left().Plain(), MadeOn: day(p.MadeOn), Invoices: p.Invoices, GraceDays: p.GraceDays, CancelAfter: p.CancelAfter,
		Note: p.Note, By: p.MadeBy, Status: string(p.Status), EndedOn: day(p.EndedOn), EndReason: p.EndReason, AsOf: day(p.AsOf),
		Instalments: []instalmentJSON{}}
	if out.Invoices == nil {
		out.Invoices = []string{}
	}
	for _, i := range p.Instalments {
		out.Instalments = append(out.Instalments, instalmentJSON{Seq: i.Seq, Due: day(i.Due), Amount: i.Amount.Plain(), Paid: i.Paid.Plain(), Missed: i.Missed})
	}
	return out
}

func printPlans(e *env, f app.Format, ps []ledger.PaymentPlan) error {
	if f == app.FormatJSON {
		out := make([]planJSON, 0, len(ps))
		for _, p := range ps {
			out = append(out, toPlanJSON(p))
		}
		return reports.WriteJSON(e.stdout, out)
	}
	if len(ps) == 0 {
		fmt.Fprintln(e.stdout, "no payment plans")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tCUSTOMER\tAMOUNT\tPAID\tNEXT\tSTATUS")
	for _, p := range ps {
		next := "-"
		if n, ok := p.Next(); ok && p.Status == ledger.PlanActive {
			next = fmt.Sprintf("%s by %s", n.Left(), day(n.Due))
		}
		st := string(p.Status)
		if m := p.Missed(); m > 0 && p.Status == ledger.PlanActive {
			st += fmt.Sprintf(" (%d missed)", m)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.CustomerCode, p.Amount, p.Paid, next, st)
	}
	return tw.Flush()
}

func printPaymentPlan(e *env, p ledger.PaymentPlan) error {
	fmt.Fprintf(e.stdout, "payment plan #%d: %s, %s agreed %s by %s, for %s\n", p.ID, p.CustomerCode, p.Amount, day(p.MadeOn), p.MadeBy, strings.Join(p.Invoices, ", "))
	st := string(p.Status)
	if !p.EndedOn.IsZero() {
		st += " on " + day(p.EndedOn) + ": " + p.EndReason
	}
	fmt.Fprintf(e.stdout, "status: %s; paid %s, left %s as of %s\n", st, p.Paid, p.Left(), day(p.AsOf))
	if p.Note != "" {
		fmt.Fprintf(e.stdout, "note: %s\n", p.Note)
	}
	return printInstalments(e, p)
}

func printInstalments(e *env, p ledger.PaymentPlan) error {
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "#\tDUE\tAMOUNT\tPAID\t\t")
	for _, i := range p.Instalments {
		state := ""
		if i.Missed {
			state = "missed"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t\n", i.Seq, day(i.Due), i.Amount.Plain(), i.Paid.Plain(), state)
	}
	return tw.Flush()
}
