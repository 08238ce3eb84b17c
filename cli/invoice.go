package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"paidup/app"
	"paidup/einvoice"
	"paidup/internal/textwidth"
	"paidup/ledger"
	"paidup/reminders"
	"paidup/reports"
)

// lineFlags collects repeated --line values.
type lineFlags []string

func (l *lineFlags) String() string     { return strings.Join(*l, ", ") }
func (l *lineFlags) Set(s string) error { *l = append(*l, s); return nil }

// lineForms reads --line values, "DESCRIPTION;QUANTITY;UNIT_PRICE[;TAX_RATE[;DISCOUNT[;VAT_CATEGORY[;UNIT]]]]"
// (a ";" inside the description is written "\;"), with the default tax
// rate and discount for lines that give none. The VAT category and unit
// are for e-invoices; an exempt (E) line takes its reason from vatReason.
func lineForms(lines []string, taxRate, discount string, vatReason ...string) ([]app.LineForm, error) {
	var out []app.LineForm
	for i, s := range lines {
		parts := splitEscaped(s, ';')
		if len(parts) < 3 || len(parts) > 7 {
			return nil, usagef("--line %d %q: write DESCRIPTION;QUANTITY;UNIT_PRICE[;TAX_RATE[;DISCOUNT[;VAT_CATEGORY[;UNIT]]]]", i+1, s)
		}
		f := app.LineForm{Description: parts[0], Quantity: parts[1], UnitPrice: parts[2], TaxRate: taxRate, Discount: discount}
		if len(parts) > 5 {
			f.VATCategory = parts[5]
			if strings.EqualFold(strings.TrimSpace(parts[5]), "E") && len(vatReason) > 0 {
				f.VATReason = vatReason[0]
			}
		}
		if len(parts) > 6 {
			f.UnitCode = parts[6]
		}
		if len(parts) > 3 && strings.TrimSpace(parts[3]) != "" {
			f.TaxRate = parts[3]
		}
		if len(parts) > 4 && strings.TrimSpace(parts[4]) != "" {
			f.Discount = parts[4]
		}
		out = append(out, f)
	}
	return out, nil
}

// splitEscaped splits s at sep, except where sep is preceded by a backslash.
func splitEscaped(s string, sep rune) []string {
	var parts []string
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '\\' && i+1 < len(rs) && rs[i+1] == sep:
			b.WriteRune(sep)
			i++
		case rs[i] == sep:
			parts = append(parts, b.String())
			b.Reset()
		default:
			b.WriteRune(rs[i])
		}
	}
	return append(parts, b.String())
}

