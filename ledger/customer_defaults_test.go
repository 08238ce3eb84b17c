package ledger

import (
	"context"
	"strings"
	"testing"
)

func TestCustomerDefaults(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	d, err := s.CustomerDefaults(ctx)
	if err != nil || d != (CustomerDefaults{TermsDays: 30}) {
		t.Fatalf("unset: %+v %v", d, err)
	}
	for _, bad := range []string{"-1", "3651", "two weeks", "1.5"} {
		if err := s.ChangeSetting(ctx, "customer.terms_days", bad); ErrorCode(err) != EINVALID {
			t.Errorf("terms %q: want EINVALID, got %v", bad, err)
		}
	}
	for k, v := range map[string]string{"customer.terms_days": " 014 ", "business.currency": "chf"} {
		if err := s.ChangeSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	if d, err = s.CustomerDefaults(ctx); err != nil || d != (CustomerDefaults{Currency: "CHF", TermsDays: 14}) {
		t.Fatalf("set: %+v %v", d, err)
	}

	// An import takes the setting where the file gives no terms, and the
	// file's terms where it does.
	csv := "code,name,currency,terms_days\nA,Alpha,CHF,\nB,Beta,CHF,60\n"
	if res, err := importKind(s, "customers", strings.NewReader(csv), "c.csv", ImportOptions{}); err != nil {
		t.Fatalf("%v %v", err, res.Problems)
	}
	for code, want := range map[string]int{"A": 14, "B": 60} {
		c, err := s.CustomerByCode(ctx, code)
		if err != nil || c.TermsDays != want {
			t.Errorf("%s: terms %d, want %d (%v)", code, c.TermsDays, want, err)
		}
	}
}
