// Package demo fills an empty ledger with two years of a small design
// studio's receivables: customers in EUR, USD and GBP with non-ASCII
// names, prompt, late and bad payers, partial payments, credit notes,
// overpayments left as credit, write-offs and voids, and open items in
// every aging bucket. The same seed and date give the same ledger.
//
// It decides; the ledger writes. Every row goes in through the ledger's
// bulk writer (ledger.Store.Bulk), which writes what the ledger's own
// paths would, by their own functions, many rows to a statement, so a
// ledger of a million invoices builds in under a minute.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"paidup/ledger"
)

// Options shape the demo ledger.
type Options struct {
	Customers int // 0: one per 100 invoices, at least 40
	Invoices  int // about this many invoices (default 400)
	Seed      uint64
	AsOf      time.Time // the demo's "today"; zero means today
	// Progress, if set, is called every 25,000 invoices and at the end.
	Progress func(invoices int)
	// RealPaths writes through the ledger's own transaction paths, a
	// statement per row (ledger.BulkOptions): slow, for the tests that
	// hold the bulk writer to them.
	RealPaths bool
}

// Result counts what the demo wrote.
type Result struct {
	Customers, Invoices, Payments, CreditNotes, WriteOffs, Voids int
}

// Fill fills st, which must have no documents yet, with the demo ledger,
// in one transaction: a killed demo leaves the empty ledger it started
// from.
//
// It simulates day by day with a queue of future events, so memory stays
// bounded by the invoices in flight. All that will happen to an invoice
// is decided when it is issued, so its row is written once, as it ends up
// (fate), and the ledger holds what happens later to that.
func Fill(ctx context.Context, st *ledger.Store, o Options) (Result, error) {
	var res Result
	if o.Invoices <= 0 {
		o.Invoices = 400
	}
	if o.Customers <= 0 {
		o.Customers = max(40, min(o.Invoices/100, 100000))
	}
	if o.AsOf.IsZero() {
		o.AsOf = ledger.Today()
	}
	o.AsOf = ledger.Day(o.AsOf)
	counts, err := st.TableCounts(ctx)
	if err != nil {
		return res, fmt.Errorf("demo: %w", err)
	}
	if counts["documents"] > 0 {
		return res, ledger.Errorf(ledger.ECONFLICT, "the ledger has documents already: the demo needs an empty ledger")
	}
	g := &gen{r: rand.New(rand.NewPCG(o.Seed, 0xdec0de)), o: o, res: &res}
	g.start = o.AsOf.AddDate(-2, 0, 0)
	g.perDay = float64(o.Invoices) / float64(ledger.DaysBetween(g.start, o.AsOf)+1)
	err = st.Bulk(ctx, ledger.BulkOptions{RealPaths: o.RealPaths}, func(w *ledger.BulkWriter) error {
		g.w = w
		if err := g.customers(); err != nil {
			return err
		}
		for _, kv := range [][2]string{
			{"business.name", "Nordlicht Design Studio"}, {"business.email", "accounts@nordlicht.example"},
			{"business.address", "Hafenstraße 12\n20457 Hamburg\nGermany"}, {"business.currency", "EUR"},
		} {
			if err := w.DefaultSetting(kv[0], kv[1]); err != nil {
				return err
			}
		}
		if err := g.run(ctx); err != nil {
			return err
		}
		return g.finish()
	})
	if err != nil {
		return res, fmt.Errorf("demo: %w", err)
	}
	if o.Progress != nil {
		o.Progress(res.Invoices)
	}
	return res, nil
}

type customer struct {
	ledger.Customer
	habit  int // 0 prompt, 1 late, 2 bad
	runDay time.Weekday
	tax    ledger.Decimal4
	weight int
}

type invoice struct {
	*ledger.BulkInvoice
	cust    *customer
	pending int // its events in the queue
	taxRate ledger.Decimal4
}

type gen struct {
	w          *ledger.BulkWriter
	r          *rand.Rand
	o          Options
	res        *Result
	start      time.Time
	perDay     float64
	carry      float64
	custs      []*customer
	totalW     int
	queue      eventQueue
	seq        int
	nInv, nPay int
	nCN, nWO   int
	cum        []int // cumulative customer weights
}

