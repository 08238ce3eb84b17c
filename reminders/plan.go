package reminders

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"paidup/ledger"
	"paidup/reports"
)

// Email is one planned reminder: one customer, the invoices due for a
// step, the step whose template it uses (the latest any of them reached).
type Email struct {
	CustomerID   int64
	CustomerCode string
	CustomerName string
	Recipient    string
	Step         string
	Statement    bool
	Items        []PlannedItem
	rendered
	broken *ledger.BrokenPromise // the broken promise the email is about, if any
}

// PlannedItem is an invoice in a planned email, with the step it reached.
type PlannedItem struct {
	ledger.ReminderItem
	Step string
}

// Skip is an invoice a run passes over that would otherwise be reminded,
// with why: users must see that a reminder was held back.
type Skip struct {
	CustomerCode string
	Number       string // "" when the reason covers all of the customer's invoices
	Count        int    // invoices the reason covers
	Reason       string
}

// Plan is what a run would send.
type Plan struct {
	AsOf    time.Time
	Emails  []Email
	Skipped []Skip
}

// Invoices counts the invoices the plan reminds of.
func (p *Plan) Invoices() int {
	n := 0
	for _, e := range p.Emails {
		n += len(e.Items)
	}
	return n
}

// planner turns candidates into emails: pure, so it is tested without a
// database or a server.
type planner struct {
	asOf     time.Time
	policies map[string]*Policy // "" is the default
	business ledger.BusinessProfile
	// countOnly plans without rendering the emails: a dashboard wants
	// how many are due, not their text.
	countOnly bool
	// letters plans customers without an email address too: a letter
	// goes by post (PreviewLetters).
	letters bool
	// segmentPolicy is the policy of each risk segment
	// (reminders.segment_policy), segments each customer's segment (by
	// code): a customer without a policy of its own follows its segment's.
	segmentPolicy map[string]string
	segments      map[string]string
	// accrued finds the late-payment interest and compensation invoices
	// would be charged and are not yet (ledger.AccruedCharges); nil:
	// none are shown. charges holds it for the customers being planned.
	accrued func(ids []int64) (map[int64]ledger.ChargeLine, error)
	charges map[int64]ledger.ChargeLine
}

// plan decides for each customer which invoices are due for which step
// and renders one email per customer.
func (pl *planner) plan(custs []ledger.ReminderCustomer) (*Plan, error) {
	p := &Plan{AsOf: pl.asOf}
	if pl.accrued != nil && !pl.countOnly {
		// One question for the whole batch: what its overdue invoices
		// have accrued (Item.Interest, Data.Interest).
		var ids []int64
		for _, c := range custs {
			for _, it := range c.Items {
				if it.DaysPastDue > 0 {
					ids = append(ids, it.DocumentID)
				}
			}
		}
		var err error
		if pl.charges, err = pl.accrued(ids); err != nil {
			return nil, err
		}
	}
	for _, c := range custs {
		e, skips, err := pl.planCustomer(c)
		if err != nil {
			return nil, err
		}
		p.Skipped = append(p.Skipped, skips...)
		if e != nil {
			p.Emails = append(p.Emails, *e)
		}
	}
	return p, nil
}

