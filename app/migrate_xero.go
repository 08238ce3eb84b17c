package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"paidup/ledger"
)

// Moving in from Xero (paidup migrate csv --from xero): its sales
// invoices export (Business › Invoices › Export: a row per line, Xero's
// template columns plus Total, TaxTotal, InvoiceAmountPaid,
// InvoiceAmountDue, LineAmount, TaxAmount, Type and Status) and,
// optionally, its contacts export (ContactName, AccountNumber,
// EmailAddress, the PO address, PhoneNumber, TaxNumber,
// DueDateSalesDay/Term). A leading '*' on a heading is ignored.
//
// Each invoice comes whole, its lines at the tax rate its line's
// TaxAmount / LineAmount gives, and what was paid of it (its total less
// InvoiceAmountDue) as a payment dated paidOn, applied to it; a credit
// note comes as the credit still open (InvoiceAmountDue), unapplied.
// Drafts, invoices awaiting approval, voided and deleted ones are left out
// and listed. A contact is a customer whose code is its AccountNumber or
// else made of its name; its currency is its invoices'. Everything is
// written in one transaction, or nothing (ledger.Migrate).

// MigrationReport says what a move did, or would do.
type MigrationReport struct {
	From    string
	Result  *ledger.MigrationResult
	Before  map[string]int64 // what the source says is open, per currency
	Skipped []string         // "FILE:LINE: NUMBER: reason"
}

// MigrationProblems are the rows a move refused, each "FILE:LINE: column
// NAME: reason"; nothing was written.
type MigrationProblems []string

func (p MigrationProblems) Error() string {
	return fmt.Sprintf("nothing was moved in: %d problem(s): %s", len(p), strings.Join(p, "; "))
}

// csvTable is a CSV file read whole, by heading.
type csvTable struct {
	name  string
	cols  map[string]int
	rows  [][]string
	lines []int // the line each row starts on
}

// readCSVTable reads a CSV export whole: UTF-8 (a byte-order mark is
// dropped) or converted from enc, else refused saying what it looks like
// (ledger.DecodeText). The heading row is the first, or, when isHeader
// is given, the first of the first 20 rows it accepts: reports exported
// from QuickBooks start with their title, company and dates.
func readCSVTable(path, enc string, isHeader func(cols map[string]int) bool) (*csvTable, error) {
	name := filepath.Base(path)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if data, err = ledger.DecodeText(data, enc, "--encoding"); err != nil {
		return nil, ledger.Errorf(ledger.EINVALID, "%s: %v", name, err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var recs [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, ledger.Errorf(ledger.EINVALID, "%s: %v", name, err)
		}
		line, _ := r.FieldPos(0)
		recs, lines = append(recs, rec), append(lines, line)
	}
	if len(recs) == 0 {
		return nil, ledger.Errorf(ledger.EINVALID, "%s is empty", name)
	}
	headings := func(rec []string) map[string]int {
		cols := map[string]int{}
		for i, h := range rec {
			h = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "*"))
			if _, dup := cols[h]; !dup && h != "" {
				cols[h] = i
			}
		}
		return cols
	}
	at := 0
	if isHeader != nil {
		for i := 0; i < len(recs) && i < 20; i++ {
			if isHeader(headings(recs[i])) {
				at = i
				break
			}
		}
	}
	t := &csvTable{name: name, cols: headings(recs[at]), rows: recs[at+1:], lines: lines[at+1:]}
	// An unquoted comma in a value (1,234.56) splits it in two and shifts
	// every cell after it: the row is refused rather than read askew.
	width := len(recs[at])
	for i, row := range t.rows {
		for j := width; j < len(row); j++ {
			if strings.TrimSpace(row[j]) != "" {
				return nil, ledger.Errorf(ledger.EINVALID, "%s:%d: column %d: the row has %d fields but the headings %d: a value with an unquoted comma (such as 1,234.56) splits in two; quote it, or export the file again",
					name, t.line(i), j+1, len(row), width)
			}
		}
	}
	return t, nil
}