var (
	firstNames = []string{"Müller", "Łódź", "Nordström", "Øresund", "Café São Paulo", "Šimůnek", "Dvořák", "Gómez", "Çelik",
		"Ångström", "Fjällräven", "Kowalczyk", "Bäckerei Schäfer", "Crème de la Crème", "Zürich", "Østergaard", "Peña",
		"Håkansson", "Brontë", "Acme", "Blue Harbor", "Greenleaf", "Ironbridge", "Kingfisher", "Maple & Oak", "Northwind",
		"Silverline", "Summit", "Tidewater", "Willow Creek", "Yılmaz", "Nguyễn", "Ōsaka Trading", "Straße & Söhne"}
	secondNames = []string{"GmbH", "Sp. z o.o.", "AB", "ApS", "Ltda", "s.r.o.", "S.L.", "A.Ş.", "Ltd", "LLC", "Inc.",
		"& Partner", "Consulting", "Logistik", "Architekten", "Studio", "Foods", "Media", "Bau AG", "Holdings"}
	work = []string{"Brand identity design", "Website redesign", "Photography day rate", "Packaging artwork",
		"Annual report layout", "Social media templates", "Illustration set", "Print production management",
		"Copywriting", "Trade fair booth graphics", "Hosting and maintenance", "Motion graphics (30 s)"}
)

func (g *gen) customers() error {
	curs := []struct {
		code string
		tax  ledger.Decimal4
	}{{"EUR", ledger.D4(19)}, {"EUR", ledger.D4(19)}, {"EUR", ledger.D4(19)}, {"USD", 0}, {"USD", mustParseD4("8.875")}, {"GBP", ledger.D4(20)}}
	for i := 0; i < g.o.Customers; i++ {
		first := firstNames[g.r.IntN(len(firstNames))]
		name := first + " " + secondNames[g.r.IntN(len(secondNames))]
		cur := curs[g.r.IntN(len(curs))]
		slug := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' {
				return r
			}
			return -1
		}, strings.ToLower(first))
		if slug == "" {
			slug = "client"
		}
		c := &customer{Customer: ledger.Customer{
			Code: fmt.Sprintf("C%05d", i+1), Name: name, Email: fmt.Sprintf("accounts@%s%d.example", slug, i+1),
			Currency: cur.code, TermsDays: []int{14, 30, 30, 30, 45, 60}[g.r.IntN(6)],
			Phone: fmt.Sprintf("+49 40 %04d %04d", g.r.IntN(10000), g.r.IntN(10000)),
		}}
		if err := g.w.CreateCustomer(&c.Customer); err != nil {
			return err
		}
		switch x := g.r.IntN(100); {
		case x >= 85:
			c.habit = 2
		case x >= 50:
			c.habit = 1
		}
		c.weight = 1 + g.r.IntN(10)
		c.tax, c.runDay = cur.tax, time.Weekday(1+g.r.IntN(5))
		g.custs = append(g.custs, c)
		g.totalW += c.weight
		g.res.Customers++
	}
	// A few customers paid something on account that no invoice has claimed yet.
	for i := 0; i < max(1, g.o.Customers/15); i++ {
		c := g.custs[g.r.IntN(len(g.custs))]
		g.push(&event{date: g.o.AsOf.AddDate(0, 0, -g.r.IntN(60)), kind: evOnAccount, cust: c, over: int64(100+g.r.IntN(900)) * 100})
	}
	return nil
}

