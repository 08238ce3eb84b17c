package ledger

import (
	"context"
	"slices"
	"strings"
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

// Search ignores case in every script, not only ASCII: the customers'
// list, its count, the picker's suggestions and the document search find
// "Nguyễn" by "NGUYỄN" and "Łódź" by "łÓdŹ".
func TestSearchFoldsEveryScript(t *testing.T) {
	st := newTestStore(t)
	ctx := context.Background()
	for _, c := range []Customer{
		{Code: "NGUYEN", Name: "Thương mại Nguyễn Đức", Currency: "EUR", Email: "KẾ.TOÁN@nguyen.example"},
		{Code: "LODZ", Name: "Müller Łódź Sp. z o.o.", Currency: "PLN"},
		{Code: "ΑΘΗΝΑ", Name: "Αθήνα Εμπορική", Currency: "EUR"},
	} {
		if _, err := st.CreateCustomer(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	mustInvoice(t, st, "LODZ", "2026-03-02", line(1, 100, 0))
	for q, want := range map[string]string{"NGUYỄN ĐỨC": "NGUYEN", "łÓdŹ": "LODZ", "αθήνα": "ΑΘΗΝΑ", "kế.toán": "NGUYEN"} {
		refs, err := st.SuggestCustomers(ctx, q, 10)
		if err != nil || len(refs) != 1 || refs[0].Code != want {
			t.Errorf("suggest %q: %+v (%v), want %s", q, refs, err, want)
		}
	}
	if n, err := st.CountCustomers(ctx, "ŁÓDŹ"); err != nil || n != 1 {
		t.Errorf("count ŁÓDŹ: %d (%v)", n, err)
	}
	rows, err := st.FindDocuments(ctx, DocumentFilter{Contains: "ŁÓDŹ"})
	if err != nil || len(rows) != 1 || rows[0].CustomerCode != "LODZ" {
		t.Errorf("documents of ŁÓDŹ: %+v (%v)", rows, err)
	}
}

// The customers CSV takes language and discount_terms columns: a known
// language is kept in lower case, an unknown one is named by line and
// column and nothing is imported.
func TestImportCustomersLanguage(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.ImportCustomers(ctx, strings.NewReader("code,name,currency,language,discount_terms\nA1,Alpha,EUR,FR,2/10\nB1,Beta,EUR,,\n"), "c.csv", ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if a, err := s.CustomerByCode(ctx, "A1"); err != nil || a.Language != "fr" || a.Discount != (DiscountTerms{BP: 200, Days: 10}) {
		t.Fatalf("A1's language %q, discount %+v (%v)", a.Language, a.Discount, err)
	}
	res, err := s.ImportCustomers(ctx, strings.NewReader("code,name,currency,language\nC1,Gamma,EUR,fr\nD1,Delta,EUR,French\n"), "c2.csv", ImportOptions{})
	if err == nil || res == nil || len(res.Problems) != 1 || !strings.HasPrefix(res.Problems[0].String(), "c2.csv:3: column 4 (language):") {
		t.Fatalf("an unknown language: %v, %+v", err, res)
	}
	if _, err := s.CustomerByCode(ctx, "C1"); ErrorCode(err) != ENOTFOUND {
		t.Errorf("a refused file imported C1: %v", err)
	}
}

// A customer and their early-payment discount terms are written together:
// good terms are kept with the new customer, bad ones refuse the customer.
func TestCustomerWithDiscountTerms(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.CreateCustomer(ctx, Customer{Code: "D1", Name: "Delta", Currency: "EUR", Discount: DiscountTerms{BP: 250, Days: 14}}); err != nil {
		t.Fatal(err)
	}
	if c, err := s.CustomerByCode(ctx, "D1"); err != nil || c.Discount != (DiscountTerms{BP: 250, Days: 14}) {
		t.Fatalf("D1's terms %+v (%v)", c.Discount, err)
	}
	if _, err := s.CreateCustomer(ctx, Customer{Code: "D2", Name: "Echo", Currency: "EUR", Discount: DiscountTerms{BP: 10000, Days: 10}}); ErrorCode(err) != EINVALID {
		t.Errorf("a 100 %% discount: %v", err)
	}
	if _, err := s.CustomerByCode(ctx, "D2"); ErrorCode(err) != ENOTFOUND {
		t.Errorf("a refused customer was written: %v", err)
	}
}