func (pl *planner) planCustomer(c ledger.ReminderCustomer) (*Email, []Skip, error) {
	name := c.Settings.Policy
	if name == "" {
		name = pl.segmentPolicy[pl.segments[c.Code]]
	}
	policy := pl.policies[name]
	if policy == nil {
		return nil, nil, ledger.Errorf(ledger.ENOTFOUND, "customer %s uses reminder policy %q, which does not exist", c.Code, name)
	}
	var skips []Skip
	var due []PlannedItem
	for _, it := range c.Items {
		if step, ok := brokenPromiseDue(policy, it); ok {
			switch {
			case it.Disputed, it.ClosedNow:
				// The reasons below say why, if a regular step is due too.
			case !it.PromisedUntil.IsZero() && !pl.asOf.After(it.PromisedUntil):
			case it.Plan != nil && !pl.asOf.After(it.Plan.Until):
			default:
				due = append(due, PlannedItem{ReminderItem: it, Step: step})
				continue
			}
		}
		at := policy.Reached(it.DaysPastDue)
		if at >= 0 && it.StoodInOK && policy.Steps[at].Offset <= it.StoodIn {
			continue // a broken promise's reminder went in this step's place
		}
		if at < 0 || remindedAtOrAfter(policy, it.Reminded, at) {
			continue // not due for a step yet, or reminded of it (or a later one) already
		}
		switch {
		case it.Disputed:
			skips = append(skips, Skip{CustomerCode: c.Code, Number: it.Number, Count: 1, Reason: "disputed"})
		case !it.PromisedUntil.IsZero() && !pl.asOf.After(it.PromisedUntil):
			skips = append(skips, Skip{CustomerCode: c.Code, Number: it.Number, Count: 1,
				Reason: "promised to be paid: reminders wait until " + it.PromisedUntil.Format(ledger.DateLayout)})
		case it.Plan != nil && !pl.asOf.After(it.Plan.Until):
			skips = append(skips, Skip{CustomerCode: c.Code, Number: it.Number, Count: 1,
				Reason: fmt.Sprintf("in payment plan #%d: its next instalment, %s, is due %s (reminders wait until %s)",
					it.Plan.Plan, it.Plan.Next.Left(), it.Plan.Next.Due.Format(ledger.DateLayout), it.Plan.Until.Format(ledger.DateLayout))})
		case it.ClosedNow:
			skips = append(skips, Skip{CustomerCode: c.Code, Number: it.Number, Count: 1,
				Reason: "paid, voided or written off after " + pl.asOf.Format(ledger.DateLayout)})
		default:
			due = append(due, PlannedItem{ReminderItem: it, Step: policy.Steps[at].Name})
		}
	}
	if len(due) == 0 {
		return nil, skips, nil
	}
	switch {
	case c.Settings.Off:
		return nil, append(skips, Skip{CustomerCode: c.Code, Count: len(due), Reason: "reminders are off for this customer"}), nil
	case c.Recipient() == "" && !pl.letters:
		return nil, append(skips, Skip{CustomerCode: c.Code, Count: len(due),
			Reason: "no email address (set one in the customer's reminder settings, or: paidup remind customer " + c.Code + " --email ADDR)"}), nil
	}
	// The email speaks in the voice of the latest step any item reached;
	// a broken promise speaks louder than any.
	step := &policy.Steps[0]
	var broken *ledger.BrokenPromise
	for _, it := range due {
		if ledger.IsBrokenPromiseStep(it.Step) {
			if broken == nil || it.BrokenPromise.PayBy.After(broken.PayBy) {
				broken = it.BrokenPromise
			}
		} else if s := policy.step(it.Step); s.Offset > step.Offset {
			step = s
		}
	}
	stepName := step.Name
	if broken != nil {
		step, stepName = policy.BrokenPromise, ledger.BrokenPromiseStep(broken.ID)
	}
	e := &Email{CustomerID: c.ID, CustomerCode: c.Code, CustomerName: c.Name, Recipient: c.Recipient(),
		Step: stepName, Statement: step.Statement || len(due) > MaxInvoicePDFs, Items: due, broken: broken}
	if pl.countOnly {
		return e, skips, nil
	}
	data, err := pl.data(c, e)
	if err != nil {
		return nil, nil, err
	}
	r, err := step.tpl.render(data)
	if err != nil {
		return nil, nil, ledger.Errorf(ledger.EINVALID, "reminder to %s, step %s: %v", c.Code, step.Name, err)
	}
	e.rendered = r
	return e, skips, nil
}