func mustParseD4(s string) ledger.Decimal4 {
	d, err := ledger.ParseDecimal4(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (g *gen) push(e *event) {
	if e.date.After(g.o.AsOf) {
		return // it has not happened yet
	}
	g.seq++
	e.seq = g.seq
	if e.inv != nil {
		e.inv.pending++
	}
	g.queue.push(queued{day: e.date.Unix() / 86400, cust: e.customerID(), seq: e.seq, e: e})
}

func (g *gen) pickCustomer() *customer {
	w := g.r.IntN(g.totalW)
	lo, hi := 0, len(g.custs)-1
	if len(g.cum) == 0 {
		g.cum = make([]int, len(g.custs))
		s := 0
		for i, c := range g.custs {
			s += c.weight
			g.cum[i] = s
		}
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if g.cum[mid] > w {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return g.custs[lo]
}

func (g *gen) day(d time.Time) error {
	for len(g.queue) > 0 && !g.queue[0].e.date.After(d) {
		e := g.queue.pop()
		if e.kind == evPay && e.frac == 100 && e.over == 0 {
			// Gather the customer's other full payments of the day.
			batch := []*event{e}
			for len(g.queue) > 0 {
				n := g.queue[0].e
				if !n.date.Equal(e.date) || n.customerID() != e.customerID() || n.kind != evPay || n.frac != 100 || n.over != 0 {
					break
				}
				batch = append(batch, g.queue.pop())
			}
			if err := g.remittance(batch); err != nil {
				return err
			}
			for _, e := range batch {
				if err := g.played(e); err != nil {
					return err
				}
			}
			continue
		}
		if err := g.event(e); err != nil {
			return err
		}
		if err := g.played(e); err != nil {
			return err
		}
	}
	g.carry += g.perDay
	n := int(g.carry)
	g.carry -= float64(n)
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		g.carry += float64(n) // invoices go out on working days
		return nil
	}
	for i := 0; i < n; i++ {
		if err := g.invoice(d); err != nil {
			return err
		}
	}
	return nil
}

// run simulates the two years. What is left in the queue never happens:
// the ledger checks, when the demo is done, that those invoices stand as
// their rows say.
func (g *gen) run(ctx context.Context) error {
	next := 25000
	for d := g.start; !d.After(g.o.AsOf); d = d.AddDate(0, 0, 1) {
		if err := g.day(d); err != nil {
			return err
		}
		if g.o.Progress != nil && g.res.Invoices >= next {
			g.o.Progress(g.res.Invoices)
			next += 25000
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// played notes that e has happened: after an invoice's last event it
// stands as it will at the end, and the ledger may let it go.
func (g *gen) played(e *event) error {
	if e.inv == nil {
		return nil
	}
	e.inv.pending--
	if e.inv.pending > 0 {
		return nil
	}
	return g.w.Settled(e.inv.BulkInvoice)
}

func (g *gen) invoice(d time.Time) error {
	c := g.pickCustomer()
	g.nInv++
	in := ledger.InvoiceInput{CustomerCode: c.Code, Number: number("INV-", 6, g.nInv), Date: d}
	for k := 0; k < 1+g.r.IntN(2); k++ {
		in.Lines = append(in.Lines, ledger.Line{Description: work[g.r.IntN(len(work))],
			Quantity: ledger.D4(int64(1 + g.r.IntN(8))), UnitPrice: int64(40+g.r.IntN(1200)) * 100, TaxRate: c.tax})
	}
	inv := &invoice{cust: c, taxRate: c.tax}
	evs := g.invoiceEvents(inv, d)
	var err error
	if inv.BulkInvoice, err = g.w.PlanInvoice(&in); err != nil {
		return err
	}
	end, err := g.fate(inv, d, evs)
	if err != nil {
		return err
	}
	if err := g.w.IssueInvoice(inv.BulkInvoice, end); err != nil {
		return err
	}
	g.res.Invoices++
	for _, e := range evs {
		g.push(e)
	}
	if inv.pending == 0 {
		// All it would see falls after AsOf: it stands as it will.
		return g.w.Settled(inv.BulkInvoice)
	}
	return nil
}

// invoiceEvents decides all that will happen to an invoice issued on d.
func (g *gen) invoiceEvents(inv *invoice, d time.Time) []*event {
	c := inv.cust
	x := g.r.IntN(1000)
	if x < 5 {
		return []*event{{date: d.AddDate(0, 0, g.r.IntN(5)), kind: evVoid, inv: inv}}
	}
	var evs []*event
	if x < 25 {
		evs = append(evs, &event{date: d.AddDate(0, 0, 1+g.r.IntN(20)), kind: evCredit, inv: inv})
	}
	// When and how the customer pays, by habit.
	var delay int
	switch c.habit {
	case 0:
		delay = c.TermsDays - g.r.IntN(10) + g.r.IntN(4)
	case 1:
		delay = c.TermsDays + 5 + g.r.IntN(55)
	default:
		delay = c.TermsDays + 30 + g.r.IntN(170)
		if g.r.IntN(4) == 0 {
			// Never pays; the oldest such debts are written off.
			return append(evs, &event{date: d.AddDate(0, 0, 300+g.r.IntN(60)), kind: evWriteOff, inv: inv})
		}
	}
	// Customers pay in runs: on their run weekday on or after the day they
	// mean to pay, several invoices at once.
	payDay := d.AddDate(0, 0, max(0, delay))
	payDay = payDay.AddDate(0, 0, (int(c.runDay)-int(payDay.Weekday())+7)%7)
	pay := &event{date: payDay, kind: evPay, inv: inv, frac: 100}
	switch y := g.r.IntN(100); {
	case y < 8: // pays half now, the rest later
		pay.frac = 50
		evs = append(evs, &event{date: pay.date.AddDate(0, 0, 20+g.r.IntN(60)), kind: evPay, inv: inv, frac: 100})
	case y < 10: // rounds up: the excess stays as credit
		pay.over = int64(1+g.r.IntN(50)) * 100
	}
	return append(evs, pay)
}

func (g *gen) event(e *event) error {
	date := e.date
	if e.kind == evOnAccount {
		return g.payment(e.cust, nil, 0, e.over, date)
	}
	inv := e.inv
	st := inv.State()
	var credit []ledger.Line
	var creditTotal int64
	if e.kind == evCredit {
		var err error
		if credit, creditTotal, err = goodwill(inv); err != nil {
			return err
		}
	}
	amt, void := e.settles(st, creditTotal)
	if amt == 0 && !void {
		return nil
	}
	cur := inv.cust.Currency
	switch e.kind {
	case evVoid:
		if err := g.w.Void(inv.Number(), date, voidReason); err != nil {
			return err
		}
		g.res.Voids++
		return nil
	case evWriteOff:
		g.nWO++
		if err := g.w.WriteOff(inv.Number(), number("WO-", 6, g.nWO), date, ledger.NewMoney(amt, cur), "customer insolvent"); err != nil {
			return err
		}
		g.res.WriteOffs++
		return nil
	case evCredit:
		g.nCN++
		in := ledger.CreditNoteInput{CustomerCode: inv.cust.Code, Number: number("CN-", 6, g.nCN), Date: date, Lines: credit,
			Apply: []ledger.AllocationInput{{InvoiceNumber: inv.Number(), Amount: ledger.NewMoney(amt, cur)}}}
		if err := g.w.IssueCreditNote(in); err != nil {
			return err
		}
		g.res.CreditNotes++
		return nil
	default: // evPay
		return g.payment(inv.cust, inv, amt, e.over, date)
	}
}

// remittance writes one payment settling several invoices in full.
func (g *gen) remittance(batch []*event) error {
	var apply []ledger.AllocationInput
	var sum int64
	for _, e := range batch {
		if amt, _ := e.settles(e.inv.State(), 0); amt > 0 {
			apply = append(apply, ledger.AllocationInput{InvoiceNumber: e.inv.Number(), Amount: ledger.NewMoney(amt, e.inv.cust.Currency)})
			sum += amt
		}
	}
	if len(apply) == 0 {
		return nil
	}
	c := batch[0].inv.cust
	return g.pay(c, batch[0].date, sum, apply)
}

// payment writes a payment of amt to inv (if any) plus extra left unapplied.
func (g *gen) payment(c *customer, inv *invoice, amt, extra int64, date time.Time) error {
	var apply []ledger.AllocationInput
	if inv != nil {
		apply = []ledger.AllocationInput{{InvoiceNumber: inv.Number(), Amount: ledger.NewMoney(amt, c.Currency)}}
	}
	return g.pay(c, date, amt+extra, apply)
}

func (g *gen) pay(c *customer, date time.Time, amount int64, apply []ledger.AllocationInput) error {
	g.nPay++
	in := ledger.PaymentInput{CustomerCode: c.Code, Date: date, Amount: ledger.NewMoney(amount, c.Currency),
		Number: number("PAY-", 6, g.nPay), Reference: number("TRF ", 0, 100000+g.r.IntN(900000)), Apply: apply, KeepUnapplied: true}
	if err := g.w.RecordPayment(in); err != nil {
		return err
	}
	g.res.Payments++
	return nil
}

// finish points the number sequences past what the demo used.
func (g *gen) finish() error {
	for _, k := range []struct {
		kind ledger.Kind
		n    int
	}{{ledger.KindInvoice, g.nInv}, {ledger.KindPayment, g.nPay}, {ledger.KindCreditNote, g.nCN}, {ledger.KindWriteOff, g.nWO}} {
		if err := g.w.SetNextNumber(k.kind, int64(k.n)+1); err != nil {
			return err
		}
	}
	return nil
}
