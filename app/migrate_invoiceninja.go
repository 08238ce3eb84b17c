package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"paidup/ledger"
)

// Moving in from Invoice Ninja (paidup migrate csv --from invoiceninja),
// version 5, from its exports (Settings › Export, or Reports › Export:
// one CSV file each of clients, invoices, payments and credits), told
// apart by their headings, in any order. Invoice Ninja writes each
// column's heading in the company's language ("Invoice Number"); its
// reports name them by their keys ("invoice.number"): both are read. The
// columns read (app/Export/CSV/BaseExport.php in invoiceninja/invoiceninja,
// $client_report_keys, $invoice_report_keys, $payment_report_keys,
// $credit_report_keys, with English headings; see
// testdata/migrate/invoiceninja/README.md):
//
//   - clients: Name (client.name), Number (client.number: the customer
//     code), Currency (client.currency_id), Email (contact.email), Phone
//     (client.phone), Street, Apt/Suite, City, State/Province, Postal
//     Code, Country (client.address1 …), VAT Number (client.vat_number),
//     Payment Terms (client.payment_terms, in days);
//   - invoices: Name (client.name), Currency, Invoice Number
//     (invoice.number), Amount (invoice.amount), Balance
//     (invoice.balance), Date, Due Date, Status, PO Number, Tax Amount
//     (invoice.total_taxes);
//   - payments: Name, Date, Amount (payment.amount), Refunded, Applied,
//     Number (payment.number), Transaction Reference, Currency, Status and
//     the invoices it paid (invoice.number, "INV-1, INV-2");
//   - credits: Name, Currency, Credit Number (credit.number), Amount,
//     Balance, Date, Status.
//
// Invoices come whole, as one line of their amount less their taxes at
// the rate that gives those taxes back (the export carries no lines);
// payments with what is unapplied of them (Amount less Refunded less
// Applied), set against the invoices they name; credits with what is
// open of them. Drafts, cancelled and reversed invoices, and cancelled or
// failed payments, are left out and listed.

var (
	inName     = []string{"client.name", "Name", "Client Name", "Client"}
	inCurrency = []string{"client.currency_id", "Currency", "Client Currency", "payment.currency"}
	inInvNum   = []string{"invoice.number", "Invoice Number"}
	inCredNum  = []string{"credit.number", "Credit Number"}
	inApplied  = []string{"payment.applied", "Applied"}
	// The invoice-items export: a row per line, the invoice's columns on
	// each. Its unit price is item.cost ("Unit Cost" in older versions,
	// where "Cost" was the product's cost price; "Cost" in newer ones).
	inQty  = []string{"item.quantity", "Quantity", "Item Quantity"}
	inCost = []string{"item.cost", "Unit Cost", "Item Cost", "Cost"}
)