// brokenPromiseDue says whether an invoice is due for the reminder of
// the broken promise that covers it, and that step's name: once per
// promise (the outbox refuses a second), and only when the policy has
// the reminder.
func brokenPromiseDue(p *Policy, it ledger.ReminderItem) (string, bool) {
	if it.BrokenPromise == nil || p.BrokenPromise == nil {
		return "", false
	}
	step := ledger.BrokenPromiseStep(it.BrokenPromise.ID)
	return step, !slices.Contains(it.Reminded, step)
}

// remindedAtOrAfter reports whether an invoice was reminded of step at or
// of a later one: a policy edited since, or a run as of an earlier day,
// must not step back and send a milder reminder after a sterner one.
func remindedAtOrAfter(p *Policy, reminded []string, at int) bool {
	for _, name := range reminded {
		if p.index(name) >= at {
			return true
		}
	}
	return false
}

// data is what the templates of an email see.
func (pl *planner) data(c ledger.ReminderCustomer, e *Email) (Data, error) {
	d := Data{
		Customer: Customer{Code: c.Code, Name: c.Name, Email: e.Recipient},
		Step:     e.Step, AsOf: pl.asOf.Format(ledger.DateLayout), Currency: c.Currency, Statement: e.Statement,
		Count: len(e.Items),
		Business: Business{Name: pl.business.Name, Email: pl.business.Email, Phone: pl.business.Phone,
			Address: pl.business.Address},
	}
	total, overdue := ledger.NewMoney(0, c.Currency), ledger.NewMoney(0, c.Currency)
	interest, comp := ledger.NewMoney(0, c.Currency), ledger.NewMoney(0, c.Currency)
	var numbers, rfs []string
	// A payment plan's missed instalment is what is asked for, once per
	// plan however many of its invoices the email names; other items
	// count with their open amounts.
	toPay := ledger.NewMoney(0, c.Currency)
	var inst []ledger.PlanWait
	seen := map[int64]bool{}
	for _, it := range e.Items {
		amount := it.Open
		if w := it.Plan; w != nil {
			if seen[w.Plan] {
				continue
			}
			seen[w.Plan], amount = true, w.Next.Left()
			inst = append(inst, *w)
		}
		var err error
		if toPay, err = toPay.Add(amount); err != nil {
			return Data{}, fmt.Errorf("reminder to %s: amount to pay: %w", c.Code, err)
		}
	}
	for _, it := range e.Items {
		numbers = append(numbers, it.Number)
		d.Earlier = d.Earlier || len(it.Reminded) > 0
		// One customer, one currency: these sums cannot mix currencies,
		// but an overflow is still refused rather than wrapped around.
		var err error
		if total, err = total.Add(it.Open); err != nil {
			return Data{}, fmt.Errorf("reminder to %s: total of the open items: %w", c.Code, err)
		}
		if it.DaysPastDue > 0 {
			if overdue, err = overdue.Add(it.Open); err != nil {
				return Data{}, fmt.Errorf("reminder to %s: total overdue: %w", c.Code, err)
			}
		}
		d.Items = append(d.Items, Item{
			Number: it.Number, IssueDate: it.IssueDate.Format(ledger.DateLayout), DueDate: it.DueDate.Format(ledger.DateLayout),
			DaysOverdue: it.DaysPastDue, Overdue: it.DaysPastDue > 0, Status: status(it.DaysPastDue),
			Amount: pl.money(it.Total), Open: pl.money(it.Open), Step: it.Step,
		})
		if w := it.Plan; w != nil {
			d.Items[len(d.Items)-1].Plan = fmt.Sprintf("payment plan #%d: instalment %d, %s, was due %s", w.Plan, w.Next.Seq,
				pl.money(w.Next.Left()), w.Next.Due.Format(ledger.DateLayout))
		}
		if l, ok := pl.charges[it.DocumentID]; ok && l.Currency == c.Currency {
			item := &d.Items[len(d.Items)-1]
			if !l.Interest.IsZero() {
				item.Interest, item.InterestWorking = pl.money(l.Interest), l.InterestWorking()
			}
			if !l.Compensation.IsZero() {
				item.Compensation = pl.money(l.Compensation)
			}
			var err error
			if interest, err = interest.Add(l.Interest); err != nil {
				return Data{}, fmt.Errorf("reminder to %s: interest: %w", c.Code, err)
			}
			if comp, err = comp.Add(l.Compensation); err != nil {
				return Data{}, fmt.Errorf("reminder to %s: compensation: %w", c.Code, err)
			}
		}
		if rf, ok := ledger.RFReference(it.Number); ok {
			d.Items[len(d.Items)-1].RF = ledger.FormatRF(rf)
			rfs = append(rfs, d.Items[len(d.Items)-1].RF)
		}
	}
	d.Numbers = strings.Join(numbers, ", ")
	// One invoice: quote its RF reference, which the payer's bank carries
	// back exactly. Several: one payment carries one reference, so the
	// numbers, which matching finds in the text (and each RF is listed
	// with its invoice).
	reference := d.Numbers
	if len(rfs) == 1 && len(numbers) == 1 {
		reference = rfs[0]
	}
	d.Headline, d.Lead, d.State, d.OverdueCount = standing(d.Items)
	d.Total, d.Overdue = pl.money(total), pl.money(overdue)
	if !interest.IsZero() {
		d.Interest = pl.money(interest)
	}
	if !comp.IsZero() {
		d.Compensation = pl.money(comp)
	}
	d.Payment = payment(pl.business, reference, pl.instalment(toPay, inst))
	if b := e.broken; b != nil {
		d.Promise = Promise{MadeOn: b.MadeOn.Format(ledger.DateLayout), PayBy: b.PayBy.Format(ledger.DateLayout),
			Amount: pl.money(b.Amount), Paid: pl.money(b.Paid)}
	}
	return d, nil
}

