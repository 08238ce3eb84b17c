package app

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"paidup/ledger"
)

// Moving in from systems whose exports list documents with what is open
// of each (QuickBooks' transaction list, Invoice Ninja's exports): the
// readers (migrate_quickbooks.go, migrate_invoiceninja.go) turn their
// files into openItems, and moveOpenItems turns those into one
// ledger.Migration, written in one transaction or not at all.
//
// What a payment or credit paid is set against invoices: those it names
// (Invoice Ninja), else the customer's invoices oldest first, as the
// source suggests when a payment is received (QuickBooks' exports do not
// say which invoice a payment paid). Set against an invoice dated on or
// before it, on its own date; against a later one, when that invoice was
// issued (a Migration application). What an invoice has paid there that
// no payment or credit in the files accounts for comes as a payment
// dated paidOn, applied to it, as Xero's move does. So what is open of
// each invoice, payment and credit here is what the source says.

// srcCustomer is a customer as the source lists it.
type srcCustomer struct {
	name, code, email, phone, address, taxID, currency string
	terms                                              int // days; -1 unknown
}

// srcInvoice is an invoice: its total and what is still open of it.
type srcInvoice struct {
	file                        string
	line                        int
	customer, number, ref, desc string
	cur                         string
	date, due                   time.Time
	total, open, tax            int64 // tax: of the total, when the export says (0: none or not said)
	taxKnown                    bool
	lines                       []ledger.Line // when the export has them
}

// srcCredit is money the customer has on account: a payment (its amount
// and what is unapplied of it) or a credit note (its total and what is
// open of it). invoices are those it names as paid, if any.
type srcCredit struct {
	file                  string
	line                  int
	payment               bool
	customer, number, ref string
	cur                   string
	date                  time.Time
	amount, open          int64
	invoices              []string
	desc                  string
}

// openItems is what a source's files hold, read.
type openItems struct {
	from     string // "QuickBooks", "Invoice Ninja": in messages and the report
	custs    []*srcCustomer
	invoices []*srcInvoice
	credits  []*srcCredit
	skipped  []string
	probs    MigrationProblems
}

func (o *openItems) bad(format string, args ...any) {
	o.probs = append(o.probs, fmt.Sprintf(format, args...))
}

func (o *openItems) skip(format string, args ...any) {
	o.skipped = append(o.skipped, fmt.Sprintf(format, args...))
}

// moneyCell reads an amount as exports write it: grouped thousands
// ("1,234.56", LocalNumber), a currency sign before it ("$1,234.56") and
// a negative in parentheses ("(1,234.56)") taken off; exact to the
// currency's minor unit, or refused (a fraction of a cent is refused,
// never rounded).
func moneyCell(s, cur string) (int64, error) {
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, strings.TrimSpace(s[1:len(s)-1])
	}
	if strings.HasPrefix(s, "-") {
		neg, s = !neg, strings.TrimSpace(s[1:])
	}
	s = strings.TrimLeft(s, "$£€¥₫")
	m, err := ledger.ParseMoney(LocalNumber(s, "en-US"), cur)
	if err != nil {
		return 0, err
	}
	if neg {
		return -m.Minor, nil
	}
	return m.Minor, nil
}

// csvDate reads a date as exports write it: ISO, or D/M/YYYY, or M/D/YYYY
// when monthFirst; a date that only reads the other way round says so.
func csvDate(s string, monthFirst bool) (time.Time, error) {
	d, err := xeroDate(s, monthFirst)
	if err == nil {
		return d, nil
	}
	if _, err2 := xeroDate(s, !monthFirst); err2 == nil {
		if monthFirst {
			return time.Time{}, fmt.Errorf("%q is not a date month first (MM/DD/YYYY): leave out --month-first if the files' dates are day first", s)
		}
		return time.Time{}, fmt.Errorf("%q is not a date day first (DD/MM/YYYY): the files' dates seem month first (MM/DD/YYYY): add --month-first", s)
	}
	return time.Time{}, err
}

// moveInDefaults are what a customer moved in takes where its source says
// nothing: the business's home currency and the default payment terms.
func (a *App) moveInDefaults(ctx context.Context) (home string, terms int, err error) {
	if home, err = a.Setting(ctx, "business.currency", ""); err != nil {
		return "", 0, err
	}
	days, err := a.Setting(ctx, "customer.terms_days", "30")
	if err != nil {
		return "", 0, err
	}
	terms, _ = strconv.Atoi(days)
	return home, terms, nil
}

