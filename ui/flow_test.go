package ui

import (
	"bytes"
	"context"
	"image"
	"image/color"
	pngenc "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	paidapp "paidup/app"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"paidup/ledger"
)

// flowDay is "today" in the flow tests.
var flowDay = time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)

// openLedger opens a real ledger file under t.TempDir with a fixed clock,
// and the main window on it showing screen.
func openLedger(t *testing.T, screen string) (*mainWindow, *harness, *ledger.Store) {
	t.Helper()
	st, err := ledger.Open(context.Background(), filepath.Join(t.TempDir(), "flow.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return flowDay }
	t.Cleanup(func() { st.Close() })
	h := &harness{}
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefScreen, "customers")
	m := newMainWindow(a, sourcesOf(paidapp.New(st, nil)), "flow.db", h.env()) // the app keeps the store's clock
	m.customers.delay = 0
	t.Cleanup(m.close)
	h.settle(t)
	if screen != "customers" {
		m.show(screen)
		h.settle(t)
	}
	return m, h, st
}

// fillCustomer types into the customer form's main fields.
func fillCustomer(f *customerForm, code, name, cur, terms string) {
	f.code.SetText(code)
	f.name.SetText(name)
	f.currency.SetText(cur)
	f.terms.SetText(terms)
}

func TestFlow(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	ctx := context.Background()

	// A customer, first refused with messages next to the fields.
	f := showCustomerForm(m.app, m.customers.detail.l, nil, func(c ledger.Customer) { m.customers.reload() })
	fillCustomer(f, "", "", "EURO", "x")
	test.Tap(f.save)
	h.settle(t)
	for key, want := range map[string]string{"code": "A code is required.", "name": "A name is required.",
		"currency": "Use a currency code such as EUR or USD.", "terms": "Terms are a whole number of days, 0 to 3650."} {
		if l := f.errs[key]; !l.Visible() || l.Text != want {
			t.Errorf("%s message = %q (shown %v), want %q", key, l.Text, l.Visible(), want)
		}
	}
	fillCustomer(f, "ACME", "Acme Trading", "usd", "30")
	f.email.SetText("ap@acme.example")
	test.Tap(f.save)
	h.settle(t)
	for key, l := range f.errs {
		if l.Visible() {
			t.Errorf("after fixing, %s still says %q", key, l.Text)
		}
	}
	if got, want := m.customers.status.Text, "1 customer"; got != want {
		t.Errorf("customer list status = %q, want %q", got, want)
	}
	// The same code again: the ledger's refusal shows under the code.
	f2 := showCustomerForm(m.app, m.customers.detail.l, nil, nil)
	fillCustomer(f2, "ACME", "Another", "USD", "30")
	test.Tap(f2.save)
	h.settle(t)
	if l := f2.errs["code"]; !l.Visible() || !strings.Contains(l.Text, "taken") {
		t.Errorf("duplicate code message = %q", l.Text)
	}
	f2.dlg.Hide()

	// A draft with two lines, totals computed live, then issued. Dated 45
	// days back so that, due in 30, it is 15 days overdue today.
	inv := m.invoices()
	h.settle(t)
	inv.newDraft("ACME")
	h.settle(t)
	e := inv.editor
	if !strings.Contains(e.custInfo.Text, "Acme Trading") {
		t.Errorf("customer info = %q", e.custInfo.Text)
	}
	e.date.SetText("2026-02-14")
	r := e.rows[0]
	r.desc.SetText("Design work")
	r.qty.SetText("3")
	r.price.SetText("150.00")
	r.taxRate.SetText("20")
	e.addLine(ledger.Line{})
	e.rows[1].desc.SetText("Hosting")
	e.rows[1].price.SetText("40.00")
	if got := r.net.Text; got != "450.00 USD" {
		t.Errorf("line net = %q, want 450.00 USD", got)
	}
	for _, want := range []string{"Net", "490.00 USD", "Tax 20%", "90.00 USD", "Total", "580.00 USD"} {
		if !strings.Contains(e.totals.Text, want) {
			t.Errorf("totals %q lack %q", e.totals.Text, want)
		}
	}
	r.qty.SetText("three")
	if e.problem.Text == "" || e.totals.Text != "" {
		t.Errorf("a bad quantity shows problem %q, totals %q", e.problem.Text, e.totals.Text)
	}
	r.qty.SetText("3")
	test.Tap(e.issue)
	h.settle(t)                        // the credit check comes first
	tapIn(t, topDialog(t, m), "Issue") // what it posts is confirmed first
	h.settle(t)
	if !inv.view.box.Visible() || !strings.Contains(inv.view.title.Text, "INV-000001") {
		t.Fatalf("after issuing, view shown %v with title %q", inv.view.box.Visible(), inv.view.title.Text)
	}
	if !strings.Contains(inv.view.body.Text, "580.00 USD") || inv.view.void.Disabled() {
		t.Errorf("invoice view: %q, void disabled %v", inv.view.body.Text, inv.view.void.Disabled())
	}

	// The list shows it, overdue.
	inv.showList()
	h.settle(t)
	if got := inv.count.Text; got != "1 invoice" {
		t.Errorf("invoice count = %q", got)
	}
	inv.status.SetSelected(showOverdue)
	h.settle(t)
	if row, ok := inv.rows.row(0); !ok || row.Number != "INV-000001" || rowStatus(row, flowDay) != "overdue" {
		t.Errorf("overdue list row 0 = %+v", row)
	}

	// A partial payment: the proposal puts it on the invoice.
	pay := m.payments()
	pay.newPayment("ACME")
	h.settle(t)
	if len(pay.alloc) != 1 {
		t.Fatalf("%d open invoices offered, want 1", len(pay.alloc))
	}
	pay.amount.SetText("200.00")
	if got := pay.alloc[0].Text; got != "200.00" {
		t.Errorf("proposed allocation = %q, want 200.00", got)
	}
	if got := pay.rest.Text; got != "All of it goes to invoices." {
		t.Errorf("rest = %q", got)
	}
	test.Tap(pay.record)
	h.settle(t)
	if got := pay.result.Text; !strings.Contains(got, "PAY-000001") || !strings.Contains(got, "200.00 USD") {
		t.Errorf("payment result = %q", got)
	}
	d, err := st.Document(ctx, "INV-000001")
	if err != nil || d.Open.String() != "380.00 USD" {
		t.Errorf("invoice open = %v (%v), want 380.00 USD", d.Open, err)
	}

	// The aging as of today puts the 380.00 left in 1-30 (15 days late);
	// as of 2026-04-30 in 31-60.
	rep := m.reports()
	h.settle(t)
	assertBucket := func(asOf, bucket string) {
		t.Helper()
		rep.asOf.SetText(asOf)
		rep.onRun()
		h.settle(t)
		if rep.aging == nil || len(rep.aging.Sections) != 1 {
			t.Fatalf("aging %+v", rep.aging)
		}
		line := rep.aging.Sections[0].Lines[0]
		for i, label := range rep.aging.Labels {
			want := int64(0)
			if label == bucket {
				want = 38000
			}
			if line.Buckets[i] != want {
				t.Errorf("as of %s, bucket %s = %d, want %d", asOf, label, line.Buckets[i], want)
			}
		}
		if !strings.Contains(rep.table.text(), "380.00") || !strings.Contains(rep.table.text(), "ACME") {
			t.Errorf("aging table:\n%s", rep.table.text())
		}
	}
	assertBucket("2026-03-31", "1-30")
	assertBucket("2026-04-30", "31-60")

	// The workbook, with detail.
	out := filepath.Join(t.TempDir(), "aging.xlsx")
	w, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	opts, _ := rep.options()
	done := false
	rep.export(w, opts, formatXLSX, true, func() { done = true })
	h.settle(t)
	if !done {
		t.Fatal("export did not finish")
	}
	if b, err := os.ReadFile(out); err != nil || len(b) < 1000 || string(b[:2]) != "PK" {
		t.Errorf("workbook: %d bytes, err %v", len(b), err)
	}
	// And the printable PDF.
	pdf := filepath.Join(t.TempDir(), "aging.pdf")
	if w, err = os.Create(pdf); err != nil {
		t.Fatal(err)
	}
	done = false
	rep.export(w, opts, formatPDF, true, func() { done = true })
	h.settle(t)
	if b, err := os.ReadFile(pdf); !done || err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Errorf("aging PDF: done %v, %d bytes, err %v", done, len(b), err)
	}

	// The dashboard sums it up.
	dash := m.show("dashboard").(*dashboardScreen)
	h.settle(t)
	if texts := shownIn(dash.figures); !containsText(texts, "380.00 USD") {
		t.Errorf("dashboard figures show %q", texts)
	}
	if !strings.Contains(dash.overdue.Text, "Acme Trading") {
		t.Errorf("most overdue = %q", dash.overdue.Text)
	}
}