// MigrateInvoiceNinja moves Invoice Ninja's exports in: files are its
// invoices export and, optionally, its clients, payments and credits
// exports, in any order; enc names their encoding when not UTF-8.
func (a *App) MigrateInvoiceNinja(ctx context.Context, files []string, enc string, paidOn time.Time, monthFirst, dryRun bool) (*MigrationReport, error) {
	var clients, invoices, items, payments, credits *csvTable
	for _, f := range files {
		t, err := readCSVTable(f, enc, nil)
		if err != nil {
			return nil, err
		}
		var slot **csvTable
		switch {
		case t.heading(inCredNum...) != "":
			slot = &credits
		case t.heading(inApplied...) != "" || t.has("payment.amount"):
			slot = &payments
		case t.heading(inQty...) != "" && t.heading(inCost...) != "":
			slot = &items
		case t.heading(inInvNum...) != "" && t.heading("invoice.balance", "Balance") != "":
			slot = &invoices
		case t.heading(inName...) != "":
			slot = &clients
		default:
			return nil, ledger.Errorf(ledger.EINVALID, "%s is none of Invoice Ninja's exports of clients (Name…), invoices (Invoice Number, Balance…), payments (Applied…) or credits (Credit Number…)", t.name)
		}
		if *slot != nil {
			return nil, ledger.Errorf(ledger.EINVALID, "%s and %s are the same export: name each once", (*slot).name, t.name)
		}
		*slot = t
	}
	if invoices == nil {
		invoices = items // its invoice columns on each line
	}
	if invoices == nil {
		return nil, ledger.Errorf(ledger.EINVALID, "name Invoice Ninja's invoices export (the file with Invoice Number, Amount and Balance)")
	}
	invNum := func(t *csvTable) []string {
		if t == items {
			return append(inInvNum[:len(inInvNum):len(inInvNum)], "Number") // older item exports: "Number"
		}
		return inInvNum
	}
	for _, col := range [][]string{inName, invNum(invoices), {"invoice.amount", "Amount"}, {"invoice.balance", "Balance"}, {"invoice.date", "Date"}} {
		if invoices.heading(col...) == "" {
			return nil, ledger.Errorf(ledger.EINVALID, "%s: no column %s (%s): export the invoices with it", invoices.name, col[len(col)-1], col[0])
		}
	}
	home, err := a.Setting(ctx, "business.currency", "")
	if err != nil {
		return nil, err
	}
	o := &openItems{from: "Invoice Ninja"}
	currency := func(t *csvTable, i int, row []string) (string, bool) {
		cur := strings.ToUpper(t.cell(row, inCurrency...))
		if cur == "" {
			cur = home
		}
		if !ledger.ValidCurrency(cur) {
			o.bad("%s: %q is not a currency code", t.where(i, t.heading(inCurrency...)), cur)
			return "", false
		}
		return cur, true
	}
	date := func(t *csvTable, i int, row []string, names ...string) (time.Time, bool) {
		s := t.cell(row, names...)
		if s == "" {
			return time.Time{}, true
		}
		d, err := csvDate(s, monthFirst)
		if err != nil {
			o.bad("%s: %v", t.where(i, t.heading(names...)), err)
			return time.Time{}, false
		}
		return d, true
	}
	amount := func(t *csvTable, i int, row []string, cur string, names ...string) (int64, bool) {
		s := t.cell(row, names...)
		if s == "" {
			return 0, true
		}
		n, err := moneyCell(s, cur)
		if err != nil {
			o.bad("%s: %v", t.where(i, t.heading(names...)), err)
			return 0, false
		}
		return n, true
	}

	if clients != nil {
		for i, row := range clients.rows {
			name := clients.cell(row, inName...)
			if name == "" {
				continue
			}
			c := &srcCustomer{name: name, code: clients.cell(row, "client.number", "Number", "Client Number"), email: clients.cell(row, "contact.email", "Email", "Contact Email"),
				phone: clients.cell(row, "client.phone", "Phone", "contact.phone", "Work Phone"), taxID: clients.cell(row, "client.vat_number", "VAT Number"), terms: -1}
			c.address = joinAddress(clients.cell(row, "client.address1", "Street", "Address1"), clients.cell(row, "client.address2", "Apt/Suite", "Address2"),
				strings.TrimSpace(clients.cell(row, "client.postal_code", "Postal Code")+" "+clients.cell(row, "client.city", "City")),
				clients.cell(row, "client.state", "State/Province", "State"), clients.cell(row, "client.country_id", "Country"))
			if s := clients.cell(row, inCurrency...); s != "" {
				cur, ok := currency(clients, i, row)
				if !ok {
					continue
				}
				c.currency = cur
			}
			if s := clients.cell(row, "client.payment_terms", "Payment Terms"); s != "" {
				if n, err := strconv.Atoi(s); err == nil && n >= 0 {
					c.terms = n
				} else {
					o.skip("%s:%d: %s: payment terms %q are not a number of days: the default terms apply", clients.name, clients.line(i), name, s)
				}
			}
			o.custs = append(o.custs, c)
		}
	}

	once := map[string]bool{} // the items export repeats an invoice on each of its lines
	for i, row := range invoices.rows {
		num := invoices.cell(row, invNum(invoices)...)
		name := invoices.cell(row, inName...)
		if num == "" && name == "" {
			continue
		}
		if invoices == items {
			if once[num] {
				continue
			}
			once[num] = true
		}
		switch st := strings.ToLower(invoices.cell(row, "invoice.status", "Status")); st {
		case "draft", "cancelled", "reversed", "deleted":
			o.skip("%s:%d: %s: %s in Invoice Ninja", invoices.name, invoices.line(i), num, invoices.cell(row, "invoice.status", "Status"))
			continue
		}
		if num == "" {
			o.bad("%s: an invoice without its number", invoices.where(i, invoices.heading(invNum(invoices)...)))
			continue
		}
		if name == "" {
			o.bad("%s: invoice %s: no client", invoices.where(i, invoices.heading(inName...)), num)
			continue
		}
		cur, ok := currency(invoices, i, row)
		if !ok {
			continue
		}
		in := &srcInvoice{file: invoices.name, line: invoices.line(i), customer: name, number: num, cur: cur,
			ref: invoices.cell(row, "invoice.po_number", "PO Number")}
		var ok1, ok2, ok3, ok4, ok5 bool
		in.date, ok1 = date(invoices, i, row, "invoice.date", "Date")
		in.due, ok2 = date(invoices, i, row, "invoice.due_date", "Due Date")
		in.total, ok3 = amount(invoices, i, row, cur, "invoice.amount", "Amount")
		in.open, ok4 = amount(invoices, i, row, cur, "invoice.balance", "Balance")
		taxCols := []string{"invoice.total_taxes", "Tax Amount"}
		if invoices == items { // there "Tax Amount" is the line's
			taxCols = []string{"invoice.total_taxes", "Invoice Tax Amount", "Total Taxes"}
		}
		in.tax, ok5 = amount(invoices, i, row, cur, taxCols...)
		in.taxKnown = invoices.heading(taxCols...) != ""
		if !(ok1 && ok2 && ok3 && ok4 && ok5) {
			continue
		}
		if in.date.IsZero() {
			o.bad("%s: invoice %s: no date", invoices.where(i, invoices.heading("invoice.date", "Date")), num)
			continue
		}
		o.invoices = append(o.invoices, in)
	}

	if items != nil {
		byNum := map[string]*srcInvoice{}
		for _, in := range o.invoices {
			byNum[in.number] = in
		}
		refused := map[string]bool{}
		for i, row := range items.rows {
			in := byNum[items.cell(row, invNum(items)...)]
			if in == nil || refused[in.number] {
				continue // left out, or not an invoice moving in
			}
			l, ok, why := inLine(items, i, row, in.cur)
			if why != "" {
				o.bad("%s", why)
				continue
			}
			if !ok {
				o.skip("%s:%d: %s: a discount in money on a line (Paidup's are a percentage): moved in as one line of its total", items.name, items.line(i), in.number)
				refused[in.number], in.lines = true, nil
				continue
			}
			in.lines = append(in.lines, l)
		}
	}

	if payments != nil {
		for i, row := range payments.rows {
			name := payments.cell(row, inName...)
			if name == "" {
				continue
			}
			num := payments.cell(row, "payment.number", "Number")
			line := payments.line(i)
			if num == "" {
				num = fmt.Sprintf("IN-PMT-%d", line)
			}
			switch st := strings.ToLower(payments.cell(row, "payment.status", "Status")); st {
			case "cancelled", "failed", "pending":
				o.skip("%s:%d: payment %s: %s in Invoice Ninja", payments.name, line, num, payments.cell(row, "payment.status", "Status"))
				continue
			}
			cur, ok := currency(payments, i, row)
			if !ok {
				continue
			}
			d, ok1 := date(payments, i, row, "payment.date", "Date")
			amt, ok2 := amount(payments, i, row, cur, "payment.amount", "Amount")
			refunded, ok3 := amount(payments, i, row, cur, "payment.refunded", "Refunded")
			applied, ok4 := amount(payments, i, row, cur, inApplied...)
			if !(ok1 && ok2 && ok3 && ok4) {
				continue
			}
			if d.IsZero() {
				o.bad("%s: payment %s: no date", payments.where(i, payments.heading("payment.date", "Date")), num)
				continue
			}
			net := amt - refunded
			if net == 0 {
				o.skip("%s:%d: payment %s: no money kept (refunded, or a credit applied in Invoice Ninja)", payments.name, line, num)
				continue
			}
			if net < 0 || applied > net || applied < 0 {
				o.bad("%s: payment %s: %s applied of %s less %s refunded", payments.where(i, payments.heading(inApplied...)), num,
					ledger.NewMoney(applied, cur).Plain(), ledger.NewMoney(amt, cur).Plain(), ledger.NewMoney(refunded, cur).Plain())
				continue
			}
			cr := &srcCredit{file: payments.name, line: line, payment: true, customer: name, number: num, cur: cur, date: d, amount: net, open: net - applied,
				ref: payments.cell(row, "payment.transaction_reference", "Transaction Reference")}
			for _, n := range strings.Split(payments.cell(row, "invoice.number", "Invoice Invoice Number", "Invoice Number", "Invoice", "Invoices"), ",") {
				if n = strings.TrimSpace(n); n != "" {
					cr.invoices = append(cr.invoices, n)
				}
			}
			o.credits = append(o.credits, cr)
		}
	}

	if credits != nil {
		for i, row := range credits.rows {
			num := credits.cell(row, inCredNum...)
			name := credits.cell(row, inName...)
			if num == "" && name == "" {
				continue
			}
			line := credits.line(i)
			switch st := strings.ToLower(credits.cell(row, "credit.status", "Status")); st {
			case "draft", "cancelled", "reversed":
				o.skip("%s:%d: credit %s: %s in Invoice Ninja", credits.name, line, num, credits.cell(row, "credit.status", "Status"))
				continue
			}
			if num == "" || name == "" {
				o.bad("%s: a credit without its number or client", credits.where(i, credits.heading(inCredNum...)))
				continue
			}
			cur, ok := currency(credits, i, row)
			if !ok {
				continue
			}
			d, ok1 := date(credits, i, row, "credit.date", "Date")
			amt, ok2 := amount(credits, i, row, cur, "credit.amount", "Amount")
			open, ok3 := amount(credits, i, row, cur, "credit.balance", "Balance")
			if !(ok1 && ok2 && ok3) {
				continue
			}
			if d.IsZero() {
				o.bad("%s: credit %s: no date", credits.where(i, credits.heading("credit.date", "Date")), num)
				continue
			}
			if amt == 0 {
				o.skip("%s:%d: credit %s: of nothing", credits.name, line, num)
				continue
			}
			o.credits = append(o.credits, &srcCredit{file: credits.name, line: line, customer: name, number: num, cur: cur, date: d, amount: amt, open: open,
				ref: credits.cell(row, "credit.po_number", "PO Number")})
		}
	}
	return a.moveOpenItems(ctx, o, paidOn, dryRun)
}