// line is the line row i starts on.
func (t *csvTable) line(i int) int { return t.lines[i] }

func (t *csvTable) has(col string) bool { _, ok := t.cols[strings.ToLower(col)]; return ok }

func (t *csvTable) get(row []string, col string) string {
	i, ok := t.cols[strings.ToLower(col)]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// where is "FILE:LINE: column N (NAME)" of a cell.
func (t *csvTable) where(i int, col string) string {
	n, ok := t.cols[strings.ToLower(col)]
	if !ok {
		return fmt.Sprintf("%s:%d: column %s", t.name, t.line(i), col)
	}
	n++
	return fmt.Sprintf("%s:%d: column %d (%s)", t.name, t.line(i), n, col)
}

// xeroDate reads Xero's dates: ISO, or day first (DD/MM/YYYY), or month
// first when monthFirst.
func xeroDate(s string, monthFirst bool) (time.Time, error) {
	if d, err := ledger.ParseDate(s); err == nil {
		return d, nil
	}
	layout := "2/1/2006"
	if monthFirst {
		layout = "1/2/2006"
	}
	d, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date (YYYY-MM-DD or %s)", s, map[bool]string{false: "DD/MM/YYYY", true: "MM/DD/YYYY"}[monthFirst])
	}
	return d, nil
}

