package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// remindersOn opens the reminders screen of an empty ledger on tab i.
func remindersOn(t *testing.T, tab int) (*remindersScreen, *mainWindow, *harness, *ledger.Store) {
	t.Helper()
	m, h, st := openLedger(t, "reminders")
	s := m.built["reminders"].(*remindersScreen)
	s.tabs.SelectIndex(tab)
	h.settle(t)
	return s, m, h, st
}

// tapIn taps the visible button under o with the given text.
func tapIn(t *testing.T, o fyne.CanvasObject, text string) {
	t.Helper()
	for _, v := range visible(o) {
		if b, ok := v.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q shown", text)
}

// topDialog is the dialog shown on top of the window.
func topDialog(t *testing.T, m *mainWindow) fyne.CanvasObject {
	t.Helper()
	top := m.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	return top
}

// typeIn sets the text of the first entry of the dialog on top.
func typeIn(t *testing.T, m *mainWindow, text string) {
	t.Helper()
	for _, v := range visible(topDialog(t, m)) {
		if e, ok := asEntry(v); ok {
			e.SetText(text)
			return
		}
	}
	t.Fatal("the dialog has no entry")
}

// says reports whether the dialog on top shows a label containing text.
func says(t *testing.T, m *mainWindow, text string) bool {
	t.Helper()
	return slices.ContainsFunc(shownIn(topDialog(t, m)), func(s string) bool { return strings.Contains(s, text) })
}

func policies(t *testing.T, st *ledger.Store) map[string]string {
	t.Helper()
	p, err := st.ReminderPolicies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNewPolicy(t *testing.T) {
	s, m, h, st := remindersOn(t, 3)
	builtIn := s.policy.Text
	if !s.delPolicy.Disabled() {
		t.Error("the default policy can be deleted")
	}

	// A name the ledger refuses: its words under the field, nothing stored.
	tapIn(t, s.tabs, "New policy…")
	typeIn(t, m, "Firm Tone")
	tapIn(t, topDialog(t, m), "Create")
	h.settle(t)
	if !says(t, m, "use 1 to 32 lower-case letters") {
		t.Errorf("bad name: the dialog shows %q", shownIn(topDialog(t, m)))
	}
	if p := policies(t, st); len(p) != 0 {
		t.Errorf("a bad name stored %v", p)
	}

	// A good one: stored as a copy of the policy shown, and selected.
	typeIn(t, m, "firm")
	tapIn(t, topDialog(t, m), "Create")
	h.settle(t)
	if got := policies(t, st)["firm"]; got != builtIn {
		t.Fatalf("policy firm stored %q, want the built-in one", got)
	}
	if m.win.Canvas().Overlays().Top() != nil {
		t.Error("the dialog stayed open")
	}
	if s.policyName.Selected != "firm" || !slices.Equal(s.policyName.Options, []string{"default", "firm"}) || s.delPolicy.Disabled() {
		t.Errorf("select shows %q of %q, delete disabled %v", s.policyName.Selected, s.policyName.Options, s.delPolicy.Disabled())
	}

	// The same name again replaces nothing.
	s.policy.SetText(strings.Replace(builtIn, `"steps"`, ` "steps"`, 1))
	tapIn(t, s.tabs, "New policy…")
	typeIn(t, m, "firm")
	tapIn(t, topDialog(t, m), "Create")
	h.settle(t)
	if !says(t, m, "exists already") || policies(t, st)["firm"] != builtIn {
		t.Errorf("a taken name: the dialog shows %q", shownIn(topDialog(t, m)))
	}
}

func TestDeletePolicy(t *testing.T) {
	ctx := context.Background()
	s, m, h, st := remindersOn(t, 3)
	for _, name := range []string{"firm", "gentle"} {
		if err := st.SetReminderPolicy(ctx, name, s.policy.Text); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "ACME", Name: "Acme", Currency: "USD"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetCustomerReminders(ctx, "ACME", ledger.CustomerReminders{Policy: "gentle"}); err != nil {
		t.Fatal(err)
	}
	s.loadPolicies("gentle")
	h.settle(t)

	// In use: the ledger refuses, in words, and keeps it.
	tapIn(t, s.tabs, "Delete policy")
	tapIn(t, topDialog(t, m), "Delete")
	h.settle(t)
	if !says(t, m, "1 customer(s) use reminder policy") {
		t.Errorf("refusal shows %q", shownIn(topDialog(t, m)))
	}
	tapIn(t, topDialog(t, m), "OK")
	if _, ok := policies(t, st)["gentle"]; !ok {
		t.Fatal("a policy in use was deleted")
	}

	s.policyName.SetSelected("firm")
	h.settle(t)
	tapIn(t, s.tabs, "Delete policy")
	tapIn(t, topDialog(t, m), "Delete")
	h.settle(t)
	if _, ok := policies(t, st)["firm"]; ok {
		t.Fatal("policy firm is still stored")
	}
	if s.policyName.Selected != "default" || slices.Contains(s.policyName.Options, "firm") || !s.delPolicy.Disabled() {
		t.Errorf("after deleting: select shows %q of %q, delete disabled %v", s.policyName.Selected, s.policyName.Options, s.delPolicy.Disabled())
	}
}

// heldMessage writes a reminder to the outbox and leaves it as a broken
// connection does: handed over, fate unknown.
func heldMessage(t *testing.T, st *ledger.Store) int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "ACME", Name: "Acme", Currency: "USD", Email: "ap@acme.example"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "ACME", Date: flowDay.AddDate(0, 0, -40), DueDate: flowDay.AddDate(0, 0, -10),
		Lines: []ledger.Line{{Description: "Design", Quantity: ledger.D4(1), UnitPrice: 50000}}}); err != nil {
		t.Fatal(err)
	}
	ids, err := st.QueueReminders(ctx, ledger.ReminderQuery{AsOf: flowDay}, func(cs []ledger.ReminderCustomer) ([]ledger.OutboxDraft, error) {
		c, it := cs[0], cs[0].Items[0]
		return []ledger.OutboxDraft{{CustomerID: c.ID, Step: "overdue", Recipient: c.Recipient(), Subject: "Overdue", Text: "t",
			Items: []ledger.OutboxItem{{DocumentID: it.DocumentID, Number: it.Number, Step: "overdue", Open: it.Open, DaysPastDue: it.DaysPastDue}}}}, nil
	}, func(id int64, _ time.Time) string { return fmt.Sprintf("<%d@paidup.test>", id) })
	if err != nil || len(ids) != 1 {
		t.Fatalf("queued %v: %v", ids, err)
	}
	if ok, err := st.ClaimOutbox(ctx, ids[0], "test"); !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if _, err := st.FinishOutbox(ctx, ids[0], ledger.OutboxUnknown, "EOF", 0, "test"); err != nil {
		t.Fatal(err)
	}
	return ids[0]
}

