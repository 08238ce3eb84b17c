package ledger

import (
	"container/heap"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// DemoOptions shape the demo ledger.
type DemoOptions struct {
	Customers int // 0: one per 100 invoices, at least 40
	Invoices  int // about this many invoices (default 400)
	Seed      uint64
	AsOf      time.Time // the demo's "today"; zero means today
	// Progress, if set, is called after each committed chunk.
	Progress func(invoices int)
}

// DemoResult counts what the demo wrote.
type DemoResult struct {
	Customers, Invoices, Payments, CreditNotes, WriteOffs, Voids int
}

// Demo fills an empty ledger with two years of a small design studio's
// receivables up to AsOf: customers in EUR, USD and GBP with non-ASCII
// names, prompt, late and bad payers, partial payments, credit notes,
// overpayments left as credit, write-offs and voids, and open items in
// every aging bucket. The same seed and date give the same ledger.
//
// It simulates day by day with a queue of future events, so memory stays
// bounded by the invoices in flight, and it commits in chunks so a ledger
// of a million invoices builds in under a minute.
func (s *Store) Demo(ctx context.Context, o DemoOptions) (DemoResult, error) {
	var res DemoResult
	if o.Invoices <= 0 {
		o.Invoices = 400
	}
	if o.Customers <= 0 {
		o.Customers = max(40, min(o.Invoices/100, 100000))
	}
	if o.AsOf.IsZero() {
		o.AsOf = Today()
	}
	o.AsOf = Day(o.AsOf)
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&n); err != nil {
		return res, err
	}
	if n > 0 {
		return res, Errorf(ECONFLICT, "the ledger has documents already: the demo needs an empty ledger")
	}
	g := &demoGen{r: rand.New(rand.NewPCG(o.Seed, 0xdec0de)), o: o, res: &res}
	g.start = o.AsOf.AddDate(-2, 0, 0)
	g.perDay = float64(o.Invoices) / float64(DaysBetween(g.start, o.AsOf)+1)
	// One transaction: a killed demo leaves the empty ledger it started
	// from. Indexes the generator does not read are dropped first and
	// rebuilt at the end, sorted in one pass, which is several times
	// cheaper than keeping them up to date row by row.
	err := s.write(ctx, func(t *tx) error {
		t.freshNumbers = true
		rebuild, err := t.dropIndexes("documents_customer", "documents_asof", "documents_kind_date", "journal_entries_document")
		if err != nil {
			return err
		}
		if err := g.customers(t); err != nil {
			return err
		}
		for k, v := range map[string]string{
			"business.name": "Nordlicht Design Studio", "business.email": "accounts@nordlicht.example",
			"business.address": "Hafenstraße 12\n20457 Hamburg\nGermany", "business.currency": "EUR",
		} {
			if _, err := t.exec(`INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)`, k, v); err != nil {
				return err
			}
		}
		next := 25000
		for d := g.start; !d.After(o.AsOf); d = d.AddDate(0, 0, 1) {
			if err := g.day(t, d); err != nil {
				return err
			}
			if o.Progress != nil && res.Invoices >= next {
				o.Progress(res.Invoices)
				next += 25000
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := g.finish(t); err != nil {
			return err
		}
		for _, q := range rebuild {
			if _, err := t.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("rebuild index: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("demo: %w", err)
	}
	if o.Progress != nil {
		o.Progress(res.Invoices)
	}
	return res, nil
}

type demoCustomer struct {
	row    custRow
	habit  int // 0 prompt, 1 late, 2 bad
	runDay time.Weekday
	tax    Decimal4
	weight int
}

type demoInvoice struct {
	doc        docRow
	taxRate    Decimal4
	cust       *demoCustomer
	neverPays  bool
	writeOffAt time.Time
}

type demoEvent struct {
	date time.Time
	seq  int
	kind int // evPay, evCredit, evWriteOff, evVoid, evOnAccount
	inv  *demoInvoice
	cust *demoCustomer
	frac int // percent of the open amount to pay
	over int64
}

const (
	evVoid = iota
	evCredit
	evPay
	evWriteOff
	evOnAccount
)

func (e *demoEvent) customerID() int64 {
	if e.inv != nil {
		return e.inv.doc.customerID
	}
	return e.cust.row.id
}

type eventQueue []*demoEvent

func (q eventQueue) Len() int { return len(q) }
func (q eventQueue) Less(i, j int) bool {
	if !q[i].date.Equal(q[j].date) {
		return q[i].date.Before(q[j].date)
	}
	// A customer's events of one day come together, so that one payment
	// can settle several invoices, as a remittance does.
	if ci, cj := q[i].customerID(), q[j].customerID(); ci != cj {
		return ci < cj
	}
	return q[i].seq < q[j].seq
}
func (q eventQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *eventQueue) Push(x any)   { *q = append(*q, x.(*demoEvent)) }
func (q *eventQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

type demoGen struct {
	r          *rand.Rand
	o          DemoOptions
	res        *DemoResult
	start      time.Time
	perDay     float64
	carry      float64
	custs      []*demoCustomer
	totalW     int
	queue      eventQueue
	seq        int
	nInv, nPay int
	nCN, nWO   int
	cum        []int // cumulative customer weights
}

var (
	demoFirst = []string{"Müller", "Łódź", "Nordström", "Øresund", "Café São Paulo", "Šimůnek", "Dvořák", "Gómez", "Çelik",
		"Ångström", "Fjällräven", "Kowalczyk", "Bäckerei Schäfer", "Crème de la Crème", "Zürich", "Østergaard", "Peña",
		"Håkansson", "Brontë", "Acme", "Blue Harbor", "Greenleaf", "Ironbridge", "Kingfisher", "Maple & Oak", "Northwind",
		"Silverline", "Summit", "Tidewater", "Willow Creek", "Yılmaz", "Nguyễn", "Ōsaka Trading", "Straße & Söhne"}
	demoSecond = []string{"GmbH", "Sp. z o.o.", "AB", "ApS", "Ltda", "s.r.o.", "S.L.", "A.Ş.", "Ltd", "LLC", "Inc.",
		"& Partner", "Consulting", "Logistik", "Architekten", "Studio", "Foods", "Media", "Bau AG", "Holdings"}
	demoWork = []string{"Brand identity design", "Website redesign", "Photography day rate", "Packaging artwork",
		"Annual report layout", "Social media templates", "Illustration set", "Print production management",
		"Copywriting", "Trade fair booth graphics", "Hosting and maintenance", "Motion graphics (30 s)"}
)

func (g *demoGen) customers(t *tx) error {
	curs := []struct {
		code string
		tax  Decimal4
	}{{"EUR", D4(19)}, {"EUR", D4(19)}, {"EUR", D4(19)}, {"USD", 0}, {"USD", mustParseD4("8.875")}, {"GBP", D4(20)}}
	for i := 0; i < g.o.Customers; i++ {
		first := demoFirst[g.r.IntN(len(demoFirst))]
		name := first + " " + demoSecond[g.r.IntN(len(demoSecond))]
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
		c := Customer{
			Code: fmt.Sprintf("C%05d", i+1), Name: name, Email: fmt.Sprintf("accounts@%s%d.example", slug, i+1),
			Currency: cur.code, TermsDays: []int{14, 30, 30, 30, 45, 60}[g.r.IntN(6)],
			Phone: fmt.Sprintf("+49 40 %04d %04d", g.r.IntN(10000), g.r.IntN(10000)),
		}
		id, err := t.createCustomer(&c)
		if err != nil {
			return err
		}
		habit := 0
		switch x := g.r.IntN(100); {
		case x >= 85:
			habit = 2
		case x >= 50:
			habit = 1
		}
		w := 1 + g.r.IntN(10)
		g.custs = append(g.custs, &demoCustomer{row: custRow{id: id, code: c.Code, currency: c.Currency, terms: c.TermsDays},
			habit: habit, tax: cur.tax, weight: w, runDay: time.Weekday(1 + g.r.IntN(5))})
		g.totalW += w
		g.res.Customers++
	}
	// A few customers paid something on account that no invoice has claimed yet.
	for i := 0; i < max(1, g.o.Customers/15); i++ {
		c := g.custs[g.r.IntN(len(g.custs))]
		g.push(&demoEvent{date: g.o.AsOf.AddDate(0, 0, -g.r.IntN(60)), kind: evOnAccount, cust: c, over: int64(100+g.r.IntN(900)) * 100})
	}
	return nil
}

func mustParseD4(s string) Decimal4 {
	d, err := ParseDecimal4(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (g *demoGen) push(e *demoEvent) {
	if e.date.After(g.o.AsOf) {
		return // it has not happened yet
	}
	g.seq++
	e.seq = g.seq
	heap.Push(&g.queue, e)
}

func (g *demoGen) pickCustomer() *demoCustomer {
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

func (g *demoGen) day(t *tx, d time.Time) error {
	for g.queue.Len() > 0 && !g.queue[0].date.After(d) {
		e := heap.Pop(&g.queue).(*demoEvent)
		if e.kind == evPay && e.frac == 100 && e.over == 0 {
			// Gather the customer's other full payments of the day.
			batch := []*demoEvent{e}
			for g.queue.Len() > 0 {
				n := g.queue[0]
				if !n.date.Equal(e.date) || n.customerID() != e.customerID() || n.kind != evPay || n.frac != 100 || n.over != 0 {
					break
				}
				batch = append(batch, heap.Pop(&g.queue).(*demoEvent))
			}
			if err := g.remittance(t, batch); err != nil {
				return err
			}
			continue
		}
		if err := g.event(t, e); err != nil {
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
		if err := g.invoice(t, d); err != nil {
			return err
		}
	}
	return nil
}

func (g *demoGen) invoice(t *tx, d time.Time) error {
	c := g.pickCustomer()
	g.nInv++
	in := InvoiceInput{CustomerCode: c.row.code, Number: fmt.Sprintf("INV-%06d", g.nInv), Date: d}
	for k := 0; k < 1+g.r.IntN(2); k++ {
		in.Lines = append(in.Lines, Line{Description: demoWork[g.r.IntN(len(demoWork))],
			Quantity: D4(int64(1 + g.r.IntN(8))), UnitPrice: int64(40+g.r.IntN(1200)) * 100, TaxRate: c.tax})
	}
	id, total, err := t.issueInvoice(c.row, &in, 0)
	if err != nil {
		return err
	}
	g.res.Invoices++
	inv := &demoInvoice{cust: c, taxRate: c.tax, doc: docRow{id: id, kind: KindInvoice, number: in.Number, customerID: c.row.id,
		status: StatusIssued, date: fmtDate(d), dueDate: fmtDate(in.DueDate), currency: c.row.currency, total: total, open: total}}
	for _, l := range in.Lines {
		inv.doc.net += l.Net
	}
	inv.doc.tax = total - inv.doc.net
	x := g.r.IntN(1000)
	if x < 5 {
		g.push(&demoEvent{date: d.AddDate(0, 0, g.r.IntN(5)), kind: evVoid, inv: inv})
		return nil
	}
	if x < 25 {
		g.push(&demoEvent{date: d.AddDate(0, 0, 1+g.r.IntN(20)), kind: evCredit, inv: inv})
	}
	// When and how the customer pays, by habit.
	var delay int
	switch c.habit {
	case 0:
		delay = c.row.terms - g.r.IntN(10) + g.r.IntN(4)
	case 1:
		delay = c.row.terms + 5 + g.r.IntN(55)
	default:
		delay = c.row.terms + 30 + g.r.IntN(170)
		if g.r.IntN(4) == 0 {
			// Never pays; the oldest such debts are written off.
			g.push(&demoEvent{date: d.AddDate(0, 0, 300+g.r.IntN(60)), kind: evWriteOff, inv: inv})
			return nil
		}
	}
	// Customers pay in runs: on their run weekday on or after the day they
	// mean to pay, several invoices at once.
	payDay := d.AddDate(0, 0, max(0, delay))
	payDay = payDay.AddDate(0, 0, (int(c.runDay)-int(payDay.Weekday())+7)%7)
	pay := &demoEvent{date: payDay, kind: evPay, inv: inv, frac: 100}
	switch y := g.r.IntN(100); {
	case y < 8: // pays half now, the rest later
		pay.frac = 50
		g.push(&demoEvent{date: pay.date.AddDate(0, 0, 20+g.r.IntN(60)), kind: evPay, inv: inv, frac: 100})
	case y < 10: // rounds up: the excess stays as credit
		pay.over = int64(1+g.r.IntN(50)) * 100
	}
	g.push(pay)
	return nil
}

func (g *demoGen) event(t *tx, e *demoEvent) error {
	date := e.date
	switch e.kind {
	case evOnAccount:
		return g.payment(t, e.cust, nil, 0, e.over, date)
	}
	inv := e.inv
	if inv.doc.status != StatusIssued || inv.doc.open == 0 {
		return nil
	}
	switch e.kind {
	case evVoid:
		if err := t.void(&inv.doc, date, "issued in error"); err != nil {
			return err
		}
		inv.doc.status = StatusVoid
		g.res.Voids++
		return nil
	case evWriteOff:
		g.nWO++
		wo := docRow{kind: KindWriteOff, number: fmt.Sprintf("WO-%06d", g.nWO), customerID: inv.doc.customerID, status: StatusIssued,
			date: fmtDate(date), dueDate: fmtDate(date), currency: inv.doc.currency, total: inv.doc.open}
		var err error
		if wo.id, err = t.insertDoc(&wo, inv.doc.number, "customer insolvent"); err != nil {
			return err
		}
		amt := inv.doc.open
		if err := t.allocate(&wo, &inv.doc, amt, date, false); err != nil {
			return err
		}
		var b entryBuilder
		b.debit(AccBadDebts, 0, amt)
		b.credit(AccReceivable, inv.doc.customerID, amt)
		g.res.WriteOffs++
		return t.post(date, wo.id, "write_off", "write-off of "+inv.doc.number, wo.currency, &b)
	case evCredit:
		g.nCN++
		net := inv.doc.net / 10
		in := CreditNoteInput{CustomerCode: inv.cust.row.code, Number: fmt.Sprintf("CN-%06d", g.nCN), Date: date,
			Lines: []Line{{Description: "Goodwill discount on " + inv.doc.number, Quantity: D4(1), UnitPrice: net, TaxRate: inv.taxRate}}}
		nnet, tax, _, err := computeLines(in.Lines)
		if err != nil {
			return err
		}
		amt := min(nnet+tax, inv.doc.open)
		in.Apply = []AllocationInput{{InvoiceNumber: inv.doc.number, Amount: NewMoney(amt, inv.doc.currency)}}
		if _, err := t.issueCreditNote(&in); err != nil {
			return err
		}
		inv.doc.open -= amt
		g.res.CreditNotes++
		return nil
	default: // evPay
		amt := inv.doc.open * int64(e.frac) / 100
		if amt == 0 {
			return nil
		}
		return g.payment(t, inv.cust, inv, amt, e.over, date)
	}
}

// remittance writes one payment settling several invoices in full.
func (g *demoGen) remittance(t *tx, batch []*demoEvent) error {
	var invs []*demoInvoice
	var sum int64
	for _, e := range batch {
		if e.inv.doc.status == StatusIssued && e.inv.doc.open > 0 {
			invs = append(invs, e.inv)
			sum += e.inv.doc.open
		}
	}
	if len(invs) == 0 {
		return nil
	}
	c, date := invs[0].cust, batch[0].date
	g.nPay++
	p := docRow{kind: KindPayment, number: fmt.Sprintf("PAY-%06d", g.nPay), customerID: c.row.id, status: StatusIssued,
		date: fmtDate(date), dueDate: fmtDate(date), currency: c.row.currency, total: sum}
	var err error
	if p.id, err = t.insertDoc(&p, fmt.Sprintf("TRF %d", 100000+g.r.IntN(900000)), ""); err != nil {
		return err
	}
	var b entryBuilder
	b.debit(AccBank, 0, sum)
	for _, inv := range invs {
		amt := inv.doc.open
		if err := t.allocate(&p, &inv.doc, amt, date, false); err != nil {
			return err
		}
		b.credit(AccReceivable, c.row.id, amt)
	}
	g.res.Payments++
	return t.post(date, p.id, "payment", "payment "+p.number, p.currency, &b)
}

// payment writes a payment of amt to inv (if any) plus extra left unapplied.
func (g *demoGen) payment(t *tx, c *demoCustomer, inv *demoInvoice, amt, extra int64, date time.Time) error {
	g.nPay++
	p := docRow{kind: KindPayment, number: fmt.Sprintf("PAY-%06d", g.nPay), customerID: c.row.id, status: StatusIssued,
		date: fmtDate(date), dueDate: fmtDate(date), currency: c.row.currency, total: amt + extra, open: extra}
	var err error
	if p.id, err = t.insertDoc(&p, fmt.Sprintf("TRF %d", 100000+g.r.IntN(900000)), ""); err != nil {
		return err
	}
	var b entryBuilder
	b.debit(AccBank, 0, p.total)
	if inv != nil {
		if err := t.allocate(&p, &inv.doc, amt, date, false); err != nil {
			return err
		}
		b.credit(AccReceivable, c.row.id, amt)
	}
	b.credit(AccCredits, c.row.id, extra)
	g.res.Payments++
	return t.post(date, p.id, "payment", "payment "+p.number, p.currency, &b)
}

// finish points the number sequences past what the demo used.
func (g *demoGen) finish(t *tx) error {
	for kind, n := range map[Kind]int{KindInvoice: g.nInv, KindPayment: g.nPay, KindCreditNote: g.nCN, KindWriteOff: g.nWO} {
		if _, err := t.exec(`UPDATE sequences SET next = ? WHERE kind = ?`, n+1, string(kind)); err != nil {
			return err
		}
	}
	return nil
}

// dropIndexes drops indexes and returns the statements that recreate them,
// as the schema itself records them.
func (t *tx) dropIndexes(names ...string) ([]string, error) {
	var rebuild []string
	for _, n := range names {
		var q string
		if err := t.QueryRowContext(t.ctx, `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`, n).Scan(&q); err != nil {
			return nil, fmt.Errorf("index %s: %w", n, err)
		}
		if _, err := t.ExecContext(t.ctx, `DROP INDEX `+n); err != nil {
			return nil, err
		}
		rebuild = append(rebuild, q)
	}
	return rebuild, nil
}
