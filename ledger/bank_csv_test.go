package ledger

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestBankCSVMappings(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	m := BankCSVMapping{Name: "sparkasse", Encoding: "windows-1252", Date: "Buchungstag", DateFormat: "DD.MM.YY", Amount: "Betrag",
		DecimalComma: true, Currency: "eur", Text: "Verwendungszweck,Info", SkipLines: 2}
	if err := s.SaveBankCSVMapping(ctx, m); err != nil {
		t.Fatal(err)
	}
	got, err := s.BankCSVMappingNamed(ctx, "sparkasse")
	m.Currency = "EUR"
	if err != nil || got != m {
		t.Fatalf("read back %+v, %v", got, err)
	}
	m.Amount, m.Credit, m.Debit = "", "Haben", "Soll"
	if err := s.SaveBankCSVMapping(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveBankCSVMapping(ctx, BankCSVMapping{Name: "b", Date: "1", DateFormat: "YYYY-MM-DD", Amount: "2", Currency: "USD", NoHeader: true}); err != nil {
		t.Fatal(err)
	}
	all, err := s.BankCSVMappings(ctx)
	if err != nil || len(all) != 2 || all[0].Name != "b" || all[1].Credit != "Haben" {
		t.Fatalf("list %+v, %v", all, err)
	}
	for name, bad := range map[string]BankCSVMapping{
		"no date":      {Name: "x", DateFormat: "DD.MM.YYYY", Amount: "A", Currency: "EUR"},
		"no amount":    {Name: "x", Date: "D", DateFormat: "DD.MM.YYYY", Currency: "EUR"},
		"both":         {Name: "x", Date: "D", DateFormat: "DD.MM.YYYY", Amount: "A", Credit: "C", Debit: "B", Currency: "EUR"},
		"currency":     {Name: "x", Date: "D", DateFormat: "DD.MM.YYYY", Amount: "A"},
		"bad currency": {Name: "x", Date: "D", DateFormat: "DD.MM.YYYY", Amount: "A", Currency: "EURO"},
		"format":       {Name: "x", Date: "D", DateFormat: "DD.MM", Amount: "A", Currency: "EUR"},
		"encoding":     {Name: "x", Date: "D", DateFormat: "DD.MM.YYYY", Amount: "A", Currency: "EUR", Encoding: "klingon"},
		"separator":    {Name: "x", Date: "D", DateFormat: "DD.MM.YYYY", Amount: "A", Currency: "EUR", Separator: "#"},
		"no header":    {Name: "x", Date: "Datum", DateFormat: "DD.MM.YYYY", Amount: "2", Currency: "EUR", NoHeader: true},
		"no name":      {Date: "D", DateFormat: "DD.MM.YYYY", Amount: "A", Currency: "EUR"},
	} {
		if err := s.SaveBankCSVMapping(ctx, bad); err == nil || ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := s.DeleteBankCSVMapping(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BankCSVMappingNamed(ctx, "b"); ErrorCode(err) != ENOTFOUND || !strings.Contains(err.Error(), "bank mapping set b") {
		t.Errorf("deleted: %v", err)
	}
	if err := s.DeleteBankCSVMapping(ctx, "b"); ErrorCode(err) != ENOTFOUND {
		t.Errorf("deleted twice: %v", err)
	}
}

func TestDateLayoutOf(t *testing.T) {
	for _, c := range []struct{ format, in, want string }{
		{"DD.MM.YYYY", "31.03.2026", "2026-03-31"}, {"DD.MM.YYYY", "1.3.2026", "2026-03-01"}, {"DD.MM.YY", "31.03.26", "2026-03-31"},
		{"MM/DD/YYYY", "03/31/2026", "2026-03-31"}, {"yyyy-mm-dd", "2026-03-31", "2026-03-31"}, {"D/M/YYYY", "31/3/2026", "2026-03-31"},
		{"YYYYMMDD", "20260331", "2026-03-31"},
	} {
		layout, err := DateLayoutOf(c.format)
		if err != nil {
			t.Errorf("%s: %v", c.format, err)
			continue
		}
		d, err := time.Parse(layout, c.in)
		if err != nil || d.Format(DateLayout) != c.want {
			t.Errorf("%s %q: %v %v", c.format, c.in, d, err)
		}
	}
	for _, f := range []string{"", "DD.MM", "DD.MM.YYYY HH:MM", "%d.%m.%Y"} {
		if _, err := DateLayoutOf(f); err == nil {
			t.Errorf("%q accepted", f)
		}
	}
}
