package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"paidup/ledger"
)

// The invoice list and the invoice's header say what happened to it:
// paid, partly paid, credited, written off (never "paid"), void; a
// write-off from the window is dated as the user says.
func TestStatusesSayWhatHappened(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "ACME", Name: "Acme", Currency: "USD", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	issue := func(date string) ledger.Document {
		t.Helper()
		d, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "ACME", Date: mustDate(t, date),
			Lines: []ledger.Line{{Description: "Design", Quantity: ledger.D4(1), UnitPrice: 10000}}})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	pay := func(inv ledger.Document, amount int64) {
		t.Helper()
		if _, err := st.RecordPayment(ctx, ledger.PaymentInput{CustomerCode: "ACME", Date: mustDate(t, "2026-03-20"),
			Amount: ledger.NewMoney(amount, "USD"), Apply: []ledger.AllocationInput{{InvoiceNumber: inv.Number, Amount: ledger.NewMoney(amount, "USD")}}}); err != nil {
			t.Fatal(err)
		}
	}
	paid, part, credited, writtenOff, void, overduePart := issue("2026-03-01"), issue("2026-03-15"), issue("2026-03-02"),
		issue("2026-01-10"), issue("2026-03-03"), issue("2026-01-05")
	pay(paid, 10000)
	pay(part, 4000)
	pay(overduePart, 2500)
	if _, err := st.IssueCreditNote(ctx, ledger.CreditNoteInput{CustomerCode: "ACME", Date: mustDate(t, "2026-03-21"),
		Lines: []ledger.Line{{Description: "Refund", Quantity: ledger.D4(1), UnitPrice: 10000}},
		Apply: []ledger.AllocationInput{{InvoiceNumber: credited.Number, Amount: ledger.NewMoney(10000, "USD")}}}); err != nil {
		t.Fatal(err)
	}
	if err := st.Void(ctx, void.Number, mustDate(t, "2026-03-25"), "typo"); err != nil {
		t.Fatal(err)
	}

	// Written off from the window, dated the day typed.
	inv := m.invoices()
	h.settle(t)
	inv.open(writtenOff.ID, ledger.StatusIssued)
	h.settle(t)
	test.Tap(inv.view.writeOff)
	w := inv.view.writeOffForm
	w.reason.SetText("customer gone")
	w.date.SetText("2025-12-31")
	test.Tap(w.ok)
	h.settle(t)
	if !w.problem.Visible() {
		t.Error("a write-off dated before its invoice was not refused in the form")
	}
	w.date.SetText("2026-03-28")
	test.Tap(w.ok)
	h.settle(t)
	if w.problem.Visible() {
		t.Fatalf("write-off refused: %s", w.problem.Text)
	}
	wos, err := st.FindDocuments(ctx, ledger.DocumentFilter{Kind: ledger.KindWriteOff})
	if err != nil || len(wos) != 1 || !wos[0].Date.Equal(mustDate(t, "2026-03-28")) {
		t.Fatalf("write-offs %+v (%v), want one dated 2026-03-28", wos, err)
	}
	if !strings.Contains(inv.view.title.Text, "(written off)") {
		t.Errorf("the written-off invoice's header is %q", inv.view.title.Text)
	}

	inv.showList()
	h.settle(t)
	want := map[string]string{paid.Number: "paid", part.Number: "part paid", credited.Number: "credited",
		writtenOff.Number: "written off", void.Number: "void", overduePart.Number: "overdue, part paid"}
	for i := range len(want) {
		r, ok := inv.rows.row(i)
		if !ok {
			t.Fatalf("row %d not loaded", i)
		}
		if got := rowStatus(r, flowDay); got != want[r.Number] {
			t.Errorf("%s is %q in the list, want %q", r.Number, got, want[r.Number])
		}
	}
	inv.open(credited.ID, ledger.StatusIssued)
	h.settle(t)
	if !strings.Contains(inv.view.title.Text, "(credited)") {
		t.Errorf("the credited invoice's header is %q", inv.view.title.Text)
	}
}

func TestStateWords(t *testing.T) {
	usd := func(n int64) ledger.Money { return ledger.NewMoney(n, "USD") }
	today := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	due := today.AddDate(0, 0, -1)
	for _, tc := range []struct {
		open int64
		by   ledger.Settled
		want string
	}{
		{0, ledger.Settled{WrittenOff: true}, "written off"},
		{0, ledger.Settled{Paid: true, WrittenOff: true}, "partly paid, written off"},
		{0, ledger.Settled{Credited: true}, "credited"},
		{0, ledger.Settled{Paid: true, Credited: true}, "paid"},
		{100, ledger.Settled{}, "overdue"},
		{50, ledger.Settled{Credited: true}, "overdue, partly credited"},
		{50, ledger.Settled{WrittenOff: true}, "overdue, partly written off"},
	} {
		if got := ledger.State(ledger.KindInvoice, ledger.StatusIssued, usd(100), usd(tc.open), due, tc.by, today); got != tc.want {
			t.Errorf("open %d, %+v: %q, want %q", tc.open, tc.by, got, tc.want)
		}
	}
}
