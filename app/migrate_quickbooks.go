package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"paidup/ledger"
)

// Moving in from QuickBooks (paidup migrate csv --from quickbooks), Online
// or Desktop, from its exports, told apart by their headings:
//
//   - the transaction list: the report "Transaction List by Customer"
//     (QuickBooks Online: Reports › Transaction List by Customer; Desktop:
//     Reports › Customers & Receivables), with the columns Date,
//     Transaction Type (Desktop: Type), Num (No.), Name or Customer (or
//     grouped by customer, the customer's name on a row of its own),
//     Memo/Description (Memo), Due Date, Amount and Open Balance, exported
//     to CSV (or Excel, saved as CSV). Open Balance is added to the
//     report with "Customize › Columns" (Desktop: "Customize Report ›
//     Columns"): without it nothing says what is open. Its title rows
//     above the headings and the "Total for …" rows are passed over.
//   - optionally the customer list (QuickBooks Online: Sales › Customers
//     › Export to Excel; Desktop: Reports › Customer Contact List), with
//     Customer (Name, Full Name, Display Name As), Company, Email, Phone
//     (Phone Numbers, Main Phone), the billing address (Billing Address,
//     Bill to, or Street, City, State, ZIP code, Country), Currency,
//     Terms ("Net 30": its days) and Tax ID.
//   - optionally the report Sales by Customer Detail (a row per invoice
//     line: Product/Service, Qty, Sales Price, Amount): the invoices'
//     lines (qbLines).
//
// The headings are those of QuickBooks' reports and of its customer
// import/export (Intuit: "Which contact fields are imported", QuickBooks
// Online help; the Transaction List columns Date, Transaction Type, Num,
// Name, Memo, Account, Split, Amount as QuickBooks writes them); see
// testdata/migrate/quickbooks/README.md. Amounts are written with
// thousands separators (1,234.56) and US dates month first (use
// --month-first, as with Xero).
//
// Invoices come whole (one line of their amount unless the sales report
// gives their lines), payments and credit memos with what is unapplied
// of them still open; what they paid is set against the customer's
// invoices oldest first (moveOpenItems). Sales receipts, refunds, estimates,
// journal entries and the like are left out and listed.

// The headings of the lists' columns, each in its Online and Desktop
// names.
var (
	qbType     = []string{"Transaction Type", "Type", "Txn Type"}
	qbNum      = []string{"Num", "No.", "Number", "Invoice No."}
	qbName     = []string{"Name", "Customer", "Customer full name", "Customer Name"}
	qbMemo     = []string{"Memo/Description", "Memo", "Description"}
	qbOpen     = []string{"Open Balance", "Open balance", "Balance"}
	qbCustName = []string{"Customer", "Customer full name", "Full Name", "Display Name As", "Name"}
)

// isQBTransactions says whether headings are the transaction list's.
func isQBTransactions(cols map[string]int) bool {
	return hasAny(cols, qbType...) && hasAny(cols, qbNum...) && hasAny(cols, "Amount") && hasAny(cols, "Date") && !isQBSales(cols)
}

// qbItem and qbQty are the sales report's own columns.
var (
	qbItem = []string{"Product/Service", "Item", "Product/service"}
	qbQty  = []string{"Qty", "Quantity"}
)

// isQBSales says whether headings are the sales report's (a row per
// invoice line: Sales by Customer Detail).
func isQBSales(cols map[string]int) bool {
	return hasAny(cols, qbType...) && hasAny(cols, qbNum...) && hasAny(cols, qbItem...) && hasAny(cols, qbQty...) && hasAny(cols, "Amount")
}

// isQBCustomers says whether headings are the customer list's.
func isQBCustomers(cols map[string]int) bool {
	return hasAny(cols, qbCustName...) && hasAny(cols, "Email", "Phone", "Phone Numbers", "Main Phone", "Company", "Company name",
		"Billing Address", "Bill to", "Street", "Open Balance", "Balance Total")
}

