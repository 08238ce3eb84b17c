package ledger

import (
	"context"
	"database/sql/driver"
	"errors"
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
	// Progress, if set, is called every 25,000 invoices and at the end.
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
// bounded by the invoices in flight. The rows go in through demoWriter,
// which writes what the ledger's own paths would, row for row, in
// multi-row statements, so a ledger of a million invoices builds in under
// a minute.
func (s *Store) Demo(ctx context.Context, o DemoOptions) (DemoResult, error) {
	return s.demo(ctx, o, false)
}

// demo builds the demo ledger through demoWriter, or with realPaths through
// the ledger's own transaction paths, one statement at a time: the tests
// build both and compare them.
func (s *Store) demo(ctx context.Context, o DemoOptions, realPaths bool) (DemoResult, error) {
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
	g := &demoGen{r: rand.New(rand.NewPCG(o.Seed, 0xdec0de)), o: o, res: &res, days: demoDays{}}
	g.start = o.AsOf.AddDate(-2, 0, 0)
	g.perDay = float64(o.Invoices) / float64(DaysBetween(g.start, o.AsOf)+1)
	// One transaction: a killed demo leaves the empty ledger it started
	// from. Indexes the generator does not read are dropped first and
	// rebuilt at the end, sorted in one pass, which is several times
	// cheaper than keeping them up to date row by row.
	write := s.writeUnchecked
	if realPaths {
		write = s.write
	}
	err := write(ctx, func(t *tx) error {
		t.freshNumbers = true
		drop := []string{"documents_customer", "documents_asof", "documents_kind_date", "journal_entries_document"}
		if !realPaths {
			// The real paths read these (a void looks up the allocations
			// it releases); demoWriter reads nothing back.
			drop = append(drop, "allocations_invoice", "allocations_credit")
		}
		rebuild, err := t.dropIndexes(drop...)
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
		// From here until g.run returns, the writer's goroutine has t.
		if realPaths {
			g.w = demoPaths{t, g.days}
		} else if g.w, err = newDemoWriter(t, g.days); err != nil {
			return err
		}
		if err := g.run(ctx); err != nil {
			return err
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
	doc docRow // as the generator and the real paths see it
	// end is how it ends up, foreseen when it is issued (fate), and seen
	// how it stands so far: demoWriter writes end and checks seen.
	end, seen demoState
	pending   int // its events in the queue
	allocs    int // its allocations
	taxRate   Decimal4
	cust      *demoCustomer
}

type demoGen struct {
	w          demoSink
	r          *rand.Rand
	o          DemoOptions
	res        *DemoResult
	start      time.Time
	perDay     float64
	carry      float64
	custs      []*demoCustomer
	totalW     int
	queue      eventQueue
	days       demoDays
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
	if e.inv != nil {
		e.inv.pending++
	}
	g.queue.push(demoQueued{day: e.date.Unix() / 86400, cust: e.customerID(), seq: e.seq, e: e})
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

func (g *demoGen) day(d time.Time) error {
	for len(g.queue) > 0 && !g.queue[0].e.date.After(d) {
		e := g.queue.pop()
		if e.kind == evPay && e.frac == 100 && e.over == 0 {
			// Gather the customer's other full payments of the day.
			batch := []*demoEvent{e}
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

// run simulates the two years and writes them through g.w, which it
// closes: whatever happens, nothing is being written when it returns.
func (g *demoGen) run(ctx context.Context) (err error) {
	defer func() {
		if cerr := g.w.close(); err == nil {
			err = cerr
		}
	}()
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
	// What is left in the queue never happens.
	for _, q := range g.queue {
		if e := q.e; e.inv != nil {
			if err := g.w.settled(e.inv); err != nil {
				return err
			}
		}
	}
	return nil
}

// played notes that e has happened: after an invoice's last event it
// stands as it will at the end.
func (g *demoGen) played(e *demoEvent) error {
	if e.inv == nil {
		return nil
	}
	e.inv.pending--
	if e.inv.pending > 0 {
		return nil
	}
	return g.w.settled(e.inv)
}

func (g *demoGen) invoice(d time.Time) error {
	c := g.pickCustomer()
	g.nInv++
	in := InvoiceInput{CustomerCode: c.row.code, Number: demoNumber("INV-", 6, g.nInv), Date: d}
	for k := 0; k < 1+g.r.IntN(2); k++ {
		in.Lines = append(in.Lines, Line{Description: demoWork[g.r.IntN(len(demoWork))],
			Quantity: D4(int64(1 + g.r.IntN(8))), UnitPrice: int64(40+g.r.IntN(1200)) * 100, TaxRate: c.tax})
	}
	inv := &demoInvoice{cust: c, taxRate: c.tax}
	evs := g.invoiceEvents(inv, d)
	net, tax, _, err := computeLines(in.Lines)
	if err != nil {
		return err
	}
	if inv.end, err = g.fate(inv, d, net, net+tax, evs); err != nil {
		return err
	}
	if err := g.w.issueInvoice(inv, &in); err != nil {
		return err
	}
	g.res.Invoices++
	for _, e := range evs {
		g.push(e)
	}
	return nil
}

// invoiceEvents decides all that will happen to an invoice issued on d.
func (g *demoGen) invoiceEvents(inv *demoInvoice, d time.Time) []*demoEvent {
	c := inv.cust
	x := g.r.IntN(1000)
	if x < 5 {
		return []*demoEvent{{date: d.AddDate(0, 0, g.r.IntN(5)), kind: evVoid, inv: inv}}
	}
	var evs []*demoEvent
	if x < 25 {
		evs = append(evs, &demoEvent{date: d.AddDate(0, 0, 1+g.r.IntN(20)), kind: evCredit, inv: inv})
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
			return append(evs, &demoEvent{date: d.AddDate(0, 0, 300+g.r.IntN(60)), kind: evWriteOff, inv: inv})
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
		evs = append(evs, &demoEvent{date: pay.date.AddDate(0, 0, 20+g.r.IntN(60)), kind: evPay, inv: inv, frac: 100})
	case y < 10: // rounds up: the excess stays as credit
		pay.over = int64(1+g.r.IntN(50)) * 100
	}
	return append(evs, pay)
}

func (g *demoGen) event(e *demoEvent) error {
	date := e.date
	switch e.kind {
	case evOnAccount:
		return g.payment(e.cust, nil, 0, e.over, date)
	}
	inv := e.inv
	var credit []Line
	var creditTotal int64
	if e.kind == evCredit {
		credit = demoGoodwill(inv, inv.doc.number, inv.doc.net)
		nnet, tax, _, err := computeLines(credit)
		if err != nil {
			return err
		}
		creditTotal = nnet + tax
	}
	amt, void := e.settles(inv.doc.status, inv.doc.open, creditTotal)
	if amt == 0 && !void {
		return nil
	}
	switch e.kind {
	case evVoid:
		if err := g.w.void(inv, date, demoVoidReason); err != nil {
			return err
		}
		inv.doc.status = StatusVoid
		g.res.Voids++
		return nil
	case evWriteOff:
		g.nWO++
		wo := docRow{kind: KindWriteOff, number: demoNumber("WO-", 6, g.nWO), customerID: inv.doc.customerID, status: StatusIssued,
			date: g.days.of(date), dueDate: g.days.of(date), currency: inv.doc.currency, total: inv.doc.open}
		var err error
		if wo.id, err = g.w.insertDoc(&wo, inv.doc.number, "customer insolvent"); err != nil {
			return err
		}
		if err := g.w.allocate(&wo, inv, amt, date); err != nil {
			return err
		}
		var b entryBuilder
		b.debit(AccBadDebts, 0, amt)
		b.credit(AccReceivable, inv.doc.customerID, amt)
		g.res.WriteOffs++
		return g.w.post(date, wo.id, "write_off", "write-off of "+inv.doc.number, wo.currency, &b)
	case evCredit:
		g.nCN++
		in := CreditNoteInput{CustomerCode: inv.cust.row.code, Number: demoNumber("CN-", 6, g.nCN), Date: date, Lines: credit}
		in.Apply = []AllocationInput{{InvoiceNumber: inv.doc.number, Amount: NewMoney(amt, inv.doc.currency)}}
		if _, err := g.w.issueCreditNote(&in, inv); err != nil {
			return err
		}
		inv.doc.open -= amt
		g.res.CreditNotes++
		return nil
	default: // evPay
		return g.payment(inv.cust, inv, amt, e.over, date)
	}
}

// remittance writes one payment settling several invoices in full.
func (g *demoGen) remittance(batch []*demoEvent) error {
	var invs []*demoInvoice
	var sum int64
	for _, e := range batch {
		if amt, _ := e.settles(e.inv.doc.status, e.inv.doc.open, 0); amt > 0 {
			invs = append(invs, e.inv)
			sum += amt
		}
	}
	if len(invs) == 0 {
		return nil
	}
	c, date := invs[0].cust, batch[0].date
	g.nPay++
	p := docRow{kind: KindPayment, number: demoNumber("PAY-", 6, g.nPay), customerID: c.row.id, status: StatusIssued,
		date: g.days.of(date), dueDate: g.days.of(date), currency: c.row.currency, total: sum}
	var err error
	if p.id, err = g.w.insertDoc(&p, demoNumber("TRF ", 0, 100000+g.r.IntN(900000)), ""); err != nil {
		return err
	}
	var b entryBuilder
	b.debit(AccBank, 0, sum)
	for _, inv := range invs {
		amt := inv.doc.open
		if err := g.w.allocate(&p, inv, amt, date); err != nil {
			return err
		}
		b.credit(AccReceivable, c.row.id, amt)
	}
	g.res.Payments++
	return g.w.post(date, p.id, "payment", "payment "+p.number, p.currency, &b)
}

// payment writes a payment of amt to inv (if any) plus extra left unapplied.
func (g *demoGen) payment(c *demoCustomer, inv *demoInvoice, amt, extra int64, date time.Time) error {
	g.nPay++
	p := docRow{kind: KindPayment, number: demoNumber("PAY-", 6, g.nPay), customerID: c.row.id, status: StatusIssued,
		date: g.days.of(date), dueDate: g.days.of(date), currency: c.row.currency, total: amt + extra, open: extra}
	var err error
	if p.id, err = g.w.insertDoc(&p, demoNumber("TRF ", 0, 100000+g.r.IntN(900000)), ""); err != nil {
		return err
	}
	var b entryBuilder
	b.debit(AccBank, 0, p.total)
	if inv != nil {
		if err := g.w.allocate(&p, inv, amt, date); err != nil {
			return err
		}
		b.credit(AccReceivable, c.row.id, amt)
	}
	b.credit(AccCredits, c.row.id, extra)
	g.res.Payments++
	return g.w.post(date, p.id, "payment", "payment "+p.number, p.currency, &b)
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

// writeUnchecked is write with foreign keys unchecked, for demoWriter,
// which refers only to the customers just created and to ids it handed
// out itself: the parent lookups would cost a tenth of the demo's time.
// (TestDemoWriterMatchesRealPaths runs foreign_key_check.) PRAGMA
// foreign_keys does nothing inside a transaction, so it is set on the
// writer's connection, held for the transaction, and set back after.
func (s *Store) writeUnchecked(ctx context.Context, fn func(*tx) error) (err error) {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if _, onErr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); onErr != nil {
			err = errors.Join(err, fmt.Errorf("check foreign keys again: %w", onErr))
			// Never hand the pool back a connection that does not check
			// them: one its user calls bad, database/sql closes.
			if rawErr := conn.Raw(func(any) error { return driver.ErrBadConn }); !errors.Is(rawErr, driver.ErrBadConn) {
				err = errors.Join(err, rawErr)
			}
			return
		}
		err = errors.Join(err, conn.Close())
	}()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	return s.writeOn(ctx, conn, fn)
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
