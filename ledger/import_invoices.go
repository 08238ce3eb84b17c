package ledger

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// ImportInvoices reads issued invoices from CSV (docs/DESIGN.md: number,
// customer_code, issue_date, due_date, amount, currency, description;
// optional quantity, unit_price, tax_rate, discount). Each row is a line;
// consecutive rows with one number are one invoice. amount is the line's
// net before tax; tax_rate and discount are percentages ("20" = 20%).
func (s *Store) ImportInvoices(ctx context.Context, r io.Reader, name string, opts ImportOptions) (*ImportResult, error) {
	return s.importInvoices(ctx, r, name, opts, false)
}

// importInvoices writes the invoices through invoiceWriter, or with
// realPaths through t.issueInvoice, one statement at a time: the tests
// import both ways and compare.
func (s *Store) importInvoices(ctx context.Context, r io.Reader, name string, opts ImportOptions, realPaths bool) (*ImportResult, error) {
	required := []string{"number", "customer_code", "issue_date", "currency"}
	optional := []string{"due_date", "amount", "description", "quantity", "unit_price", "tax_rate", "discount", "reference", "notes",
		"vat_category", "vat_reason", "unit_code", "discount_terms"}
	// Foreign keys unchecked for invoiceWriter: checked, its multi-row
	// INSERTs make SQLite keep a statement journal (100,000 invoices:
	// 4.8-5.2 s instead of 3.9-4.3 s). Its rows refer only to customers
	// read in this transaction (customers are never deleted) and to ids
	// it checks statement by statement; TestImportInvoicesMatchesRealPaths
	// holds it to the checked path, and paidup check runs
	// foreign_key_check over the whole file.
	// On PostgreSQL the writer takes its ids from the sequences and every
	// foreign key is checked (writeUnchecked is write there).
	write := s.writeUnchecked
	if realPaths {
		write = s.write
	}
	return s.runImportOn(ctx, write, r, name, opts, required, optional, func(t *tx, im *importer) error {
		// Every number is checked against the file (start) and the ledger
		// (settle), so planInvoice need not look again.
		t.freshNumbers = true
		ii := &invoiceImport{t: t, im: im, custs: map[string]*custRow{}, terms: map[int64]DiscountTerms{}, seen: map[string]int{}}
		if !realPaths {
			var err error
			if ii.w, err = newInvoiceWriter(t); err != nil {
				return err
			}
		}
		im.settle = ii.settle
		return ii.run()
	})
}

type invoiceImport struct {
	t     *tx
	im    *importer
	w     *invoiceWriter          // nil: issue each invoice with t.issueInvoice
	custs map[string]*custRow     // nil value: no such customer
	terms map[int64]DiscountTerms // customer id → default discount terms, for the writer
	seen  map[string]int          // number → first line, for every invoice read
	g     *invGroup
	// pending are invoices read in full but not yet issued or reported,
	// waiting for their numbers to be looked up in the ledger together
	// (settle); worst is how many problems they could add at most.
	pending []*invGroup
	worst   int
}

// importLookup is how many invoices at most wait for their numbers to be
// looked up in one query.
const importLookup = 256

// invGroup is one invoice being read: its first row's header fields and
// its lines.
type invGroup struct {
	number                   string
	line                     int
	lookup                   bool    // number is to be looked up in the ledger
	takenAt                  Problem // where to say it is taken there
	cust                     *custRow
	code, issue, due, curRaw string
	terms                    string // discount_terms as written on the first line
	in                       InvoiceInput
	probs                    []Problem
}