// MigrateXero moves Xero's exports in (files: the invoices export and,
// optionally, the contacts export, told apart by their headings); enc
// names their encoding when it is not UTF-8.
func (a *App) MigrateXero(ctx context.Context, files []string, enc string, paidOn time.Time, monthFirst, dryRun bool) (*MigrationReport, error) {
	var invoices, contacts *csvTable
	for _, f := range files {
		t, err := readCSVTable(f, enc, nil)
		if err != nil {
			return nil, err
		}
		switch {
		case t.has("InvoiceNumber") && t.has("ContactName"):
			invoices = t
		case t.has("ContactName"):
			contacts = t
		default:
			return nil, ledger.Errorf(ledger.EINVALID, "%s is neither Xero's invoices export (ContactName, InvoiceNumber…) nor its contacts export", t.name)
		}
	}
	if invoices == nil {
		return nil, ledger.Errorf(ledger.EINVALID, "name Xero's invoices export (the file with ContactName and InvoiceNumber)")
	}
	for _, col := range []string{"ContactName", "InvoiceNumber", "InvoiceDate", "DueDate", "Quantity", "UnitAmount", "Currency", "Total", "InvoiceAmountDue"} {
		if !invoices.has(col) {
			return nil, ledger.Errorf(ledger.EINVALID, "%s: no column %s: export the invoices from Xero as they are", invoices.name, col)
		}
	}
	home, defTerms, err := a.moveInDefaults(ctx)
	if err != nil {
		return nil, err
	}
	paidOn = a.orToday(paidOn)
	var probs MigrationProblems
	rep := &MigrationReport{From: "Xero", Before: map[string]int64{}}
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }

	// The invoices, by number, in the file's order.
	type doc struct {
		line                 int
		contact, number, typ string
		status, ref, cur     string
		date, due            time.Time
		total, due2          ledger.Money
		lines                []ledger.Line
		credit, skip         bool
	}
	var docs []*doc
	byNumber := map[string]*doc{}
	for i, row := range invoices.rows {
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue
		}
		number := invoices.get(row, "InvoiceNumber")
		d := byNumber[number]
		if d == nil {
			d = &doc{line: invoices.line(i), contact: invoices.get(row, "ContactName"), number: number, typ: invoices.get(row, "Type"),
				status: invoices.get(row, "Status"), ref: invoices.get(row, "Reference"), cur: strings.ToUpper(invoices.get(row, "Currency"))}
			if d.cur == "" {
				d.cur = home
			}
			d.credit = strings.Contains(strings.ToLower(d.typ), "credit")
			switch strings.ToLower(d.status) {
			case "draft", "voided", "deleted", "awaiting approval", "submitted":
				d.skip = true
				rep.Skipped = append(rep.Skipped, fmt.Sprintf("%s:%d: %s: %s in Xero", invoices.name, invoices.line(i), number, d.status))
			}
			byNumber[number] = d
			docs = append(docs, d)
			if number == "" {
				bad("%s: no invoice number", invoices.where(i, "InvoiceNumber"))
			}
			if d.contact == "" {
				bad("%s: no contact", invoices.where(i, "ContactName"))
			}
			if !ledger.ValidCurrency(d.cur) {
				bad("%s: %q is not a currency code", invoices.where(i, "Currency"), d.cur)
				continue
			}
			var err error
			if d.date, err = xeroDate(invoices.get(row, "InvoiceDate"), monthFirst); err != nil {
				bad("%s: %v", invoices.where(i, "InvoiceDate"), err)
			}
			if d.due, err = xeroDate(invoices.get(row, "DueDate"), monthFirst); err != nil {
				bad("%s: %v", invoices.where(i, "DueDate"), err)
			}
			if d.total, err = ledger.ParseMoney(invoices.get(row, "Total"), d.cur); err != nil {
				bad("%s: %v", invoices.where(i, "Total"), err)
			}
			if d.due2, err = ledger.ParseMoney(invoices.get(row, "InvoiceAmountDue"), d.cur); err != nil {
				bad("%s: %v", invoices.where(i, "InvoiceAmountDue"), err)
			}
		}
		if d.skip || d.credit {
			continue
		}
		qty, err := ledger.ParseDecimal4(invoices.get(row, "Quantity"))
		if err != nil {
			bad("%s: %v", invoices.where(i, "Quantity"), err)
			continue
		}
		unit, err := ledger.ParseMoney(invoices.get(row, "UnitAmount"), d.cur)
		if err != nil {
			bad("%s: %v", invoices.where(i, "UnitAmount"), err)
			continue
		}
		var disc ledger.Decimal4
		if s := invoices.get(row, "Discount"); s != "" {
			if disc, err = ledger.ParseDecimal4(s); err != nil {
				bad("%s: %v", invoices.where(i, "Discount"), err)
				continue
			}
		}
		l := ledger.Line{Description: invoices.get(row, "Description"), Quantity: qty, UnitPrice: unit.Minor, Discount: disc}
		if l.Description == "" {
			l.Description = d.number
		}
		// The tax rate is the line's tax over its amount, to two decimals.
		if ta, la := invoices.get(row, "TaxAmount"), invoices.get(row, "LineAmount"); ta != "" && la != "" {
			tax, err1 := ledger.ParseMoney(ta, d.cur)
			net, err2 := ledger.ParseMoney(la, d.cur)
			if err1 != nil || err2 != nil {
				bad("%s: tax %q of a line of %q", invoices.where(i, "TaxAmount"), ta, la)
				continue
			}
			if net.Minor != 0 && tax.Minor != 0 {
				r := new(big.Rat).SetFrac64(tax.Minor*100, net.Minor)
				if l.TaxRate, err = ledger.ParseDecimal4(r.FloatString(2)); err != nil {
					bad("%s: %v", invoices.where(i, "TaxAmount"), err)
					continue
				}
			}
		}
		d.lines = append(d.lines, l)
	}

	// The customers: from the contacts export, else from the invoices.
	type contact struct {
		c    ledger.Customer
		curs map[string]bool
	}
	customers := map[string]*contact{} // by contact name
	codes := map[string]bool{}
	add := func(name, code string) *contact {
		if code == "" {
			code = codeOf(name)
		}
		base := code
		for n := 2; codes[code]; n++ {
			code = fmt.Sprintf("%s-%d", base, n)
		}
		codes[code] = true
		ct := &contact{c: ledger.Customer{Code: code, Name: name, TermsDays: defTerms}, curs: map[string]bool{}}
		customers[strings.ToLower(name)] = ct
		return ct
	}
	if contacts != nil {
		for i, row := range contacts.rows {
			name := contacts.get(row, "ContactName")
			if name == "" {
				continue
			}
			ct := add(name, contacts.get(row, "AccountNumber"))
			ct.c.Email = contacts.get(row, "EmailAddress")
			ct.c.Phone = contacts.get(row, "PhoneNumber")
			ct.c.TaxID = contacts.get(row, "TaxNumber")
			var addr []string
			for _, col := range []string{"POAddressLine1", "POAddressLine2", "POAddressLine3", "POAddressLine4"} {
				if v := contacts.get(row, col); v != "" {
					addr = append(addr, v)
				}
			}
			city := strings.TrimSpace(contacts.get(row, "POPostalCode") + " " + contacts.get(row, "POCity"))
			for _, v := range []string{city, contacts.get(row, "PORegion"), contacts.get(row, "POCountry")} {
				if v != "" {
					addr = append(addr, v)
				}
			}
			ct.c.Address = strings.Join(addr, "\n")
			if strings.EqualFold(contacts.get(row, "DueDateSalesTerm"), "DAYSAFTERBILLDATE") {
				if n, err := strconv.Atoi(contacts.get(row, "DueDateSalesDay")); err == nil && n >= 0 {
					ct.c.TermsDays = n
				} else {
					bad("%s: %q is not a number of days", contacts.where(i, "DueDateSalesDay"), contacts.get(row, "DueDateSalesDay"))
				}
			}
		}
	}
	m := &ledger.Migration{}
	for _, d := range docs {
		if d.skip {
			continue
		}
		ct := customers[strings.ToLower(d.contact)]
		if ct == nil {
			ct = add(d.contact, "")
		}
		ct.curs[d.cur] = true
		if d.credit {
			rep.Before[d.cur] -= d.due2.Minor
			if d.due2.Minor > 0 {
				m.Credits = append(m.Credits, ledger.MigrationCredit{File: invoices.name, Line: d.line, Credit: ledger.CreditNoteInput{
					CustomerCode: ct.c.Code, Number: d.number, Date: d.date, Reference: d.ref,
					Lines: []ledger.Line{{Description: "credit still open in Xero of " + d.number, Quantity: ledger.D4(1), UnitPrice: d.due2.Minor}}}})
			} else {
				rep.Skipped = append(rep.Skipped, fmt.Sprintf("%s:%d: %s: a credit note used up in Xero", invoices.name, d.line, d.number))
			}
			continue
		}
		rep.Before[d.cur] += d.due2.Minor
		paid := ledger.NewMoney(d.total.Minor-d.due2.Minor, d.cur)
		if paid.Minor < 0 {
			bad("%s:%d: %s: more is due (%s) than its total (%s)", invoices.name, d.line, d.number, d.due2.Plain(), d.total.Plain())
			continue
		}
		m.Invoices = append(m.Invoices, ledger.MigrationInvoice{File: invoices.name, Line: d.line, Total: d.total, Paid: paid, PaidOn: paidOn,
			Invoice: ledger.InvoiceInput{CustomerCode: ct.c.Code, Number: d.number, Date: d.date, DueDate: d.due, Reference: d.ref, Lines: d.lines}})
	}
	for _, ct := range customers {
		curs := slices.Sorted(maps.Keys(ct.curs))
		switch {
		case len(curs) > 1:
			bad("%s: contact %s has invoices in %s: a customer has one currency", invoices.name, ct.c.Name, strings.Join(curs, " and "))
			continue
		case len(curs) == 1:
			ct.c.Currency = curs[0]
		default:
			ct.c.Currency = home
		}
		if ct.c.Currency == "" {
			bad("contact %s: no currency (set business.currency)", ct.c.Name)
			continue
		}
		m.Customers = append(m.Customers, ct.c)
	}
	sort.Slice(m.Customers, func(i, j int) bool { return m.Customers[i].Code < m.Customers[j].Code })
	if len(probs) > 0 {
		return nil, probs
	}
	res, err := a.Migrate(ctx, m, dryRun)
	if err != nil {
		return nil, err
	}
	rep.Result = res
	return rep, nil
}