func invoiceCommand() command {
	return command{
		name: "invoice", args: "new --customer CODE --line 'DESC;QTY;PRICE[;TAX%[;DISC%[;VAT_CAT[;UNIT]]]]'… [--service-from DATE] [--service-to DATE] [--payment-means M] [--discount-terms P/D] [--issue] | issue DRAFT_ID | show NUMBER|--id ID | list [filters] | pdf NUMBER [--facturx] [-o FILE] | xml NUMBER [--format cii|ubl|xrechnung-cii|xrechnung-ubl] [-o FILE] | email NUMBER [--queue-only]",
		summary: "write invoices (a draft, then issued), show and list them, print one as a PDF or an e-invoice (EN 16931 XML), email one",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var (
				lines                                         lineFlags
				customer, reference, notes, taxRate, discount string
				date, due, from, to                           time.Time
				issue, open, overdue, desc                    bool
				out, format, status, search, sort             string
				id                                            int64
				limit, offset                                 int
			)
			fs.StringVar(&customer, "customer", "", "new, list: the customer's `CODE`")
			fs.Var(&lines, "line", "new: a line `DESC;QTY;PRICE[;TAX%[;DISC%[;VAT_CATEGORY[;UNIT]]]]`, repeated for each line")
			var serviceFrom, serviceTo time.Time
			var paymentMeans, vatReason string
			fs.Var(dateValue{&serviceFrom}, "service-from", "new: date of delivery, or first day of the service period `YYYY-MM-DD` (e-invoices)")
			fs.Var(dateValue{&serviceTo}, "service-to", "new: last day of the service period `YYYY-MM-DD` (e-invoices)")
			fs.StringVar(&paymentMeans, "payment-means", "", "new: transfer, sepa, card, direct-debit, cash or other (default: a transfer to payment.iban)")
			fs.StringVar(&vatReason, "vat-reason", "", "new: the exemption `REASON` printed for lines of VAT category E (or AE, K, G, O)")
			fs.StringVar(&taxRate, "tax-rate", "", "new: tax rate in `PERCENT` for lines that give none")
			fs.StringVar(&discount, "discount", "", "new: discount in `PERCENT` for lines that give none")
			var discTerms discountFlag
			fs.Var(&discTerms, "discount-terms", "new: "+discountUsage+" (default: the customer's)")
			fs.Var(dateValue{&date}, "date", "new: issue date `YYYY-MM-DD` (default today)")
			fs.Var(dateValue{&due}, "due", "new: due date `YYYY-MM-DD` (default: the date plus the customer's terms)")
			fs.StringVar(&reference, "reference", "", "new: the customer's order number or your reference")
			fs.StringVar(&notes, "notes", "", "new: notes printed on the invoice")
			fs.BoolVar(&issue, "issue", false, "new: issue at once instead of keeping a draft")
			var facturX bool
			fs.BoolVar(&facturX, "facturx", false, "pdf: a Factur-X PDF (PDF/A-3 with the invoice's EN 16931 XML inside), whatever invoice.einvoice says")
			var overrideHold string
			var queueOnly bool
			fs.BoolVar(&queueOnly, "queue-only", false, "email: put it in the outbox for the next paidup remind --send instead of sending now")
			fs.StringVar(&overrideHold, "override-hold", "", "new --issue, issue: invoice a customer on hold anyway, for `REASON` (kept with the invoice)")
			fs.Int64Var(&id, "id", 0, "show: the document `ID` (drafts have no number)")
			fs.StringVar(&out, "o", "", "pdf, xml: write to `FILE` or into a folder (default NUMBER.pdf, NUMBER.FORMAT.xml; - for stdout)")
			fs.StringVar(&format, "format", "table", "table or json; xml: cii, ubl, xrechnung-cii or xrechnung-ubl (default: the customer's e-invoice format)")
			fs.StringVar(&status, "status", "", "list: draft, issued or void")
			fs.BoolVar(&open, "open", false, "list: only invoices with something open")
			fs.BoolVar(&overdue, "overdue", false, "list: only open invoices past their due date")
			fs.StringVar(&search, "search", "", "list: numbers starting with `TEXT`")
			fs.Var(dateValue{&from}, "from", "list: issued on or after `YYYY-MM-DD`")
			fs.Var(dateValue{&to}, "to", "list: issued on or before `YYYY-MM-DD`")
			fs.StringVar(&sort, "sort", "date", "list: date, due, number, customer, total or open")
			fs.BoolVar(&desc, "desc", false, "list: in descending order")
			fs.IntVar(&limit, "limit", 100, "list: at most `N` invoices (1 to 1000)")
			fs.IntVar(&offset, "offset", 0, "list: skip the first `N`")
			return func(ctx context.Context, args []string) error {
				if len(args) == 0 {
					return usagef("invoice needs an action: new, issue, show, list or pdf")
				}
				action, args := args[0], args[1:]
				if action == "xml" {
					if len(args) != 1 {
						return usagef("invoice xml needs one invoice (or credit note) NUMBER")
					}
					if format == "table" { // not given: the customer's format
						format = ""
					} else if _, err := einvoice.ParseFormat(format); err != nil {
						return usagef("invoice xml --format must be cii, ubl, xrechnung-cii or xrechnung-ubl")
					}
					return invoiceXML(ctx, e, args[0], format, out)
				}
				f, err := app.ParseFormat(format, app.FormatTable, app.FormatJSON)
				if err != nil {
					return usagef("--format must be table or json")
				}
				switch action {
				case "pdf":
					if len(args) != 1 {
						return usagef("invoice pdf needs one invoice or credit note NUMBER")
					}
					return invoicePDF(ctx, e, args[0], out, facturX)
				case "email":
					if len(args) != 1 {
						return usagef("invoice email needs one invoice NUMBER")
					}
					return invoiceEmail(ctx, e, args[0], !queueOnly)
				case "new":
					if len(args) != 0 {
						return usagef("invoice new takes flags only: --customer CODE --line …")
					}
					if customer == "" || len(lines) == 0 {
						return usagef("invoice new needs --customer CODE and at least one --line")
					}
				case "issue":
					if len(args) != 1 {
						return usagef("invoice issue needs the draft's ID (invoice list --status draft)")
					}
				case "show":
					if (len(args) == 1) == (id != 0) {
						return usagef("invoice show needs one invoice NUMBER, or --id ID")
					}
				case "list":
					if len(args) != 0 {
						return usagef("invoice list takes no arguments")
					}
				default:
					return usagef("unknown invoice action %q: use new, issue, show, list, pdf, xml or email", action)
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				switch action {
				case "new":
					c, err := a.CustomerByCode(ctx, customer)
					if err != nil {
						return err
					}
					forms, err := lineForms(lines, taxRate, discount, vatReason)
					if err != nil {
						return err
					}
					in := ledger.InvoiceInput{CustomerCode: c.Code, Date: a.Today(), DueDate: due, Reference: reference, Notes: notes,
						ServiceFrom: serviceFrom, ServiceTo: serviceTo, PaymentMeans: paymentMeans}
					if !date.IsZero() {
						in.Date = date
					}
					if in.Lines, err = app.ParseLines(c.Currency, forms); err != nil {
						return err
					}
					if in.Discount, err = discTerms.terms(); err != nil {
						return err
					}
					draft, err := a.SaveDraft(ctx, 0, in)
					if err != nil {
						return err
					}
					if !issue {
						doc, err := a.DocumentByID(ctx, draft)
						if err != nil {
							return err
						}
						if f == app.FormatTable {
							fmt.Fprintf(e.stdout, "draft %d saved for %s: %s (issue it with: paidup invoice issue %d)\n", draft, c.Code, doc.Total, draft)
							return nil
						}
						return reports.WriteJSON(e.stdout, toDocumentJSON(doc, nil))
					}
					return issueDraft(ctx, e, a, f, draft, overrideHold)
				case "issue":
					draft, err := strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64)
					if err != nil {
						return usagef("invoice issue needs the draft's ID, a number, not %q", args[0])
					}
					return issueDraft(ctx, e, a, f, draft, overrideHold)
				case "show":
					var doc ledger.Document
					if id != 0 {
						doc, err = a.DocumentByID(ctx, id)
					} else {
						doc, err = a.Document(ctx, args[0])
					}
					if err != nil {
						return err
					}
					return showDocument(ctx, e.stdout, a, f, doc)
				}
				rows, err := a.FindDocuments(ctx, ledger.DocumentFilter{Kind: ledger.KindInvoice, Status: ledger.Status(status),
					Open: open, Overdue: overdue, Customer: customer, From: from, To: to, Search: search,
					Sort: ledger.DocumentSort(sort), Desc: desc, Limit: limit, Offset: offset})
				if err != nil {
					return err
				}
				return printDocuments(e.stdout, f, rows)
			}
		},
	}
}

