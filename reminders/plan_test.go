package reminders

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"paidup/ledger"
)

// summary is a plan in one comparable line per email and skip.
func summary(p *Plan) []string {
	var out []string
	for _, e := range p.Emails {
		var items []string
		for _, it := range e.Items {
			items = append(items, it.Number+"@"+it.Step)
		}
		st := ""
		if e.Statement {
			st = " +statement"
		}
		out = append(out, fmt.Sprintf("%s %s %s%s [%s]", e.CustomerCode, e.Recipient, e.Step, st, strings.Join(items, " ")))
	}
	for _, s := range p.Skipped {
		out = append(out, fmt.Sprintf("skip %s %s %d: %s", s.CustomerCode, s.Number, s.Count, s.Reason))
	}
	return out
}

func TestPlanSteps(t *testing.T) {
	ctx := context.Background()
	s := stepsLedger(t)
	r, _ := newRunner(t, s, nil)
	p, err := r.Preview(ctx, day("2026-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		// One email per customer, in the voice of the latest step any of
		// its invoices reached; each invoice keeps its own step.
		"ACME ap@acme.example due [INV-000002@due INV-000001@friendly]",
		"BETA billing@beta.example overdue [INV-000003@overdue]",
		"DELTA delta@delta.example final +statement [INV-000005@final]",
		"GAMMA gamma@gamma.example firm +statement [INV-000004@firm]",
		"skip DELTA INV-000006 1: disputed",
		"skip EPSI  1: reminders are off for this customer",
		"skip ZETA  1: no email address (set one in the customer's reminder settings, or: paidup remind customer ZETA --email ADDR)",
	}
	got := summary(p)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("plan:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p.Invoices() != 5 {
		t.Fatalf("%d invoices", p.Invoices())
	}
	// The dashboard's count agrees with the plan.
	n, err := r.Due(ctx, day("2026-03-31"))
	if err != nil || n != (DueCount{AsOf: day("2026-03-31"), Emails: 4, Invoices: 5, Held: 3}) {
		t.Fatalf("due: %+v %v", n, err)
	}
	// Earlier in time, the same ledger is at earlier steps.
	p, err = r.Preview(ctx, day("2026-03-28"))
	if err != nil {
		t.Fatal(err)
	}
	if got := summary(p)[0]; got != "ACME ap@acme.example friendly [INV-000002@friendly]" {
		t.Fatalf("as of 03-28: %s", got)
	}
}

func TestPlanLatestStepOnlyOnce(t *testing.T) {
	ctx := context.Background()
	s := newLedger(t)
	setting(t, s, "smtp.host", "127.0.0.1")
	setting(t, s, "smtp.from", "accounts@nordlicht.example")
	customer(t, s, "ACME", "ap@acme.example")
	invoice(t, s, "ACME", "2026-03-01", 10000)
	m := &recordingMailer{}
	r, _ := newRunner(t, s, m)
	steps := func(asOf string) []string {
		t.Helper()
		p, ids, err := r.Queue(ctx, day(asOf))
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != len(p.Emails) {
			t.Fatalf("%d rows for %d emails", len(ids), len(p.Emails))
		}
		var out []string
		for _, e := range p.Emails {
			out = append(out, e.Step)
		}
		return out
	}
	// First seen 30 days late: the firm step only, not the three before it.
	if got := steps("2026-03-31"); !reflect.DeepEqual(got, []string{"firm"}) {
		t.Fatalf("first run: %v", got)
	}
	for _, d := range []string{"2026-03-31", "2026-04-01", "2026-04-14"} {
		if got := steps(d); len(got) != 0 {
			t.Fatalf("run as of %s sent %v again", d, got)
		}
	}
	// A preview of an earlier day must not step back to a milder reminder.
	if got := steps("2026-03-10"); len(got) != 0 {
		t.Fatalf("as of an earlier day: %v", got)
	}
	if got := steps("2026-04-15"); !reflect.DeepEqual(got, []string{"final"}) {
		t.Fatalf("45 days late: %v", got)
	}
	// The final notice knows a reminder went before it; the first did not.
	rows, err := s.Outbox(ctx, ledger.OutboxFilter{})
	must(t, err)
	if !strings.Contains(rows[0].Text, "We have not yet received") || !strings.Contains(rows[1].Text, "unpaid despite our reminders:") {
		t.Fatalf("texts:\n%s\n%s", rows[0].Text, rows[1].Text)
	}
}

func TestPlanCustomerPolicyAndAddress(t *testing.T) {
	ctx := context.Background()
	s := newLedger(t)
	customer(t, s, "SLOW", "ap@slow.example")
	invoice(t, s, "SLOW", "2026-03-17", 10000) // 14 days late
	p, err := ParsePolicy([]byte(`{"steps":[{"name":"firm","offset":14}]}`))
	must(t, err)
	js, err := p.JSON()
	must(t, err)
	must(t, s.SetReminderPolicy(ctx, "slow", string(js)))
	r, _ := newRunner(t, s, nil)
	plan, err := r.Preview(ctx, day("2026-03-31"))
	must(t, err)
	if got := summary(plan); !reflect.DeepEqual(got, []string{"SLOW ap@slow.example overdue [INV-000001@overdue]"}) {
		t.Fatalf("default policy: %v", got)
	}
	must(t, s.SetCustomerReminders(ctx, "SLOW", ledger.CustomerReminders{Policy: "slow", Email: "payables@slow.example"}))
	plan, err = r.Preview(ctx, day("2026-03-31"))
	must(t, err)
	if got := summary(plan); !reflect.DeepEqual(got, []string{"SLOW payables@slow.example firm [INV-000001@firm]"}) {
		t.Fatalf("own policy: %v", got)
	}
	// A stored "default" replaces the built-in policy for everyone else.
	must(t, s.SetCustomerReminders(ctx, "SLOW", ledger.CustomerReminders{}))
	must(t, s.SetReminderPolicy(ctx, "default", `{"steps":[{"name":"final","offset":10}]}`))
	plan, err = r.Preview(ctx, day("2026-03-31"))
	must(t, err)
	if got := summary(plan); !reflect.DeepEqual(got, []string{"SLOW ap@slow.example final [INV-000001@final]"}) {
		t.Fatalf("stored default: %v", got)
	}
}

func TestPlanRendersData(t *testing.T) {
	s := stepsLedger(t)
	r, _ := newRunner(t, s, nil)
	p, err := r.Preview(context.Background(), day("2026-03-31"))
	must(t, err)
	acme := p.Emails[0]
	for _, want := range []string{
		"Dear Customer ACME,",
		"  INV-000002     due 2026-03-31  800.00 USD       due today",
		"  INV-000001     due 2026-04-03  450.00 USD       due in 3 days\n                 reference RF69 INV0 0000 1\n",
		"  Total                         1,250.00 USD",
		"  IBAN: DE89 3704 0044 0532 0130 00",
		"  Pay online: https://pay.example/nordlicht",
		"  Reference: INV-000002, INV-000001",
		"Kind regards,\nNordlicht Design\naccounts@nordlicht.example\n",
	} {
		if !strings.Contains(acme.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, acme.Text)
		}
	}
	if acme.Subject != "2 invoices are due, 1 of them today – Nordlicht Design" {
		t.Errorf("subject %q", acme.Subject)
	}
	if !strings.Contains(acme.HTML, `<a href="https://pay.example/nordlicht">`) || !strings.Contains(acme.HTML, "<td style=\"padding:4px 12px 4px 0\">INV-000001<br><small>Reference RF69 INV0 0000 1</small></td>") {
		t.Errorf("html:\n%s", acme.HTML)
	}
	if delta := p.Emails[2]; delta.Subject != "Final notice: 2,500.00 USD overdue – Nordlicht Design" ||
		!strings.Contains(delta.Text, "Your statement of open items as of 2026-03-31 is attached.") {
		t.Errorf("final: %q\n%s", delta.Subject, delta.Text)
	}
}
