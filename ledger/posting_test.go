package ledger

import (
	"context"
	"reflect"
	"testing"
)

// postingsOf returns the postings of a document's entries of one kind,
// account → amount (debit positive).
func postingsOf(t *testing.T, s *Store, docID int64, kind string) map[Account]int64 {
	t.Helper()
	es, err := s.Entries(context.Background(), docID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[Account]int64{}
	for _, e := range es {
		if e.Kind == kind {
			for _, p := range e.Postings {
				got[p.Account] += p.Amount
			}
		}
	}
	return got
}

func TestPostingRules(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "USD")
	mustCustomer(t, s, "EMPTY", "USD")

	// Invoice: 2 × 100.00 at 20% + 1 × 50.00 at 0% → net 250.00, tax 40.00.
	inv := mustInvoice(t, s, "ACME", "2026-01-10", line(2, 10000, 20), line(1, 5000, 0))
	inv2 := mustInvoice(t, s, "ACME", "2026-01-20", line(1, 10000, 0))
	pay, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "ACME", Date: day("2026-02-01"), Amount: usd("300.00")})
	if err != nil {
		t.Fatal(err)
	}
	cn, err := s.IssueCreditNote(ctx, CreditNoteInput{CustomerCode: "ACME", Date: day("2026-02-05"), Lines: []Line{line(1, 1000, 20)}})
	if err != nil {
		t.Fatal(err)
	}
	cnEmpty, err := s.IssueCreditNote(ctx, CreditNoteInput{CustomerCode: "EMPTY", Date: day("2026-02-05"), Lines: []Line{line(1, 1000, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	inv3 := mustInvoice(t, s, "ACME", "2026-02-10", line(1, 4000, 0))
	wo, err := s.WriteOff(ctx, inv3.Number, day("2026-03-01"), usd("15.00"), "customer insolvent")
	if err != nil {
		t.Fatal(err)
	}
	// 300 paid: 290 to inv, 10 to inv2; credit note 12.00 to inv2.
	tests := []struct {
		name  string
		docID int64
		kind  string
		want  map[Account]int64
	}{
		{"InvoiceIssued", inv.ID, "issue", map[Account]int64{AccReceivable: 29000, AccSales: -25000, AccTaxPayable: -4000}},
		{"PaymentOldestFirst", pay.ID, "payment", map[Account]int64{AccBank: 30000, AccReceivable: -30000}},
		{"CreditNoteApplied", cn.ID, "issue", map[Account]int64{AccSales: 1000, AccTaxPayable: 200, AccReceivable: -1200}},
		{"CreditNoteNothingOpen", cnEmpty.ID, "issue", map[Account]int64{AccSales: 1000, AccCredits: -1000}},
		{"WriteOff", wo.ID, "write_off", map[Account]int64{AccBadDebts: 1500, AccReceivable: -1500}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := postingsOf(t, s, tt.docID, tt.kind); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("postings = %v, want %v", got, tt.want)
			}
		})
	}
	inv2, _ = s.Document(ctx, inv2.Number)
	if inv2.Open.Minor != 10000-1000-1200 {
		t.Fatalf("inv2 open %v", inv2.Open)
	}
	mustCheck(t, s)

	t.Run("PaymentWithUnapplied", func(t *testing.T) {
		p, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "ACME", Date: day("2026-03-02"), Amount: usd("100.00"),
			Apply: []AllocationInput{{InvoiceNumber: inv2.Number, Amount: usd("78.00")}}})
		if err != nil {
			t.Fatal(err)
		}
		want := map[Account]int64{AccBank: 10000, AccReceivable: -7800, AccCredits: -2200}
		if got := postingsOf(t, s, p.ID, "payment"); !reflect.DeepEqual(got, want) {
			t.Fatalf("postings = %v, want %v", got, want)
		}
		// Credit applied later: Dr 2100, Cr 1100.
		amt, err := s.ApplyCredit(ctx, p.Number, day("2026-03-03"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if amt.Minor != 2200 {
			t.Fatalf("applied %v", amt)
		}
		want = map[Account]int64{AccCredits: 2200, AccReceivable: -2200}
		if got := postingsOf(t, s, p.ID, "apply"); !reflect.DeepEqual(got, want) {
			t.Fatalf("apply postings = %v, want %v", got, want)
		}
		mustCheck(t, s)
	})
	t.Run("VoidInvoiceReleasesPayments", func(t *testing.T) {
		// inv is fully paid by pay (290.00). Voiding it reverses the sale
		// and turns the 290.00 into unapplied credit.
		if err := s.Void(ctx, inv.Number, day("2026-03-05"), "wrong customer"); err != nil {
			t.Fatal(err)
		}
		want := map[Account]int64{AccSales: 25000, AccTaxPayable: 4000, AccCredits: -29000}
		if got := postingsOf(t, s, inv.ID, "void"); !reflect.DeepEqual(got, want) {
			t.Fatalf("void postings = %v, want %v", got, want)
		}
		p, _ := s.Document(ctx, pay.Number)
		if p.Open.Minor != 29000 {
			t.Fatalf("payment open after void = %v", p.Open)
		}
		mustCheck(t, s)
	})
	t.Run("VoidPaymentReopens", func(t *testing.T) {
		if err := s.Void(ctx, pay.Number, day("2026-03-06"), "cheque bounced"); err != nil {
			t.Fatal(err)
		}
		// 10.00 was still applied to inv2; 290.00 was unapplied.
		want := map[Account]int64{AccBank: -30000, AccReceivable: 1000, AccCredits: 29000}
		if got := postingsOf(t, s, pay.ID, "void"); !reflect.DeepEqual(got, want) {
			t.Fatalf("void postings = %v, want %v", got, want)
		}
		mustCheck(t, s)
	})
	t.Run("VoidWriteOff", func(t *testing.T) {
		if err := s.Void(ctx, wo.Number, day("2026-03-07"), "customer paid after all"); err != nil {
			t.Fatal(err)
		}
		want := map[Account]int64{AccBadDebts: -1500, AccReceivable: 1500}
		if got := postingsOf(t, s, wo.ID, "void"); !reflect.DeepEqual(got, want) {
			t.Fatalf("void postings = %v, want %v", got, want)
		}
		d, _ := s.Document(ctx, inv3.Number)
		// 40.00 − 15.00 written off − 22.00 of credit applied oldest-first
		// on 2026-03-03, then the 15.00 back: 18.00.
		if d.Open.Minor != 1800 {
			t.Fatalf("invoice open after write-off void = %v", d.Open)
		}
		mustCheck(t, s)
	})
}

func TestPostingErrors(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "A", "USD")
	mustCustomer(t, s, "B", "USD")
	mustCustomer(t, s, "E", "EUR")
	inv := mustInvoice(t, s, "A", "2026-01-10", line(1, 10000, 0))
	tests := []struct {
		name string
		code string
		run  func() error
	}{
		{"ErrOverAllocation", EINVALID, func() error {
			_, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "A", Date: day("2026-02-01"), Amount: usd("200.00"),
				Apply: []AllocationInput{{InvoiceNumber: inv.Number, Amount: usd("150.00")}}})
			return err
		}},
		{"ErrAllocationsExceedPayment", EINVALID, func() error {
			_, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "A", Date: day("2026-02-01"), Amount: usd("10.00"),
				Apply: []AllocationInput{{InvoiceNumber: inv.Number, Amount: usd("50.00")}}})
			return err
		}},
		{"ErrOtherCustomersInvoice", EINVALID, func() error {
			_, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "B", Date: day("2026-02-01"), Amount: usd("10.00"),
				Apply: []AllocationInput{{InvoiceNumber: inv.Number, Amount: usd("10.00")}}})
			return err
		}},
		{"ErrCurrency", EINVALID, func() error {
			_, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "E", Date: day("2026-02-01"), Amount: usd("10.00")})
			return err
		}},
		{"ErrPaymentBeforeInvoice", EINVALID, func() error {
			_, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "A", Date: day("2026-01-01"), Amount: usd("10.00"),
				Apply: []AllocationInput{{InvoiceNumber: inv.Number, Amount: usd("10.00")}}})
			return err
		}},
		{"ErrZeroPayment", EINVALID, func() error {
			_, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "A", Date: day("2026-02-01"), Amount: usd("0")})
			return err
		}},
		{"ErrDuplicateNumber", ECONFLICT, func() error {
			_, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "A", Number: inv.Number, Date: day("2026-01-10"), Lines: []Line{line(1, 1, 0)}})
			return err
		}},
		{"ErrUnknownCustomer", ENOTFOUND, func() error {
			_, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "NOPE", Date: day("2026-01-10"), Lines: []Line{line(1, 1, 0)}})
			return err
		}},
		{"ErrDueBeforeIssue", EINVALID, func() error {
			_, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "A", Date: day("2026-01-10"), DueDate: day("2026-01-01"), Lines: []Line{line(1, 1, 0)}})
			return err
		}},
		{"ErrVoidBeforeDate", EINVALID, func() error { return s.Void(ctx, inv.Number, day("2025-12-31"), "x") }},
		{"ErrVoidNoReason", EINVALID, func() error { return s.Void(ctx, inv.Number, day("2026-02-01"), " ") }},
		{"ErrWriteOffTooMuch", EINVALID, func() error {
			_, err := s.WriteOff(ctx, inv.Number, day("2026-02-01"), usd("100.01"), "x")
			return err
		}},
		{"ErrDuplicateCustomer", ECONFLICT, func() error {
			_, err := s.CreateCustomer(ctx, Customer{Code: "A", Name: "Again", Currency: "USD"})
			return err
		}},
	}
	before := mustCheck(t, s)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if err == nil {
				t.Fatal("no error")
			}
			if got := ErrorCode(err); got != tt.code {
				t.Fatalf("code %q (%v), want %q", got, err, tt.code)
			}
			after := mustCheck(t, s)
			if after.Entries != before.Entries || after.Documents != before.Documents {
				t.Fatalf("a refused operation changed the ledger: %d/%d entries, %d/%d documents", before.Entries, after.Entries, before.Documents, after.Documents)
			}
		})
	}
	t.Run("VoidTwice", func(t *testing.T) {
		if err := s.Void(ctx, inv.Number, day("2026-02-01"), "typo"); err != nil {
			t.Fatal(err)
		}
		if err := s.Void(ctx, inv.Number, day("2026-02-01"), "typo"); ErrorCode(err) != ECONFLICT {
			t.Fatalf("second void: %v", err)
		}
	})
}

