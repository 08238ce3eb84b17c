package ui

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// setEntry sets the text of the i-th entry of the dialog on top.
func setEntry(t *testing.T, m *mainWindow, i int, text string) {
	t.Helper()
	for _, v := range visible(topDialog(t, m)) {
		if e, ok := asEntry(v); ok {
			if i == 0 {
				e.SetText(text)
				return
			}
			i--
		}
	}
	t.Fatal("the dialog has too few entries")
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := ledger.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDocumentVoidPayment(t *testing.T) {
	m, h, st := openLedger(t, "invoices")
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "ACME", Name: "Acme Trading", Currency: "USD", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	inv0, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "ACME", Date: mustDate(t, "2026-03-01"),
		Lines: []ledger.Line{{Description: "Design", Quantity: ledger.D4(1), UnitPrice: 10000}}})
	if err != nil {
		t.Fatal(err)
	}
	pay0, err := st.RecordPayment(ctx, ledger.PaymentInput{CustomerCode: "ACME", Date: mustDate(t, "2026-03-10"),
		Amount: ledger.NewMoney(10000, "USD"), Reference: "bank 42"})
	if err != nil {
		t.Fatal(err)
	}
	if d, err := st.DocumentByID(ctx, inv0.ID); err != nil || !d.Open.IsZero() {
		t.Fatalf("the payment left %v open on the invoice (%v)", d.Open, err)
	}

	// The list of payments shows it, applied, with the filters of a credit.
	s := m.invoices()
	h.settle(t)
	s.status.SetSelected(showOverdue)
	h.settle(t)
	s.kind.SetSelected("Payments")
	h.settle(t)
	if s.status.Selected != showAll || slices.Contains(s.status.Options, showDrafts) || !slices.Contains(s.status.Options, showUnapplied) {
		t.Errorf("payment filters %q, selected %q", s.status.Options, s.status.Selected)
	}
	if got := s.count.Text; got != "1 payment" {
		t.Errorf("count = %q, want 1 payment", got)
	}
	if texts := shownIn(s.table); !containsText(texts, pay0.Number) || !containsText(texts, "applied") {
		t.Errorf("payments list shows %q", texts)
	}
	if headerButton(m.win, "Unapplied") == nil {
		t.Error("the Open column of payments is not titled Unapplied")
	}

	// Opened, it shows what it paid.
	s.table.Select(widget.TableCellID{Row: 0, Col: 1})
	h.settle(t)
	v := s.doc
	if !v.box.Visible() || s.list.Visible() || !strings.Contains(v.title.Text, "Payment "+pay0.Number) {
		t.Fatalf("document view shown %v, title %q", v.box.Visible(), v.title.Text)
	}
	if !strings.Contains(v.allocs.Text, inv0.Number) || !strings.Contains(v.allocs.Text, "100.00 USD") ||
		!strings.Contains(v.body.Text, "bank 42") || !strings.Contains(v.body.Text, "Unapplied") {
		t.Errorf("view body %q, allocations %q", v.body.Text, v.allocs.Text)
	}
	unchanged := func(when string) {
		t.Helper()
		p, err := st.DocumentByID(ctx, pay0.ID)
		if err != nil || p.Status != ledger.StatusIssued {
			t.Errorf("%s: payment %s (%v)", when, p.Status, err)
		}
		if d, err := st.DocumentByID(ctx, inv0.ID); err != nil || !d.Open.IsZero() {
			t.Errorf("%s: invoice open %v (%v)", when, d.Open, err)
		}
	}

	// Without a reason the dialog refuses, and the ledger is as it was.
	tapIn(t, v.box, "Void…")
	if !says(t, m, "the invoices it paid are open again") {
		t.Errorf("void dialog says %q", overlayTexts(m))
	}
	tapIn(t, topDialog(t, m), "Void payment")
	h.settle(t)
	if !says(t, m, "Give a reason: it is kept with the payment.") {
		t.Errorf("no reason: dialog says %q", overlayTexts(m))
	}
	unchanged("no reason")

	// Dated before the payment, the ledger refuses, in words.
	typeIn(t, m, "wrong customer")
	setEntry(t, m, 1, "2026-03-01")
	tapIn(t, topDialog(t, m), "Void payment")
	h.settle(t)
	if got := overlayTexts(m); !strings.Contains(got, "Could not void "+pay0.Number) || !strings.Contains(got, "cannot be dated before it") {
		t.Errorf("refusal says %q", got)
	}
	unchanged("dated too early")
	tapIn(t, topDialog(t, m), "OK")

	// Voided today with a reason: the payment is void, the invoice open.
	tapIn(t, v.box, "Void…")
	typeIn(t, m, "wrong customer")
	tapIn(t, topDialog(t, m), "Void payment")
	h.settle(t)
	if top := m.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a dialog is still shown: %q", overlayTexts(m))
	}
	p, err := st.DocumentByID(ctx, pay0.ID)
	if err != nil || p.Status != ledger.StatusVoid || p.VoidReason != "wrong customer" || fmtDate(p.VoidDate) != "2026-03-31" {
		t.Errorf("payment after void: %s %s %q (%v)", p.Status, fmtDate(p.VoidDate), p.VoidReason, err)
	}
	open, err := st.FindDocuments(ctx, ledger.DocumentFilter{Kind: ledger.KindInvoice, Open: true})
	if err != nil || len(open) != 1 || open[0].ID != inv0.ID || open[0].Open.String() != "100.00 USD" {
		t.Errorf("open invoices after void: %+v (%v)", open, err)
	}
	if !strings.Contains(v.title.Text, "void") || !strings.Contains(v.body.Text, "VOID       2026-03-31: wrong customer") ||
		!strings.Contains(v.allocs.Text, "reversed 2026-03-31") || !v.void.Disabled() {
		t.Errorf("view after void: title %q, body %q, allocations %q, void enabled %v", v.title.Text, v.body.Text, v.allocs.Text, !v.void.Disabled())
	}

	// Back in the list, it is void.
	tapIn(t, v.box, "Payments")
	h.settle(t)
	if !s.list.Visible() {
		t.Fatal("Back did not show the list")
	}
	if r, ok := s.rows.row(0); !ok || r.ID != pay0.ID || rowStatus(r, flowDay) != "void" {
		t.Errorf("list row 0 = %+v", r)
	}
	if texts := shownIn(s.table); !containsText(texts, "void") {
		t.Errorf("payments list shows %q", texts)
	}
}