// issueDraft issues a draft invoice and says what was posted, and warns
// (on stderr) when it takes the customer over its credit limit.
func issueDraft(ctx context.Context, e *env, a *app.App, f app.Format, draft int64, overrideHold string) error {
	doc, warn, err := a.IssueDraftChecked(ctx, draft, overrideHold)
	if errors.Is(err, ledger.ErrOnHold) {
		return fmt.Errorf("%w; draft %d is kept: issue it anyway with paidup invoice issue %d --override-hold REASON", err, draft, draft)
	}
	if err != nil {
		return err
	}
	if warn != nil {
		fmt.Fprintf(e.stderr, "paidup: warning: %s\n", warn)
	}
	if f == app.FormatJSON {
		return reports.WriteJSON(e.stdout, toDocumentJSON(doc, nil))
	}
	fmt.Fprintf(e.stdout, "issued invoice %s to %s: %s, due %s\n", doc.Number, doc.CustomerCode, doc.Total, day(doc.DueDate))
	return nil
}

// invoicePDF is `paidup invoice pdf NUMBER [--facturx] [-o FILE]`: an invoice or a
// credit note.
func invoicePDF(ctx context.Context, e *env, number, out string, facturX bool) error {
	a, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	if out == "" {
		out = app.InvoiceFileName(number)
	}
	if facturX {
		return e.write(out, func(w io.Writer) error { return a.FacturXPDF(ctx, w, number) })
	}
	return e.write(out, func(w io.Writer) error { return a.InvoicePDF(ctx, w, number) })
}

