package ledger

import (
	"context"
	"reflect"
	"slices"
	"testing"
)

// listNumbers returns the numbers FindDocuments lists for f ("draft" for drafts),
// checking that CountDocuments agrees with an unpaged list.
func listNumbers(t *testing.T, s *Store, f DocumentFilter) []string {
	t.Helper()
	ctx := context.Background()
	rows, err := s.FindDocuments(ctx, f)
	if err != nil {
		t.Fatalf("find %+v: %v", f, err)
	}
	var got []string
	for _, r := range rows {
		n := r.Number
		if r.Status == StatusDraft {
			n = "draft"
		}
		got = append(got, n)
	}
	if f.Offset == 0 && f.Limit == 0 {
		n, err := s.CountDocuments(ctx, f)
		if err != nil {
			t.Fatalf("count %+v: %v", f, err)
		}
		if n != len(rows) {
			t.Errorf("count %+v = %d, list has %d", f, n, len(rows))
		}
	}
	return got
}

func TestFindDocuments(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t) // today is 2026-03-31
	mustCustomer(t, s, "ACME", "USD")
	mustCustomer(t, s, "BETA", "USD")
	mustInvoice(t, s, "ACME", "2026-01-05", line(1, 10000, 0)) // INV-000001 due 02-04, paid
	mustInvoice(t, s, "ACME", "2026-02-10", line(1, 20000, 0)) // INV-000002 due 03-12, overdue
	mustInvoice(t, s, "BETA", "2026-03-20", line(1, 30000, 0)) // INV-000003 due 04-19, current
	mustInvoice(t, s, "BETA", "2026-03-25", line(1, 5000, 0))  // INV-000004, voided
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "ACME", Date: day("2026-02-01"), Amount: usd("100.00")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Void(ctx, "INV-000004", day("2026-03-26"), "duplicate"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveDraft(ctx, 0, InvoiceInput{CustomerCode: "BETA", Lines: []Line{line(2, 1000, 0)}}); err != nil {
		t.Fatal(err)
	}
	// INV-000002 and -000003 disputed; the dispute on -000003 resolved.
	for _, n := range []string{"INV-000002", "INV-000003"} {
		if _, err := s.OpenDispute(ctx, n, "wrong quantity"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.ResolveDispute(ctx, "INV-000003", "credit note agreed"); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		f    DocumentFilter
		want []string
	}{
		{"OK", DocumentFilter{Kind: KindInvoice}, []string{"INV-000001", "INV-000002", "INV-000003", "INV-000004", "draft"}},
		{"AllKinds", DocumentFilter{}, []string{"INV-000001", "PAY-000001", "INV-000002", "INV-000003", "INV-000004", "draft"}},
		{"Desc", DocumentFilter{Kind: KindInvoice, Desc: true}, []string{"draft", "INV-000004", "INV-000003", "INV-000002", "INV-000001"}},
		{"Customer", DocumentFilter{Kind: KindInvoice, Customer: "ACME"}, []string{"INV-000001", "INV-000002"}},
		{"Open", DocumentFilter{Kind: KindInvoice, Open: true}, []string{"INV-000002", "INV-000003"}},
		{"Overdue", DocumentFilter{Overdue: true}, []string{"INV-000002"}},
		{"OverdueOtherDay", DocumentFilter{Overdue: true, Today: day("2026-05-01")}, []string{"INV-000002", "INV-000003"}},
		{"Draft", DocumentFilter{Kind: KindInvoice, Status: StatusDraft}, []string{"draft"}},
		{"DraftOfCustomer", DocumentFilter{Status: StatusDraft, Customer: "ACME"}, nil},
		{"Void", DocumentFilter{Kind: KindInvoice, Status: StatusVoid}, []string{"INV-000004"}},
		{"DateRange", DocumentFilter{Kind: KindInvoice, From: day("2026-02-01"), To: day("2026-03-20")}, []string{"INV-000002", "INV-000003"}},
		{"Disputed", DocumentFilter{Kind: KindInvoice, Disputed: true}, []string{"INV-000002"}},
		{"DisputedOfCustomer", DocumentFilter{Disputed: true, Customer: "BETA"}, nil},
		{"Search", DocumentFilter{Search: "inv-000003"}, []string{"INV-000003"}},
		{"SearchPrefix", DocumentFilter{Search: "PAY"}, []string{"PAY-000001"}},
		{"SortTotal", DocumentFilter{Kind: KindInvoice, Status: StatusIssued, Sort: SortTotal, Desc: true}, []string{"INV-000003", "INV-000002", "INV-000001"}},
		{"SortOpen", DocumentFilter{Kind: KindInvoice, Status: StatusIssued, Sort: SortOpen}, []string{"INV-000001", "INV-000002", "INV-000003"}},
		{"SortCustomer", DocumentFilter{Kind: KindInvoice, Status: StatusIssued, Sort: SortCustomer, Desc: true}, []string{"INV-000003", "INV-000002", "INV-000001"}},
		{"SortDue", DocumentFilter{Kind: KindInvoice, Open: true, Sort: SortDue, Desc: true}, []string{"INV-000003", "INV-000002"}},
		{"SortNumber", DocumentFilter{Kind: KindInvoice, Status: StatusIssued, Sort: SortNumber}, []string{"INV-000001", "INV-000002", "INV-000003"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := listNumbers(t, s, tc.f); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}

	t.Run("Paged", func(t *testing.T) {
		got := listNumbers(t, s, DocumentFilter{Kind: KindInvoice, Offset: 1, Limit: 2})
		if want := []string{"INV-000002", "INV-000003"}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})

	t.Run("RowFields", func(t *testing.T) {
		rows, err := s.FindDocuments(ctx, DocumentFilter{Search: "INV-000002"})
		if err != nil || len(rows) != 1 {
			t.Fatalf("rows %v, err %v", rows, err)
		}
		r := rows[0]
		if r.CustomerCode != "ACME" || r.Total != usd("200.00") || r.Open != usd("200.00") || fmtDate(r.DueDate) != "2026-03-12" {
			t.Errorf("row = %+v", r)
		}
		if !r.Overdue(s.Now()) {
			t.Error("INV-000002 is not overdue")
		}
	})

	for _, tc := range []struct {
		name string
		f    DocumentFilter
		code string
	}{
		{"ErrUnknownCustomer", DocumentFilter{Customer: "NOPE"}, ENOTFOUND},
		{"ErrSort", DocumentFilter{Sort: "colour"}, EINVALID},
		{"ErrLimit", DocumentFilter{Limit: 5000}, EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.FindDocuments(ctx, tc.f)
			if ErrorCode(err) != tc.code {
				t.Errorf("err = %v, want code %s", err, tc.code)
			}
		})
	}
}

func TestPreviewInvoice(t *testing.T) {
	p, err := PreviewInvoice("USD", []Line{line(3, 1999, 20), line(1, 1001, 20), {Description: "Books", Quantity: D4(1), UnitPrice: 1000, TaxRate: 0}})
	if err != nil {
		t.Fatal(err)
	}
	// 59.97 + 10.01 = 69.98 at 20% → 14.00 (13.996 rounded once, not per line)
	if p.Net != usd("79.98") || p.Tax != usd("14.00") || p.Total != usd("93.98") || p.Lines[0].Net != 5997 {
		t.Errorf("preview = %+v", p)
	}
	if _, err := PreviewInvoice("USD", []Line{{Quantity: 0, UnitPrice: 1}}); ErrorCode(err) != EINVALID {
		t.Errorf("zero quantity: err = %v", err)
	}
	if _, err := PreviewInvoice("XXY", nil); ErrorCode(err) != EINVALID {
		t.Errorf("bad currency: err = %v", err)
	}
}

func BenchmarkFindDocuments(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	today := benchAsOf(b, s)
	var code string
	if err := s.r.QueryRow(`SELECT code FROM customers ORDER BY id LIMIT 1`).Scan(&code); err != nil {
		b.Fatal(err)
	}
	invoices, err := s.CountDocuments(ctx, DocumentFilter{Kind: KindInvoice})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		f    DocumentFilter
	}{
		{"FirstPage", DocumentFilter{Kind: KindInvoice, Limit: 200}},
		{"LastPage", DocumentFilter{Kind: KindInvoice, Offset: invoices - 200, Limit: 200, Total: invoices}},
		{"MiddlePage", DocumentFilter{Kind: KindInvoice, Offset: invoices / 2, Limit: 200, Total: invoices}},
		{"LatestFirst", DocumentFilter{Kind: KindInvoice, Desc: true, Limit: 200}},
		{"Page1000", DocumentFilter{Kind: KindInvoice, Offset: 200_000, Limit: 200}},
		{"Overdue", DocumentFilter{Overdue: true, Today: today, Limit: 200}},
		{"Customer", DocumentFilter{Kind: KindInvoice, Customer: code, Desc: true, Limit: 200}},
		{"Drafts", DocumentFilter{Kind: KindInvoice, Status: StatusDraft, Limit: 200}},
		{"Search", DocumentFilter{Search: "inv-00012", Limit: 200}},
		// Any part of number, reference or customer: no index answers it.
		{"ContainsName", DocumentFilter{Kind: KindInvoice, Contains: "maple", Desc: true, Limit: 100}},
		{"ContainsNumber", DocumentFilter{Kind: KindInvoice, Contains: "00123", Desc: true, Limit: 100}},
		{"ContainsNothing", DocumentFilter{Kind: KindInvoice, Contains: "zqzq", Desc: true, Limit: 100}},
		{"DateRange", DocumentFilter{Kind: KindInvoice, From: today.AddDate(0, -1, 0), To: today, Limit: 200}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.FindDocuments(ctx, bc.f); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(bc.name+"Count", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.CountDocuments(ctx, bc.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSuggestCustomers(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	for _, q := range []string{"maple", "c0001", "zqzq"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.SuggestCustomers(ctx, q, 8); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestProposeAllocation(t *testing.T) {
	open := []DocumentRow{
		{Number: "A", Open: usd("100.00")},
		{Number: "B", Open: usd("50.00")},
		{Number: "C", Open: usd("70.00")},
	}
	apply, rest := ProposeAllocation(open, usd("120.00"))
	if len(apply) != 2 || apply[0].Amount != usd("100.00") || apply[1].InvoiceNumber != "B" || apply[1].Amount != usd("20.00") || !rest.IsZero() {
		t.Errorf("apply %+v rest %v", apply, rest)
	}
	apply, rest = ProposeAllocation(open, usd("300.00"))
	if len(apply) != 3 || rest != usd("80.00") {
		t.Errorf("overpaid: apply %+v rest %v", apply, rest)
	}
}

// TestFindDocumentsFromTheFarEnd: a page past the middle read from the far
// end (Total given) is the page an OFFSET reads, for every order and with
// ties in the sort column, including the last, short page.
func TestFindDocumentsFromTheFarEnd(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	fillDemo(t, s, 0, 1500, 5, "2026-03-31")
	for _, sort := range []DocumentSort{SortDate, SortDue, SortNumber, SortCustomer, SortTotal, SortOpen} {
		for _, desc := range []bool{false, true} {
			for _, f := range []DocumentFilter{{Kind: KindInvoice}, {}, {Open: true}} {
				f.Sort, f.Desc = sort, desc
				total, err := s.CountDocuments(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, off := range []int{total / 2, total/2 + 1, total - 100, total - 37, total - 1} {
					f.Offset, f.Limit, f.Total = off, 50, 0
					want, err := s.FindDocuments(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					f.Total = total
					got, err := s.FindDocuments(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("sort %s desc %v %+v offset %d of %d: from the far end %d rows, by offset %d rows", sort, desc, f, off, total, len(got), len(want))
					}
				}
			}
		}
	}
}

// Contains finds a document by any part of its number or reference, or
// by its customer's code, name or email, in any case.
func TestFindDocumentsContains(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	for _, c := range []Customer{{Code: "BAUM", Name: "Baumann GmbH", Email: "ap@baumann.example", Currency: "EUR", TermsDays: 30},
		{Code: "ACME", Name: "Acme", Email: "billing@acme.example", Currency: "EUR", TermsDays: 30}} {
		if _, err := s.CreateCustomer(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	issue := func(code, ref string) string {
		d, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: code, Date: day("2026-03-01"), Reference: ref,
			Lines: []Line{{Description: "x", Quantity: D4(1), UnitPrice: 100}}})
		if err != nil {
			t.Fatal(err)
		}
		return d.Number
	}
	b1, a1, a2 := issue("BAUM", ""), issue("ACME", "PO 7781"), issue("ACME", "")
	for q, want := range map[string][]string{
		"baumann": {b1}, "BAUMANN.example": {b1}, "baum": {b1}, "7781": {a1}, "po 77": {a1},
		"000003": {a2}, "inv-00000": {b1, a1, a2}, "zz": nil, "100%": nil,
	} {
		rows, err := s.FindDocuments(ctx, DocumentFilter{Contains: q, Sort: SortNumber})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Number)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q finds %v, want %v", q, got, want)
		}
		if n, err := s.CountDocuments(ctx, DocumentFilter{Contains: q}); err != nil || n != len(want) {
			t.Errorf("%q counts %d (%v), want %d", q, n, err, len(want))
		}
	}
}
