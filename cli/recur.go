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

func recurCommand() command {
	return command{
		name:    "recur",
		args:    "[--as-of DATE] [--dry-run] [--max N] | new NAME --customer CODE --every PERIOD --start DATE --line 'DESC;QTY;PRICE[;TAX%[;DISC%]]'… [--end DATE] [--count N] [--terms DAYS] | list | pause|resume|end NAME",
		summary: "recurring invoices: issue every one that has fallen due (for cron), or make, list, pause, resume and end them",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var (
				asOf, start, end                          time.Time
				dryRun                                    bool
				max, count, terms                         int
				customer, every, reference, notes, format string
				taxRate, discount                         string
				lines                                     lineFlags
			)
			fs.Var(dateValue{&asOf}, "as-of", "issue what has fallen due by `YYYY-MM-DD` (default today)")
			fs.BoolVar(&dryRun, "dry-run", false, "say what would be issued; issue nothing")
			fs.IntVar(&max, "max", 12, "issue at most `N` invoices of one recurring invoice in a run (a catch-up after weeks away); the rest are listed and wait for the next run")
			fs.StringVar(&customer, "customer", "", "new: the customer's `CODE`")
			fs.StringVar(&every, "every", "", "new: `PERIOD`: week, month, quarter or year; 2 weeks or month/3 for every 2 or 3")
			fs.Var(dateValue{&start}, "start", "new: the first invoice's date, `YYYY-MM-DD`; its day of the month is kept (31: the month's last day)")
			fs.Var(dateValue{&end}, "end", "new: no invoice after `YYYY-MM-DD`")
			fs.IntVar(&count, "count", 0, "new: at most `N` invoices (0: no limit)")
			fs.IntVar(&terms, "terms", -1, "new: payment terms in `DAYS` (default the customer's at each issue)")
			fs.StringVar(&reference, "reference", "", "new: the reference each invoice carries")
			fs.StringVar(&notes, "notes", "", "new: notes printed on each invoice")
			fs.StringVar(&taxRate, "tax-rate", "", "new: tax rate in percent for lines that give none")
			fs.StringVar(&discount, "discount", "", "new: discount in percent for lines that give none")
			fs.Var(&lines, "line", "new: a line `DESC;QTY;PRICE[;TAX%[;DISC%]]`, repeated for each line")
			fs.StringVar(&format, "format", "table", "table or json")
			return func(ctx context.Context, args []string) error {
				f, err := app.ParseFormat(format, app.FormatTable, app.FormatJSON)
				if err != nil {
					return usagef("--format must be table or json")
				}
				action := ""
				if len(args) > 0 {
					action, args = args[0], args[1:]
				}
				switch action {
				case "":
				case "new":
					if len(args) != 1 || customer == "" || every == "" || start.IsZero() || len(lines) == 0 {
						return usagef("recur new needs NAME, --customer CODE, --every PERIOD, --start DATE and at least one --line")
					}
				case "list":
					if len(args) != 0 {
						return usagef("recur list takes no arguments")
					}
				case "pause", "resume", "end":
					if len(args) != 1 {
						return usagef("recur %s needs the recurring invoice's NAME", action)
					}
				default:
					return usagef("unknown recur action %q: use new, list, pause, resume or end (or none, to issue what is due)", action)
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				switch action {
				case "":
					if asOf.IsZero() {
						asOf = a.Today()
					}
					run, err := a.RunRecurring(ctx, asOf, max, dryRun)
					if run != nil {
						if perr := printRecurRun(e, f, run, dryRun); perr != nil && err == nil {
							err = perr
						}
					}
					return err
				case "new":
					period, n, err := ledger.ParseEvery(every)
					if err != nil {
						return err
					}
					c, err := a.CustomerByCode(ctx, customer)
					if err != nil {
						return err
					}
					forms, err := lineForms(lines, taxRate, discount)
					if err != nil {
						return err
					}
					in := ledger.RecurringInput{Name: args[0], CustomerCode: c.Code, TermsDays: terms, Reference: reference, Notes: notes,
						Schedule: ledger.Schedule{Every: period, Interval: n, Start: start, End: end, Count: count}}
					if in.Lines, err = app.ParseLines(c.Currency, forms); err != nil {
						return err
					}
					r, err := a.CreateRecurring(ctx, in)
					if err != nil {
						return err
					}
					if f == app.FormatJSON {
						return reports.WriteJSON(e.stdout, toRecurringJSON(r))
					}
					fmt.Fprintf(e.stdout, "recurring invoice %q for %s: %s; the first on %s (paidup recur issues it)\n",
						r.Name, r.CustomerCode, r.Schedule, day(r.Next))
					return nil
				case "list":
					rs, err := a.Recurrings(ctx)
					if err != nil {
						return err
					}
					if f == app.FormatJSON {
						out := make([]recurringJSON, 0, len(rs))
						for _, r := range rs {
							out = append(out, toRecurringJSON(r))
						}
						return reports.WriteJSON(e.stdout, out)
					}
					if len(rs) == 0 {
						fmt.Fprintln(e.stdout, "no recurring invoices (paidup recur new makes one)")
						return nil
					}
					tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
					fmt.Fprintln(tw, "NAME\tCUSTOMER\tSCHEDULE\tSTATUS\tISSUED\tNEXT")
					for _, r := range rs {
						fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", r.Name, r.CustomerCode, r.Schedule, r.Status, r.Issued, day(r.Next))
					}
					return tw.Flush()
				default:
					to := map[string]ledger.RecurringStatus{"pause": ledger.RecurringPaused, "resume": ledger.RecurringActive, "end": ledger.RecurringEnded}[action]
					if err := a.SetRecurringStatus(ctx, args[0], to); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "recurring invoice %q is %s\n", args[0], to)
					return nil
				}
			}
		},
	}
}

