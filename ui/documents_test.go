package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	paidapp "paidup/app"

	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"paidup/demo"
	"paidup/ledger"
)

// openDemo opens a small demo ledger under t.TempDir, as of flowDay, and
// the main window on it showing screen.
func openDemo(t *testing.T, screen string) (*mainWindow, *harness, *ledger.Store) {
	t.Helper()
	return openDemoOf(t, screen, 200)
}

// openDemoOf is openDemo on a demo of about invoices invoices.
func openDemoOf(t *testing.T, screen string, invoices int) (*mainWindow, *harness, *ledger.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := ledger.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return flowDay }
	t.Cleanup(func() { st.Close() })
	if _, err := demo.Fill(ctx, st, demo.Options{Invoices: invoices, Seed: 1, AsOf: flowDay}); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"business.name": "Nordlicht Design Studio", "business.email": "accounts@nordlicht.example"} {
		if err := st.ChangeSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	h := &harness{}
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefScreen, "dashboard")
	m := newMainWindow(a, sourcesOf(paidapp.New(st, nil)), "demo.db", h.env()) // the app keeps the store's clock
	t.Cleanup(m.close)
	h.settle(t)
	m.show(screen)
	h.settle(t)
	return m, h, st
}

// openInvoice shows an open issued invoice of the demo in the invoice view.
func openInvoice(t *testing.T, m *mainWindow, h *harness, st *ledger.Store) (*invoicesScreen, ledger.DocumentRow) {
	t.Helper()
	rows, err := st.FindDocuments(context.Background(), ledger.DocumentFilter{Kind: ledger.KindInvoice, Open: true, Limit: 1})
	if err != nil || len(rows) == 0 {
		t.Fatalf("no open invoice: %v", err)
	}
	inv := m.invoices()
	h.settle(t)
	inv.open(rows[0].ID, rows[0].Status)
	h.settle(t)
	if !strings.Contains(inv.view.title.Text, rows[0].Number) {
		t.Fatalf("view title %q, want %s", inv.view.title.Text, rows[0].Number)
	}
	return inv, rows[0]
}

func TestReminderPreview(t *testing.T) {
	m, h, st := openDemo(t, "reminders")
	s := m.built["reminders"].(*remindersScreen)
	want, err := paidapp.New(st, nil).PreviewReminders(context.Background(), flowDay)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Emails) < 2 {
		t.Fatalf("the demo plans %d reminders; the test wants two or more", len(want.Emails))
	}
	if s.plan == nil || len(s.plan.Emails) != len(want.Emails) || !s.plan.AsOf.Equal(want.AsOf) {
		t.Fatalf("preview planned %+v, want %d emails as of %s", s.summary.Text, len(want.Emails), fmtDate(want.AsOf))
	}
	if !strings.Contains(s.summary.Text, "2026-03-31") {
		t.Errorf("summary = %q", s.summary.Text)
	}
	for _, i := range []int{0, 1} {
		s.emails.Select(i)
		e := want.Emails[i]
		if s.subject.Text != e.Subject || s.subject.Text == "" {
			t.Errorf("email %d subject shown %q, want %q", i, s.subject.Text, e.Subject)
		}
		if !strings.Contains(s.customer.Text, e.CustomerName) || !strings.Contains(s.customer.Text, e.Recipient) {
			t.Errorf("email %d customer line %q lacks %q <%s>", i, s.customer.Text, e.CustomerName, e.Recipient)
		}
		if s.body.Text != e.Text || !strings.Contains(s.attach.Text, "Invoice "+e.Items[0].Number+".pdf") {
			t.Errorf("email %d body %q, attachments %q", i, s.body.Text, s.attach.Text)
		}
	}
	// The preview wrote nothing.
	if rows, err := st.Outbox(context.Background(), ledger.OutboxFilter{}); err != nil || len(rows) != 0 {
		t.Errorf("the preview wrote %d outbox rows (%v)", len(rows), err)
	}
	// Sending with no SMTP settings says what is missing and sends nothing.
	s.sendAll()
	h.settle(t)
	if rows, _ := st.Outbox(context.Background(), ledger.OutboxFilter{}); len(rows) != 0 {
		t.Errorf("a send without SMTP settings wrote %d outbox rows", len(rows))
	}

	// The policy: invalid JSON is refused with a message, a valid one stored.
	s.tabs.SelectIndex(3)
	h.settle(t)
	if !strings.Contains(s.policy.Text, `"steps"`) {
		t.Fatalf("policy shown %q", s.policy.Text)
	}
	good := s.policy.Text
	s.policy.SetText(`{"steps": [{"name": "x", "offset": 1, "subjet": "typo"}]}`)
	s.onSavePolicy()
	h.settle(t)
	if !strings.Contains(s.policyMsg.Text, "subjet") {
		t.Errorf("bad policy message %q", s.policyMsg.Text)
	}
	if p, _ := st.ReminderPolicies(context.Background()); len(p) != 0 {
		t.Errorf("a bad policy was stored: %v", p)
	}
	s.policy.SetText(good)
	s.onSavePolicy()
	h.settle(t)
	if p, _ := st.ReminderPolicies(context.Background()); p["default"] == "" {
		t.Errorf("the policy was not stored; message %q", s.policyMsg.Text)
	}
}

