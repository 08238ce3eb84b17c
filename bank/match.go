package bank

import (
	"fmt"
	"sort"
	"strings"

	"paidup/ledger"
)

// Matching, for money in. The rules, strongest first:
//  1. an RF reference or an invoice number (in the structured reference,
//     the end-to-end id or the text) names invoices; when exactly one set
//     of the invoices named has open exactly the amount, the match is
//     certain and is posted;
//  2. otherwise the payer's IBAN, learned from earlier accepted matches,
//     names the customer, and the amount is compared with that customer's
//     open invoices: one equal, a combination (bounded search) equal, or
//     short by no more than the tolerance (bank charges, written off);
//  3. more than the invoices named have open: the rest is the customer's
//     unapplied credit.
// Only rule 1 with one exact fit posts by itself; everything else waits for
// review with its confidence and reasons, and a payment that fits two
// invoices (or combinations) equally is never chosen between.

// Options tune matching.
type Options struct {
	// Tolerance is the largest shortfall, in minor units of the line's
	// currency, taken as bank charges and written off (0: none).
	Tolerance int64
	// NoAutoPost leaves even certain matches for review.
	NoAutoPost bool
}

// Decision is matching's verdict on one line.
type Decision struct {
	Line       ledger.BankLine
	Status     ledger.BankStatus // matched (to be posted), review or unmatched
	Customer   string
	Apply      []ledger.AllocationInput
	WriteOffs  []ledger.AllocationInput
	Credit     int64 // the part left as unapplied credit
	Confidence int
	Reasons    []string
	Ambiguous  bool   // fits several candidates equally: a person chooses
	Refund     string // money out: the refund it paid (refunds.go)
}

// Reason is the decision's reasons as one line.
func (d Decision) Reason() string { return strings.Join(d.Reasons, "; ") }

// Invoices are the numbers applied (or suggested); for money out, the refund.
func (d Decision) Invoices() []string {
	if d.Refund != "" {
		return []string{d.Refund}
	}
	var out []string
	for _, a := range d.Apply {
		out = append(out, a.InvoiceNumber)
	}
	return out
}

// Index holds the open invoices and known payers a match run compares
// lines with.
type Index struct {
	byKey      map[string][]*ledger.OpenInvoice
	byRF       map[string]*ledger.OpenInvoice
	byNumber   map[string]*ledger.OpenInvoice
	byCustomer map[string][]*ledger.OpenInvoice
	payers     map[string]string
	names      map[string][]string // customer code → name words (names.go)
	nameIndex  map[string][]string // name word → customer codes
	refunds    []ledger.BankRefund // refunds not matched yet (refunds.go)
}

// NewIndex indexes open invoices (oldest due first) and IBAN → customer.
func NewIndex(open []ledger.OpenInvoice, payers map[string]string) *Index {
	x := &Index{byKey: map[string][]*ledger.OpenInvoice{}, byRF: map[string]*ledger.OpenInvoice{},
		byNumber: map[string]*ledger.OpenInvoice{}, byCustomer: map[string][]*ledger.OpenInvoice{}, payers: payers, names: map[string][]string{}, nameIndex: map[string][]string{}}
	for i := range open {
		o := &open[i]
		x.byNumber[o.Number] = o
		if k := numberKey(o.Number); k != "" {
			x.byKey[k] = append(x.byKey[k], o)
		}
		if rf, ok := ledger.RFReference(o.Number); ok {
			x.byRF[rf] = o
		}
		if len(x.byCustomer[o.Customer]) == 0 {
			x.names[o.Customer] = nameWords(o.Name)
			for _, w := range x.names[o.Customer] {
				x.nameIndex[w] = append(x.nameIndex[w], o.Customer)
			}
		}
		x.byCustomer[o.Customer] = append(x.byCustomer[o.Customer], o)
	}
	return x
}

// Posted takes what a posted decision applied out of the index, so a
// later line of the same run does not pay the same invoice again.
func (x *Index) Posted(d Decision) {
	if d.Refund != "" {
		x.postedRefund(d.Refund)
	}
	for _, a := range append(append([]ledger.AllocationInput(nil), d.Apply...), d.WriteOffs...) {
		if o := x.byNumber[a.InvoiceNumber]; o != nil {
			o.Open.Minor -= a.Amount.Minor
		}
	}
	if d.Line.IBAN != "" && d.Customer != "" {
		x.payers[d.Line.IBAN] = d.Customer
	}
}

