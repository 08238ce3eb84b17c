package reports

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"paidup/ledger"
)

// StatementKind is the kind of customer statement.
type StatementKind string

const (
	// OpenItem lists every document open on the statement date.
	OpenItem StatementKind = "open-item"
	// Activity (balance forward) starts from the balance brought forward
	// and lists every invoice, payment, credit and void in a period.
	Activity StatementKind = "activity"
)

// StatementData is everything a statement PDF shows; LoadStatement reads it.
type StatementData struct {
	Kind StatementKind
	// Open holds the customer, the date, the open items and their aging;
	// an activity statement shows only its aging.
	Open     *ledger.OpenItems
	Activity *ledger.Activity // activity statements only
}

// StatementOptions choose a statement.
type StatementOptions struct {
	Kind     StatementKind // default OpenItem
	From, To time.Time     // To is the statement date (default today); From only for Activity
	Edges    []int         // aging buckets; default the ledger's aging.edges setting or 30,60,90
}

// LoadStatement reads one customer's statement from the ledger.
func LoadStatement(ctx context.Context, st *ledger.Store, code string, o StatementOptions) (StatementData, error) {
	if len(o.Edges) == 0 {
		edges, err := AgingEdges(ctx, st)
		if err != nil {
			return StatementData{}, err
		}
		o.Edges = edges
	}
	oi, err := st.CustomerOpenItems(ctx, code, ledger.AgingOptions{AsOf: o.To, Edges: o.Edges})
	if err != nil {
		return StatementData{}, fmt.Errorf("statement of %s: %w", code, err)
	}
	sd := StatementData{Kind: o.Kind, Open: oi}
	switch o.Kind {
	case OpenItem, "":
		sd.Kind = OpenItem
	case Activity:
		if sd.Activity, err = st.CustomerActivity(ctx, code, o.From, oi.AsOf); err != nil {
			return StatementData{}, fmt.Errorf("statement of %s: %w", code, err)
		}
	default:
		return StatementData{}, ledger.Errorf(ledger.EINVALID, "statement type %q: use open-item or activity", o.Kind)
	}
	return sd, nil
}

// AgingEdges reads the aging.edges setting, or the default buckets.
func AgingEdges(ctx context.Context, st *ledger.Store) ([]int, error) {
	s, err := st.Setting(ctx, "aging.edges", "")
	if err != nil || s == "" {
		return ledger.DefaultEdges, err
	}
	return ledger.ParseEdges(s)
}

// Statement writes a customer statement as a PDF: the documents, an aging
// box, and a remittance slip to return with the payment.
func (r *Renderer) Statement(w io.Writer, sd StatementData) error {
	c := sd.Open.Customer
	r = r.forCustomer(c)
	d := r.newDoc("Statement "+c.Code+" "+ledger.Day(sd.Open.AsOf).Format(ledger.DateLayout), c.Name, sd.Open.AsOf)
	r.statementBody(d, sd)
	if err := d.finish(w); err != nil {
		return fmt.Errorf("statement of %s PDF: %w", c.Code, err)
	}
	return nil
}

// statementBody lays a statement out in d from a new page on.
func (r *Renderer) statementBody(d *doc, sd StatementData) {
	oi, s := sd.Open, r.st
	c := oi.Customer
	title, sub := s.t("Statement"), s.tf("Open items on %s", s.day(oi.AsOf))
	if sd.Kind == Activity {
		sub = s.tf("Account activity %s – %s", s.day(sd.Activity.From), s.day(sd.Activity.To))
	}
	d.continued = s.tf("Statement for %s, %s (continued)", c.Name, s.day(oi.AsOf))
	d.newPage()
	y := d.letterhead(title, sub)
	half := d.width() / 2
	taxID, _ := customerIDs(s, c)
	yl := d.addressBlock(d.left, y, half-6, s.t("Statement for"), c.Name, d.r.customerPostal(c), c.Email, taxID)
	due := ledger.NewMoney(oi.Aging.Total, c.Currency)
	facts := []fact{
		{label: s.t("Statement date"), value: s.day(oi.AsOf)},
		{label: s.t("Customer"), value: c.Code},
		{label: s.t("Currency"), value: c.Currency},
	}
	if sd.Kind == Activity {
		facts = append(facts, fact{label: s.t("Period"), value: s.day(sd.Activity.From) + " – " + s.day(sd.Activity.To)})
	}
	facts = append(facts, fact{label: balanceLabel(s, due), value: s.money(abs(due)), strong: true})
	yr := d.facts(d.left+half+6, y, half-6, facts)
	d.f.SetY(max(yl, yr) + 7)

	if sd.Kind == Activity {
		r.activityTable(d, sd.Activity)
	} else {
		r.openItemTable(d, oi)
	}
	r.agingBox(d, oi)
	r.remittanceSlip(d, oi)
}