func TestInvoicePDF(t *testing.T) {
	m, h, st := openDemo(t, "invoices")
	inv, row := openInvoice(t, m, h, st)
	out := filepath.Join(t.TempDir(), "invoice.pdf")
	done := false
	inv.view.savePDF(out, func() { done = true })
	h.settle(t)
	if !done {
		t.Fatal("saving did not finish")
	}
	b, err := os.ReadFile(out)
	if err != nil || len(b) < 1000 || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("%s: %d bytes starting %q, err %v", row.Number, len(b), b[:min(len(b), 8)], err)
	}

	// The preview: an image of page 1, or a message without pdftoppm.
	inv.view.onPreviewPDF()
	h.settle(t)
	if top := m.win.Canvas().Overlays().Top(); top == nil {
		t.Error("no preview shown")
	}
	if _, err := firstPagePNG(context.Background(), b); err == nil {
		if inv.view.previewNote != "" {
			t.Errorf("with pdftoppm the preview says %q", inv.view.previewNote)
		}
	} else if inv.view.previewNote != noPreview {
		t.Errorf("without pdftoppm (%v) the preview says %q", err, inv.view.previewNote)
	}
}

func TestDispute(t *testing.T) {
	m, h, st := openDemo(t, "invoices")
	inv, row := openInvoice(t, m, h, st)
	v := inv.view
	if v.disputeInfo.Visible() || v.disputeBtn.Text != "Dispute…" {
		t.Fatalf("undisputed invoice shows %q, button %q", v.disputeInfo.Text, v.disputeBtn.Text)
	}
	v.openDispute("The hours billed are wrong")
	h.settle(t)
	if !strings.Contains(v.title.Text, "disputed") || !v.disputeInfo.Visible() ||
		!strings.Contains(v.disputeInfo.Text, "The hours billed are wrong") || v.disputeBtn.Text != "Resolve dispute…" {
		t.Errorf("after opening: title %q, info %q (shown %v), button %q", v.title.Text, v.disputeInfo.Text, v.disputeInfo.Visible(), v.disputeBtn.Text)
	}
	if _, err := st.OpenDisputeOf(context.Background(), row.Number); err != nil {
		t.Errorf("the ledger has no dispute: %v", err)
	}
	inv.showList()
	h.settle(t)
	if !inv.disputed[row.Number] {
		t.Errorf("the list does not know %s is disputed", row.Number)
	}
	// The Disputed filter lists just that invoice.
	inv.status.SetSelected(showDisputed)
	h.settle(t)
	if got := inv.count.Text; got != "1 invoice" {
		t.Errorf("disputed filter: count %q, want 1", got)
	}
	if texts := shownIn(inv.table); !containsText(texts, row.Number) {
		t.Errorf("disputed filter shows %q, not %s", texts, row.Number)
	}
	inv.status.SetSelected(showAll)
	h.settle(t)

	inv.open(row.ID, row.Status)
	h.settle(t)
	v.resolveDispute("credit note agreed")
	h.settle(t)
	if strings.Contains(v.title.Text, "disputed") || v.disputeInfo.Visible() || v.disputeBtn.Text != "Dispute…" {
		t.Errorf("after resolving: title %q, info shown %v, button %q", v.title.Text, v.disputeInfo.Visible(), v.disputeBtn.Text)
	}
	if _, err := st.OpenDisputeOf(context.Background(), row.Number); ledger.ErrorCode(err) != ledger.ENOTFOUND {
		t.Errorf("still disputed in the ledger: %v", err)
	}
	inv.showList()
	h.settle(t)
	if inv.disputed[row.Number] {
		t.Errorf("the list still shows %s disputed", row.Number)
	}
}