// maxNamed bounds the invoices one line may name before its references
// are taken as noise (a list of every invoice of a year).
const maxNamed = 8

// Decide matches one line.
func (x *Index) Decide(l ledger.BankLine, o Options) Decision {
	d := Decision{Line: l, Status: ledger.BankUnmatched}
	if l.Amount.Minor <= 0 {
		return x.decideRefund(d, o)
	}
	named, why := x.named(l)
	if len(named) > 0 && len(named) <= maxNamed {
		return x.byReference(d, named, why, o)
	}
	code := ""
	if l.IBAN != "" {
		code = x.payers[l.IBAN]
	}
	if code != "" {
		return x.byPayer(d, code, o, "the payer's account "+l.IBAN+" is "+code+"'s (learned from earlier matches)", 0)
	}
	if len(named) > maxNamed {
		d.Reasons = []string{fmt.Sprintf("the text names %d open invoices: too many to choose from", len(named))}
		return d
	}
	if code = x.byName(l.Name); code != "" {
		// A name is weaker than an account: every confidence a step lower.
		return x.byPayer(d, code, o, "the payer's name "+strconvQuote(l.Name)+" is "+code+"'s", 20)
	}
	d.Reasons = []string{"no invoice number or RF reference, and the payer's account is not known"}
	return d
}

func strconvQuote(s string) string { return `"` + s + `"` }

// named lists the open invoices, in the line's currency, that the line's
// references name, with why.
func (x *Index) named(l ledger.BankLine) ([]*ledger.OpenInvoice, map[string]string) {
	why := map[string]string{}
	var out []*ledger.OpenInvoice
	add := func(o *ledger.OpenInvoice, reason string) {
		if o == nil || !payable(o, l) {
			return
		}
		if _, ok := why[o.Number]; !ok {
			why[o.Number] = reason
			out = append(out, o)
		}
	}
	for _, f := range []struct{ name, v string }{{"structured reference", l.Structured}, {"end-to-end id", l.EndToEnd}, {"remittance text", l.Text}} {
		for _, rf := range rfRefs(f.v) {
			add(x.byRF[rf], "RF reference "+rf+" in the "+f.name)
		}
	}
	if len(out) > 0 {
		// A valid RF reference is exact: numbers elsewhere are not read.
		return out, why
	}
	for _, f := range []struct{ name, v string }{{"structured reference", l.Structured}, {"end-to-end id", l.EndToEnd}, {"remittance text", l.Text}} {
		for _, k := range textKeys(f.v) {
			for _, o := range x.byKey[k] {
				add(o, "invoice number "+o.Number+" in the "+f.name)
			}
		}
	}
	return out, why
}