// MigrateQuickBooks moves QuickBooks' exports in: files are its
// transaction list and, optionally, its customer list, in any order; enc
// names their encoding when it is not UTF-8 (windows-1252).
func (a *App) MigrateQuickBooks(ctx context.Context, files []string, enc string, paidOn time.Time, monthFirst, dryRun bool) (*MigrationReport, error) {
	var txns, custs, sales *csvTable
	for _, f := range files {
		t, err := readCSVTable(f, enc, func(cols map[string]int) bool {
			return isQBTransactions(cols) || isQBSales(cols) || isQBCustomers(cols)
		})
		if err != nil {
			return nil, err
		}
		switch {
		case isQBTransactions(t.cols):
			if txns != nil {
				return nil, ledger.Errorf(ledger.EINVALID, "%s and %s are both transaction lists: name one", txns.name, t.name)
			}
			txns = t
		case isQBSales(t.cols):
			sales = t
		case isQBCustomers(t.cols):
			custs = t
		default:
			return nil, ledger.Errorf(ledger.EINVALID, "%s is neither QuickBooks' transaction list (Date, Transaction Type, Num, Amount, Open Balance) nor its customer list (Customer, Email, Phone…)", t.name)
		}
	}
	if txns == nil {
		return nil, ledger.Errorf(ledger.EINVALID, "name QuickBooks' transaction list (the report Transaction List by Customer, with Date, Transaction Type, Num, Amount and Open Balance)")
	}
	if txns.heading(qbOpen...) == "" {
		return nil, ledger.Errorf(ledger.EINVALID, "%s: no column Open Balance: add it to the report (Customize › Columns) and export it again", txns.name)
	}
	home, err := a.Setting(ctx, "business.currency", "")
	if err != nil {
		return nil, err
	}
	o := &openItems{from: "QuickBooks"}
	curOf := map[string]string{} // customer name → currency in the list
	if custs != nil {
		for i, row := range custs.rows {
			name := strings.TrimSpace(custs.cell(row, qbCustName...))
			if name == "" || strings.HasPrefix(strings.ToLower(name), "total") {
				continue
			}
			if strings.Contains(name, ":") {
				continue // a job ("Customer:Job"): its customer owes for it
			}
			c := &srcCustomer{name: name, email: custs.cell(row, "Email", "Main Email"), phone: custs.cell(row, "Phone", "Phone Numbers", "Main Phone"),
				taxID: custs.cell(row, "Tax ID", "Tax Registration Number", "Business ID No."), terms: -1}
			if co := custs.cell(row, "Company", "Company name"); co != "" && !strings.EqualFold(co, name) {
				c.address = co + "\n"
			}
			if addr := custs.cell(row, "Billing Address", "Bill to", "Bill To"); addr != "" {
				c.address += joinAddress(strings.Split(addr, "\n")...)
			} else {
				c.address += joinAddress(custs.cell(row, "Street", "Billing Address Line 1", "Street Address"), custs.cell(row, "Billing Address Line 2"),
					strings.TrimSpace(custs.cell(row, "City")+" "+custs.cell(row, "State")+" "+custs.cell(row, "ZIP code", "Zip", "Postal code")),
					custs.cell(row, "Country"))
			}
			c.address = strings.TrimSpace(c.address)
			if cur := strings.ToUpper(custs.cell(row, "Currency")); cur != "" {
				// "USD United States Dollar" as Online writes it: the code.
				cur = strings.Fields(cur)[0]
				if !ledger.ValidCurrency(cur) {
					o.bad("%s: %q is not a currency code", custs.where(i, custs.heading("Currency")), cur)
					continue
				}
				c.currency = cur
				curOf[strings.ToLower(name)] = cur
			}
			if t := custs.cell(row, "Terms"); t != "" {
				if n, ok := qbTermsDays(t); ok {
					c.terms = n
				} else {
					o.skip("%s:%d: %s: terms %q are not a number of days: the default terms apply", custs.name, custs.line(i), name, t)
				}
			}
			o.custs = append(o.custs, c)
		}
	}

	tcol, ncol, ocol := txns.heading(qbType...), txns.heading(qbNum...), txns.heading(qbOpen...)
	// A payment's Num is the customer's cheque number or reference: two
	// customers' cheques, or a cheque and an invoice, may share it. It is
	// the payment's number only when nothing else in the list has it.
	uses := map[string]int{}
	for _, row := range txns.rows {
		if n := strings.ToLower(txns.get(row, ncol)); n != "" && txns.get(row, tcol) != "" {
			uses[n]++
		}
	}
	group := "" // the customer of a report grouped by customer
	noCurrency := false
	for i, row := range txns.rows {
		typ := txns.get(row, tcol)
		if typ == "" {
			// A customer's name on its own row heads its group; totals,
			// blank rows and the report's footer are passed over.
			var filled []string
			for _, v := range row {
				if v = strings.TrimSpace(v); v != "" {
					filled = append(filled, v)
				}
			}
			if len(filled) == 1 && !strings.HasPrefix(strings.ToLower(filled[0]), "total") {
				group = filled[0]
			}
			continue
		}
		where := func(col string) string { return txns.where(i, col) }
		line := txns.line(i)
		name := txns.cell(row, qbName...)
		if name == "" {
			name = group
		}
		// A job of a customer is "Customer:Job": the customer owes it.
		if c, _, ok := strings.Cut(name, ":"); ok && c != "" {
			name = c
		}
		num := txns.get(row, ncol)
		kind := strings.ToLower(typ)
		switch kind {
		case "invoice", "payment", "credit memo":
		case "statement charge": // Desktop's charge on account: owed like an invoice
			kind = "invoice"
			if num == "" {
				num = fmt.Sprintf("QB-SC-%d", line)
			}
		default:
			// What QuickBooks still counts open of it is said, so that the
			// report's totals are not taken for all that was open there.
			open := ""
			if raw := txns.get(row, ocol); strings.Trim(raw, "0.,-()$ ") != "" {
				open = fmt.Sprintf(" (%s open there, not moved in)", raw)
			}
			o.skip("%s:%d: %s %s: a %s, not an invoice, payment or credit memo%s", txns.name, line, typ, num, typ, open)
			continue
		}
		if name == "" {
			o.bad("%s: no customer", where("Name"))
			continue
		}
		cur := strings.ToUpper(txns.cell(row, "Currency"))
		if cur == "" {
			cur = curOf[strings.ToLower(name)]
		}
		if cur == "" {
			cur = home
		}
		if cur == "" {
			// Said once for the file: every row would say it again.
			if !noCurrency {
				noCurrency = true
				o.bad("%s:%d: no currency: the files name none for %s; set your home currency (paidup settings set business.currency USD), or export the Currency column or the customer list with it", txns.name, line, name)
			}
			continue
		}
		if !ledger.ValidCurrency(cur) {
			o.bad("%s: %q is not a currency code", where("Currency"), cur)
			continue
		}
		date, err := csvDate(txns.cell(row, "Date"), monthFirst)
		if err != nil {
			o.bad("%s: %v", where("Date"), err)
			continue
		}
		amount, err := moneyCell(txns.cell(row, "Amount"), cur)
		if err != nil {
			o.bad("%s: %v", where("Amount"), err)
			continue
		}
		open, err := moneyCell(txns.get(row, ocol), cur)
		if err != nil {
			if strings.TrimSpace(txns.get(row, ocol)) == "" {
				open, err = 0, nil
			} else {
				o.bad("%s: %v", where(ocol), err)
				continue
			}
		}
		memo := txns.cell(row, qbMemo...)
		if kind == "invoice" {
			if num == "" {
				o.bad("%s: an invoice without its number", where(ncol))
				continue
			}
			if amount < 0 {
				o.bad("%s: invoice %s of %s: an invoice of less than nothing", where("Amount"), num, ledger.NewMoney(amount, cur).Plain())
				continue
			}
			in := &srcInvoice{file: txns.name, line: line, customer: name, number: num, desc: memo, cur: cur, date: date, total: amount, open: open}
			if s := txns.cell(row, "Due Date", "Due date"); s != "" {
				if in.due, err = csvDate(s, monthFirst); err != nil {
					o.bad("%s: %v", where(txns.heading("Due Date", "Due date")), err)
					continue
				}
			}
			o.invoices = append(o.invoices, in)
			continue
		}
		// Payments and credit memos reduce what is owed: QuickBooks
		// writes them negative in some reports, positive in others.
		if amount < 0 {
			amount, open = -amount, -open
		}
		if open < 0 {
			open = -open
		}
		cr := &srcCredit{file: txns.name, line: line, payment: kind == "payment", customer: name, number: num, ref: memo, cur: cur, date: date, amount: amount, open: open, desc: memo}
		if cr.number == "" || (cr.payment && uses[strings.ToLower(cr.number)] > 1) {
			// No number of its own: its line makes one; the Num stays
			// its reference.
			cr.ref = strings.TrimSpace(cr.number + " " + memo)
			cr.number = fmt.Sprintf("QB-%s-%d", map[bool]string{true: "PMT", false: "CM"}[cr.payment], line)
		}
		if amount == 0 {
			o.skip("%s:%d: %s %s: nothing paid", txns.name, line, typ, num)
			continue
		}
		o.credits = append(o.credits, cr)
	}
	if sales != nil {
		qbLines(o, sales)
	}
	return a.moveOpenItems(ctx, o, paidOn, dryRun)
}