// moveOpenItems checks o and moves it in (or, dryRun, says what would).
func (a *App) moveOpenItems(ctx context.Context, o *openItems, paidOn time.Time, dryRun bool) (*MigrationReport, error) {
	home, defTerms, err := a.moveInDefaults(ctx)
	if err != nil {
		return nil, err
	}
	paidOn = a.orToday(paidOn)
	rep := &MigrationReport{From: o.from, Before: map[string]int64{}}

	// The customers, by name: the list's, then those only documents name.
	type cust struct {
		c    ledger.Customer
		curs map[string]bool
		set  bool // currency from the list
	}
	byName := map[string]*cust{}
	codes := map[string]bool{}
	var order []*cust
	add := func(s *srcCustomer) *cust {
		code := s.code
		if code == "" {
			code = codeOf(s.name)
		}
		base := code
		for n := 2; codes[code]; n++ {
			code = fmt.Sprintf("%s-%d", base, n)
		}
		codes[code] = true
		c := &cust{c: ledger.Customer{Code: code, Name: s.name, Email: s.email, Phone: s.phone, Address: s.address, TaxID: s.taxID,
			TermsDays: defTerms, Currency: s.currency}, curs: map[string]bool{}, set: s.currency != ""}
		if s.terms >= 0 {
			c.c.TermsDays = s.terms
		}
		byName[strings.ToLower(s.name)] = c
		order = append(order, c)
		return c
	}
	for _, s := range o.custs {
		if byName[strings.ToLower(s.name)] != nil {
			continue // a contact listed twice: the first counts
		}
		add(s)
	}
	customer := func(name string) *cust {
		if c := byName[strings.ToLower(name)]; c != nil {
			return c
		}
		return add(&srcCustomer{name: name, terms: -1})
	}

	// The invoices: what each has paid there, to be accounted for.
	numbers := map[string]string{} // number → where
	paidLeft := map[*srcInvoice]int64{}
	byCust := map[*cust][]*srcInvoice{}
	invByNumber := map[string]*srcInvoice{}
	seen := func(number, where string) bool {
		if prev, dup := numbers[strings.ToLower(number)]; dup {
			o.bad("%s: number %s is used twice (first at %s): numbers must be unique", where, number, prev)
			return true
		}
		numbers[strings.ToLower(number)] = where
		return false
	}
	for _, in := range o.invoices {
		where := fmt.Sprintf("%s:%d", in.file, in.line)
		if seen(in.number, where) {
			continue
		}
		if in.open < 0 || in.open > in.total {
			o.bad("%s: invoice %s: %s is open of a total of %s: correct it there or leave it out", where, in.number,
				ledger.NewMoney(in.open, in.cur).Plain(), ledger.NewMoney(in.total, in.cur).Plain())
			continue
		}
		c := customer(in.customer)
		c.curs[in.cur] = true
		paidLeft[in] = in.total - in.open
		byCust[c] = append(byCust[c], in)
		invByNumber[strings.ToLower(in.number)] = in
		rep.Before[in.cur] += in.open
	}
	for _, list := range byCust {
		sort.SliceStable(list, func(i, j int) bool { return list[i].date.Before(list[j].date) })
	}

	// Payments and credits, oldest first, set against invoices.
	sort.SliceStable(o.credits, func(i, j int) bool { return o.credits[i].date.Before(o.credits[j].date) })
	m := &ledger.Migration{}
	next := map[*cust]int{} // the first of a customer's invoices with something paid not yet accounted for
	for _, cr := range o.credits {
		where := fmt.Sprintf("%s:%d", cr.file, cr.line)
		if seen(cr.number, where) {
			continue
		}
		kind := "credit note"
		if cr.payment {
			kind = "payment"
		}
		if cr.open < 0 || cr.open > cr.amount {
			o.bad("%s: %s %s: %s is open of %s: correct it there or leave it out", where, kind, cr.number,
				ledger.NewMoney(cr.open, cr.cur).Plain(), ledger.NewMoney(cr.amount, cr.cur).Plain())
			continue
		}
		c := customer(cr.customer)
		c.curs[cr.cur] = true
		rep.Before[cr.cur] -= cr.open
		applied := cr.amount - cr.open
		var now []ledger.AllocationInput
		var later []ledger.MigrationApplication
		place := func(in *srcInvoice) {
			n := min(applied, paidLeft[in])
			if n <= 0 || in.cur != cr.cur {
				return
			}
			paidLeft[in] -= n
			applied -= n
			al := ledger.AllocationInput{InvoiceNumber: in.number, Amount: ledger.NewMoney(n, cr.cur)}
			if in.date.After(cr.date) {
				later = append(later, ledger.MigrationApplication{Credit: cr.number, Date: in.date, Apply: []ledger.AllocationInput{al}, File: cr.file, Line: cr.line})
			} else {
				now = append(now, al)
			}
		}
		if len(cr.invoices) > 0 {
			for _, num := range cr.invoices {
				if in := invByNumber[strings.ToLower(num)]; in != nil && strings.EqualFold(in.customer, cr.customer) {
					place(in)
				}
			}
		}
		// What it names is not all it paid: the oldest next. The invoices
		// paid off at the head of the list are passed once, not for every
		// payment (a customer's thousands of payments).
		list := byCust[c]
		for next[c] < len(list) && paidLeft[list[next[c]]] == 0 {
			next[c]++
		}
		for _, in := range list[next[c]:] {
			if applied == 0 {
				break
			}
			place(in)
		}
		if applied > 0 {
			rep.Skipped = append(rep.Skipped, fmt.Sprintf("%s: %s %s: %s of it paid invoices that are not in the files (or are paid there more than once): it stays unapplied credit here",
				where, kind, cr.number, ledger.NewMoney(applied, cr.cur).Plain()))
		}
		if cr.payment {
			m.Payments = append(m.Payments, ledger.MigrationPayment{File: cr.file, Line: cr.line, Payment: ledger.PaymentInput{
				CustomerCode: c.c.Code, Number: cr.number, Date: cr.date, Amount: ledger.NewMoney(cr.amount, cr.cur), Reference: cr.ref, Apply: now}})
		} else {
			desc := cr.desc
			if desc == "" {
				desc = "credit note " + cr.number + " in " + o.from
			}
			m.Credits = append(m.Credits, ledger.MigrationCredit{File: cr.file, Line: cr.line, Total: ledger.NewMoney(cr.amount, cr.cur), Credit: ledger.CreditNoteInput{
				CustomerCode: c.c.Code, Number: cr.number, Date: cr.date, Reference: cr.ref, Apply: now,
				Lines: []ledger.Line{{Description: desc, Quantity: ledger.D4(1), UnitPrice: cr.amount}}}})
		}
		m.Applications = append(m.Applications, later...)
	}

	// The invoices, each with what no payment or credit in the files paid.
	for _, in := range o.invoices {
		left, ok := paidLeft[in]
		if !ok {
			continue // refused above
		}
		c := customer(in.customer)
		due := in.due
		if due.IsZero() {
			due = in.date.AddDate(0, 0, c.c.TermsDays)
		}
		desc := in.desc
		if desc == "" {
			desc = "invoice " + in.number + " in " + o.from
		}
		var lines []ledger.Line
		fromExport := false
		if len(in.lines) > 0 {
			got, ok := linesTotal(in.lines)
			if ok && got != in.total && got > 0 && untaxed(in.lines) {
				// Lines without their tax (QuickBooks' sales report): the
				// rate that gives the total back, if one does.
				if r, fits := rateFor(got, in.total-got); fits {
					taxed := append([]ledger.Line(nil), in.lines...)
					for i := range taxed {
						taxed[i].TaxRate = r
					}
					in.lines = taxed
					got = in.total
				}
			}
			switch {
			case ok && got == in.total:
				lines, fromExport = in.lines, true
			case !ok:
				o.skip("%s:%d: %s: a line of no quantity, or a tax rate or discount beyond 100%%: moved in as one line of its total", in.file, in.line, in.number)
			default:
				o.skip("%s:%d: %s: its lines come to %s here, %s in %s (a discount, surcharge or rounding of its own there): moved in as one line of its total",
					in.file, in.line, in.number, ledger.NewMoney(got, in.cur).Plain(), ledger.NewMoney(in.total, in.cur).Plain(), o.from)
			}
		}
		if !fromExport {
			lines = []ledger.Line{oneLine(in, desc)}
		}
		m.Invoices = append(m.Invoices, ledger.MigrationInvoice{File: in.file, Line: in.line, Total: ledger.NewMoney(in.total, in.cur),
			Invoice: ledger.InvoiceInput{CustomerCode: c.c.Code, Number: in.number, Date: in.date, DueDate: due, Reference: in.ref, Lines: lines}})
		if left > 0 {
			mi := &m.Invoices[len(m.Invoices)-1]
			mi.Paid, mi.PaidOn = ledger.NewMoney(left, in.cur), paidOn
		}
	}

	for _, c := range order {
		curs := slices.Sorted(maps.Keys(c.curs))
		switch {
		case len(curs) > 1 || (c.set && len(curs) == 1 && curs[0] != c.c.Currency):
			o.bad("customer %s has documents in %s (and deals in %s there): a customer has one currency", c.c.Name, strings.Join(curs, " and "), c.c.Currency)
			continue
		case c.set:
		case len(curs) == 1:
			c.c.Currency = curs[0]
		default:
			c.c.Currency = home
		}
		if c.c.Currency == "" {
			o.bad("customer %s: no currency (set business.currency)", c.c.Name)
			continue
		}
		m.Customers = append(m.Customers, c.c)
	}
	sort.Slice(m.Customers, func(i, j int) bool { return m.Customers[i].Code < m.Customers[j].Code })
	rep.Skipped = append(o.skipped, rep.Skipped...)
	if len(o.probs) > 0 {
		return nil, o.probs
	}
	res, err := a.Migrate(ctx, m, dryRun)
	if err != nil {
		return nil, err
	}
	rep.Result = res
	return rep, nil
}

