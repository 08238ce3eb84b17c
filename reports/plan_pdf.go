package reports

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"paidup/ledger"
)

// A payment plan's schedule, to send to the customer: who owes what, the
// invoices it covers, each instalment with its date, amount and what has
// been paid of it, the terms (the grace, and what happens when
// instalments are missed), and how to pay the next one — with an EPC QR
// code for exactly that instalment when the plan is in euros.

// PlanData is what a plan's schedule shows.
type PlanData struct {
	Plan     ledger.PaymentPlan
	Customer ledger.Customer
}

// LoadPlan reads a plan, settled as of asOf (zero: today), and its customer.
func LoadPlan(ctx context.Context, st *ledger.Store, id int64, asOf time.Time) (PlanData, error) {
	p, err := st.Plan(ctx, id, asOf)
	if err != nil {
		return PlanData{}, err
	}
	c, err := st.CustomerByCode(ctx, p.CustomerCode)
	if err != nil {
		return PlanData{}, err
	}
	return PlanData{Plan: p, Customer: c}, nil
}

// PlanSchedule writes a plan's schedule as a PDF.
func (r *Renderer) PlanSchedule(w io.Writer, pd PlanData) error {
	p, c, s := pd.Plan, pd.Customer, r.st
	number := fmt.Sprintf("Plan %d", p.ID)
	d := r.newDoc("Payment plan "+fmt.Sprint(p.ID)+" "+c.Code, c.Name, p.MadeOn)
	d.continued = fmt.Sprintf("Payment plan %d: %s (continued)", p.ID, c.Name)
	d.newPage()
	y := d.letterhead("Payment plan", number)
	half := d.width() / 2
	yl := d.addressBlock(d.left, y, half-6, "Agreed with", c.Name, c.Address, c.Email)
	facts := []fact{
		{label: "Agreed on", value: s.day(p.MadeOn)},
		{label: "Customer", value: c.Code},
		{label: "Amount of the plan", value: s.money(p.Amount)},
		{label: "Paid by " + s.day(p.AsOf), value: s.money(p.Paid)},
		{label: "Left to pay", value: s.money(p.Left()), strong: true},
	}
	if p.Status != ledger.PlanActive {
		facts = append(facts, fact{label: "Status", value: planStatusText(s, p)})
	}
	yr := d.facts(d.left+half+6, y, half-6, facts)
	d.f.SetY(max(yl, yr) + 7)

	d.regular(bodySize)
	d.color(colText)
	what := "invoice " + p.Invoices[0]
	if len(p.Invoices) > 1 {
		what = "invoices " + joinMax(p.Invoices, 12)
	}
	d.f.SetY(d.block(d.left, d.f.GetY(), d.width(), lineH,
		fmt.Sprintf("We have agreed that you will pay what was open on %s of %s, %s in all, in %d instalment(s) as below.",
			s.day(p.MadeOn), what, s.money(p.Amount), len(p.Instalments))) + 4)

	d.f.SetY(d.heading(d.left, d.f.GetY(), d.width(), "Instalments") + 1)
	t := newTable(d, column{title: "#", w: 10, align: "R"}, column{title: "Due", w: d.fitWidth(22, s.day(p.MadeOn)), align: "L"},
		column{title: "Amount", w: 30, align: "R"}, column{title: "Paid", w: 30, align: "R"}, column{title: "Left", w: 30, align: "R"},
		column{title: "", align: "L"})
	t.start()
	for _, i := range p.Instalments {
		state := ""
		switch {
		case i.Paid.Minor >= i.Amount.Minor:
			state = "paid"
		case i.Missed:
			state = "missed"
		case i.Paid.Minor > 0:
			state = "part paid"
		}
		t.row([]string{fmt.Sprint(i.Seq), s.day(i.Due), s.money(i.Amount), s.money(i.Paid), s.money(i.Left()), state}, i.Missed)
	}
	t.row([]string{"", "Total", s.money(p.Amount), s.money(p.Paid), s.money(p.Left()), ""}, true)
	t.end()
	d.f.SetY(d.f.GetY() + 4)

	d.ensure(20)
	d.f.SetY(d.heading(d.left, d.f.GetY(), d.width(), "Terms") + 1)
	d.regular(bodySize)
	d.color(colText)
	for _, term := range planTerms(p) {
		d.f.SetY(d.block(d.left, d.f.GetY(), d.width(), lineH, "• "+term))
	}
	d.f.SetY(d.f.GetY() + 4)

	if next, ok := p.Next(); ok && p.Status == ledger.PlanActive {
		r.planPayment(d, p, next)
	}
	if err := d.finish(w); err != nil {
		return fmt.Errorf("payment plan %d PDF: %w", p.ID, err)
	}
	return nil
}

// planTerms says the plan's terms in sentences.
func planTerms(p ledger.PaymentPlan) []string {
	terms := []string{"Payments are set against the instalments in date order, the oldest first."}
	grace := "on its date"
	if p.GraceDays > 0 {
		grace = fmt.Sprintf("within %d day(s) of its date", p.GraceDays)
	}
	switch p.CancelAfter {
	case 0:
		terms = append(terms, "An instalment not paid "+grace+" is missed; the plan goes on, and we will remind you of it.")
	case 1:
		terms = append(terms, "If an instalment is not paid "+grace+", the plan ends and everything left falls due at once.")
	default:
		terms = append(terms, fmt.Sprintf("If %d instalments are not paid %s, the plan ends and everything left falls due at once.", p.CancelAfter, grace))
	}
	terms = append(terms, "While the instalments are paid on time we send no reminders for the invoices the plan covers.")
	if p.Note != "" {
		terms = append(terms, p.Note)
	}
	return terms
}

func planStatusText(s style, p ledger.PaymentPlan) string {
	out := string(p.Status)
	if !p.EndedOn.IsZero() {
		out += " on " + s.day(p.EndedOn)
	}
	return out
}

// planPayment tells the customer how to pay the next instalment.
func (r *Renderer) planPayment(d *doc, p ledger.PaymentPlan, next ledger.Instalment) {
	s := r.st
	lines := paymentLines(r.st, r.p)
	ref := fmt.Sprintf("Plan %d instalment %d", p.ID, next.Seq)
	qr := r.epcQR(next.Left(), ref+" "+strings.Join(p.Invoices[:min(3, len(p.Invoices))], " "))
	h := max(float64(len(lines)+2)*lineH+smallLineH+4, 36)
	d.ensure(h)
	y0 := d.f.GetY()
	y := d.heading(d.left, y0, d.width(), "How to pay")
	d.regular(bodySize)
	d.color(colText)
	w := d.width() - 40
	y = d.block(d.left, y, w, lineH, fmt.Sprintf("Please pay the next instalment, %s, by %s, quoting \"%s\".", s.money(next.Left()), s.day(next.Due), ref))
	r.drawPaymentLines(d, d.left, y, w, lines)
	d.payQR(qr, y0)
	d.f.SetY(y0 + h + 4)
}
