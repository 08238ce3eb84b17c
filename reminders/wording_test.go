package reminders

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"paidup/ledger"
)

// Every default step tells where the invoice stands on the run's day,
// whether it sends early (before its offset: an invoice carried along by
// a later one), on time, or late (a run missed; the step reached is
// still this one): its subject and text come from the facts, never
// from the step. testdata/wording/STEP-WHEN.txt holds each subject and
// text; -update rewrites them.
func TestWordingFollowsTheFacts(t *testing.T) {
	asOf := day("2026-03-31")
	pl := &planner{asOf: asOf, policies: map[string]*Policy{"": DefaultPolicy()},
		business: ledger.BusinessProfile{Name: "Nordlicht Design", Email: "accounts@nordlicht.example"}}
	for _, step := range DefaultPolicy().Steps {
		for _, when := range []struct {
			name  string
			shift int
		}{{"early", -2}, {"on-time", 0}, {"late", 4}} {
			days := step.Offset + when.shift
			t.Run(step.Name+"-"+when.name, func(t *testing.T) {
				due := asOf.AddDate(0, 0, -days)
				it := ledger.ReminderItem{DocumentID: 1, Number: "INV-000042", IssueDate: due.AddDate(0, 0, -30), DueDate: due,
					Total: ledger.NewMoney(120000, "EUR"), Open: ledger.NewMoney(80000, "EUR"), DaysPastDue: days}
				c := ledger.ReminderCustomer{ID: 1, Code: "ACME", Name: "Acme GmbH", Email: "ap@acme.example", Currency: "EUR"}
				e := &Email{CustomerID: 1, CustomerCode: "ACME", Recipient: c.Email, Step: step.Name,
					Items: []PlannedItem{{ReminderItem: it, Step: step.Name}}}
				d, err := pl.data(c, e)
				must(t, err)
				r, err := step.tpl.render(d)
				must(t, err)
				checkWording(t, days, r)
				golden(t, fmt.Sprintf("wording/%s-%s.txt", step.Name, when.name),
					[]byte(fmt.Sprintf("as of 2026-03-31, due %s (%d days past due)\nSubject: %s\n\n%s",
						due.Format(ledger.DateLayout), days, r.Subject, r.Text)))
			})
		}
	}
}

// A late run of the due step, planned as a run plans it, speaks of the
// invoice as overdue: the mail customers received said "is due today"
// in the subject and "4 days overdue" in the body.
func TestLateDueStepSaysOverdue(t *testing.T) {
	asOf := day("2026-03-31")
	pl := &planner{asOf: asOf, policies: map[string]*Policy{"": DefaultPolicy()}}
	due := asOf.AddDate(0, 0, -4)
	c := ledger.ReminderCustomer{ID: 1, Code: "IMP", Name: "Importer", Email: "ap@imp.example", Currency: "EUR",
		Items: []ledger.ReminderItem{{DocumentID: 1, Number: "IMP-1002", IssueDate: due.AddDate(0, 0, -14), DueDate: due,
			Total: ledger.NewMoney(5000, "EUR"), Open: ledger.NewMoney(5000, "EUR"), DaysPastDue: 4}}}
	e, _, err := pl.planCustomer(c)
	must(t, err)
	if e == nil || e.Step != "due" {
		t.Fatalf("planned %+v, want the due step", e)
	}
	if want := "Invoice IMP-1002 is 4 days overdue"; e.Subject != want {
		t.Errorf("subject %q, want %q", e.Subject, want)
	}
	checkWording(t, 4, e.rendered)
}

// Several invoices in one email: the headline counts what is overdue.
func TestStandingOfSeveral(t *testing.T) {
	items := func(days ...int) []Item {
		var out []Item
		for i, d := range days {
			out = append(out, Item{Number: fmt.Sprint("INV-", i), DaysOverdue: d, Status: status(d)})
		}
		return out
	}
	for _, tc := range []struct {
		days  []int
		head  string
		state string
	}{
		{[]int{-3, -1}, "2 invoices are due soon", stateSoon},
		{[]int{0, 0}, "2 invoices are due today", stateToday},
		{[]int{0, -2}, "2 invoices are due, 1 of them today", stateToday},
		{[]int{4, -2, 0}, "3 invoices are due, 1 of them overdue", stateOverdue},
		{[]int{4, 30}, "2 invoices are overdue", stateOverdue},
		{[]int{1}, "Invoice INV-0 is 1 day overdue", stateOverdue},
		{[]int{-1}, "Invoice INV-0 is due tomorrow", stateSoon},
	} {
		head, lead, state, _ := standing(items(tc.days...))
		if head != tc.head || state != tc.state || !strings.HasPrefix(lead, "the following ") {
			t.Errorf("%v: %q, %q, %q; want %q, %q", tc.days, head, lead, state, tc.head, tc.state)
		}
	}
}

var (
	dueTodayRE = regexp.MustCompile(`(?i)\bdue today\b`)
	overdueRE  = regexp.MustCompile(`(?i)\boverdue\b|past due|not paid yet|remains? unpaid`)
	soonRE     = regexp.MustCompile(`(?i)\bdue (soon|in \d+ days?|tomorrow|on)\b`)
)

// checkWording fails on words that contradict the invoice's days past
// due: "due today" only on the day, "overdue" only after it, "due soon"
// only before it.
func checkWording(t *testing.T, days int, r rendered) {
	t.Helper()
	all := r.Subject + "\n" + r.Text
	if dueTodayRE.MatchString(all) != (days == 0) {
		t.Errorf("%d days past due, yet 'due today' is said %v:\n%s", days, dueTodayRE.MatchString(all), all)
	}
	if days <= 0 && overdueRE.MatchString(all) {
		t.Errorf("%d days past due, yet called overdue (%q):\n%s", days, overdueRE.FindString(all), all)
	}
	if days >= 0 && soonRE.MatchString(all) {
		t.Errorf("%d days past due, yet called due soon (%q):\n%s", days, soonRE.FindString(all), all)
	}
}