// balanceLabel says which way a balance goes: a negative one is money the
// business owes the customer.
func balanceLabel(s style, m ledger.Money) string {
	if m.IsNegative() {
		return s.t("In your favour")
	}
	return s.t("Balance due")
}

func abs(m ledger.Money) ledger.Money {
	if m.IsNegative() {
		return m.Neg()
	}
	return m
}

func (r *Renderer) openItemTable(d *doc, oi *ledger.OpenItems) {
	s, cur := r.st, oi.Customer.Currency
	// The dates and amounts shown, measured: "15 Aug 2025" was cut to
	// "15 Aug 2…" in a fixed 19 mm.
	var dates, amounts []string
	var run int64
	for _, it := range oi.Items {
		run += it.Open
		dates = append(dates, s.day(it.IssueDate), s.day(it.DueDate))
		amounts = append(amounts, s.money(ledger.NewMoney(it.Original, cur)), s.money(ledger.NewMoney(it.Open, cur)), s.money(ledger.NewMoney(run, cur)))
	}
	dw, mw := d.fitWidth(19, dates...), d.fitWidth(26, amounts...)
	t := newTable(d,
		column{title: s.t("Date"), w: dw, align: "L"}, column{title: s.t("Document"), align: "L", wrap: true},
		column{title: s.t("Due"), w: dw, align: "L"}, column{title: s.t("Overdue"), w: d.fitWidth(15, s.t("Overdue")), align: "R"},
		column{title: s.t("Original"), w: mw, align: "R"}, column{title: s.t("Open"), w: mw, align: "R"},
		column{title: s.t("Balance"), w: mw, align: "R"})
	t.start()
	var bal int64
	for _, it := range oi.Items {
		bal += it.Open
		due, over := s.day(it.DueDate), ""
		if it.Kind == ledger.KindInvoice {
			if it.DaysPastDue > 0 {
				over = s.tf("%d d", it.DaysPastDue)
			}
		} else {
			due = ""
		}
		label := docLabel(s, it.Kind, it.Number)
		if it.Disputed {
			label = s.tf("%s (in dispute)", label)
		}
		t.row([]string{s.day(it.IssueDate), label, due, over,
			s.money(ledger.NewMoney(it.Original, cur)), s.money(ledger.NewMoney(it.Open, cur)), s.money(ledger.NewMoney(bal, cur))}, false)
	}
	if len(oi.Items) == 0 {
		t.row([]string{"", s.t("Nothing is open. Thank you!"), "", "", "", "", ""}, false)
	}
	t.end()
	d.f.SetY(d.f.GetY() + 4)
}

func (r *Renderer) activityTable(d *doc, a *ledger.Activity) {
	s := r.st
	t := newTable(d,
		column{title: s.t("Date"), w: 19, align: "L"}, column{title: s.t("Description"), align: "L", wrap: true},
		column{title: s.t("Reference"), w: 30, align: "L", wrap: true},
		column{title: s.t("Charges"), w: 26, align: "R"}, column{title: s.t("Credits"), w: 26, align: "R"},
		column{title: s.t("Balance"), w: 26, align: "R"})
	t.start()
	t.row([]string{s.day(a.From), s.t("Balance brought forward"), "", "", "", s.money(a.Opening)}, true)
	for _, ev := range a.Events {
		var charge, credit string
		if ev.Amount.IsNegative() {
			credit = s.money(ev.Amount.Neg())
		} else {
			charge = s.money(ev.Amount)
		}
		ref := ev.Reference
		if ev.Kind == ledger.KindInvoice && ev.Action == "issue" {
			ref = strings.TrimSpace(s.tf("due %s", s.day(ev.DueDate)) + "\n" + ref)
		}
		t.row([]string{s.day(ev.Date), eventLabel(s, ev), ref, charge, credit, s.money(ev.Balance)}, false)
	}
	t.row([]string{s.day(a.To), s.t("Balance carried forward"), "", s.money(a.Charges), s.money(a.Credits), s.money(a.Closing)}, true)
	t.end()
	d.f.SetY(d.f.GetY() + 4)
}

func docLabel(s style, k ledger.Kind, number string) string {
	switch k {
	case ledger.KindInvoice:
		return s.tf("Invoice %s", number)
	case ledger.KindCreditNote:
		return s.tf("Credit note %s", number)
	case ledger.KindPayment:
		return s.tf("Payment %s", number)
	case ledger.KindWriteOff:
		return s.tf("Write-off %s", number)
	case ledger.KindCharge:
		return s.tf("Charge %s", number)
	}
	return number
}

func eventLabel(s style, ev ledger.ActivityEvent) string {
	label := docLabel(s, ev.Kind, ev.Number)
	switch ev.Action {
	case "void":
		if s.words == "en" {
			// "Void of invoice INV-1": the kind is no longer a title.
			label = strings.ToLower(label[:1]) + label[1:]
		}
		return s.tf("Void of %s", label)
	case "apply":
		return s.tf("Credit applied: %s", label)
	}
	return label
}

