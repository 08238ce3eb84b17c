package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"paidup/app"
	"paidup/ledger"
	"paidup/reports"
)

// creditFlags are customer set's and customer holds' flags.
type creditFlags struct {
	hold    string
	release bool
	apply   bool
}

func (c *creditFlags) declare(fs *flag.FlagSet) {
	fs.StringVar(&c.hold, "hold", "", "set: put the customer on hold for `REASON`: no invoice without --override-hold")
	fs.BoolVar(&c.release, "release", false, "set: lift the customer's hold (an optional NOTE after the code says why)")
	fs.BoolVar(&c.apply, "apply", false, "holds: first put on hold whoever the rules catch (credit.hold_after_days, credit.hold_over_amount)")
}

// customerCredit runs customer set, holds and history.
func customerCredit(ctx context.Context, e *env, f app.Format, fs *flag.FlagSet, cf *customerFields, c *creditFlags, action string, args []string) error {
	limitGiven := false
	fs.Visit(func(fl *flag.Flag) { limitGiven = limitGiven || fl.Name == "credit-limit" })
	switch action {
	case "set":
		n := 0
		einv := cf.form(fs)
		einvGiven := einv.EInvoiceFormat != nil || einv.BuyerReference != nil
		for _, b := range []bool{limitGiven || einvGiven, c.hold != "", c.release} {
			if b {
				n++
			}
		}
		if len(args) < 1 || n != 1 || (len(args) > 1 && !c.release) || len(args) > 2 {
			return usagef("customer set needs one CODE and one of --credit-limit AMOUNT (and/or --einvoice-format F, --buyer-reference REF), --hold REASON or --release [NOTE]")
		}
	case "holds":
		if len(args) != 0 {
			return usagef("customer holds takes no arguments")
		}
	case "history":
		if len(args) != 1 {
			return usagef("customer history needs one customer CODE")
		}
	}
	a, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	switch action {
	case "set":
		code := args[0]
		einv := cf.form(fs)
		switch {
		case einv.EInvoiceFormat != nil || einv.BuyerReference != nil:
			form := app.CustomerForm{EInvoiceFormat: einv.EInvoiceFormat, BuyerReference: einv.BuyerReference}
			if limitGiven {
				form.CreditLimit = app.S(cf.limit)
			}
			cust, err := a.EditCustomer(ctx, code, form)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "customer %s: e-invoice %s, buyer reference %s\n", cust.Code, orNone(cust.EInvoiceFormat), orNone(cust.BuyerReference))
		case limitGiven:
			cust, err := a.EditCustomer(ctx, code, app.CustomerForm{CreditLimit: app.S(cf.limit)})
			if err != nil {
				return err
			}
			if cust.CreditLimit.IsZero() {
				fmt.Fprintf(e.stdout, "customer %s has no credit limit\n", cust.Code)
			} else {
				fmt.Fprintf(e.stdout, "customer %s: credit limit %s\n", cust.Code, cust.CreditLimit)
			}
		case c.hold != "":
			if err := a.SetHold(ctx, code, c.hold); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "customer %s is on hold: %s\n", code, c.hold)
		default:
			note := ""
			if len(args) == 2 {
				note = args[1]
			}
			if err := a.ReleaseHold(ctx, code, note); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "customer %s is no longer on hold\n", code)
		}
		return nil
	case "holds":
		if c.apply {
			held, err := a.ApplyHoldRules(ctx, a.Today())
			if err != nil {
				return err
			}
			for _, h := range held {
				fmt.Fprintf(e.stderr, "put on hold by rule: %s (%s)\n", h.CustomerCode, h.Reason)
			}
		}
		watch, err := a.CreditWatch(ctx)
		if err != nil {
			return err
		}
		return printCreditWatch(e, f, watch)
	}
	hist, err := a.CustomerHistory(ctx, args[0])
	if err != nil {
		return err
	}
	return printHistory(e, f, hist)
}

type creditJSON struct {
	Customer   string `json:"customer_code"`
	Name       string `json:"customer_name"`
	Currency   string `json:"currency"`
	Balance    string `json:"balance"`
	Overdue    string `json:"overdue"`
	Limit      string `json:"credit_limit"`
	Over       string `json:"over_limit"`
	OnHold     bool   `json:"on_hold"`
	HoldReason string `json:"hold_reason"`
	HoldSince  string `json:"hold_since"`
}

// printCreditWatch lists the customers on hold or over their limit.
func printCreditWatch(e *env, f app.Format, ps []ledger.CreditPosition) error {
	if f == app.FormatJSON {
		out := make([]creditJSON, 0, len(ps))
		for _, p := range ps {
			j := creditJSON{Customer: p.CustomerCode, Name: p.CustomerName, Currency: p.Balance.Currency, Balance: p.Balance.Plain(),
				Overdue: p.Overdue.Plain(), Limit: p.Limit.Plain(), Over: p.Over(ledger.Money{}).Plain(), OnHold: p.Hold != nil}
			if p.Hold != nil {
				j.HoldReason, j.HoldSince = p.Hold.Reason, day(p.Hold.SetAt)
			}
			out = append(out, j)
		}
		return reports.WriteJSON(e.stdout, out)
	}
	if len(ps) == 0 {
		fmt.Fprintln(e.stdout, "no customer is on hold or over its credit limit")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CUSTOMER\tBALANCE\tLIMIT\tOVER BY\tHOLD")
	for _, p := range ps {
		hold := ""
		if p.Hold != nil {
			hold = fmt.Sprintf("since %s: %s", day(p.Hold.SetAt), p.Hold.Reason)
		}
		limit := "none"
		if !p.Limit.IsZero() {
			limit = p.Limit.String()
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\t%s\n", p.CustomerCode, p.CustomerName, p.Balance, limit, p.Over(ledger.Money{}), hold)
	}
	return tw.Flush()
}

type historyJSON struct {
	At     string `json:"at"`
	Kind   string `json:"kind"`
	Number string `json:"number"`
	Amount string `json:"amount"`
	Curr   string `json:"currency"`
	Text   string `json:"text"`
	By     string `json:"by"`
}

// printHistory prints a customer's timeline.
func printHistory(e *env, f app.Format, hist []ledger.HistoryEvent) error {
	if f == app.FormatJSON {
		out := make([]historyJSON, 0, len(hist))
		for _, h := range hist {
			j := historyJSON{At: h.At.Format("2006-01-02T15:04:05Z07:00"), Kind: h.Kind, Number: h.Number, Text: h.Text, By: h.By}
			if h.Amount.Currency != "" {
				j.Amount, j.Curr = h.Amount.Plain(), h.Amount.Currency
			}
			out = append(out, j)
		}
		return reports.WriteJSON(e.stdout, out)
	}
	for _, h := range hist {
		line := h.At.Local().Format("2006-01-02") + "  " + h.Text
		if h.Amount.Currency != "" && h.Amount.Minor != 0 {
			line += "  " + h.Amount.String()
		}
		if h.By != "" {
			line += "  (" + h.By + ")"
		}
		fmt.Fprintln(e.stdout, strings.TrimSpace(line))
	}
	return nil
}

// orNone is s, or "none" when it is empty.
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