func (pl *planner) money(m ledger.Money) string {
	if pl.business.Locale != "" {
		if s := m.Format(pl.business.Locale); s != "" {
			return s
		}
	}
	return m.String()
}

func status(days int) string {
	switch {
	case days < -1:
		return fmt.Sprintf("due in %d days", -days)
	case days == -1:
		return "due tomorrow"
	case days == 0:
		return "due today"
	case days == 1:
		return "1 day overdue"
	}
	return fmt.Sprintf("%d days overdue", days)
}

// instalment is the amount, date and name of the plan instalments an
// email asks for (the zero Payment when none).
func (pl *planner) instalment(toPay ledger.Money, waits []ledger.PlanWait) Payment {
	if len(waits) == 0 {
		return Payment{}
	}
	var names []string
	due := waits[0].Next.Due
	for _, w := range waits {
		names = append(names, fmt.Sprintf("%d of payment plan #%d", w.Next.Seq, w.Plan))
		if w.Next.Due.Before(due) {
			due = w.Next.Due
		}
	}
	return Payment{Amount: pl.money(toPay), PayBy: due.Format(ledger.DateLayout), Instalment: strings.Join(names, ", ")}
}

// payment gathers the payment.* settings into instructions, with the
// plan instalment asked for (inst, from instalment) if any.
func payment(b ledger.BusinessProfile, reference string, inst Payment) Payment {
	p := Payment{Bank: b.Bank, IBAN: reports.GroupIBAN(b.IBAN), BIC: b.BIC, Account: b.Account, Link: b.Link,
		Amount: inst.Amount, PayBy: inst.PayBy, Instalment: inst.Instalment}
	var lines []string
	add := func(label, v string) {
		if v != "" {
			lines = append(lines, "  "+label+": "+v)
		}
	}
	add("Bank", p.Bank)
	add("IBAN", p.IBAN)
	add("BIC", p.BIC)
	add("Account", p.Account)
	add("Pay online", p.Link)
	add("Amount", p.Amount)
	if p.Instalment != "" {
		add("Instalment", p.Instalment+", due "+p.PayBy)
	}
	if len(lines) > 0 {
		// A reference only helps next to a way to pay.
		p.Reference = reference
		add("Reference", p.Reference)
	}
	p.Instructions = strings.Join(lines, "\n")
	return p
}