func TestRemindersSendToAnotherAddress(t *testing.T) {
	s, m, h, st := remindersOn(t, 2)
	id := heldMessage(t, st)
	s.loadReview()
	h.settle(t)
	outbox := func() ledger.OutboxMessage {
		rows, err := st.Outbox(context.Background(), ledger.OutboxFilter{IDs: []int64{id}})
		if err != nil || len(rows) != 1 {
			t.Fatalf("outbox row %d: %v %v", id, rows, err)
		}
		return rows[0]
	}

	// Not an address: said under the field, the message stays held.
	tapIn(t, s.tabs, "Send to another address…")
	typeIn(t, m, "Billing <billing@acme.example>")
	tapIn(t, topDialog(t, m), "Send again")
	h.settle(t)
	if !says(t, m, "Give one email address") {
		t.Errorf("bad address: the dialog shows %q", shownIn(topDialog(t, m)))
	}
	if got := outbox(); got.Status != ledger.OutboxUnknown || got.Recipient != "ap@acme.example" {
		t.Fatalf("after a bad address the row is %s to %s", got.Status, got.Recipient)
	}

	typeIn(t, m, " billing@acme.example ")
	tapIn(t, topDialog(t, m), "Send again")
	h.settle(t)
	if got := outbox(); got.Status != ledger.OutboxPending || got.Recipient != "billing@acme.example" ||
		got.Response != "to be sent again, said the user" {
		t.Errorf("row is %s to %s (%q), want pending to billing@acme.example", got.Status, got.Recipient, got.Response)
	}
	if len(s.pending) != 0 || s.tabs.Items[2].Text != "Needs review" {
		t.Errorf("still listed for review: %d, tab %q", len(s.pending), s.tabs.Items[2].Text)
	}
}

// The log narrows to one customer or one status.
func TestRemindersLogFilters(t *testing.T) {
	s, _, h, st := remindersOn(t, 2)
	heldMessage(t, st) // ACME, unknown
	if _, err := st.CreateCustomer(context.Background(), ledger.Customer{Code: "BETA", Name: "Beta", Currency: "USD"}); err != nil {
		t.Fatal(err)
	}
	s.loadLog()
	h.settle(t)
	if !strings.Contains(s.log.Text, "ACME") || !strings.Contains(s.log.Text, "unknown") {
		t.Fatalf("log %q", s.log.Text)
	}
	s.logCust.SetText("BETA")
	s.loadLog()
	h.settle(t)
	if s.log.Text != "No message of this customer or status." {
		t.Errorf("BETA's log %q", s.log.Text)
	}
	s.logCust.SetText("ACME")
	s.logStatus.SetSelected(string(ledger.OutboxSent)) // reloads
	h.settle(t)
	if s.log.Text != "No message of this customer or status." {
		t.Errorf("ACME's sent log %q", s.log.Text)
	}
	s.logStatus.SetSelected(string(ledger.OutboxUnknown))
	h.settle(t)
	if !strings.Contains(s.log.Text, "ACME") {
		t.Errorf("ACME's unknown log %q", s.log.Text)
	}
}
