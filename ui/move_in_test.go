package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"paidup/ledger"
)

// The move-in wizard on the Import screen: Xero's exports previewed
// (nothing written); a GnuCash book previewed, then moved in after a
// confirmation, the report in words; a changed form must be previewed
// again; a file that is no book is refused with nothing written.
func TestMoveInWizard(t *testing.T) {
	m, h, st := openLedger(t, "import")
	ctx := context.Background()
	if err := st.ChangeSetting(ctx, "business.currency", "EUR"); err != nil {
		t.Fatal(err)
	}
	s := m.built["import"].(*importScreen)
	tapIn(t, m.win.Content(), "Move in from another program…")
	h.settle(t)
	w := s.moveIn
	if w == nil || !w.moveBtn.Disabled() {
		t.Fatal("no wizard, or Move in before any preview")
	}
	customers := func() int {
		n, err := st.CountCustomers(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Xero: invoices and contacts, previewed.
	w.source.SetSelected(sourceXero)
	w.file.SetText("../testdata/migrate/xero/Invoices.csv")
	w.contacts.SetText("../testdata/migrate/xero/Contacts.csv")
	w.date.SetText("2026-03-31")
	test.Tap(w.preview)
	h.settle(t)
	if !strings.Contains(w.report.Text, "from Xero: 2 customers, 3 invoices") {
		t.Fatalf("xero preview: %q", w.report.Text)
	}
	if rows, err := st.FindDocuments(ctx, ledger.DocumentFilter{Search: "INV-0001"}); err != nil || len(rows) != 0 || customers() != 0 {
		t.Errorf("a preview wrote documents: %v %v", rows, err)
	}

	// QuickBooks: its transaction list and customer list, month first.
	w.source.SetSelected(sourceQuickBooks)
	w.file.SetText("../testdata/migrate/quickbooks/Transaction List by Customer.csv")
	w.contacts.SetText("../testdata/migrate/quickbooks/Customers.csv")
	w.monthFirst.SetChecked(true)
	test.Tap(w.preview)
	h.settle(t)
	if !strings.Contains(w.report.Text, "from QuickBooks: 3 customers, 6 invoices") || customers() != 0 {
		t.Fatalf("quickbooks preview: %q", w.report.Text)
	}
	// Invoice Ninja: the invoices export and the other three, by ";".
	w.source.SetSelected(sourceInvoiceNinja)
	w.monthFirst.SetChecked(false)
	w.file.SetText("../testdata/migrate/invoiceninja/invoices.csv")
	w.contacts.SetText("../testdata/migrate/invoiceninja/clients.csv; ../testdata/migrate/invoiceninja/payments.csv;../testdata/migrate/invoiceninja/credits.csv")
	test.Tap(w.preview)
	h.settle(t)
	if !strings.Contains(w.report.Text, "from Invoice Ninja: 3 customers, 4 invoices, 2 credit notes, 4 payments") || customers() != 0 || w.moveBtn.Disabled() {
		t.Fatalf("invoice ninja preview: %q", w.report.Text)
	}

	// GnuCash: previewed, then moved in.
	w.source.SetSelected(sourceGnuCash)
	w.contacts.SetText("")
	w.file.SetText("../testdata/gnucash/book.gnucash")
	w.date.SetText("2026-06-30")
	test.Tap(w.preview)
	h.settle(t)
	if !strings.Contains(w.report.Text, "would move in (dry run, nothing written) from GnuCash") || !strings.Contains(w.report.Text, "EUR open: 1,867.10 EUR in GnuCash, 1,867.10 EUR here") ||
		!strings.Contains(w.report.Text, "left out: ") || customers() != 0 || w.moveBtn.Disabled() {
		t.Fatalf("preview: %q, %d customers, move disabled %v", w.report.Text, customers(), w.moveBtn.Disabled())
	}
	// Changed since the preview: preview again first.
	w.date.SetText("2026-06-29")
	test.Tap(w.moveBtn)
	h.settle(t)
	if !strings.Contains(w.report.Text, "preview again") || customers() != 0 {
		t.Fatalf("a changed form moved in: %q", w.report.Text)
	}
	w.date.SetText("2026-06-30")
	test.Tap(w.preview)
	h.settle(t)
	test.Tap(w.moveBtn)
	h.settle(t)
	tapIn(t, topDialog(t, m), "Yes")
	h.settle(t)
	if !strings.Contains(w.report.Text, "moved in from GnuCash") || !strings.Contains(w.report.Text, "Done.") || customers() != 5 {
		t.Fatalf("moved in: %q, %d customers", w.report.Text, customers())
	}

	// A file that is no book: refused in words, nothing written.
	w.file.SetText("../testdata/migrate/xero/Invoices.csv")
	test.Tap(w.preview)
	h.settle(t)
	if !strings.HasPrefix(w.report.Text, "Nothing was moved in") || customers() != 5 {
		t.Errorf("a CSV as a GnuCash book: %q", w.report.Text)
	}
}

// The wizard's date is named by what it means for the source: the day a
// CSV source's payments count as paid, the day a GnuCash book is read as of.
func TestMoveInDateLabel(t *testing.T) {
	m, h, _ := openLedger(t, "import")
	s := m.built["import"].(*importScreen)
	tapIn(t, m.win.Content(), "Move in from another program…")
	h.settle(t)
	w := s.moveIn
	for src, want := range map[string]string{sourceGnuCash: "As of", sourceXero: "Paid on", sourceQuickBooks: "Paid on", sourceInvoiceNinja: "Paid on"} {
		w.source.SetSelected(src)
		if w.dateItem.Text != want {
			t.Errorf("%s: the date is labelled %q, want %q", src, w.dateItem.Text, want)
		}
	}
}
