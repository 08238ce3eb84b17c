package ledger

import (
	"context"
	"io"
	"strings"
)

// ImportInvoices reads issued invoices from CSV (DESIGN.md: number,
// customer_code, issue_date, due_date, amount, currency, description;
// optional quantity, unit_price, tax_rate, discount). Each row is a line;
// consecutive rows with one number are one invoice. amount is the line's
// net before tax; tax_rate and discount are percentages ("20" = 20%).
func (s *Store) ImportInvoices(ctx context.Context, r io.Reader, name string, opts ImportOptions) (*ImportResult, error) {
	required := []string{"number", "customer_code", "issue_date", "currency"}
	optional := []string{"due_date", "amount", "description", "quantity", "unit_price", "tax_rate", "discount", "reference", "notes"}
	return s.runImport(ctx, r, name, opts, required, optional, func(t *tx, im *importer) error {
		// start() checks every number against the ledger and the file, so
		// issueInvoice need not look again.
		t.freshNumbers = true
		ii := &invoiceImport{t: t, im: im, custs: map[string]*custRow{}, seen: map[string]int{}}
		return ii.run()
	})
}

type invoiceImport struct {
	t     *tx
	im    *importer
	custs map[string]*custRow // nil value: no such customer
	seen  map[string]int      // number → first line, for every invoice read
	g     *invGroup
}

// invGroup is one invoice being read: its first row's header fields and
// its lines.
type invGroup struct {
	number                   string
	line                     int
	cust                     *custRow
	code, issue, due, curRaw string
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
		ii.addLine()
		return false, nil
	})
	if err != nil {
		return err
	}
	_, err = ii.flush()
	return err
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
		} else if taken, err := ii.t.numberTaken(number); err != nil {
			return err
		} else if taken {
			g.probs = append(g.probs, f.problem("number", "invoice number %s is in the ledger already", number))
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
		{"customer_code", g.code}, {"issue_date", g.issue}, {"due_date", g.due}, {"currency", g.curRaw},
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
	l := Line{Description: f.get("description"), Quantity: D4(1)}
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
		if err != nil || q <= 0 {
			g.probs = append(g.probs, f.problem("quantity", "%q is not a quantity more than zero with up to 4 decimals", qty))
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
			if err != nil || d < 0 || d > D4(100) {
				g.probs = append(g.probs, f.problem(pc.col, "%q is not a percentage from 0 to 100", f.get(pc.col)))
				return
			}
			*pc.dst = d
		}
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

// flush issues the invoice read so far, or records its problems.
func (ii *invoiceImport) flush() (stop bool, err error) {
	g := ii.g
	if g == nil {
		return false, nil
	}
	ii.g = nil
	if len(g.probs) > 0 {
		return ii.im.bad(g.probs...), nil
	}
	if ii.im.failed {
		return false, nil
	}
	_, total, err := ii.t.issueInvoice(*g.cust, &g.in, 0)
	if err != nil {
		if ErrorCode(err) == EINTERNAL {
			return true, err
		}
		return ii.im.bad(Problem{File: ii.im.f.name, Line: g.line, Reason: "invoice " + g.number + ": " + err.Error()}), nil
	}
	ii.im.res.Imported++
	ii.im.res.Lines += len(g.in.Lines)
	ii.im.res.Totals[g.cust.currency] += total
	return false, nil
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