// agingBox shows how old what is open is: one cell per bucket, credits,
// and the total due.
func (r *Renderer) agingBox(d *doc, oi *ledger.OpenItems) {
	s, cur := r.st, oi.Customer.Currency
	labels := append([]string{}, oi.Labels...)
	labels[0] = s.t("Current")
	for i := 1; i < len(labels); i++ {
		labels[i] = s.tf("%s days", labels[i])
	}
	values := make([]string, 0, len(labels)+2)
	for _, b := range oi.Aging.Buckets {
		values = append(values, s.money(ledger.NewMoney(b, cur)))
	}
	labels = append(labels, s.t("Credits"), s.t("Total"))
	values = append(values, s.money(ledger.NewMoney(oi.Aging.Credits, cur)), s.money(ledger.NewMoney(oi.Aging.Total, cur)))
	d.ensure(smallLineH + 18)
	y := d.heading(d.left, d.f.GetY(), d.width(), s.tf("Aging on %s", s.day(oi.AsOf)))
	w := d.width() / float64(len(labels))
	d.draw(colRule)
	d.f.SetLineWidth(0.2)
	d.fill(colShade)
	d.f.Rect(d.left, y, d.width(), 6, "F")
	d.f.Rect(d.left, y, d.width(), 13, "D")
	// Labels first, then values: text extraction reads the box row by row.
	for i, l := range labels {
		x := d.left + float64(i)*w
		if i > 0 {
			d.f.Line(x, y, x, y+13)
		}
		d.regular(smallSize)
		d.color(colMuted)
		d.text(x, y+1, w, smallLineH+0.5, l, "C")
	}
	for i, v := range values {
		d.color(colText)
		if i == len(values)-1 {
			d.bold(bodySize - 0.5)
		} else {
			d.regular(bodySize - 0.5)
		}
		d.text(d.left+float64(i)*w, y+7, w, lineH, v, "C")
	}
	d.f.SetY(y + 13 + 6)
}

// slipH is the height of the remittance slip at the foot of the last page.
const slipH = 50.0

// remittanceSlip draws, below a dashed cut line at the foot of the last
// page, what the business needs back with a payment.
func (r *Renderer) remittanceSlip(d *doc, oi *ledger.OpenItems) {
	s, p, c := r.st, r.p, oi.Customer
	top := d.bottom - slipH
	if d.f.GetY() > top {
		d.newPage()
	}
	f := d.f
	d.draw(colMuted)
	f.SetLineWidth(0.25)
	f.SetDashPattern([]float64{1.5, 1.2}, 0)
	f.Line(0, top, d.pw, top)
	f.SetDashPattern([]float64{}, 0)
	d.regular(smallSize - 0.5)
	d.color(colMuted)
	d.text(d.left, top+1, d.width(), smallLineH, s.t("Please detach and return this part with your payment"), "C")

	y := top + 7
	d.bold(12)
	d.color(colText)
	d.text(d.left, y, 80, 6, s.t("Remittance"), "L")
	y += 8
	due := ledger.NewMoney(oi.Aging.Total, c.Currency)
	left := []fact{
		{label: s.t("From"), value: c.Name},
		{label: s.t("Customer"), value: c.Code},
		{label: s.t("Statement"), value: s.day(oi.AsOf)},
		{label: balanceLabel(s, due), value: s.money(abs(due)), strong: true},
		{label: s.t("Enclosed"), value: "________________"},
	}
	colW := 68.0
	yl := y
	for _, l := range left {
		d.regular(bodySize)
		d.color(colMuted)
		d.text(d.left, yl, 22, lineH+0.6, l.label, "L")
		d.color(colText)
		if l.strong {
			d.bold(bodySize + 1)
		}
		d.text(d.left+22, yl, colW-22, lineH+0.6, l.value, "L")
		yl += lineH + 1
	}
	x := d.left + colW + 4
	qr := r.epcQR(due, "Customer "+c.Code+" statement "+ledger.Day(oi.AsOf).Format(ledger.DateLayout))
	w := d.right - x
	if qr != nil {
		w -= 30
	}
	d.regular(bodySize)
	d.color(colMuted)
	d.text(x, y, w, lineH, s.t("Pay to"), "L")
	d.bold(bodySize)
	d.color(colText)
	d.text(x, y+lineH, w, lineH, p.Name, "L")
	lines := paymentLines(s, p)
	lines = append(lines, fact{label: s.t("Reference"), value: c.Code})
	r.drawPaymentLines(d, x, y+2*lineH+1, w, lines)
	if qr != nil {
		drawQR(f, qr, d.right-26, y, 26)
		d.regular(smallSize - 1)
		d.color(colMuted)
		d.text(d.right-28, y+27, 30, smallLineH, s.t("Scan to pay (GiroCode)"), "C")
	}
}
