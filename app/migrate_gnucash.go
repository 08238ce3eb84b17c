package app

import (
	"context"
	"fmt"
	"math/big"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"paidup/ledger"
	"paidup/migrate/gnucash"
)

// Moving in from a GnuCash book (paidup migrate gnucash FILE): its
// customers with their currency and terms, its posted invoices and credit
// notes with their lines and taxes, its payments with what each paid, and
// its lot links (a credit note or a payment on account set against an
// invoice later), as of a date. GnuCash keeps what is open in lots: an
// invoice's lot holds its posting and whatever paid or offset it; a
// payment's own lot holds what it paid on account. So the payments and
// links are read from the lots, and afterwards what is open of each
// document here is what its lot holds there: Paidup's aging is GnuCash's
// Receivable Aging, customer by customer. Amounts are GnuCash's exact
// fractions, carried only when they are whole minor units of their
// currency. Everything is written in one transaction, or nothing.

// MigrateGnuCash moves the GnuCash book at path in, as of asOf (zero:
// today): what was posted after that day is left out and listed.
func (a *App) MigrateGnuCash(ctx context.Context, path string, asOf time.Time, dryRun bool) (*MigrationReport, error) {
	book, err := gnucash.Open(path)
	if err != nil {
		return nil, ledger.Errorf(ledger.EINVALID, "%v", err)
	}
	asOf = a.orToday(asOf)
	terms, err := a.Setting(ctx, "customer.terms_days", "30")
	if err != nil {
		return nil, err
	}
	var defTerms int
	fmt.Sscan(terms, &defTerms)
	g := &gnucashMove{book: book, asOf: ledger.Day(asOf), file: filepath.Base(path), defTerms: defTerms,
		rep: &MigrationReport{From: "GnuCash (" + book.Format + ")", Before: map[string]int64{}}, m: &ledger.Migration{}}
	g.run()
	if len(g.probs) > 0 {
		return nil, g.probs
	}
	res, err := a.Migrate(ctx, g.m, dryRun)
	if err != nil {
		return nil, err
	}
	g.rep.Result = res
	return g.rep, nil
}

type gnucashMove struct {
	book     *gnucash.Book
	asOf     time.Time
	file     string
	defTerms int
	rep      *MigrationReport
	m        *ledger.Migration
	probs    MigrationProblems

	customers map[string]*gnucash.Customer // by GUID, those moving in
	codes     map[string]string            // customer GUID → Paidup code
	docs      map[string]*gnucash.Invoice  // invoice GUID → a document moving in
	lotDoc    map[string]*gnucash.Invoice  // lot GUID → its document moving in
	lotPay    map[string]string            // payment lot GUID → the payment's number
	refused   map[string]bool              // lots of documents refused (their problems said once)
	txns      map[string]*gnucash.Transaction
	numbers   map[string]bool
}

func (g *gnucashMove) bad(format string, args ...any) {
	g.probs = append(g.probs, g.file+": "+fmt.Sprintf(format, args...))
}

func (g *gnucashMove) skip(format string, args ...any) {
	g.rep.Skipped = append(g.rep.Skipped, g.file+": "+fmt.Sprintf(format, args...))
}

// day is the civil date GnuCash shows for a stored time: its own dates
// are kept at 10:59 UTC (the same day nearly everywhere), others at
// local midnight, so the local date.
func day(t time.Time) time.Time { return ledger.Day(t.In(time.Local)) }

func (g *gnucashMove) money(r gnucash.Rational, cur, what string) (int64, bool) {
	digits, err := ledger.Digits(cur)
	if err != nil {
		g.bad("%s: %v", what, err)
		return 0, false
	}
	n, err := r.Scaled(digits)
	if err != nil {
		g.bad("%s: %s %v: not a whole amount of %s; round it in GnuCash first", what, cur, err, cur)
		return 0, false
	}
	return n, true
}

func (g *gnucashMove) run() {
	g.customers, g.codes = map[string]*gnucash.Customer{}, map[string]string{}
	g.docs, g.lotDoc, g.lotPay, g.numbers = map[string]*gnucash.Invoice{}, map[string]*gnucash.Invoice{}, map[string]string{}, map[string]bool{}
	g.refused = map[string]bool{}
	g.mapCustomers()
	g.mapDocuments()
	g.mapPayments()
}

