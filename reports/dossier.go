package reports

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"paidup/ledger"
)

// A collections dossier: one PDF to hand a customer's unpaid account to a
// collection agency or a lawyer — creditor and debtor, the open items with
// their due dates and aging, the risk score and its reasons, the promises
// made and what became of them, and the whole history with every reminder
// sent (date, address, subject), disputes, holds and notes. Deterministic
// for a ledger and a date: dated by the as-of date, paged "x of y".

// DossierData is what a dossier shows; LoadDossier reads it.
type DossierData struct {
	Open     *ledger.OpenItems
	History  []ledger.HistoryEvent
	Promises []ledger.Promise
	Risk     *ledger.Risk // nil when the customer has no invoices
	// Charges are the late-payment interest and compensation the
	// customer's invoices have accrued by the as-of date and that are not
	// charged yet (the charges preview of this customer); none when no
	// charge rule is set up.
	Charges []ledger.ChargeLine
}

// LoadDossier reads a customer's dossier as of a date.
func LoadDossier(ctx context.Context, st *ledger.Store, code string, asOf time.Time) (DossierData, error) {
	edges, err := AgingEdges(ctx, st)
	if err != nil {
		return DossierData{}, err
	}
	var dd DossierData
	if dd.Open, err = st.CustomerOpenItems(ctx, code, ledger.AgingOptions{AsOf: asOf, Edges: edges}); err != nil {
		return dd, fmt.Errorf("dossier of %s: %w", code, err)
	}
	hist, err := st.CustomerHistory(ctx, code)
	if err != nil {
		return dd, err
	}
	end := ledger.Day(dd.Open.AsOf).AddDate(0, 0, 1)
	for _, h := range hist {
		if h.At.Before(end) {
			dd.History = append(dd.History, h)
		}
	}
	if dd.Promises, err = st.Promises(ctx, ledger.PromiseFilter{Customer: code}); err != nil {
		return dd, err
	}
	if dd.Charges, err = st.CustomerChargePreview(ctx, code, dd.Open.AsOf); err != nil {
		return dd, err
	}
	risk, err := st.CustomerRisk(ctx, code, dd.Open.AsOf)
	if err != nil {
		return dd, err
	}
	if risk.Invoices > 0 {
		dd.Risk = &risk
	}
	return dd, nil
}

