package ledger

import (
	"context"
	"slices"
	"testing"
)

func TestFindCustomers(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t) // today 2026-03-31
	for _, c := range []Customer{
		{Code: "C1", Name: "zeta", Currency: "USD", TermsDays: 30},
		{Code: "C2", Name: "Alpha", Currency: "USD", TermsDays: 30},
		{Code: "C3", Name: "mid", Currency: "USD", TermsDays: 30},
	} {
		if _, err := s.CreateCustomer(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	mustInvoice(t, s, "C1", "2026-01-01", line(1, 50000, 0)) // oldest due 01-31
	mustInvoice(t, s, "C3", "2026-03-01", line(1, 10000, 0)) // due 03-31
	codes := func(f CustomerListFilter) []string {
		t.Helper()
		rows, err := s.FindCustomers(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rows {
			out = append(out, r.Code)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    CustomerListFilter
		want []string
	}{
		{"OK", CustomerListFilter{}, []string{"C2", "C3", "C1"}},
		{"NameDesc", CustomerListFilter{Desc: true}, []string{"C1", "C3", "C2"}},
		{"Code", CustomerListFilter{Sort: CustomerByCode}, []string{"C1", "C2", "C3"}},
		{"BalanceDesc", CustomerListFilter{Sort: CustomerByBalance, Desc: true}, []string{"C1", "C3", "C2"}},
		{"OldestDue", CustomerListFilter{Sort: CustomerByOldestDue}, []string{"C1", "C3", "C2"}},
		{"OldestDueDesc", CustomerListFilter{Sort: CustomerByOldestDue, Desc: true}, []string{"C3", "C1", "C2"}},
		{"Search", CustomerListFilter{Search: "ALP"}, []string{"C2"}},
		{"Paged", CustomerListFilter{Offset: 1, Limit: 1}, []string{"C3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := codes(tc.f); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	if _, err := s.FindCustomers(ctx, CustomerListFilter{Sort: "shoe size"}); ErrorCode(err) != EINVALID {
		t.Errorf("bad sort: err = %v", err)
	}
}

func BenchmarkFindCustomers(b *testing.B) {
	s := benchStore(b)
	for _, bc := range []struct {
		name string
		f    CustomerListFilter
	}{
		{"Name", CustomerListFilter{Limit: 200}},
		{"Search", CustomerListFilter{Search: "ab", Limit: 200}},
		{"BalanceDesc", CustomerListFilter{Sort: CustomerByBalance, Desc: true, Limit: 200}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.FindCustomers(context.Background(), bc.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