func TestSMTPPasswordNoKeyring(t *testing.T) {
	keyring.MockInitWithError(errors.New("no Secret Service on this bus"))
	t.Cleanup(keyring.MockInit)
	m, h, st := openLedger(t, "settings")
	ctx := context.Background()
	for k, v := range map[string]string{"smtp.host": "smtp.example.com", "smtp.username": "ar@example.com"} {
		if err := st.ChangeSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	s := m.built["settings"].(*settingsScreen)
	if _, ok := s.entries["smtp.host"]; !ok || len(s.smtpForm.Objects) == 0 {
		t.Fatal("the settings screen has no SMTP settings")
	}
	s.password.SetText("hunter2")
	test.Tap(s.setPassword)
	h.settle(t)
	if !strings.Contains(s.passwordMsg.Text, "PAIDUP_SMTP_PASSWORD") || !strings.Contains(s.passwordMsg.Text, "keyring") {
		t.Errorf("password message = %q", s.passwordMsg.Text)
	}
	if s.password.Text != "hunter2" {
		t.Error("the password was cleared though it was not stored")
	}
	vs, err := st.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if strings.Contains(v.Value, "hunter2") {
			t.Errorf("the password went into the ledger as %s", v.Key.Name)
		}
	}
}

func TestAllStatements(t *testing.T) {
	m, h, st := openDemo(t, "reports")
	rep := m.reports()
	h.settle(t)
	dir := t.TempDir()
	var msg string
	rep.statementsInto(dir, paidapp.StatementOptions{Kind: paidapp.OpenItem, To: flowDay}, false, func(s string) { msg = s })
	h.settle(t)
	codes, err := st.CustomersOpenAsOf(context.Background(), flowDay)
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "statement-*-2026-03-31.pdf"))
	if err != nil || len(files) == 0 || len(files) > len(codes) {
		t.Fatalf("%d statements for %d customers (%v); message %q", len(files), len(codes), err, msg)
	}
	if b, err := os.ReadFile(files[0]); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Errorf("%s is no PDF (%v)", files[0], err)
	}
	if !strings.Contains(msg, "Wrote") {
		t.Errorf("message %q", msg)
	}

	// All in one PDF to print, from the form: as many "Page 1 of" as
	// statement files, in the folder under its own name.
	f := rep.newStatementsForm()
	f.dir.SetText(dir)
	f.oneFile.SetChecked(true)
	test.Tap(f.write)
	h.settle(t)
	book := filepath.Join(dir, "statements-2026-03-31.pdf")
	if text := pdfText(t, book); strings.Count(text, "Page 1 of") != len(files) {
		t.Errorf("the one-file PDF holds %d statements, want %d", strings.Count(text, "Page 1 of"), len(files))
	}
	if got := overlayTexts(m); !strings.Contains(got, "Wrote") || !strings.Contains(got, book) {
		t.Errorf("after one-file statements the window says %q", got)
	}
}

func TestFirstRun(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	m.checkFirstRun()
	h.settle(t)
	o := m.onboarding
	if o == nil {
		t.Fatal("no welcome on a new ledger")
	}
	o.name.SetText("Nordlicht")
	o.currency.SetText("euro")
	test.Tap(o.save)
	h.settle(t)
	if l := o.errs["business.currency"]; !l.Visible() || l.Text == "" {
		t.Errorf("currency message %q", l.Text)
	}
	if v, _ := st.Setting(context.Background(), "business.name", ""); v != "" {
		t.Errorf("the name was saved beside a refused currency: %q", v)
	}
	o.currency.SetText("eur")
	test.Tap(o.save)
	h.settle(t)
	ctx := context.Background()
	if v, _ := st.Setting(ctx, "business.currency", ""); v != "EUR" {
		t.Errorf("business.currency = %q", v)
	}
	if v, _ := st.Setting(ctx, "business.name", ""); v != "Nordlicht" {
		t.Errorf("business.name = %q", v)
	}
	m.onboarding = nil
	m.checkFirstRun()
	h.settle(t)
	if m.onboarding != nil {
		t.Error("the welcome came again once the business had a name")
	}
}
