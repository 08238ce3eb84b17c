package ledger

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestFindCustomersCollated: a list by name follows the locale's rules,
// page by page, on either database: Czech puts Ch after H and Ř after R;
// Swedish puts Å Ä Ö after Z, German Ä with A; Latin before Greek before
// Cyrillic; a Vietnamese name with its base letters; Chinese after all.
func TestFindCustomersCollated(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	names := []string{"Zápis s.r.o.", "Řeznictví Novák", "Rybářství", "Chata Hory", "Hora a syn", "Ärzte GmbH", "Apfel AG",
		"Öl & Gas", "Åkeri AB", "Ελληνική Εταιρεία", "Борис и Ко", "Nguyễn Đức", "Nguyen Anh", "北京科技有限公司", "Sklo"}
	for i, n := range names {
		if _, err := s.CreateCustomer(ctx, Customer{Code: fmt.Sprintf("C%02d", i), Name: n, Currency: "EUR", TermsDays: 30}); err != nil {
			t.Fatal(err)
		}
	}
	list := func(f CustomerListFilter) []string {
		t.Helper()
		var out []string
		// Pages of 4: the order holds across pages.
		for f.Offset = 0; ; f.Offset += 4 {
			f.Limit = 4
			rows, err := s.FindCustomers(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				out = append(out, r.Name)
			}
			if len(rows) < 4 {
				return out
			}
		}
	}
	before := func(got []string, a, b string) bool {
		return slices.Index(got, a) >= 0 && slices.Index(got, a) < slices.Index(got, b)
	}
	cs := list(CustomerListFilter{Locale: "cs-CZ"})
	if len(cs) != len(names) {
		t.Fatalf("cs: %d of %d customers: %q", len(cs), len(names), cs)
	}
	for _, p := range [][2]string{{"Hora a syn", "Chata Hory"}, {"Chata Hory", "Nguyen Anh"}, {"Rybářství", "Řeznictví Novák"},
		{"Řeznictví Novák", "Sklo"}, {"Sklo", "Zápis s.r.o."}, {"Zápis s.r.o.", "Ελληνική Εταιρεία"}, {"Ελληνική Εταιρεία", "Борис и Ко"},
		{"Nguyen Anh", "Nguyễn Đức"}} {
		if !before(cs, p[0], p[1]) {
			t.Errorf("cs: %s not before %s: %q", p[0], p[1], cs)
		}
	}
	sv := list(CustomerListFilter{Locale: "sv-SE"})
	for _, p := range [][2]string{{"Zápis s.r.o.", "Åkeri AB"}, {"Åkeri AB", "Ärzte GmbH"}, {"Ärzte GmbH", "Öl & Gas"}} {
		if !before(sv, p[0], p[1]) {
			t.Errorf("sv: %s not before %s: %q", p[0], p[1], sv)
		}
	}
	de := list(CustomerListFilter{Locale: "de-DE"})
	for _, p := range [][2]string{{"Apfel AG", "Ärzte GmbH"}, {"Ärzte GmbH", "Chata Hory"}, {"Nguyễn Đức", "Öl & Gas"}, {"Öl & Gas", "Řeznictví Novák"}} {
		if !before(de, p[0], p[1]) {
			t.Errorf("de: %s not before %s: %q", p[0], p[1], de)
		}
	}
	if de[len(de)-1] != "北京科技有限公司" {
		t.Errorf("de: Chinese name not last: %q", de)
	}
	desc := list(CustomerListFilter{Locale: "cs-CZ", Desc: true})
	rev := slices.Clone(cs)
	slices.Reverse(rev)
	if !slices.Equal(desc, rev) {
		t.Errorf("cs descending %q is not ascending reversed %q", desc, cs)
	}
	// A search narrows the collated list.
	if got := list(CustomerListFilter{Locale: "cs-CZ", Search: "ŘEZ"}); !slices.Equal(got, []string{"Řeznictví Novák"}) {
		t.Errorf("search: %q", got)
	}
	// Without a locale: the case-folded byte order, as before.
	plain := list(CustomerListFilter{})
	if strings.Join(plain, "|") == strings.Join(cs, "|") {
		t.Errorf("no locale ordered as Czech: %q", plain)
	}
}

// TestAgingDetailCollated: the aging detail streams its customers in the
// locale's order when asked, in the database's otherwise.
func TestAgingDetailCollated(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	names := []string{"Sklo", "Řeznictví Novák", "Rybářství", "Chata Hory", "Hora a syn"}
	for i, n := range names {
		code := fmt.Sprintf("C%02d", i)
		if _, err := s.CreateCustomer(ctx, Customer{Code: code, Name: n, Currency: "CZK", TermsDays: 30}); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: code, Date: day("2026-01-10"), Lines: []Line{line(1, 10000, 0)}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	order := func(locale string) []string {
		var out []string
		err := s.AgingDetail(ctx, AgingOptions{AsOf: day("2026-03-01"), Locale: locale}, func(it AgingItem) error {
			if len(out) == 0 || out[len(out)-1] != it.CustomerName {
				out = append(out, it.CustomerName)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got, want := order("cs-CZ"), []string{"Hora a syn", "Chata Hory", "Rybářství", "Řeznictví Novák", "Sklo"}; !slices.Equal(got, want) {
		t.Errorf("cs: %q, want %q", got, want)
	}
	// Without a locale, the database's order: SQLite's NOCASE puts Ř after
	// every ASCII letter (PostgreSQL's depends on the database's collation).
	if got, want := order(""), []string{"Chata Hory", "Hora a syn", "Rybářství", "Sklo", "Řeznictví Novák"}; s.dialect == sqliteDialect && !slices.Equal(got, want) {
		t.Errorf("no locale: %q, want %q", got, want)
	}
}

func TestInNameOrder(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	for i, n := range []string{"Sklo", "Řeznictví Novák", "Rybářství", "Chata Hory", "Hora a syn"} {
		if _, err := s.CreateCustomer(ctx, Customer{Code: fmt.Sprintf("C%d", i), Name: n, Currency: "CZK", TermsDays: 30}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.InNameOrder(ctx, "cs", []string{"C0", "C1", "C2", "C4", "NOBODY"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"C4", "C2", "C1", "C0"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
