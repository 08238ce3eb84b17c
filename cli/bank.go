package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"paidup/app"
	"paidup/bank"
	"paidup/ledger"
	"paidup/reports"
)

func bankCommand() command {
	return command{
		name:    "bank",
		args:    "import FILE [--account NAME] [--mapping NAME] | mapping set NAME --date COL --date-format FMT (--amount COL | --credit COL --debit COL) … | mapping list|show NAME|delete NAME | match [--dry-run] | lines [--unmatched] [--format json] | accept LINE [INVOICE…] [--customer CODE] | ignore LINE [--reason TEXT] | undo LINE [--reason TEXT]",
		summary: "import bank statements (camt.053/054, OFX/QFX, MT940, CSV by a kept column mapping), match money in to invoices, review what is not certain",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var (
				account, format, reason, mapping, customer string
				dryRun, unmatched                          bool
			)
			mf := newBankMappingFlags(fs)
			fs.StringVar(&customer, "customer", "", "accept: post the line as the `CODE` customer's unapplied credit (no invoice)")
			fs.StringVar(&mapping, "mapping", "", "import: read FILE as a CSV statement by the column mapping `NAME` (see bank mapping set)")
			fs.StringVar(&account, "account", "", "import: the bank account `NAME` the lines are of (default: the statement's own IBAN or number)")
			fs.BoolVar(&dryRun, "dry-run", false, "match: print each line's decision and post nothing")
			fs.BoolVar(&unmatched, "unmatched", false, "lines: only the lines not matched or ignored (unmatched and in review)")
			fs.StringVar(&format, "format", "table", "lines, match: table or json")
			fs.StringVar(&reason, "reason", "", "ignore: why the line is not a customer's payment; undo: why the match was wrong")
			return func(ctx context.Context, args []string) error {
				f, err := app.ParseFormat(format, app.FormatTable, app.FormatJSON)
				if err != nil {
					return usagef("--format must be table or json")
				}
				if len(args) == 0 {
					return usagef("bank needs an action: import, mapping, match, lines, accept, ignore or undo")
				}
				switch args[0] {
				case "import":
					if len(args) != 2 {
						return usagef("bank import takes one FILE")
					}
				case "mapping":
					switch {
					case len(args) == 2 && args[1] == "list":
					case len(args) == 3 && (args[1] == "set" || args[1] == "show" || args[1] == "delete"):
					default:
						return usagef("bank mapping takes set NAME [flags], show NAME, delete NAME or list")
					}
				case "match", "lines":
					if len(args) != 1 {
						return usagef("bank %s takes no arguments", args[0])
					}
				case "accept":
					if len(args) < 2 {
						return usagef("bank accept needs a LINE (its id, or #N) and optionally the INVOICEs it pays")
					}
					if customer != "" && len(args) > 2 {
						return usagef("bank accept takes the INVOICEs a line pays or --customer for their credit, not both")
					}
				case "ignore", "undo":
					if len(args) != 2 {
						return usagef("bank %s takes one LINE", args[0])
					}
				default:
					return usagef("unknown bank action %q: use import, mapping, match, lines, accept, ignore or undo", args[0])
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				switch args[0] {
				case "import":
					res, err := bank.ImportFileWith(ctx, a.Store, args[1], bank.ImportOptions{Account: account, Mapping: mapping})
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "%s statement of %s: %d lines, %d new, %d imported before\n",
						res.Format, res.Account, res.Lines, res.Added, res.Repeated)
					return nil
				case "mapping":
					return bankMapping(ctx, e, a, f, mf, account, args)
				case "match":
					out, err := bank.Match(ctx, a.Store, dryRun, nil)
					if err != nil {
						return err
					}
					return printMatch(e, f, out, dryRun)
				case "lines":
					filter := ledger.BankLineFilter{}
					if unmatched {
						filter.Status = []ledger.BankStatus{ledger.BankUnmatched, ledger.BankReview}
					}
					ls, err := a.BankLines(ctx, filter)
					if err != nil {
						return err
					}
					return printBankLines(e, f, ls)
				case "accept":
					accept := func() (ledger.Document, bank.Decision, error) {
						if customer != "" {
							return bank.AcceptAsCredit(ctx, a.Store, args[1], customer)
						}
						return bank.Accept(ctx, a.Store, args[1], args[2:])
					}
					doc, d, err := accept()
					if err != nil {
						return err
					}
					if doc.Kind == ledger.KindRefund {
						fmt.Fprintf(e.stdout, "%s: refund %s of %s to %s: %s\n", args[1], doc.Number, doc.Total, d.Customer, d.Reason())
						return nil
					}
					fmt.Fprintf(e.stdout, "%s: payment %s of %s from %s: %s\n", args[1], doc.Number, doc.Total, d.Customer, d.Reason())
					return nil
				case "undo":
					if err := bank.Undo(ctx, a.Store, args[1], reason); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "%s: match undone, its payment voided; the line waits for review\n", args[1])
					return nil
				default:
					if err := bank.Ignore(ctx, a.Store, args[1], reason); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "%s: ignored\n", args[1])
					return nil
				}
			}
		},
	}
}

