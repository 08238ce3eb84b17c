package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"paidup/ledger"
	"paidup/reminders"
)

// storedPolicy reads the policy stored under name, parsed.
func storedPolicy(t *testing.T, st *ledger.Store, name string) *reminders.Policy {
	t.Helper()
	js, ok := policies(t, st)[name]
	if !ok {
		t.Fatalf("no policy %s stored", name)
	}
	if strings.Contains(js, `\u003c`) {
		t.Errorf("the policy is stored with escaped HTML:\n%.400s", js)
	}
	p, err := reminders.ParsePolicy([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// sameStep compares what a customer would get from two steps.
func sameStep(a, b reminders.Step) bool {
	return a.Name == b.Name && a.Offset == b.Offset && a.Subject == b.Subject && a.Text == b.Text &&
		a.HTML == b.HTML && a.Statement == b.Statement
}

// A step's day and subject edited in the form and saved: the stored
// policy is the built-in one with exactly those two changes.
func TestPolicyEditorEditAndSave(t *testing.T) {
	s, _, h, st := remindersOn(t, 3)
	e := s.editor
	if len(e.steps) != len(reminders.DefaultPolicy().Steps) || e.cur != 0 || e.name.Text != "friendly" || e.offset.Text != "-3" {
		t.Fatalf("editor shows %d steps, step %d named %q at %q", len(e.steps), e.cur, e.name.Text, e.offset.Text)
	}
	if got := e.stepLine(2); got != "3. overdue — 7 days after the due date" {
		t.Errorf("list line %q", got)
	}
	e.list.Select(2)
	if e.name.Text != "overdue" {
		t.Fatalf("selected step shows %q", e.name.Text)
	}
	e.offset.SetText("+10")
	e.subject.SetText("Overdue: {{.Numbers}}")
	if e.offsetWords.Text != "Sent 10 days after the due date." {
		t.Errorf("offset words %q", e.offsetWords.Text)
	}
	test.Tap(e.save)
	h.settle(t)
	got := storedPolicy(t, st, "default")
	want := reminders.DefaultPolicy().Steps
	if len(got.Steps) != len(want) {
		t.Fatalf("%d steps stored, want %d", len(got.Steps), len(want))
	}
	for i, g := range got.Steps {
		w := want[i]
		if i == 2 {
			w.Offset, w.Subject = 10, "Overdue: {{.Numbers}}"
		}
		if !sameStep(g, w) {
			t.Errorf("step %d stored %+v\nwant %+v", i, g, w)
		}
	}
	if !strings.Contains(e.msg.Text, "saved with 5 steps") || e.cur != 2 || e.offset.Text != "+10" {
		t.Errorf("after saving: %q, step %d at %q", e.msg.Text, e.cur, e.offset.Text)
	}
	// The JSON view shows the same policy, HTML as written.
	if strings.Contains(s.policy.Text, `\u003c`) || !strings.Contains(s.policy.Text, `"Overdue: {{.Numbers}}"`) {
		t.Errorf("JSON view:\n%.500s", s.policy.Text)
	}

	// A changed text drops the HTML made for the old one: the HTML part
	// is laid out from what the user wrote.
	e.list.Select(0)
	e.body.SetText("Dear {{.Customer.Name}},\n\nplease pay {{.Total}}.")
	if !strings.Contains(e.htmlNote.Text, "laid out from this text") {
		t.Errorf("html note %q", e.htmlNote.Text)
	}
	test.Tap(e.save)
	h.settle(t)
	if g := storedPolicy(t, st, "default").Steps[0]; g.HTML != "" || g.Text != "Dear {{.Customer.Name}},\n\nplease pay {{.Total}}." {
		t.Errorf("step 0 stored text %q html %q", g.Text, g.HTML)
	}
}

// Mistakes are refused beside their fields and nothing is stored.
func TestPolicyEditorRefusesMistakes(t *testing.T) {
	s, _, h, st := remindersOn(t, 3)
	e := s.editor
	e.list.Select(1)
	e.subject.SetText("Invoice {{.Numbers")
	e.list.Select(3)
	e.offset.SetText("three weeks")
	e.list.Select(0)
	test.Tap(e.save)
	h.settle(t)
	if p := policies(t, st); len(p) != 0 {
		t.Fatalf("a policy with mistakes was stored: %v", p)
	}
	// The first step with a problem is shown, its message beside the field.
	if e.cur != 1 || !e.subjectErr.Visible() || !strings.Contains(e.subjectErr.Text, "not closed with }}") {
		t.Errorf("step %d shown, subject message %q (shown %v)", e.cur, e.subjectErr.Text, e.subjectErr.Visible())
	}
	if !strings.Contains(e.msg.Text, "Nothing was saved") || !strings.Contains(e.msg.Text, "step 2 (due): subject") ||
		!strings.Contains(e.msg.Text, "step 4 (firm): day") {
		t.Errorf("message %q", e.msg.Text)
	}
	if !strings.HasPrefix(e.stepLine(3), "⚠ 4. firm") {
		t.Errorf("the list does not mark the step: %q", e.stepLine(3))
	}
	e.list.Select(3)
	if !e.offsetErr.Visible() || !strings.Contains(e.offsetErr.Text, "whole number of days") {
		t.Errorf("offset message %q", e.offsetErr.Text)
	}
	// Fixing a field takes its message away.
	e.offset.SetText("+21")
	if e.offsetErr.Visible() {
		t.Error("the offset message stays after the fix")
	}
	// Steps out of order are refused too.
	e.offset.SetText("-5")
	test.Tap(e.save)
	h.settle(t)
	if !strings.Contains(e.offsetErr.Text, "move it up") && e.cur == 3 {
		t.Errorf("order message %q on step %d", e.offsetErr.Text, e.cur)
	}
	if p := policies(t, st); len(p) != 0 {
		t.Fatalf("a policy with mistakes was stored: %v", p)
	}
}

// Steps are added, moved and removed, and saved as shown.
func TestPolicyEditorAddRemoveSteps(t *testing.T) {
	s, _, h, st := remindersOn(t, 3)
	e := s.editor
	test.Tap(e.add)
	if len(e.steps) != 6 || e.cur != 5 || e.offset.Text != "+52" || e.name.Text != "step" {
		t.Fatalf("after Add: %d steps, step %d %q at %q", len(e.steps), e.cur, e.name.Text, e.offset.Text)
	}
	e.name.SetText("collection")
	e.offset.SetText("+60")
	e.statement.SetChecked(true)
	e.list.Select(0)
	test.Tap(e.remove)
	if len(e.steps) != 5 || e.name.Text != "due" {
		t.Fatalf("after Remove: %d steps, showing %q", len(e.steps), e.name.Text)
	}
	test.Tap(e.save)
	h.settle(t)
	p := storedPolicy(t, st, "default")
	var names []string
	for _, s := range p.Steps {
		names = append(names, s.Name)
	}
	if !slices.Equal(names, []string{"due", "overdue", "firm", "final", "collection"}) {
		t.Fatalf("stored steps %v", names)
	}
	if last := p.Steps[4]; last.Offset != 60 || !last.Statement || last.Subject != "{{.Headline}}" {
		t.Errorf("added step stored %+v", last)
	}
	// Moving the last step up puts it out of order: refused, said why.
	e.list.Select(4)
	test.Tap(e.up)
	if e.cur != 3 || e.steps[3].Name != "collection" {
		t.Fatalf("after Move up: step %d is %q", e.cur, e.steps[3].Name)
	}
	test.Tap(e.save)
	h.settle(t)
	if !strings.Contains(e.msg.Text, "Nothing was saved") || !strings.Contains(e.msg.Text, "(final): day") {
		t.Errorf("message %q", e.msg.Text)
	}
	// The last step cannot be removed.
	for len(e.steps) > 1 {
		test.Tap(e.remove)
	}
	if !e.remove.Disabled() {
		t.Error("the only step can be removed")
	}
}

// Placeholders are offered by name and written where the cursor was, or
// at the end; the subject is offered only those that fit on one line.
func TestPolicyEditorPlaceholders(t *testing.T) {
	s, m, _, _ := remindersOn(t, 3)
	e := s.editor
	if slices.Contains(e.subjectIns.Options, "Invoice list (number, due date, open amount, status)") ||
		!slices.Contains(e.subjectIns.Options, "Total overdue") || !slices.Contains(e.bodyIns.Options, "Invoice list (number, due date, open amount, status)") {
		t.Errorf("subject offers %q", e.subjectIns.Options)
	}
	for _, o := range e.bodyIns.Options {
		if strings.Contains(o, "{{") || strings.Contains(o, ".") && !strings.Contains(o, "\"") {
			t.Errorf("placeholder offered as %q", o)
		}
	}
	e.body.SetText("Hello")
	e.bodyIns.SetSelected("Customer name")
	e.bodyIns.SetSelected("Total overdue")
	if e.body.Text != "Hello{{.Customer.Name}}{{.Overdue}}" || e.bodyIns.Selected != "" {
		t.Errorf("body %q, select shows %q", e.body.Text, e.bodyIns.Selected)
	}
	// The cursor the user left at the start: the placeholder goes there.
	e.subject.SetText("is overdue")
	m.win.Canvas().Focus(e.subject)
	e.subject.CursorColumn = 0
	e.subject.Refresh() // the entry reports its cursor as it draws it
	e.subjectIns.SetSelected("Invoice numbers")
	if e.subject.Text != "{{.Numbers}}is overdue" {
		t.Errorf("subject %q", e.subject.Text)
	}
	e.subjectIns.SetSelected("Days overdue (oldest invoice)")
	if e.subject.Text != "{{.Numbers}}{{(index .Items 0).DaysOverdue}}is overdue" {
		t.Errorf("second insertion: subject %q", e.subject.Text)
	}
}

// nguyenOwes adds a customer with a Vietnamese name and an invoice of
// 1,234.56 EUR that is overdue on flowDay.
func nguyenOwes(t *testing.T, st *ledger.Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "NGUYEN", Name: "Công ty TNHH Nguyễn Văn Ánh", Currency: "EUR",
		TermsDays: 14, Email: "ketoan@nguyen.example"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "NGUYEN", Date: flowDay.AddDate(0, 0, -30),
		Lines: []ledger.Line{{Description: "Thiết kế logo", Quantity: ledger.D4(1), UnitPrice: 123456}}}); err != nil {
		t.Fatal(err)
	}
}

// The step as edited, not yet saved, written to a real customer found
// by a part of their name: the real amount and name, nothing stored.
func TestPolicyEditorPreview(t *testing.T) {
	s, _, h, st := remindersOn(t, 3)
	nguyenOwes(t, st)
	e := s.editor
	e.picker.delay = 0
	e.list.Select(2)
	e.subject.SetText("{{.Customer.Name}}: {{.Total}} open, {{(index .Items 0).DaysOverdue}} days overdue")
	e.right.SelectIndex(1) // the Preview tab
	test.Tap(e.picker.entry)
	e.customer.SetText("nguyễn")
	h.settle(t)
	tapIn(t, s.tabs, "Preview")
	h.settle(t)
	if want := "Công ty TNHH Nguyễn Văn Ánh: 1,234.56 EUR open, 16 days overdue"; e.previewSubj.Text != want {
		t.Errorf("preview subject %q, want %q (customer %q, problem %q)", e.previewSubj.Text, want, e.customer.Text, e.customerErr.Text)
	}
	if !strings.Contains(e.previewTo.Text, "ketoan@nguyen.example") || !strings.Contains(e.previewBody.Text, "Dear Công ty TNHH Nguyễn Văn Ánh") ||
		!strings.Contains(e.previewBody.Text, "1,234.56 EUR") || strings.Contains(e.previewBody.Text, "<") {
		t.Errorf("preview to %q body:\n%s", e.previewTo.Text, e.previewBody.Text)
	}
	if p := policies(t, st); len(p) != 0 {
		t.Errorf("the preview stored a policy: %v", p)
	}
	if rows, err := st.Outbox(context.Background(), ledger.OutboxFilter{}); err != nil || len(rows) != 0 {
		t.Errorf("the preview wrote %d outbox rows (%v)", len(rows), err)
	}
	// A customer who owes nothing: said beside the field.
	if _, err := st.CreateCustomer(context.Background(), ledger.Customer{Code: "PAID", Name: "Paid Up GmbH", Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	e.customer.SetText("PAID")
	h.settle(t)
	e.onPreview()
	h.settle(t)
	if !e.customerErr.Visible() || !strings.Contains(e.customerErr.Text, "no open invoice") {
		t.Errorf("customer message %q", e.customerErr.Text)
	}
}

// Import reads a policy file into both views without storing it; a file
// that is not a policy changes nothing; export writes the JSON shown.
func TestPolicyImport(t *testing.T) {
	s, _, h, st := remindersOn(t, 3)
	dir := t.TempDir()
	good := filepath.Join(dir, "firm.json")
	js := `{"steps": [{"name": "due", "offset": 0, "subject": "Due: {{.Numbers}}", "text": "Please pay {{.Total}}."},` +
		`{"name": "late", "offset": 14, "subject": "Late: {{.Numbers}}", "text": "<b>Now</b> please."}]}`
	if err := os.WriteFile(good, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	s.importPolicyFile(good)
	h.settle(t)
	if len(s.editor.steps) != 2 || s.editor.steps[1].Name != "late" || !strings.Contains(s.editor.msg.Text, "not stored yet") {
		t.Fatalf("after import: %d steps, %q", len(s.editor.steps), s.editor.msg.Text)
	}
	if len(policies(t, st)) != 0 {
		t.Fatal("import stored the policy")
	}
	test.Tap(s.editor.save)
	h.settle(t)
	if p := storedPolicy(t, st, "default"); len(p.Steps) != 2 || p.Steps[1].Text != "<b>Now</b> please." {
		t.Fatalf("stored %+v", p.Steps)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"steps": [{"name": "x", "offset": 1, "subject": "{{.Nope}}", "text": "t"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	s.importPolicyFile(bad)
	h.settle(t)
	if len(s.editor.steps) != 2 || !strings.Contains(s.policyMsg.Text, "bad.json is not a policy") || !strings.Contains(s.policyMsg.Text, "Nothing was changed") {
		t.Errorf("bad import: %d steps, %q", len(s.editor.steps), s.policyMsg.Text)
	}
}

// TestPolicyEditorScreenshot renders the step editor with a preview at
// 1024×700 into PAIDUP_SCREENSHOTS (docs/screens), when set.
func TestPolicyEditorScreenshot(t *testing.T) {
	dir := os.Getenv("PAIDUP_SCREENSHOTS")
	if dir == "" {
		t.Skip("set PAIDUP_SCREENSHOTS=DIR to render the policy editor to DIR")
	}
	s, m, h, st := remindersOn(t, 3)
	nguyenOwes(t, st)
	applyTheme(m.fa, "light")
	m.win.Resize(fyne.NewSize(1024, 700))
	e := s.editor
	e.list.Select(2)
	shot := func(name string) {
		h.settle(t)
		relayout(m.win.Content())
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, m.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	shot("reminders-policy-steps-1024x700.png")
	e.picker.set("NGUYEN")
	e.onPreview()
	shot("reminders-policy-preview-1024x700.png")
}

// Edits that are not saved survive a visit to another tab, are not
// dropped by choosing another policy unasked, and can start a new policy
// while the one edited keeps what it has stored.
func TestPolicyEditorKeepsUnsavedEdits(t *testing.T) {
	s, m, h, st := remindersOn(t, 3)
	e := s.editor
	e.list.Select(1)
	e.subject.SetText("Due today: {{.Numbers}}")
	s.tabs.SelectIndex(0)
	h.settle(t)
	s.tabs.SelectIndex(3)
	h.settle(t)
	if e.cur != 1 || e.subject.Text != "Due today: {{.Numbers}}" || !strings.Contains(e.msg.Text, "not saved yet") {
		t.Fatalf("after another tab: step %d subject %q, %q", e.cur, e.subject.Text, e.msg.Text)
	}
	// Another policy chosen: asked first; "Keep editing" keeps all.
	if err := st.SetReminderPolicy(context.Background(), "gentle", s.policy.Text); err != nil {
		t.Fatal(err)
	}
	s.loadPolicies("")
	h.settle(t)
	s.policyName.SetSelected("gentle")
	h.settle(t)
	if !says(t, m, "have changes that are not saved") {
		t.Fatal("no question before dropping the edits")
	}
	tapIn(t, topDialog(t, m), "Keep editing")
	h.settle(t)
	if s.policyName.Selected != "default" || e.subject.Text != "Due today: {{.Numbers}}" {
		t.Fatalf("after Keep editing: policy %q, subject %q", s.policyName.Selected, e.subject.Text)
	}
	// New policy… copies the steps as edited; default keeps what it had.
	tapIn(t, s.tabs, "New policy…")
	h.settle(t)
	typeIn(t, m, "quick")
	tapIn(t, topDialog(t, m), "Create")
	h.settle(t)
	if got := storedPolicy(t, st, "quick").Steps[1].Subject; got != "Due today: {{.Numbers}}" {
		t.Errorf("policy quick has subject %q", got)
	}
	if _, ok := policies(t, st)["default"]; ok {
		t.Error("the default policy was stored too")
	}
	if s.policyName.Selected != "quick" || e.dirty {
		t.Errorf("after New: policy %q shown, dirty %v", s.policyName.Selected, e.dirty)
	}
	// Nothing edited: another policy is shown without a question.
	s.policyName.SetSelected("gentle")
	h.settle(t)
	if e.shown != "gentle" || e.subject.Text == "Due today: {{.Numbers}}" {
		t.Errorf("policy %q shown, subject %q", e.shown, e.subject.Text)
	}
}

// JSON saved under JSON (advanced) shows in the steps at once.
func TestPolicyJSONSaveShowsInSteps(t *testing.T) {
	s, _, h, st := remindersOn(t, 3)
	s.policy.SetText(`{"steps": [{"name": "only", "offset": 5, "subject": "Late: {{.Numbers}}", "text": "Please pay {{.Total}}."}]}`)
	s.onSavePolicy()
	h.settle(t)
	e := s.editor
	if len(e.steps) != 1 || e.name.Text != "only" || e.offset.Text != "+5" || e.dirty {
		t.Fatalf("steps after saving JSON: %d, %q at %q, dirty %v", len(e.steps), e.name.Text, e.offset.Text, e.dirty)
	}
	if p := storedPolicy(t, st, "default"); len(p.Steps) != 1 {
		t.Fatalf("stored %d steps", len(p.Steps))
	}
}