func (ii *invoiceImport) run() error {
	f := ii.im.f
	if !f.has("amount") && !(f.has("quantity") && f.has("unit_price")) {
		ii.im.bad(Problem{File: f.name, Line: 1, Reason: `missing column "amount" (or both "quantity" and "unit_price")`})
		return nil
	}
	err := ii.im.rows(func() (bool, error) {
		number := f.get("number")
		if ii.g == nil || number != ii.g.number {
			if stop, err := ii.flush(); err != nil || stop {
				return true, err
			}
			if err := ii.start(number); err != nil {
				return true, err
			}
		} else {
			ii.sameHeader()
		}
		// A control character anywhere in the row refuses its invoice.
		ii.g.probs = append(ii.g.probs, f.textProbs...)
		ii.addLine()
		return false, nil
	})
	if err != nil {
		return err
	}
	if _, err := ii.flush(); err != nil {
		return err
	}
	if _, err := ii.settle(); err != nil {
		return err
	}
	if ii.w == nil {
		return nil
	}
	return ii.w.flush()
}

// start begins a new invoice at the current row.
func (ii *invoiceImport) start(number string) error {
	f := ii.im.f
	g := &invGroup{number: number, line: f.line, code: f.get("customer_code"), issue: f.get("issue_date"),
		due: f.get("due_date"), curRaw: strings.ToUpper(f.get("currency"))}
	ii.g = g
	g.in = InvoiceInput{Number: number, CustomerCode: g.code, Reference: f.get("reference"), Notes: f.get("notes")}
	switch first, dup := ii.seen[number]; {
	case number == "":
		g.probs = append(g.probs, f.problem("number", "invoice number is empty"))
	case dup:
		g.probs = append(g.probs, f.problem("number", "invoice %s appears again (first at line %d): the rows of one invoice must be next to each other, and numbers unique", number, first))
	default:
		ii.seen[number] = f.line
		if err := validNumber(number); err != nil {
			g.probs = append(g.probs, rowProblem(f, "number", err))
		} else {
			// Looked up in the ledger by settle, with others: only
			// numbers there before the import matter, a number of the
			// file being caught by seen.
			g.lookup, g.takenAt = true, f.at("number")
		}
	}
	cust, err := ii.customer(g.code)
	if err != nil {
		return err
	}
	g.cust = cust
	if g.code == "" {
		g.probs = append(g.probs, f.problem("customer_code", "customer code is empty"))
	} else if cust == nil {
		g.probs = append(g.probs, f.problem("customer_code", "unknown customer %q: import customers first", g.code))
	}
	if !ValidCurrency(g.curRaw) {
		g.probs = append(g.probs, f.problem("currency", "unknown currency %q", f.get("currency")))
	} else if cust != nil && cust.currency != g.curRaw {
		g.probs = append(g.probs, f.problem("currency", "invoice is in %s but customer %s deals in %s", g.curRaw, cust.code, cust.currency))
	}
	if d, err := ParseDate(g.issue); err != nil {
		g.probs = append(g.probs, f.problem("issue_date", "%v", err))
	} else {
		g.in.Date = d
	}
	// An invoice's own early-payment discount terms ("2/10", "none"); left
	// empty it takes its customer's, as one issued in the window does.
	if g.terms = f.get("discount_terms"); g.terms != "" {
		if d, err := ParseDiscountTerms(g.terms); err != nil {
			g.probs = append(g.probs, rowProblem(f, "discount_terms", err))
		} else {
			g.in.Discount = &d
		}
	}
	if g.due != "" {
		if d, err := ParseDate(g.due); err != nil {
			g.probs = append(g.probs, f.problem("due_date", "%v", err))
		} else if !g.in.Date.IsZero() && d.Before(g.in.Date) {
			g.probs = append(g.probs, f.problem("due_date", "due date %s is before the issue date %s", g.due, g.issue))
		} else {
			g.in.DueDate = d
		}
	}
	return nil
}

// sameHeader checks that a further line of an invoice agrees with its first.
func (ii *invoiceImport) sameHeader() {
	f, g := ii.im.f, ii.g
	for _, c := range []struct{ col, want string }{
		{"customer_code", g.code}, {"issue_date", g.issue}, {"due_date", g.due}, {"currency", g.curRaw}, {"discount_terms", g.terms},
	} {
		if v := f.get(c.col); v != "" && !strings.EqualFold(v, c.want) {
			g.probs = append(g.probs, f.problem(c.col, "%q differs from %q on the invoice's first line (line %d)", v, c.want, g.line))
		}
	}
}