func TestImmutableInFile(t *testing.T) {
	// Even SQL typed by hand cannot edit or delete what was posted.
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "A", "USD")
	inv := mustInvoice(t, s, "A", "2026-01-10", line(1, 10000, 0))
	for _, q := range []string{
		`UPDATE documents SET total = 1 WHERE id = ?`,
		`DELETE FROM documents WHERE id = ?`,
		`UPDATE postings SET amount = 0 WHERE entry_id IN (SELECT id FROM journal_entries WHERE document_id = ?)`,
		`DELETE FROM journal_entries WHERE document_id = ?`,
		`DELETE FROM document_lines WHERE document_id = ?`,
	} {
		if _, err := s.w.ExecContext(ctx, q, inv.ID); err == nil {
			t.Errorf("%s: allowed", q)
		}
	}
	mustCheck(t, s)
}

func TestDraftLifecycle(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "A", "USD")
	id, err := s.SaveDraft(ctx, 0, InvoiceInput{CustomerCode: "A", Date: day("2026-01-10"), Lines: []Line{line(1, 500, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveDraft(ctx, id, InvoiceInput{CustomerCode: "A", Date: day("2026-01-11"), Lines: []Line{line(3, 500, 10)}}); err != nil {
		t.Fatal(err)
	}
	rep := mustCheck(t, s)
	if rep.Entries != 0 {
		t.Fatal("a draft posted something")
	}
	d, err := s.IssueDraft(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Number != "INV-000001" || d.Total.Minor != 1650 || d.Open.Minor != 1650 || d.DueDate != day("2026-02-10") {
		t.Fatalf("issued draft %+v", d)
	}
	if _, err := s.SaveDraft(ctx, id, InvoiceInput{CustomerCode: "A", Lines: []Line{line(1, 1, 0)}}); ErrorCode(err) != ECONFLICT {
		t.Fatalf("editing an issued invoice: %v", err)
	}
	// Gap-free: a failed issue gives its number back.
	if _, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "A", Date: day("2026-01-12")}); err == nil {
		t.Fatal("an invoice with no lines was issued")
	}
	d2 := mustInvoice(t, s, "A", "2026-01-12", line(1, 1, 0))
	if d2.Number != "INV-000002" {
		t.Fatalf("next number %s", d2.Number)
	}
	mustCheck(t, s)
}