// linesTotal is what lines come to as the ledger works it out: each
// line's net, and tax once per rate on the nets at that rate; false when
// a line is one the ledger refuses (no quantity, a rate out of range).
func linesTotal(lines []ledger.Line) (int64, bool) {
	byRate := map[ledger.Decimal4]int64{}
	var total int64
	for _, l := range lines {
		if l.Quantity <= 0 || l.TaxRate < 0 || l.TaxRate > ledger.D4(100) || l.Discount < 0 || l.Discount > ledger.D4(100) {
			return 0, false
		}
		n, err := ledger.LineNet(l.Quantity, l.UnitPrice, l.Discount)
		if err != nil {
			return 0, false
		}
		byRate[l.TaxRate] += n
		total += n
	}
	for r, n := range byRate {
		t, err := ledger.TaxOn(n, r)
		if err != nil {
			return 0, false
		}
		total += t
	}
	return total, true
}

// oneLine is an invoice as one line of its total: its net at the rate
// that gives its tax back, when the export says its tax and a rate does;
// else the total, the tax named in the description.
func oneLine(in *srcInvoice, desc string) ledger.Line {
	line := ledger.Line{Description: desc, Quantity: ledger.D4(1), UnitPrice: in.total}
	if in.taxKnown && in.tax != 0 {
		if l, ok := netAndRate(desc, in.total, in.tax); ok {
			return l
		}
		line.Description = fmt.Sprintf("%s (tax included: %s)", desc, ledger.NewMoney(in.tax, in.cur).Plain())
	}
	return line
}

