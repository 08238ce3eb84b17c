package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"paidup/app"
	"paidup/internal/textwidth"
	"paidup/ledger"
	"paidup/reports"
)

// customerFields are the flags that fill a customer form; only those given
// are set, so `customer edit` changes just what it names.
type customerFields struct {
	name, email, currency, terms, limit, phone, address, taxID, notes string
	// e-invoices
	postcode, city, country, buyerRef, einvoice string
	language                                    string
}

func (cf *customerFields) declare(fs *flag.FlagSet) {
	fs.StringVar(&cf.name, "name", "", "the customer's `NAME`")
	fs.StringVar(&cf.email, "email", "", "where reminders and statements go")
	fs.StringVar(&cf.currency, "currency", "", "ISO 4217 `CODE` of their documents (default: the setting business.currency)")
	fs.StringVar(&cf.terms, "terms", "", "payment terms in `DAYS` (default: the setting customer.terms_days, else 30)")
	fs.StringVar(&cf.limit, "credit-limit", "", "credit limit `AMOUNT` in their currency (0 or empty: none)")
	fs.StringVar(&cf.phone, "phone", "", "phone number")
	fs.StringVar(&cf.address, "address", "", "postal address (lines separated by \\n)")
	fs.StringVar(&cf.taxID, "tax-id", "", "VAT or tax number")
	fs.StringVar(&cf.notes, "notes", "", "free notes")
	fs.StringVar(&cf.postcode, "postcode", "", "postcode (e-invoices; --address then holds the street lines)")
	fs.StringVar(&cf.city, "city", "", "town or city (e-invoices)")
	fs.StringVar(&cf.country, "country", "", "ISO 3166 two-letter country `CODE`, such as DE (e-invoices)")
	fs.StringVar(&cf.buyerRef, "buyer-reference", "", "the buyer reference their e-invoices carry (a German public body's Leitweg-ID)")
	fs.StringVar(&cf.einvoice, "einvoice-format", "", "the e-invoice they want: factur-x, xrechnung-cii, xrechnung-ubl, peppol-ubl (empty: none)")
	fs.StringVar(&cf.language, "language", "", "the language of their invoices, credit notes and statements: en, de, fr, es, nl, it or pl (empty: the setting invoice.language)")
}

// form is the customer form of the flags given on the command line.
func (cf *customerFields) form(fs *flag.FlagSet) app.CustomerForm {
	var f app.CustomerForm
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "name":
			f.Name = app.S(cf.name)
		case "email":
			f.Email = app.S(cf.email)
		case "currency":
			f.Currency = app.S(cf.currency)
		case "terms":
			f.TermsDays = app.S(cf.terms)
		case "credit-limit":
			f.CreditLimit = app.S(cf.limit)
		case "phone":
			f.Phone = app.S(cf.phone)
		case "address":
			f.Address = app.S(unescapeNewlines(cf.address))
		case "tax-id":
			f.TaxID = app.S(cf.taxID)
		case "notes":
			f.Notes = app.S(cf.notes)
		case "postcode":
			f.Postcode = app.S(cf.postcode)
		case "city":
			f.City = app.S(cf.city)
		case "country":
			f.Country = app.S(cf.country)
		case "buyer-reference":
			f.BuyerReference = app.S(cf.buyerRef)
		case "einvoice-format":
			f.EInvoiceFormat = app.S(cf.einvoice)
		case "language":
			f.Language = app.S(cf.language)
		}
	})
	return f
}