// addLine parses the current row as a line of the current invoice.
func (ii *invoiceImport) addLine() {
	f, g := ii.im.f, ii.g
	cur := g.curRaw
	if !ValidCurrency(cur) {
		return // already reported; amounts cannot be read without it
	}
	l := Line{Description: f.get("description"), Quantity: D4(1),
		VATCategory: f.get("vat_category"), VATReason: f.get("vat_reason"), UnitCode: f.get("unit_code")}
	if l.Description == "" {
		l.Description = "Invoice " + g.number
	}
	var amount *int64
	if v := f.get("amount"); v != "" {
		m, err := ParseMoney(v, cur)
		if err != nil {
			g.probs = append(g.probs, f.problem("amount", "%v", err))
			return
		}
		amount = &m.Minor
		l.UnitPrice = m.Minor
	}
	qty, price := f.get("quantity"), f.get("unit_price")
	if qty != "" || price != "" {
		if qty == "" || price == "" {
			g.probs = append(g.probs, f.problem(map[bool]string{true: "quantity", false: "unit_price"}[qty == ""], "give both quantity and unit_price, or neither"))
			return
		}
		q, err := ParseDecimal4(qty)
		if err != nil {
			g.probs = append(g.probs, f.problem("quantity", "quantity %v", err))
			return
		}
		if q <= 0 {
			g.probs = append(g.probs, f.problem("quantity", "%q is not a quantity more than zero", qty))
			return
		}
		p, err := ParseMoney(price, cur)
		if err != nil {
			g.probs = append(g.probs, f.problem("unit_price", "%v", err))
			return
		}
		l.Quantity, l.UnitPrice = q, p.Minor
	} else if amount == nil {
		g.probs = append(g.probs, f.problem("amount", "amount is empty (give an amount, or quantity and unit_price)"))
		return
	}
	for _, pc := range []struct {
		col string
		dst *Decimal4
	}{{"tax_rate", &l.TaxRate}, {"discount", &l.Discount}} {
		if v := strings.TrimSuffix(f.get(pc.col), "%"); v != "" {
			d, err := ParseDecimal4(v)
			if err != nil {
				g.probs = append(g.probs, f.problem(pc.col, "percentage %v", err))
				return
			}
			if d < 0 || d > D4(100) {
				g.probs = append(g.probs, f.problem(pc.col, "%q is not a percentage from 0 to 100", f.get(pc.col)))
				return
			}
			*pc.dst = d
		}
	}
	// The e-invoice fields are checked here so that a problem names its
	// row and column (the ledger checks them again on writing).
	if err := checkLineVAT(&l); err != nil {
		col := "vat_category"
		switch {
		case strings.Contains(err.Error(), "unit"):
			col = "unit_code"
		case strings.Contains(err.Error(), "reason"):
			col = "vat_reason"
		}
		g.probs = append(g.probs, f.problem(col, "%v", err))
		return
	}
	if amount != nil && (qty != "" || l.Discount != 0) {
		net, err := LineNet(l.Quantity, l.UnitPrice, l.Discount)
		if err == nil && net != *amount {
			g.probs = append(g.probs, f.problem("amount", "amount %s does not match quantity × unit_price less discount = %s",
				NewMoney(*amount, cur).Plain(), NewMoney(net, cur).Plain()))
			return
		}
	}
	g.in.Lines = append(g.in.Lines, l)
}