func (g *gnucashMove) mapCustomers() {
	taken := map[string]bool{}
	for _, c := range g.book.Customers {
		code := strings.TrimSpace(c.ID)
		if code == "" {
			code = codeOf(c.Name)
		}
		for base, n := code, 2; taken[strings.ToUpper(code)]; n++ {
			code = fmt.Sprintf("%s-%d", base, n)
		}
		taken[strings.ToUpper(code)] = true
		if !ledger.ValidCurrency(c.Currency) {
			g.bad("customer %s (%s): currency %q is not an ISO 4217 currency", c.ID, c.Name, c.Currency)
			continue
		}
		lc := ledger.Customer{Code: code, Name: c.Name, Currency: c.Currency, TermsDays: g.defTerms, Email: c.Email,
			Phone: c.Phone, Address: strings.Join(c.Addr, "\n"), Notes: c.Notes}
		if t := g.book.Terms[c.Terms]; t != nil {
			if t.Type == "GNC_TERM_TYPE_DAYS" {
				lc.TermsDays = t.DueDays
			} else {
				g.skip("customer %s: terms %s", c.ID, termsKept(t, g.defTerms))
			}
		}
		g.customers[c.GUID], g.codes[c.GUID] = c, code
		g.m.Customers = append(g.m.Customers, lc)
	}
}

// lotValue is what the splits of txn in lot come to.
func lotValue(t *gnucash.Transaction, lot string) (v gnucash.Rational, found bool) {
	sum := gnucash.Rational{Num: 0, Denom: 1}
	for _, s := range t.Splits {
		if s.Lot == lot {
			r := sum.Rat()
			r.Add(r, s.Value.Rat())
			sum = gnucash.Rational{Num: r.Num().Int64(), Denom: r.Denom().Int64()}
			found = true
		}
	}
	return sum, found
}

func (g *gnucashMove) txn(guid string) *gnucash.Transaction {
	if g.txns == nil {
		g.txns = make(map[string]*gnucash.Transaction, len(g.book.Transactions))
		for _, t := range g.book.Transactions {
			g.txns[t.GUID] = t
		}
	}
	return g.txns[guid]
}

func (g *gnucashMove) mapDocuments() {
	for _, in := range g.book.Invoices {
		kind := "invoice"
		if in.CreditNote {
			kind = "credit note"
		}
		what := kind + " " + in.ID
		owner := g.book.CustomerOf(in.OwnerType, in.Owner)
		switch {
		case owner == "" && in.OwnerType != "gncCustomer" && in.OwnerType != "gncJob":
			if !in.Posted.IsZero() {
				g.skip("%s: a bill or voucher (%s), not a receivable", what, strings.TrimPrefix(in.OwnerType, "gnc"))
			}
			continue
		case g.customers[owner] == nil:
			g.skip("%s: its customer was not moved in", what)
			continue
		case in.Posted.IsZero():
			g.skip("%s: a draft in GnuCash, never posted", what)
			continue
		case day(in.Posted).After(g.asOf):
			g.skip("%s: posted %s, after %s", what, day(in.Posted).Format(ledger.DateLayout), g.asOf.Format(ledger.DateLayout))
			continue
		}
		code, cur := g.codes[owner], in.Currency
		if c := g.customers[owner]; c.Currency != cur {
			g.bad("%s: in %s, its customer %s in %s: a customer has one currency here", what, cur, c.ID, c.Currency)
			continue
		}
		in.OwnerType, in.Owner = "gncCustomer", owner // a job's invoice is its customer's
		post := g.txn(in.PostTxn)
		if post == nil {
			g.bad("%s: its posting transaction is missing from the book", what)
			continue
		}
		total, ok := lotValue(post, in.PostLot)
		if !ok {
			g.bad("%s: its posting is not in its lot", what)
			continue
		}
		totalMinor, ok := g.money(total, cur, what+": total")
		if !ok {
			continue
		}
		entries := append([]*gnucash.Entry(nil), in.Entries...)
		sort.SliceStable(entries, func(i, j int) bool {
			if !entries[i].Date.Equal(entries[j].Date) {
				return entries[i].Date.Before(entries[j].Date)
			}
			return entries[i].Description < entries[j].Description
		})
		var lines []ledger.Line
		for i, e := range entries {
			where := fmt.Sprintf("%s: line %d (%s)", what, i+1, e.Description)
			l, ok := g.line(e, cur, in.CreditNote, where)
			if !ok {
				continue
			}
			lines = append(lines, l)
		}
		if len(lines) != len(entries) {
			g.refused[in.PostLot] = true
			continue
		}
		g.docs[in.GUID], g.lotDoc[in.PostLot] = in, in
		g.numbers[in.ID] = true
		date := day(in.Posted)
		if in.CreditNote {
			g.m.Credits = append(g.m.Credits, ledger.MigrationCredit{File: g.file, Total: ledger.NewMoney(-totalMinor, cur),
				Credit: ledger.CreditNoteInput{CustomerCode: code, Number: in.ID, Date: date, Reference: in.BillingID, Notes: in.Notes, Lines: lines}})
			continue
		}
		due := day(post.Due)
		if post.Due.IsZero() {
			due = time.Time{} // the customer's terms
		}
		g.m.Invoices = append(g.m.Invoices, ledger.MigrationInvoice{File: g.file, Total: ledger.NewMoney(totalMinor, cur),
			Invoice: ledger.InvoiceInput{CustomerCode: code, Number: in.ID, Date: date, DueDate: due, Reference: in.BillingID, Notes: in.Notes, Lines: lines}})
	}
}

