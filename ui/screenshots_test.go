package ui

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"paidup/ledger"
)

// TestScreenshots renders every screen on a demo ledger to PNG with Fyne's
// software renderer, into the folder PAIDUP_SCREENSHOTS names
// (scripts/screenshots.sh: docs/screens). Without it the test is skipped.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("PAIDUP_SCREENSHOTS")
	if dir == "" {
		t.Skip("set PAIDUP_SCREENSHOTS=DIR to render the screens to DIR/*.png")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	m, h, st := openDemoOf(t, "dashboard", 3000)
	ctx := context.Background()
	// PAIDUP_SCREEN_SIZE (WIDTHxHEIGHT, default 1280x820) and
	// PAIDUP_SCREEN_THEME (light or dark, default the system's) choose
	// the window; scripts/screenshots.sh renders the sizes and themes
	// the README shows.
	size := fyne.NewSize(1280, 820)
	if v := os.Getenv("PAIDUP_SCREEN_SIZE"); v != "" {
		var w, h float32
		if _, err := fmt.Sscanf(v, "%fx%f", &w, &h); err != nil {
			t.Fatalf("PAIDUP_SCREEN_SIZE=%q: want WIDTHxHEIGHT", v)
		}
		size = fyne.NewSize(w, h)
	}
	applyTheme(m.fa, os.Getenv("PAIDUP_SCREEN_THEME"))
	m.win.Resize(size)
	h.settle(t)

	shot := func(name string) {
		t.Helper()
		h.settle(t)
		relayout(m.win.Content())
		for _, o := range m.win.Canvas().Overlays().List() {
			relayout(o)
		}
		img := m.win.Canvas().Capture()
		f, err := os.Create(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s.png", name)
	}
	for _, s := range screens {
		m.show(s.id)
		shot(s.id)
	}

	m.show("customers")
	h.settle(t)
	rows, err := st.FindCustomers(ctx, ledger.CustomerListFilter{Sort: ledger.CustomerByBalance, Desc: true, Limit: 1})
	if err != nil || len(rows) == 0 {
		t.Fatalf("no customer to show: %v", err)
	}
	m.customers.openCustomer(rows[0].Code)
	shot("customer-detail")
	showCustomerForm(m.app, m.customers.detail.l, nil, nil)
	shot("customer-new")
	m.win.Canvas().Overlays().Top().Hide()

	inv := m.invoices()
	inv.status.SetSelected(showOverdue)
	shot("invoices-overdue")
	inv.newDraft(rows[0].Code)
	h.settle(t)
	inv.editor.rows[0].desc.SetText("Brand identity workshop")
	inv.editor.rows[0].qty.SetText("2")
	inv.editor.rows[0].price.SetText("1200.00")
	inv.editor.rows[0].taxRate.SetText("19")
	inv.editor.addLine(ledger.Line{})
	inv.editor.rows[1].desc.SetText("Travel")
	inv.editor.rows[1].price.SetText("180.00")
	shot("invoice-draft")
	open, err := st.FindDocuments(ctx, ledger.DocumentFilter{Kind: ledger.KindInvoice, Customer: rows[0].Code, Open: true, Limit: 1})
	if err != nil || len(open) == 0 {
		t.Fatalf("no open invoice to show: %v", err)
	}
	inv.open(open[0].ID, open[0].Status)
	shot("invoice-view")

	rem := m.show("reminders").(*remindersScreen)
	rem.tabs.SelectIndex(3)
	shot("reminders-policy")
	rem.tabs.SelectIndex(0)

	pay := m.payments()
	pay.newPayment(rows[0].Code)
	h.settle(t)
	pay.amount.SetText(open[0].Open.Plain())
	shot("payment-allocation")
}

// relayout lays out o and everything under it, top down, as the desktop
// driver does each frame when a minimum size changed; the test canvas
// does not, so content filled in after the first layout would overlap.
func relayout(o fyne.CanvasObject) {
	if !o.Visible() {
		return
	}
	var children []fyne.CanvasObject
	switch c := o.(type) {
	case *fyne.Container:
		if c.Layout != nil {
			c.Layout.Layout(c.Objects, c.Size())
		}
		children = c.Objects
	case fyne.Widget:
		r := test.WidgetRenderer(c)
		r.Layout(c.Size())
		children = r.Objects()
	}
	for _, child := range children {
		relayout(child)
	}
}