// flush puts the invoice read so far among the pending ones, and settles
// them when waiting longer could change what the import does.
//
// Each pending invoice adds at most len(probs)+1 problems when settled (its
// own, or its number taken, or what planInvoice refuses), and only a
// problem can stop the import. While the problems found plus worst stay
// below MaxProblems none of them can stop it, so they may wait while
// further rows are read; once that no longer holds they are settled at
// once, and only the invoice just read, whose number was read in the row
// that ended it, can stop the import: exactly where looking each number up
// in start and issuing each invoice here stopped it.
func (ii *invoiceImport) flush() (stop bool, err error) {
	g := ii.g
	if g == nil {
		return false, nil
	}
	ii.g = nil
	ii.pending = append(ii.pending, g)
	ii.worst += len(g.probs) + 1
	if len(ii.pending) < importLookup && (ii.im.opts.SkipBad || len(ii.im.res.Problems)+ii.worst < ii.im.opts.MaxProblems) {
		return false, nil
	}
	return ii.settle()
}

// settle looks the numbers of the pending invoices up in the ledger in one
// query, then issues them in order, or records their problems.
func (ii *invoiceImport) settle() (stop bool, err error) {
	pending := ii.pending
	ii.pending, ii.worst = ii.pending[:0], 0
	var numbers []string
	for _, g := range pending {
		if g.lookup {
			numbers = append(numbers, g.number)
		}
	}
	taken, err := ii.t.numbersTaken(numbers)
	if err != nil {
		return true, err
	}
	for i, g := range pending {
		if g.lookup && taken[g.number] {
			p := g.takenAt
			p.Reason = "invoice number " + g.number + " is in the ledger already"
			g.probs = append([]Problem{p}, g.probs...)
		}
		stop, err = ii.issue(g)
		pending[i] = nil
		if err != nil || stop {
			clear(pending[i:])
			return stop, err
		}
	}
	return false, nil
}

// issue issues an invoice read in full, or records its problems.
func (ii *invoiceImport) issue(g *invGroup) (stop bool, err error) {
	if len(g.probs) > 0 {
		return ii.im.bad(g.probs...), nil
	}
	if ii.im.failed {
		return false, nil
	}
	var total int64
	if ii.w == nil {
		_, total, err = ii.t.issueInvoice(*g.cust, &g.in, 0)
	} else {
		var net, tax int64
		var terms DiscountTerms
		if net, tax, err = ii.t.planInvoice(*g.cust, &g.in); err == nil {
			terms, err = ii.discountTerms(g)
		}
		if err == nil {
			// What add refuses is a bug or a broken file: EINTERNAL.
			total, err = net+tax, ii.w.add(g.cust, &g.in, net, tax, terms)
		}
	}
	if err != nil {
		if ErrorCode(err) == EINTERNAL {
			return true, err
		}
		return ii.im.bad(Problem{File: ii.im.f.name, Line: g.line, Reason: "invoice " + g.number + ": " + err.Error()}), nil
	}
	ii.im.res.Imported++
	ii.im.res.Lines += len(g.in.Lines)
	if err := addTotal(ii.im.res.Totals, NewMoney(total, g.cust.currency)); err != nil {
		return true, fmt.Errorf("invoice %s: total imported: %w", g.number, err)
	}
	return false, nil
}

// discountTerms are the early-payment terms the writer gives invoice g:
// its own, else its customer's (what t.writeInvoiceDiscount gives one
// issued on the real path).
func (ii *invoiceImport) discountTerms(g *invGroup) (DiscountTerms, error) {
	if g.in.Discount != nil {
		return *g.in.Discount, nil
	}
	if d, ok := ii.terms[g.cust.id]; ok {
		return d, nil
	}
	var d DiscountTerms
	if err := ii.t.queryRow(`SELECT discount_bp, discount_days FROM customers WHERE id = ?`, g.cust.id).Scan(&d.BP, &d.Days); err != nil {
		return d, fmt.Errorf("read discount terms of %s: %w", g.cust.code, err)
	}
	ii.terms[g.cust.id] = d
	return d, nil
}

func (ii *invoiceImport) customer(code string) (*custRow, error) {
	if c, ok := ii.custs[code]; ok {
		return c, nil
	}
	c, err := ii.t.customerByCode(code)
	if ErrorCode(err) == ENOTFOUND {
		ii.custs[code] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ii.custs[code] = &c
	return &c, nil
}