// inLine reads a row of the invoice-items export as a line: quantity,
// unit cost, percentage discount, the sum of its three tax rates, its
// notes (else its product) as description. ok is false for a discount in
// money (Paidup's lines take a percentage); why says what is wrong.
func inLine(t *csvTable, i int, row []string, cur string) (l ledger.Line, ok bool, why string) {
	qty, err := ledger.ParseDecimal4(LocalNumber(t.cell(row, inQty...), "en-US"))
	if err != nil {
		return l, false, fmt.Sprintf("%s: %v", t.where(i, t.heading(inQty...)), err)
	}
	price, err := moneyCell(t.cell(row, inCost...), cur)
	if err != nil {
		return l, false, fmt.Sprintf("%s: %v", t.where(i, t.heading(inCost...)), err)
	}
	l = ledger.Line{Description: t.cell(row, "item.notes", "Notes", "Item Notes"), Quantity: qty, UnitPrice: price}
	if l.Description == "" {
		l.Description = t.cell(row, "item.product_key", "Product", "Product Key", "Item Product")
	}
	if l.Description == "" {
		l.Description = "item"
	}
	if s := t.cell(row, "item.discount", "Discount"); s != "" {
		d, err := ledger.ParseDecimal4(s)
		if err != nil {
			return l, false, fmt.Sprintf("%s: %v", t.where(i, t.heading("item.discount", "Discount")), err)
		}
		switch strings.ToLower(t.cell(row, "item.is_amount_discount", "Is Amount Discount")) {
		case "1", "true", "yes":
			if d != 0 {
				return l, false, ""
			}
		}
		l.Discount = d
	}
	for _, names := range [][]string{{"item.tax_rate1", "Tax Rate1", "Tax Rate 1"}, {"item.tax_rate2", "Tax Rate2", "Tax Rate 2"}, {"item.tax_rate3", "Tax Rate3", "Tax Rate 3"}} {
		if s := t.cell(row, names...); s != "" {
			r, err := ledger.ParseDecimal4(s)
			if err != nil {
				return l, false, fmt.Sprintf("%s: %v", t.where(i, t.heading(names...)), err)
			}
			l.TaxRate += r
		}
	}
	return l, true, ""
}