// invoiceXML is `paidup invoice xml NUMBER [--format F] [-o FILE|DIR|-]`:
// the e-invoice, in the customer's format unless one is given.
func invoiceXML(ctx context.Context, e *env, number, format, out string) error {
	a, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	if out == "-" {
		return a.EInvoice(ctx, e.stdout, number, format)
	}
	path, err := a.SaveEInvoice(ctx, number, format, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %s\n", path)
	return nil
}

// invoiceEmail sends an invoice with its PDF through the outbox, once
// per invoice: queued, then (send) delivered with whatever else waits.
func invoiceEmail(ctx context.Context, e *env, number string, send bool) error {
	a, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := a.EmailInvoice(ctx, number, send)
	if err != nil {
		return err
	}
	return printSentOnDemand(e, rep, "invoice email", "invoice "+number)
}

// printSentOnDemand reports an email sent on demand (an invoice, a
// statement) through the outbox: queued only when rep is nil, else every
// message the send delivered with it, and a failure as exit status 1.
func printSentOnDemand(e *env, rep *reminders.Report, command, what string) error {
	if rep == nil {
		fmt.Fprintf(e.stdout, "%s is in the outbox; paidup remind --send sends it\n", what)
		return nil
	}
	for _, o := range rep.Outcomes {
		fmt.Fprintf(e.stdout, "%s\t#%d\t%s\t%s\t%s\n", o.Status, o.ID, o.Customer, o.To, oneLine(o.Response))
	}
	if !rep.OK() {
		fmt.Fprintf(e.stderr, "paidup %s: %d sent, %d failed, %d deferred, %d in doubt; see above (paidup remind log)\n",
			command, rep.Sent, rep.Failed, rep.Deferred, rep.Unknown)
		return silentError{}
	}
	fmt.Fprintf(e.stdout, "sent %s (%d message(s) in all)\n", what, rep.Sent)
	return nil
}

// showDocument prints any document with its lines, taxes and allocations.
func showDocument(ctx context.Context, w io.Writer, a *app.App, f app.Format, doc ledger.Document) error {
	allocs, err := a.Allocations(ctx, doc.ID)
	if err != nil {
		return err
	}
	var offer ledger.DiscountOffer
	if doc.Kind == ledger.KindInvoice {
		if offer, err = a.InvoiceDiscountByID(ctx, doc.ID); err != nil {
			return err
		}
	}
	if f == app.FormatJSON {
		if doc.Kind == ledger.KindInvoice {
			return reports.WriteJSON(w, struct {
				documentJSON
				discountJSON
			}{toDocumentJSON(doc, allocs), toDiscountJSON(offer)})
		}
		return reports.WriteJSON(w, toDocumentJSON(doc, allocs))
	}
	name := doc.Number
	if name == "" {
		name = fmt.Sprintf("draft %d", doc.ID)
	}
	fmt.Fprintf(w, "%s %s (%s) — %s %s\n", strings.ReplaceAll(string(doc.Kind), "_", " "), name, doc.Status, doc.CustomerCode, doc.CustomerName)
	fmt.Fprintf(w, "Date %s", day(doc.Date))
	if doc.Kind == ledger.KindInvoice {
		fmt.Fprintf(w, ", due %s", day(doc.DueDate))
	}
	if doc.Reference != "" {
		fmt.Fprintf(w, ", reference %s", doc.Reference)
	}
	fmt.Fprintln(w)
	if !doc.VoidDate.IsZero() {
		fmt.Fprintf(w, "Void on %s: %s\n", day(doc.VoidDate), doc.VoidReason)
	}
	if len(doc.Lines) > 0 {
		tw := textwidth.NewTabWriter(w, 2, true)
		fmt.Fprintf(tw, "\nDescription\tQty\tUnit price\tDisc %%\tTax %%\tNet\t\n")
		cur := doc.Total.Currency
		for _, l := range doc.Lines {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", l.Description, l.Quantity, reports.Amount(l.UnitPrice, cur),
				l.Discount, l.TaxRate, reports.Amount(l.Net, cur))
		}
		tw.Flush()
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "Net %s, tax %s, total %s; open %s\n", doc.Net, doc.Tax, doc.Total, doc.Open)
	printDiscountLine(w, offer)
	for _, al := range allocs {
		void := ""
		if !al.VoidDate.IsZero() {
			void = " (void " + day(al.VoidDate) + ")"
		}
		fmt.Fprintf(w, "  %s %s → %s: %s%s\n", day(al.Date), al.CreditNumber, al.InvoiceNumber, al.Amount, void)
	}
	return nil
}

// printDocuments prints a page of documents.
func printDocuments(w io.Writer, f app.Format, rows []ledger.DocumentRow) error {
	if f == app.FormatJSON {
		arr := reports.NewJSONArray(w)
		for _, r := range rows {
			if err := arr.Add(toDocumentRowJSON(r)); err != nil {
				return err
			}
		}
		return arr.Close()
	}
	tw := textwidth.NewTabWriter(w, 2, false)
	fmt.Fprintf(tw, "Number\tCustomer\tStatus\tDate\tDue\tCurrency\tTotal\tOpen\n")
	for _, r := range rows {
		number := r.Number
		if number == "" {
			number = fmt.Sprintf("(draft %d)", r.ID)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", number, r.CustomerCode, r.Status, day(r.Date), day(r.DueDate),
			r.Total.Currency, r.Total.Plain(), r.Open.Plain())
	}
	return tw.Flush()
}