// bankLineJSON is a statement line for scripts; id is the bank's own
// reference for the line (issue 14's contract), line its row.
type bankLineJSON struct {
	ID         string   `json:"id"`
	Line       int64    `json:"line"`
	Account    string   `json:"account"`
	Date       string   `json:"date"`
	Amount     string   `json:"amount"`
	Currency   string   `json:"currency"`
	Name       string   `json:"name"`
	IBAN       string   `json:"iban"`
	EndToEnd   string   `json:"end_to_end"`
	Reference  string   `json:"reference"`
	Text       string   `json:"text"`
	Status     string   `json:"status"`
	Invoices   []string `json:"invoices"`
	Confidence int      `json:"confidence"`
	Reason     string   `json:"reason"`
	Payment    string   `json:"payment"`
}

func toBankLineJSON(l ledger.BankLine) bankLineJSON {
	inv := l.Invoices
	if inv == nil {
		inv = []string{}
	}
	return bankLineJSON{ID: l.BankID, Line: l.ID, Account: l.Account, Date: day(l.Date),
		Amount: reports.Amount(l.Amount.Minor, l.Amount.Currency), Currency: l.Amount.Currency, Name: l.Name, IBAN: l.IBAN,
		EndToEnd: l.EndToEnd, Reference: l.Structured, Text: l.Text, Status: string(l.Status), Invoices: inv,
		Confidence: l.Confidence, Reason: l.Reason, Payment: l.Payment}
}

func printBankLines(e *env, f app.Format, ls []ledger.BankLine) error {
	if f == app.FormatJSON {
		out := make([]bankLineJSON, 0, len(ls))
		for _, l := range ls {
			out = append(out, toBankLineJSON(l))
		}
		return reports.WriteJSON(e.stdout, out)
	}
	if len(ls) == 0 {
		fmt.Fprintln(e.stdout, "no statement lines")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tAMOUNT\tNAME\tSTATUS\tINVOICES\tREASON")
	for _, l := range ls {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.BankID, day(l.Date), l.Amount, l.Name, l.Status,
			strings.Join(l.Invoices, " "), l.Reason)
	}
	return tw.Flush()
}

func printMatch(e *env, f app.Format, out []bank.Outcome, dryRun bool) error {
	if f == app.FormatJSON {
		js := make([]bankLineJSON, 0, len(out))
		for _, o := range out {
			l := o.Line
			l.Status, l.Invoices, l.Confidence, l.Reason, l.Payment = o.Status, o.Invoices(), o.Confidence, o.Reason(), o.Payment
			js = append(js, toBankLineJSON(l))
		}
		return reports.WriteJSON(e.stdout, js)
	}
	counts := map[ledger.BankStatus]int{}
	for _, o := range out {
		counts[o.Status]++
		verb := string(o.Status)
		switch {
		case o.Status == ledger.BankMatched && dryRun:
			verb = "would post"
		case o.Status == ledger.BankMatched:
			verb = "posted " + o.Payment
		}
		inv := strings.Join(o.Invoices(), " + ")
		if inv != "" {
			inv = " → " + inv
		}
		fmt.Fprintf(e.stdout, "%s %s %s %s: %s%s (%d%%): %s\n", o.Line.BankID, day(o.Line.Date), o.Line.Amount, o.Line.Name,
			verb, inv, o.Confidence, o.Reason())
	}
	fmt.Fprintf(e.stdout, "%d lines: %d matched, %d for review, %d unmatched\n", len(out), counts[ledger.BankMatched],
		counts[ledger.BankReview], counts[ledger.BankUnmatched])
	return nil
}