// printRecurRun says what a run issued (or would), what waits for the
// next run, and which recurring invoices came to their end.
func printRecurRun(e *env, f app.Format, run *ledger.RecurringRun, dryRun bool) error {
	if f == app.FormatJSON {
		out := recurRunJSON{DryRun: dryRun, Issued: []recurIssueJSON{}, Held: []recurIssueJSON{}, Ended: run.Ended}
		if out.Ended == nil {
			out.Ended = []string{}
		}
		for _, it := range run.Issued {
			out.Issued = append(out.Issued, toRecurIssueJSON(it))
		}
		for _, it := range run.Held {
			out.Held = append(out.Held, toRecurIssueJSON(it))
		}
		return reports.WriteJSON(e.stdout, out)
	}
	verb := "issued"
	if dryRun {
		verb = "would issue"
	}
	if len(run.Issued) == 0 {
		fmt.Fprintln(e.stdout, "no recurring invoice has fallen due")
	}
	for _, it := range run.Issued {
		number := it.Number
		if number == "" {
			number = "(not issued)"
		}
		fmt.Fprintf(e.stdout, "%s %s for %s dated %s: %s (%s)\n", verb, number, it.Customer, day(it.Date), it.Total, it.Name)
	}
	for _, it := range run.Held {
		fmt.Fprintf(e.stdout, "waiting: %s from %s on is for the next run (--max reached)\n", it.Name, day(it.Date))
	}
	for _, n := range run.Ended {
		fmt.Fprintf(e.stdout, "ended: %s has issued its last invoice\n", n)
	}
	return nil
}

type recurringJSON struct {
	Name      string `json:"name"`
	Customer  string `json:"customer_code"`
	Currency  string `json:"currency"`
	Every     string `json:"every"`
	Interval  int    `json:"interval"`
	Start     string `json:"start"`
	End       string `json:"end"`
	Count     int    `json:"count"`
	TermsDays int    `json:"terms_days"`
	Status    string `json:"status"`
	Issued    int    `json:"issued"`
	Next      string `json:"next"`
	Total     string `json:"total"`
}

func toRecurringJSON(r ledger.Recurring) recurringJSON {
	out := recurringJSON{Name: r.Name, Customer: r.CustomerCode, Currency: r.Currency, Every: string(r.Schedule.Every),
		Interval: r.Schedule.Interval, Start: day(r.Schedule.Start), End: day(r.Schedule.End), Count: r.Schedule.Count,
		TermsDays: r.TermsDays, Status: string(r.Status), Issued: r.Issued, Next: day(r.Next)}
	if net, tax, err := ledger.LinesTotal(r.Lines); err == nil {
		out.Total = ledger.NewMoney(net+tax, r.Currency).Plain()
	}
	return out
}

type recurIssueJSON struct {
	Name     string `json:"name"`
	Period   int    `json:"period"`
	Date     string `json:"date"`
	Number   string `json:"number"`
	Customer string `json:"customer_code"`
	Currency string `json:"currency"`
	Total    string `json:"total"`
}

func toRecurIssueJSON(it ledger.RecurringIssue) recurIssueJSON {
	return recurIssueJSON{Name: it.Name, Period: it.Period, Date: day(it.Date), Number: it.Number, Customer: it.Customer,
		Currency: it.Total.Currency, Total: it.Total.Plain()}
}

type recurRunJSON struct {
	DryRun bool             `json:"dry_run"`
	Issued []recurIssueJSON `json:"issued"`
	Held   []recurIssueJSON `json:"held"`
	Ended  []string         `json:"ended"`
}