func TestDocumentKinds(t *testing.T) {
	m, h, st := openDemo(t, "invoices")
	ctx := context.Background()
	// The small demo writes nothing off: write off an open invoice.
	open, err := st.FindDocuments(ctx, ledger.DocumentFilter{Kind: ledger.KindInvoice, Open: true, Limit: 1})
	if err != nil || len(open) == 0 {
		t.Fatalf("no open invoice: %v", err)
	}
	if _, err := st.WriteOff(ctx, open[0].Number, flowDay, open[0].Open, "customer gone"); err != nil {
		t.Fatal(err)
	}
	s := m.invoices()
	h.settle(t)
	for _, k := range []struct {
		label, one, many string
		kind             ledger.Kind
	}{
		{"Payments", "payment", "payments", ledger.KindPayment},
		{"Credit notes", "credit note", "credit notes", ledger.KindCreditNote},
		{"Write-offs", "write-off", "write-offs", ledger.KindWriteOff},
		{"Invoices", "invoice", "invoices", ledger.KindInvoice},
	} {
		t.Run(k.label, func(t *testing.T) {
			n, err := st.CountDocuments(ctx, ledger.DocumentFilter{Kind: k.kind})
			if err != nil || n == 0 {
				t.Fatalf("the ledger has no %s (%v)", k.many, err)
			}
			first, err := st.FindDocuments(ctx, ledger.DocumentFilter{Kind: k.kind, Desc: true, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			s.kind.SetSelected(k.label)
			h.settle(t)
			want := group(n) + " " + k.many
			if n == 1 {
				want = "1 " + k.one
			}
			if got := s.count.Text; got != want {
				t.Errorf("count = %q, want %q", got, want)
			}
			if r, ok := s.rows.row(0); !ok || r.ID != first[0].ID || r.Kind != k.kind {
				t.Errorf("row 0 = %+v, want %s", r, first[0].Number)
			}
			if texts := shownIn(s.table); !containsText(texts, first[0].Number) {
				t.Errorf("list shows %q, not %s", texts, first[0].Number)
			}
			if k.kind == ledger.KindInvoice {
				return
			}
			s.table.Select(widget.TableCellID{Row: 0, Col: 0})
			h.settle(t)
			if !s.doc.box.Visible() || !strings.Contains(s.doc.title.Text, first[0].Number) ||
				!strings.Contains(s.doc.body.Text, first[0].Total.String()) || s.doc.backBtn.Text != k.label {
				t.Errorf("view of %s: shown %v, title %q, body %q, back %q", first[0].Number, s.doc.box.Visible(), s.doc.title.Text, s.doc.body.Text, s.doc.backBtn.Text)
			}
			if pdf := s.doc.savePDF.Visible(); pdf != (k.kind == ledger.KindCreditNote) {
				t.Errorf("view of a %s offers a PDF: %v", k.one, pdf)
			}
			if k.kind == ledger.KindCreditNote {
				// The credit note prints: its PDF names it and the
				// invoice it credits.
				path := filepath.Join(t.TempDir(), "cn.pdf")
				s.doc.writePDF(path)
				h.settle(t)
				if text := pdfText(t, path); !strings.Contains(text, "Credit note") || !strings.Contains(text, first[0].Number) ||
					!strings.Contains(s.doc.pdfNote.Text, "Saved "+path) {
					t.Errorf("credit note PDF (%q) reads %q", s.doc.pdfNote.Text, text)
				}
			}
			if k.kind == ledger.KindWriteOff && (!strings.Contains(s.doc.allocs.Text, open[0].Number) || !strings.Contains(s.doc.body.Text, "customer gone")) {
				t.Errorf("write-off view: body %q, allocations %q, want %s", s.doc.body.Text, s.doc.allocs.Text, open[0].Number)
			}
			tapIn(t, s.doc.box, k.label)
			h.settle(t)
		})
	}
	if slices.Contains(listKindNamed("Write-offs").statuses, showUnapplied) {
		t.Error("write-offs, always applied, offer an Unapplied filter")
	}
}

// The invoice view voids through the same dialog.
func TestInvoiceVoidDialog(t *testing.T) {
	m, h, st := openDemo(t, "invoices")
	s, row := openInvoice(t, m, h, st)
	tapIn(t, s.view.box, "Void…")
	typeIn(t, m, "issued twice")
	tapIn(t, topDialog(t, m), "Void invoice")
	h.settle(t)
	d, err := st.DocumentByID(context.Background(), row.ID)
	if err != nil || d.Status != ledger.StatusVoid || d.VoidReason != "issued twice" {
		t.Errorf("invoice after void: %s %q (%v)", d.Status, d.VoidReason, err)
	}
	if !strings.Contains(s.view.title.Text, "void") || !s.view.void.Disabled() {
		t.Errorf("view after void: title %q, void enabled %v", s.view.title.Text, !s.view.void.Disabled())
	}
}