// untaxed says whether no line has a tax rate.
func untaxed(lines []ledger.Line) bool {
	for _, l := range lines {
		if l.TaxRate != 0 {
			return false
		}
	}
	return true
}

// rateFor is the tax rate, to at most three decimals (8.875), that makes
// tax of net exactly; false when none does.
func rateFor(net, tax int64) (ledger.Decimal4, bool) {
	if net <= 0 || tax <= 0 {
		return 0, false
	}
	r := new(big.Rat).SetFrac64(tax*100, net)
	for _, places := range []int{0, 1, 2, 3} {
		rate, err := ledger.ParseDecimal4(r.FloatString(places))
		if err != nil || rate <= 0 || rate > ledger.D4(100) {
			continue
		}
		if got, err := ledger.TaxOn(net, rate); err == nil && got == tax {
			return rate, true
		}
	}
	return 0, false
}

// netAndRate is one line of total with tax in it: its net and the rate,
// to four decimals, that gives tax back exactly; false when none does.
func netAndRate(desc string, total, tax int64) (ledger.Line, bool) {
	net := total - tax
	if net <= 0 {
		return ledger.Line{}, false
	}
	r := new(big.Rat).SetFrac64(tax*100, net)
	rate, err := ledger.ParseDecimal4(r.FloatString(4))
	if err != nil {
		return ledger.Line{}, false
	}
	// The rate as people write it (19, 8.25), if that gives the tax too.
	for _, places := range []int{0, 2, 4} {
		short, err := ledger.ParseDecimal4(r.FloatString(places))
		if err != nil {
			continue
		}
		if got, err := ledger.TaxOn(net, short); err == nil && got == tax {
			rate = short
			break
		}
	}
	if got, err := ledger.TaxOn(net, rate); err != nil || got != tax {
		return ledger.Line{}, false
	}
	return ledger.Line{Description: desc, Quantity: ledger.D4(1), UnitPrice: net, TaxRate: rate}, true
}

// heading is the first of the names (a column's names in the exports'
// versions and languages) the table has, or "" when it has none.
func (t *csvTable) heading(names ...string) string {
	for _, n := range names {
		if t.has(n) {
			return n
		}
	}
	return ""
}

// cell is the value under the first of the names the table has.
func (t *csvTable) cell(row []string, names ...string) string {
	if h := t.heading(names...); h != "" {
		return t.get(row, h)
	}
	return ""
}

// hasAny says whether cols (lower-case headings) hold any of the names.
func hasAny(cols map[string]int, names ...string) bool {
	for _, n := range names {
		if _, ok := cols[strings.ToLower(n)]; ok {
			return true
		}
	}
	return false
}

// joinAddress is the address lines that are not empty, a line each.
func joinAddress(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n")
}