func customerCommand() command {
	return command{
		name: "customer", args: "add CODE --name NAME [fields] | edit CODE [fields] | show CODE | list [--search TEXT] [--sort name|code|balance|oldest_due] | set CODE --credit-limit AMOUNT | --discount-terms P/D | --hold REASON | --release [NOTE] | --einvoice-format F --buyer-reference REF | holds [--apply] | history CODE",
		summary: "add, change, show and list customers; credit limits, holds and each customer's history (--format json for scripts)",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var cf customerFields
			cf.declare(fs)
			var format, search, sort string
			var limit, offset int
			var desc bool
			fs.StringVar(&format, "format", "table", "table or json")
			fs.StringVar(&search, "search", "", "list: customers whose code or name contains `TEXT`")
			fs.StringVar(&sort, "sort", "name", "list: order by name, code, balance or oldest_due")
			fs.BoolVar(&desc, "desc", false, "list: in descending order")
			fs.IntVar(&limit, "limit", 100, "list: at most `N` customers (1 to 1000)")
			fs.IntVar(&offset, "offset", 0, "list: skip the first `N`")
			var credit creditFlags
			credit.declare(fs)
			var discTerms discountFlag
			fs.Var(&discTerms, "discount-terms", "add, edit, set: "+discountUsage)
			return func(ctx context.Context, args []string) error {
				if len(args) == 0 {
					return usagef("customer needs an action: add, edit, show, list, set, holds or history")
				}
				terms, err := discTerms.terms()
				if err != nil {
					return err
				}
				switch args[0] {
				case "set", "holds", "history":
					if args[0] == "set" && terms != nil {
						return customerDiscount(ctx, e, args[1:], *terms)
					}
					f, err := app.ParseFormat(format, app.FormatTable, app.FormatJSON)
					if err != nil {
						return usagef("--format must be table or json")
					}
					return customerCredit(ctx, e, f, fs, &cf, &credit, args[0], args[1:])
				}
				f, err := app.ParseFormat(format, app.FormatTable, app.FormatJSON)
				if err != nil {
					return usagef("--format must be table or json")
				}
				action, args := args[0], args[1:]
				switch action {
				case "add", "edit", "show":
					if len(args) != 1 {
						return usagef("customer %s needs one customer CODE", action)
					}
				case "list":
					if len(args) != 0 {
						return usagef("customer list takes no arguments (--search TEXT narrows it)")
					}
				default:
					return usagef("unknown customer action %q: use add, edit, show, list, set, holds or history", action)
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				switch action {
				case "add":
					// One transaction: the customer with their terms.
					form := cf.form(fs)
					form.Code, form.Discount = app.S(args[0]), terms
					c, err := a.AddCustomer(ctx, form)
					if err != nil {
						return err
					}
					return printCustomerTerms(ctx, e.stdout, f, a, c, "added")
				case "edit":
					form := cf.form(fs)
					form.Discount = terms
					if form == (app.CustomerForm{}) {
						return usagef("customer edit needs at least one field to change, e.g. --email")
					}
					c, err := a.EditCustomer(ctx, args[0], form)
					if err != nil {
						return err
					}
					return printCustomerTerms(ctx, e.stdout, f, a, c, "changed")
				case "show":
					c, err := a.CustomerByCode(ctx, args[0])
					if err != nil {
						return err
					}
					return printCustomerTerms(ctx, e.stdout, f, a, c, "")
				}
				rows, err := a.FindCustomers(ctx, ledger.CustomerListFilter{Search: search, Sort: ledger.CustomerSort(sort),
					Desc: desc, Limit: limit, Offset: offset})
				if err != nil {
					return err
				}
				return printCustomers(e.stdout, f, rows)
			}
		},
	}
}

func printCustomer(w io.Writer, f app.Format, c ledger.Customer, done string) error {
	if f == app.FormatJSON {
		return reports.WriteJSON(w, toCustomerJSON(c))
	}
	if done != "" {
		fmt.Fprintf(w, "%s customer %s\n", done, c.Code)
	}
	tw := textwidth.NewTabWriter(w, 2, false)
	limit := "none"
	if c.CreditLimit.IsPositive() {
		limit = c.CreditLimit.String()
	}
	for _, kv := range [][2]string{{"Code", c.Code}, {"Name", c.Name}, {"Email", c.Email}, {"Currency", c.Currency},
		{"Terms", fmt.Sprintf("%d days", c.TermsDays)}, {"Credit limit", limit}, {"Phone", c.Phone},
		{"Address", oneLine(c.Address)}, {"Postcode", c.Postcode}, {"City", c.City}, {"Country", c.Country},
		{"Tax ID", c.TaxID}, {"Buyer reference", c.BuyerReference}, {"E-invoice", c.EInvoiceFormat}, {"Language", c.Language}, {"Notes", oneLine(c.Notes)}} {
		if kv[1] != "" {
			fmt.Fprintf(tw, "%s:\t%s\n", kv[0], kv[1])
		}
	}
	return tw.Flush()
}

func printCustomers(w io.Writer, f app.Format, rows []ledger.CustomerBalance) error {
	if f == app.FormatJSON {
		arr := reports.NewJSONArray(w)
		for _, r := range rows {
			if err := arr.Add(toBalanceJSON(r)); err != nil {
				return err
			}
		}
		return arr.Close()
	}
	tw := textwidth.NewTabWriter(w, 2, true)
	fmt.Fprintf(tw, "Code\tName\tCurrency\tOpen\tCredits\tBalance\tOldest due\t\n")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.Code, r.Name, r.Currency, r.Open.Plain(), r.Credits.Plain(), r.Balance.Plain(), day(r.OldestDue))
	}
	return tw.Flush()
}

// unescapeNewlines lets a flag carry a multi-line address as "a\nb".
func unescapeNewlines(s string) string { return strings.ReplaceAll(s, `\n`, "\n") }