func (x *Index) byReference(d Decision, named []*ledger.OpenInvoice, why map[string]string, o Options) Decision {
	amt := d.Line.Amount.Minor
	exact := subsets(named, func(sum int64) bool { return sum == amt })
	switch {
	case len(exact) == 1:
		set := exact[0]
		d = apply(d, set, why)
		if payer := x.payers[d.Line.IBAN]; d.Line.IBAN != "" && payer != "" && payer != d.Customer {
			d.Status, d.Confidence = ledger.BankReview, 60
			d.Reasons = append(d.Reasons, "the amount fits, but the payer's account is "+payer+"'s, not "+d.Customer+"'s")
			return d
		}
		if sameCustomer(set) {
			d.Status, d.Confidence = ledger.BankMatched, 100
			d.Reasons = append(d.Reasons, "the amount is exactly what "+plural(len(set), "it has", "they have")+" open")
			if o.NoAutoPost {
				d.Status, d.Confidence = ledger.BankReview, 95
				d.Reasons = append(d.Reasons, "automatic posting is off")
			}
			return d
		}
		d.Status, d.Confidence = ledger.BankReview, 50
		d.Reasons = append(d.Reasons, "the amount fits invoices of different customers")
		return d
	case len(exact) > 1:
		d = apply(d, exact[0], why)
		d.Status, d.Confidence, d.Ambiguous = ledger.BankReview, 40, true
		d.Reasons = append(d.Reasons, fmt.Sprintf("the amount fits %d of the invoices named equally: choose", len(exact)))
		return d
	}
	if o.Tolerance > 0 {
		short := subsets(named, func(sum int64) bool { return sum > amt && sum-amt <= o.Tolerance })
		if len(short) == 1 && sameCustomer(short[0]) {
			d = applyShort(d, short[0], why)
			d.Status, d.Confidence = ledger.BankReview, 85
			return d
		}
	}
	if sameCustomer(named) {
		var open int64
		for _, n := range named {
			open += n.Open.Minor
		}
		d = apply(d, named, why)
		if amt > open {
			d.Credit = amt - open
			d.Status, d.Confidence = ledger.BankReview, 80
			d.Reasons = append(d.Reasons, fmt.Sprintf("%s more than open: the rest becomes %s's unapplied credit",
				ledger.NewMoney(amt-open, d.Line.Amount.Currency).Plain(), d.Customer))
			return d
		}
		// Less than open: a part payment, applied oldest first.
		d.Apply = partial(named, amt)
		d.Status, d.Confidence = ledger.BankReview, 60
		d.Reasons = append(d.Reasons, fmt.Sprintf("%s less than open: a part payment", ledger.NewMoney(open-amt, d.Line.Amount.Currency).Plain()))
		return d
	}
	d.Apply = nil
	d.Customer = ""
	d.Status, d.Confidence = ledger.BankReview, 20
	for _, n := range named {
		d.Reasons = append(d.Reasons, why[n.Number])
	}
	d.Reasons = append(d.Reasons, "the invoices named are of different customers and the amount fits none")
	return d
}

func (x *Index) byPayer(d Decision, code string, o Options, who string, less int) Decision {
	d = x.byPayerAt(d, code, o, who)
	d.Confidence = max(10, d.Confidence-less)
	return d
}

func (x *Index) byPayerAt(d Decision, code string, o Options, who string) Decision {
	amt := d.Line.Amount.Minor
	var open []*ledger.OpenInvoice
	for _, inv := range x.byCustomer[code] {
		if payable(inv, d.Line) {
			open = append(open, inv)
		}
	}
	d.Customer = code
	d.Reasons = []string{who}
	d.Status = ledger.BankReview
	var ones []*ledger.OpenInvoice
	for _, inv := range open {
		if inv.Open.Minor == amt {
			ones = append(ones, inv)
		}
	}
	switch {
	case len(ones) == 1:
		d.Apply = []ledger.AllocationInput{{InvoiceNumber: ones[0].Number, Amount: ones[0].Open}}
		d.Confidence = 80
		d.Reasons = append(d.Reasons, "the amount is exactly what "+ones[0].Number+" has open")
		return d
	case len(ones) > 1:
		d.Apply = []ledger.AllocationInput{{InvoiceNumber: ones[0].Number, Amount: ones[0].Open}}
		d.Confidence, d.Ambiguous = 40, true
		d.Reasons = append(d.Reasons, fmt.Sprintf("the amount fits %d open invoices equally (%s): choose", len(ones), numbers(ones)))
		return d
	}
	// The oldest few only: a combination search over every open invoice
	// of a large customer would be slow and find coincidences.
	pool := open[:min(len(open), 12)]
	combos := subsets(pool, func(sum int64) bool { return sum == amt })
	switch {
	case len(combos) == 1:
		d.Apply = full(combos[0])
		d.Confidence = 70
		d.Reasons = append(d.Reasons, "the amount is exactly what "+numbers(combos[0])+" have open together")
		return d
	case len(combos) > 1:
		d.Apply = full(combos[0])
		d.Confidence, d.Ambiguous = 30, true
		d.Reasons = append(d.Reasons, fmt.Sprintf("the amount fits %d combinations of open invoices equally: choose", len(combos)))
		return d
	}
	if o.Tolerance > 0 {
		var short []*ledger.OpenInvoice
		for _, inv := range open {
			if inv.Open.Minor > amt && inv.Open.Minor-amt <= o.Tolerance {
				short = append(short, inv)
			}
		}
		if len(short) == 1 {
			d = applyShort(d, short, nil)
			d.Reasons = append([]string{who}, d.Reasons...)
			d.Confidence = 65
			return d
		}
	}
	d.Confidence = 30
	d.Reasons = append(d.Reasons, "no open invoice fits the amount: accept to keep it as "+code+"'s credit, or name the invoices")
	return d
}

