package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"paidup/ledger"
)

func TestPickCustomer(t *testing.T) {
	a := pickApp(t)
	ctx := context.Background()
	for typed, want := range map[string]string{"baumann": "BAUM", "baum": "BAUM", "AP@BAUMANN": "BAUM", "acme": "ACME", "Acme-2": "ACME-2"} {
		if r, err := a.PickCustomer(ctx, typed); err != nil || r.Code != want {
			t.Errorf("%q picks %q (%v), want %s", typed, r.Code, err, want)
		}
	}
	if _, err := a.PickCustomer(ctx, "example"); ledger.ErrorCode(err) != ledger.ECONFLICT || !strings.Contains(err.Error(), "Baumann GmbH (BAUM)") {
		t.Errorf("several matches: %v", err)
	}
	if _, err := a.PickCustomer(ctx, "zz"); ledger.ErrorCode(err) != ledger.ENOTFOUND {
		t.Errorf("no match: %v", err)
	}
}

func pickApp(t *testing.T) *App {
	t.Helper()
	st, err := ledger.Open(context.Background(), filepath.Join(t.TempDir(), "pick.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, c := range []ledger.Customer{{Code: "BAUM", Name: "Baumann GmbH", Email: "ap@baumann.example"},
		{Code: "ACME", Name: "Acme", Email: "billing@acme.example"}, {Code: "ACME-2", Name: "Acme Two", Email: "two@acme.example"}} {
		c.Currency, c.TermsDays = "EUR", 30
		if _, err := st.CreateCustomer(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	return New(st, nil)
}