// Dossier writes a customer's collections dossier as a PDF.
func (r *Renderer) Dossier(w io.Writer, dd DossierData) error {
	oi, s := dd.Open, r.st
	c := oi.Customer
	d := r.newDoc("Collections dossier "+c.Code+" "+ledger.Day(oi.AsOf).Format(ledger.DateLayout), c.Name, oi.AsOf)
	d.continued = fmt.Sprintf("Collections dossier: %s, %s (continued)", c.Name, s.day(oi.AsOf))
	d.newPage()
	y := d.letterhead("Collections dossier", "As of "+s.day(oi.AsOf))
	half := d.width() / 2
	var taxID string
	if c.TaxID != "" {
		taxID = r.st.tf("Tax ID %s", c.TaxID)
	}
	yl := d.addressBlock(d.left, y, half-6, "Debtor", c.Name, d.r.customerPostal(c), c.Email, c.Phone, taxID)
	overdue := int64(0)
	for _, it := range oi.Items {
		if it.Kind == ledger.KindInvoice && it.DaysPastDue > 0 {
			overdue += it.Open
		}
	}
	// Since their first document, or when they were added: an imported
	// customer's record is younger than its history.
	since := c.CreatedAt
	if len(dd.History) > 0 && dd.History[0].At.Before(since) {
		since = dd.History[0].At
	}
	facts := []fact{
		{label: "Customer", value: c.Code},
		{label: "Customer since", value: s.day(since)},
		{label: "Currency", value: c.Currency},
		{label: "Overdue", value: s.money(ledger.NewMoney(overdue, c.Currency))},
		{label: balanceLabel(s, ledger.NewMoney(oi.Aging.Total, c.Currency)), value: s.money(abs(ledger.NewMoney(oi.Aging.Total, c.Currency))), strong: true},
	}
	if dd.Risk != nil {
		facts = append(facts, fact{label: "Risk score", value: fmt.Sprintf("%d of 100 (%s)", dd.Risk.Score, dd.Risk.Segment)})
	}
	yr := d.facts(d.left+half+6, y, half-6, facts)
	d.f.SetY(max(yl, yr) + 7)

	d.f.SetY(d.heading(d.left, d.f.GetY(), d.width(), "Open items") + 1)
	r.openItemTable(d, oi)
	r.agingBox(d, oi)
	r.dossierCharges(d, oi, dd.Charges)

	if dd.Risk != nil && len(dd.Risk.Reasons) > 0 {
		d.ensure(20)
		d.f.SetY(d.heading(d.left, d.f.GetY(), d.width(), "Payment behaviour") + 1)
		d.regular(bodySize)
		for _, reason := range dd.Risk.Reasons {
			d.f.SetY(d.block(d.left, d.f.GetY(), d.width(), lineH, "• "+reason))
		}
		d.f.SetY(d.f.GetY() + 4)
	}

	d.ensure(20)
	d.f.SetY(d.heading(d.left, d.f.GetY(), d.width(), "Promises to pay") + 1)
	t := newTable(d, column{title: "Made", w: 22, align: "L"}, column{title: "To pay by", w: 22, align: "L"},
		column{title: "For", align: "L", wrap: true}, column{title: "Amount", w: 28, align: "R"}, column{title: "Outcome", w: 40, align: "L", wrap: true})
	t.start()
	for _, p := range dd.Promises {
		what := "the account"
		if len(p.Invoices) > 0 {
			what = joinMax(p.Invoices, 6)
		}
		if p.Note != "" {
			what += " — " + p.Note
		}
		outcome := "open"
		switch p.Status {
		case ledger.PromiseKept:
			outcome = "kept (" + s.money(p.Paid) + " received)"
		case ledger.PromiseBroken:
			outcome = "broken (" + s.money(p.Paid) + " received)"
		}
		t.row([]string{s.day(p.MadeOn), s.day(p.PayBy), what, s.money(p.Amount), outcome}, false)
	}
	if len(dd.Promises) == 0 {
		t.row([]string{"", "", "No promise to pay was recorded.", "", ""}, false)
	}
	t.end()
	d.f.SetY(d.f.GetY() + 4)

	d.ensure(20)
	d.f.SetY(d.heading(d.left, d.f.GetY(), d.width(), "History: documents, reminders, disputes, holds and notes") + 1)
	t = newTable(d, column{title: "Date", w: 22, align: "L"}, column{title: "What happened", align: "L", wrap: true},
		column{title: "Amount", w: 28, align: "R"}, column{title: "By", w: 24, align: "L"})
	t.start()
	for _, h := range dd.History {
		amount := ""
		if h.Amount.Currency != "" && h.Amount.Minor != 0 {
			amount = s.money(h.Amount)
		}
		t.row([]string{s.day(h.At), h.Text, amount, h.By}, h.Kind == "reminder")
	}
	if len(dd.History) == 0 {
		t.row([]string{"", "Nothing recorded.", "", ""}, false)
	}
	t.end()
	if err := d.finish(w); err != nil {
		return fmt.Errorf("dossier of %s PDF: %w", c.Code, err)
	}
	return nil
}

// dossierCharges lists, invoice by invoice, the interest and compensation
// accrued and not charged yet, with their total; nothing when none.
func (r *Renderer) dossierCharges(d *doc, oi *ledger.OpenItems, lines []ledger.ChargeLine) {
	if len(lines) == 0 {
		return
	}
	s, cur := r.st, oi.Customer.Currency
	d.ensure(30)
	d.f.SetY(d.heading(d.left, d.f.GetY(), d.width(), "Interest and compensation accrued") + 1)
	d.regular(bodySize)
	d.color(colText)
	d.f.SetY(d.block(d.left, d.f.GetY(), d.width(), lineH,
		fmt.Sprintf("Late-payment interest and compensation accrued by %s and not charged yet, as a charges run on that day would charge them.", s.day(oi.AsOf))) + 2)
	t := newTable(d, column{title: "Invoice", w: 28, align: "L"}, column{title: "Due", w: 22, align: "L"},
		column{title: "Interest period", align: "L", wrap: true}, column{title: "Days", w: 12, align: "R"},
		column{title: "Interest", w: 26, align: "R"}, column{title: "Compensation", w: 28, align: "R"})
	t.start()
	interest, comp := ledger.NewMoney(0, cur), ledger.NewMoney(0, cur)
	for _, l := range lines {
		period := ""
		if !l.From.IsZero() {
			period = s.day(l.From) + " – " + s.day(l.To)
			if l.Rule.Text != "" {
				period += " (" + l.Rule.Text + ")"
			}
		}
		t.row([]string{l.Invoice, s.day(l.Due), period, fmt.Sprint(l.Days), s.money(l.Interest), s.money(l.Compensation)}, false)
		if l.Interest.Currency == cur {
			interest.Minor += l.Interest.Minor
		}
		if l.Compensation.Currency == cur {
			comp.Minor += l.Compensation.Minor
		}
	}
	t.row([]string{"Total", "", "", "", s.money(interest), s.money(comp)}, true)
	t.end()
	d.f.SetY(d.f.GetY() + 4)
}

// joinMax joins up to n strings and says how many more there are.
func joinMax(ss []string, n int) string {
	if len(ss) <= n {
		return strings.Join(ss, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ss[:n], ", "), len(ss)-n)
}