// line is an invoice entry as a Paidup line: quantity to four decimals,
// price in minor units, a discount in percent before tax, and the tax
// rate its tax table adds up to.
func (g *gnucashMove) line(e *gnucash.Entry, cur string, credit bool, where string) (ledger.Line, bool) {
	qty, err := e.Quantity.Scaled(4)
	if err != nil {
		g.bad("%s: quantity %v", where, err)
		return ledger.Line{}, false
	}
	if credit {
		qty = -qty // a credit note's quantities are kept negated
	}
	price, ok := g.money(e.Price, cur, where+": price")
	if !ok {
		return ledger.Line{}, false
	}
	l := ledger.Line{Description: e.Description, Quantity: ledger.Decimal4(qty), UnitPrice: price}
	if l.Description == "" {
		l.Description = "-"
	}
	if !e.Discount.IsZero() {
		if e.DiscType != "PERCENT" || e.DiscHow != "PRETAX" {
			g.bad("%s: a discount of type %s taken %s: only a percentage before tax moves in", where, e.DiscType, e.DiscHow)
			return ledger.Line{}, false
		}
		d, err := e.Discount.Scaled(4)
		if err != nil {
			g.bad("%s: discount %v", where, err)
			return ledger.Line{}, false
		}
		l.Discount = ledger.Decimal4(d)
	}
	if e.Taxable && e.TaxTable != "" {
		if e.TaxIncluded {
			g.bad("%s: its price includes tax: Paidup's prices are before tax", where)
			return ledger.Line{}, false
		}
		t := g.book.TaxTables[e.TaxTable]
		if t == nil {
			g.bad("%s: its tax table is missing from the book", where)
			return ledger.Line{}, false
		}
		var rate int64
		for _, te := range t.Entries {
			if !te.Percent {
				g.bad("%s: tax table %s adds a fixed amount: only percentages move in", where, t.Name)
				return ledger.Line{}, false
			}
			r, err := te.Amount.Scaled(4)
			if err != nil {
				g.bad("%s: tax table %s: %v", where, t.Name, err)
				return ledger.Line{}, false
			}
			rate += r
		}
		l.TaxRate = ledger.Decimal4(rate)
	}
	return l, true
}