// qbLines gives the invoices their lines from the sales report (Sales by
// Customer Detail: Date, Transaction Type, Num, Product/Service,
// Memo/Description, Qty, Sales Price, Amount, grouped by customer): each
// Invoice row a line of its Qty at its Sales Price, or, when that is not
// its Amount to the cent, one of its Amount. The report leaves sales tax
// out: moveOpenItems finds the rate that gives the invoice's total back,
// or moves the invoice in as one line of its total.
func qbLines(o *openItems, t *csvTable) {
	byNum := map[string]*srcInvoice{}
	for _, in := range o.invoices {
		byNum[in.number] = in
	}
	tcol, ncol := t.heading(qbType...), t.heading(qbNum...)
	for i, row := range t.rows {
		if !strings.EqualFold(t.get(row, tcol), "invoice") {
			continue
		}
		in := byNum[t.get(row, ncol)]
		if in == nil {
			continue // not an invoice that moves in
		}
		amount, err := moneyCell(t.cell(row, "Amount"), in.cur)
		if err != nil {
			o.bad("%s: %v", t.where(i, "Amount"), err)
			continue
		}
		desc := t.cell(row, qbMemo...)
		if item := t.cell(row, qbItem...); desc == "" {
			desc = item
		}
		if desc == "" {
			desc = "invoice " + in.number
		}
		l := ledger.Line{Description: desc, Quantity: ledger.D4(1), UnitPrice: amount}
		qty, err1 := ledger.ParseDecimal4(LocalNumber(t.cell(row, qbQty...), "en-US"))
		price, err2 := moneyCell(t.cell(row, "Sales Price", "Sales price", "Rate", "Price"), in.cur)
		if err1 == nil && err2 == nil && qty > 0 {
			if net, err := ledger.LineNet(qty, price, 0); err == nil && net == amount {
				l.Quantity, l.UnitPrice = qty, price
			}
		}
		in.lines = append(in.lines, l)
	}
}

// qbTermsDays reads QuickBooks' terms ("Net 30", "Net 15", "Due on
// receipt", "30") as days.
func qbTermsDays(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "due on receipt" {
		return 0, true
	}
	s = strings.TrimSpace(strings.TrimPrefix(s, "net"))
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}