// subsets lists the non-empty subsets of invs (at most 4 invoices each)
// whose open amounts sum to what ok accepts, stopping at the second: two
// are already a choice for a person.
func subsets(invs []*ledger.OpenInvoice, ok func(int64) bool) [][]*ledger.OpenInvoice {
	var out [][]*ledger.OpenInvoice
	var pick []*ledger.OpenInvoice
	var walk func(start int, sum int64)
	walk = func(start int, sum int64) {
		if len(out) >= 2 {
			return
		}
		if len(pick) > 0 && ok(sum) {
			out = append(out, append([]*ledger.OpenInvoice(nil), pick...))
		}
		if len(pick) == 4 {
			return
		}
		for i := start; i < len(invs); i++ {
			pick = append(pick, invs[i])
			walk(i+1, sum+invs[i].Open.Minor)
			pick = pick[:len(pick)-1]
		}
	}
	walk(0, 0)
	return out
}

func apply(d Decision, set []*ledger.OpenInvoice, why map[string]string) Decision {
	d.Apply = full(set)
	d.Customer = set[0].Customer
	d.Reasons = nil
	for _, s := range set {
		d.Reasons = append(d.Reasons, why[s.Number])
	}
	return d
}

// applyShort pays set in full but for a shortfall on its last invoice,
// written off as bank charges.
func applyShort(d Decision, set []*ledger.OpenInvoice, why map[string]string) Decision {
	d = apply(d, set, why)
	if why == nil {
		d.Reasons = nil
	}
	var sum int64
	for _, s := range set {
		sum += s.Open.Minor
	}
	gap := sum - d.Line.Amount.Minor
	last := &d.Apply[len(d.Apply)-1]
	last.Amount.Minor -= gap
	d.WriteOffs = []ledger.AllocationInput{{InvoiceNumber: last.InvoiceNumber, Amount: ledger.NewMoney(gap, d.Line.Amount.Currency)}}
	d.Reasons = append(d.Reasons, fmt.Sprintf("%s short of %s open: within the tolerance, written off as bank charges",
		ledger.NewMoney(gap, d.Line.Amount.Currency).Plain(), numbers(set)))
	return d
}

func full(set []*ledger.OpenInvoice) []ledger.AllocationInput {
	out := make([]ledger.AllocationInput, len(set))
	for i, s := range set {
		out[i] = ledger.AllocationInput{InvoiceNumber: s.Number, Amount: s.Open}
	}
	return out
}

// partial applies amt to set oldest due first.
func partial(set []*ledger.OpenInvoice, amt int64) []ledger.AllocationInput {
	sorted := append([]*ledger.OpenInvoice(nil), set...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Due.Before(sorted[j].Due) })
	var out []ledger.AllocationInput
	for _, s := range sorted {
		if amt == 0 {
			break
		}
		a := min(amt, s.Open.Minor)
		out = append(out, ledger.AllocationInput{InvoiceNumber: s.Number, Amount: ledger.NewMoney(a, s.Open.Currency)})
		amt -= a
	}
	return out
}

// payable tells whether line l can pay invoice o: same currency, something
// open, and issued by the line's date (the ledger refuses a payment applied
// before its invoice).
func payable(o *ledger.OpenInvoice, l ledger.BankLine) bool {
	return o.Open.Currency == l.Amount.Currency && o.Open.Minor > 0 && !o.Date.After(l.Date)
}

func sameCustomer(set []*ledger.OpenInvoice) bool {
	for _, s := range set {
		if s.Customer != set[0].Customer {
			return false
		}
	}
	return len(set) > 0
}

func numbers(set []*ledger.OpenInvoice) string {
	var ns []string
	for _, s := range set {
		ns = append(ns, s.Number)
	}
	return strings.Join(ns, " + ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