func TestImportWizard(t *testing.T) {
	m, h, st := openLedger(t, "import")
	s := m.built["import"].(*importScreen)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	good := filepath.Join(dir, "good.csv")
	if err := os.WriteFile(bad, []byte("code,name,email,currency,terms_days,credit_limit,colour\nA1,Alpha,a@x.example,USD,30,0,red\nB2,Beta,nope,USD,-5,0,blue\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, []byte("code,name,email,currency,terms_days,credit_limit\nC3,Gamma,c@x.example,USD,30,0\nD4,Delta,d@x.example,EUR,14,1000\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	s.setFile(bad)
	h.settle(t)
	if !strings.Contains(s.columns.Text, "Recognised columns: code, name") || !strings.Contains(s.columns.Text, "Ignored: colour") {
		t.Errorf("columns = %q", s.columns.Text)
	}
	if !strings.Contains(s.preview.Text, "Beta") {
		t.Errorf("preview = %q", s.preview.Text)
	}
	test.Tap(s.check)
	h.settle(t)
	if !strings.Contains(s.problems.Text, "line 3, column") || !s.doImport.Disabled() {
		t.Errorf("problems %q, import disabled %v", s.problems.Text, s.doImport.Disabled())
	}

	// Skipping bad rows: the check lists the row it would skip, the import
	// writes the good row only.
	s.skipBad.SetChecked(true)
	h.settle(t)
	if !s.doImport.Disabled() {
		t.Error("import enabled before checking with skipping on")
	}
	test.Tap(s.check)
	h.settle(t)
	if !strings.Contains(s.problems.Text, "skipped, line 3, column") || s.doImport.Disabled() ||
		!strings.Contains(s.summary.Text, "1 of 2 rows would be imported and 1 skipped") {
		t.Fatalf("skip check: problems %q, summary %q, import disabled %v", s.problems.Text, s.summary.Text, s.doImport.Disabled())
	}
	test.Tap(s.doImport)
	h.settle(t)
	if n, _ := st.CountCustomers(context.Background(), ""); n != 1 || !strings.Contains(s.summary.Text, "1 skipped") {
		t.Fatalf("skip import: %d customers, summary %q", n, s.summary.Text)
	}
	if _, err := st.CustomerByCode(context.Background(), "A1"); err != nil {
		t.Fatalf("the good row was not imported: %v", err)
	}
	s.skipBad.SetChecked(false)

	s.setFile(good)
	h.settle(t)
	if !s.doImport.Disabled() {
		t.Error("import enabled before a check")
	}
	test.Tap(s.check)
	h.settle(t)
	if s.doImport.Disabled() || s.problems.Text != "" {
		t.Fatalf("clean file: problems %q, summary %q", s.problems.Text, s.summary.Text)
	}
	if n, _ := st.CountCustomers(context.Background(), ""); n != 1 {
		t.Errorf("the dry run wrote %d customers", n-1)
	}
	test.Tap(s.doImport)
	h.settle(t)
	if n, _ := st.CountCustomers(context.Background(), ""); n != 3 {
		t.Errorf("imported %d customers, want 2; summary %q", n, s.summary.Text)
	}
}

func TestSettingsScreen(t *testing.T) {
	m, h, st := openLedger(t, "settings")
	s := m.built["settings"].(*settingsScreen)
	s.entries["business.name"].SetText("Nordlicht")
	s.entries["business.email"].SetText("not an email")
	s.onSave()
	h.settle(t)
	if l := s.errs["business.email"]; !l.Visible() || l.Text == "" {
		t.Errorf("email message = %q", l.Text)
	}
	// Nothing is saved while a field is wrong; all is once it is right.
	if v, _ := st.Setting(context.Background(), "business.name", ""); v != "" {
		t.Errorf("business.name = %q saved beside a refused email", v)
	}
	s.entries["business.email"].SetText("accounts@nordlicht.example")
	s.onSave()
	h.settle(t)
	if v, _ := st.Setting(context.Background(), "business.name", ""); v != "Nordlicht" {
		t.Errorf("business.name = %q", v)
	}
	s.numPrefix.SetText("F-")
	s.numNext.SetText("100")
	s.onNumbering()
	h.settle(t)
	if s.numErr.Visible() {
		t.Errorf("numbering error %q", s.numErr.Text)
	}
	// The logo: a file that is no image is refused next to the field; a
	// PNG is stored in the ledger.
	s.setImage("business.logo", []byte("not a picture"))
	h.settle(t)
	if l := s.errs["business.logo"]; !l.Visible() || l.Text == "" {
		t.Errorf("bad logo message = %q", l.Text)
	}
	var png bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 4, 2))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	s.setImage("business.logo", png.Bytes())
	h.settle(t)
	// Back up, change the ledger, restore: the change is gone.
	bak := filepath.Join(t.TempDir(), "b.db")
	s.backup(bak)
	h.settle(t)
	if err := st.ChangeSetting(context.Background(), "business.name", "Changed"); err != nil {
		t.Fatal(err)
	}
	// The confirmation says what restoring would undo: here an invoice
	// issued after the backup.
	if _, err := st.CreateCustomer(context.Background(), ledger.Customer{Code: "LATE", Name: "Late GmbH", Currency: "EUR", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.IssueInvoice(context.Background(), ledger.InvoiceInput{CustomerCode: "LATE", Date: flowDay,
		Lines: []ledger.Line{{Description: "x", Quantity: ledger.D4(1), UnitPrice: 100}}}); err != nil {
		t.Fatal(err)
	}
	s.confirmRestore(s.l, bak, "", func() {})
	h.settle(t)
	if !says(t, m, "Restoring would undo 1 invoice") || !says(t, m, "1 new customer") {
		t.Errorf("the restore's confirmation says %q", overlayTexts(m))
	}
	tapIn(t, topDialog(t, m), "Yes")
	h.settle(t)
	if v, _ := st.Setting(context.Background(), "business.name", ""); v != "Nordlicht" {
		t.Errorf("business.name after restore = %q", v)
	}
	p, err := st.BusinessProfile(context.Background())
	if err != nil || len(p.Logo.Data) == 0 {
		t.Errorf("logo not stored: %+v %v", p.Logo, err)
	}
}

func TestShortcutsAndLastScreen(t *testing.T) {
	m, h, _ := openLedger(t, "customers")
	ctrl := func(k fyne.KeyName) {
		typeShortcut(m, k)
		h.settle(t)
	}
	ctrl(fyne.KeyN)
	if m.tabs.Selected().Text != "Invoices" || !m.invoices().editor.box.Visible() {
		t.Errorf("Ctrl+N shows %q", m.tabs.Selected().Text)
	}
	ctrl(fyne.KeyP)
	if m.tabs.Selected().Text != "Payments" {
		t.Errorf("Ctrl+P shows %q", m.tabs.Selected().Text)
	}
	if got := m.fa.Preferences().String(prefScreen); got != "payments" {
		t.Errorf("last screen saved = %q", got)
	}
}

func containsText(texts []string, want string) bool {
	for _, s := range texts {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

func typeShortcut(m *mainWindow, k fyne.KeyName) {
	m.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault})
}