// mapPayments reads the receivable splits of the payments and lot links
// dated on or before the as-of day. A payment's split in an invoice's lot
// paid that invoice; its split in a lot of its own is credit on account.
// A link moves credit (a credit note's or a payment's lot) onto invoices.
func (g *gnucashMove) mapPayments() {
	receivable := func(s *gnucash.Split) bool {
		a := g.book.Accounts[s.Account]
		return a != nil && a.Type == "RECEIVABLE"
	}
	owner := func(lot string) string {
		if d := g.lotDoc[lot]; d != nil {
			return d.Owner
		}
		if l := g.book.Lots[lot]; l != nil {
			return g.book.CustomerOf(l.OwnerType, l.Owner)
		}
		return ""
	}
	// Before: what GnuCash has open on the moving customers' lots.
	for _, t := range g.book.Transactions {
		if day(t.Posted).After(g.asOf) {
			continue
		}
		for _, s := range t.Splits {
			if !receivable(s) || g.customers[owner(s.Lot)] == nil {
				continue
			}
			cur := g.book.Accounts[s.Account].Currency
			if v, ok := g.money(s.Value, cur, "transaction "+t.Num); ok {
				g.rep.Before[cur] += v
			}
		}
	}
	posting := map[string]bool{}
	for _, in := range g.book.Invoices {
		posting[in.PostTxn] = true
	}
	n := 0
	for _, t := range g.book.Transactions {
		// Books from before GnuCash 2.6 may lack the transaction type:
		// an invoice's posting is known by the invoice.
		if t.Type == "I" || posting[t.GUID] || day(t.Posted).After(g.asOf) {
			continue
		}
		var ar []*gnucash.Split
		for _, s := range t.Splits {
			if receivable(s) {
				ar = append(ar, s)
			}
		}
		if len(ar) == 0 || slices.ContainsFunc(ar, func(s *gnucash.Split) bool { return g.refused[s.Lot] }) {
			continue // nothing receivable, or its document's problems are listed already
		}
		date := day(t.Posted).Format(ledger.DateLayout)
		cust := ""
		for _, s := range ar {
			if o := owner(s.Lot); o != "" {
				cust = o
			}
		}
		if g.customers[cust] == nil {
			g.skip("transaction %s %s (%s): on the receivable account but of no customer's document", date, t.Num, t.Description)
			continue
		}
		cur := g.book.Accounts[ar[0].Account].Currency
		if c := g.customers[cust]; c.Currency != cur {
			g.bad("transaction %s %s: on a receivable account in %s, its customer %s in %s", date, t.Num, cur, c.ID, c.Currency)
			continue
		}
		if t.Type == "L" || (t.Type == "" && len(ar) == len(t.Splits) && zeroSum(ar)) {
			g.link(t, ar, cur, date)
			continue
		}
		n++
		var amount int64
		var apply []ledger.AllocationInput
		var own []string
		for _, s := range ar {
			v, ok := g.money(s.Value, cur, "payment "+date+" "+t.Num)
			if !ok {
				return
			}
			amount -= v
			switch d := g.lotDoc[s.Lot]; {
			case d != nil && !d.CreditNote:
				apply = append(apply, ledger.AllocationInput{InvoiceNumber: d.ID, Amount: ledger.NewMoney(-v, cur)})
			case d != nil:
				g.bad("payment %s %s: pays out credit note %s: refunds do not move in", date, t.Num, d.ID)
				return
			default:
				own = append(own, s.Lot)
			}
		}
		if amount <= 0 {
			g.bad("payment %s %s of %s: money paid out to the customer (a refund) does not move in", date, t.Num, ledger.NewMoney(amount, cur).Plain())
			continue
		}
		number := strings.TrimSpace(t.Num)
		if number == "" || g.numbers[number] {
			number = fmt.Sprintf("GNC-%s-%d", strings.ReplaceAll(date, "-", ""), n)
		}
		g.numbers[number] = true
		for _, l := range own {
			if l != "" {
				g.lotPay[l] = number
			}
		}
		g.m.Payments = append(g.m.Payments, ledger.MigrationPayment{File: g.file, Payment: ledger.PaymentInput{
			CustomerCode: g.codes[cust], Number: number, Date: day(t.Posted), Amount: ledger.NewMoney(amount, cur),
			Reference: strings.TrimSpace(t.Num + " " + t.Description), Apply: apply}})
	}
}

// link is a GnuCash lot link: the credit lot's split is positive (credit
// used up), the invoices' splits negative (what it settled of each).
func (g *gnucashMove) link(t *gnucash.Transaction, ar []*gnucash.Split, cur, date string) {
	var credit string
	var apply []ledger.AllocationInput
	for _, s := range ar {
		v, ok := g.money(s.Value, cur, "link "+date)
		if !ok {
			return
		}
		d := g.lotDoc[s.Lot]
		switch {
		case v < 0 && d != nil && !d.CreditNote:
			apply = append(apply, ledger.AllocationInput{InvoiceNumber: d.ID, Amount: ledger.NewMoney(-v, cur)})
		case v > 0 && d != nil && d.CreditNote && credit == "":
			credit = d.ID
		case v > 0 && d == nil && g.lotPay[s.Lot] != "" && credit == "":
			credit = g.lotPay[s.Lot]
		case v == 0:
		default:
			g.bad("link %s (%s): sets documents against each other in a way that does not move in (one credit against invoices does)", date, t.Description)
			return
		}
	}
	if credit == "" || len(apply) == 0 {
		g.bad("link %s (%s): no credit set against an invoice", date, t.Description)
		return
	}
	g.m.Applications = append(g.m.Applications, ledger.MigrationApplication{File: g.file, Credit: credit, Date: day(t.Posted), Apply: apply})
}

// zeroSum reports whether splits add up to nothing (a lot link moves
// credit between lots of the receivable and nothing else).
func zeroSum(splits []*gnucash.Split) bool {
	sum := new(big.Rat)
	for _, s := range splits {
		sum.Add(sum, s.Value.Rat())
	}
	return sum.Sign() == 0
}

// termsKept says why a bill term that is not a number of days stays
// behind: Paidup's terms are a number of days after the invoice date,
// and a proximo term ("day D of next month") is not one. The invoices
// already posted keep the due date GnuCash stored on them.
func termsKept(t *gnucash.Term, def int) string {
	what := t.Type
	if t.Type == "GNC_TERM_TYPE_PROXIMO" {
		what = fmt.Sprintf("proximo: due on day %d of the next month", t.DueDays)
		if t.Cutoff != 0 {
			what += fmt.Sprintf(", cutoff day %d", t.Cutoff)
		}
	}
	return fmt.Sprintf("%s (%s) cannot be kept: Paidup's terms are a number of days; the customer takes your default, %d days, and its posted invoices keep GnuCash's due dates",
		t.Name, what, def)
}
