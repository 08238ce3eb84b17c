package ledger

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

func bankLine(acct, id, date, amount string) BankLine {
	return BankLine{Account: acct, BankID: id, Date: day(date), Amount: usd(amount), Name: "Payer", IBAN: "de02 1203 0000 0000 2020 51"}
}

func TestBankLinesStore(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.CreateCustomer(ctx, Customer{Code: "ACME", Name: "Acme", Currency: "USD", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	inv, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "ACME", Date: day("2026-03-01"),
		Lines: []Line{{Description: "Work", Quantity: D4(1), UnitPrice: 10000}}})
	if err != nil {
		t.Fatal(err)
	}
	first := []BankLine{bankLine("A", "1", "2026-03-10", "100.00"), bankLine("A", "2", "2026-03-11", "-5.00")}
	if res, err := s.ImportBankLines(ctx, "sha-1", first); err != nil || res != (BankImport{Added: 2}) {
		t.Fatalf("import: %+v %v", res, err)
	}
	// Overlapping: line 2 again, line 3 new; the same id in another account is another line.
	next := []BankLine{bankLine("A", "2", "2026-03-11", "-5.00"), bankLine("A", "3", "2026-03-12", "7.00"), bankLine("B", "1", "2026-03-12", "7.00")}
	if res, err := s.ImportBankLines(ctx, "sha-2", next); err != nil || res != (BankImport{Added: 2, Repeated: 1}) {
		t.Fatalf("overlap: %+v %v", res, err)
	}
	// One bad line refuses the whole statement.
	bad := []BankLine{bankLine("A", "4", "2026-03-12", "1.00"), bankLine("A", "5", "2026-03-12", "1.00")}
	bad[1].Amount.Currency = "XXY"
	if _, err := s.ImportBankLines(ctx, "sha-3", bad); err == nil || !strings.Contains(err.Error(), "statement line 2") {
		t.Fatalf("bad statement: %v", err)
	}
	all, err := s.BankLines(ctx, BankLineFilter{})
	if err != nil || len(all) != 4 {
		t.Fatalf("%d lines, %v", len(all), err)
	}
	if all[0].IBAN != "DE02120300000000202051" || all[0].Status != BankUnmatched {
		t.Errorf("stored: %+v", all[0])
	}
	if _, err := s.BankLineByRef(ctx, "1"); err == nil || !strings.Contains(err.Error(), "2 accounts") {
		t.Errorf("an id of two accounts: %v", err)
	}
	l, err := s.BankLineByRef(ctx, "#1")
	if err != nil || l.BankID != "1" || l.Account != "A" {
		t.Fatalf("#1: %+v %v", l, err)
	}
	p := BankPosting{LineID: l.ID, Customer: "ACME", Apply: []AllocationInput{{InvoiceNumber: inv.Number, Amount: usd("100.00")}}, Confidence: 100, Reason: "test"}
	pay, err := s.PostBankLine(ctx, p)
	if err != nil || pay.Total != usd("100.00") {
		t.Fatalf("post: %+v %v", pay, err)
	}
	if _, err := s.PostBankLine(ctx, p); err == nil || !strings.Contains(err.Error(), "matched already") {
		t.Errorf("posted twice: %v", err)
	}
	if l, _ := s.BankLineByRef(ctx, "#1"); l.Status != BankMatched || l.Payment != pay.Number || strings.Join(l.Invoices, " ") != inv.Number {
		t.Errorf("after posting: %+v", l)
	}
	if payers, _ := s.BankPayers(ctx); payers["DE02120300000000202051"] != "ACME" {
		t.Errorf("payers: %v", payers)
	}
	debit, _ := s.BankLineByRef(ctx, "2")
	if _, err := s.PostBankLine(ctx, BankPosting{LineID: debit.ID, Customer: "ACME"}); err == nil {
		t.Error("money out posted as a payment")
	}
	if err := s.SetBankDecisions(ctx, []BankDecision{{LineID: debit.ID, Status: BankReview, Reason: "look", Confidence: 30}}); err != nil {
		t.Fatal(err)
	}
	if err := s.IgnoreBankLine(ctx, debit.ID, "fees"); err != nil {
		t.Fatal(err)
	}
	if err := s.IgnoreBankLine(ctx, debit.ID, "fees"); err == nil {
		t.Error("ignored twice")
	}
	// A later suggestion does not undo a decision.
	if err := s.SetBankDecisions(ctx, []BankDecision{{LineID: debit.ID, Status: BankUnmatched}}); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.BankLineByRef(ctx, "2"); l.Status != BankIgnored || l.Reason != "fees" {
		t.Errorf("ignored line: %+v", l)
	}
	if err := s.write(ctx, func(t *tx) error {
		_, err := t.exec(`DELETE FROM bank_lines WHERE id = ?`, debit.ID)
		return err
	}); err == nil {
		t.Error("a statement line was deleted")
	}
	rep, err := s.Check(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("check: %v %v", rep, err)
	}
}

// On an office ledger a bookkeeper imports statements and posts and ignores
// their lines; a viewer reads them and writes nothing.
func TestBankRolesOnPostgres(t *testing.T) {
	s := newTestStore(t)
	if s.dialect != postgresDialect {
		t.Skip("roles are PostgreSQL's: the PostgreSQL run tests them")
	}
	ctx := context.Background()
	mustCustomer(t, s, "ACME", "USD")
	if err := s.SetupRoles(ctx); err != nil {
		t.Fatal(err)
	}
	id := "bank" // logins belong to the whole server: not TestRolesOnPostgres's
	if err := s.AddUser(ctx, "bk_"+id, RoleBookkeeper, "correct horse"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser(ctx, "vw_"+id, RoleViewer, "correct horse"); err != nil {
		t.Fatal(err)
	}
	as := func(user string) *Store {
		u, _ := url.Parse(s.url)
		u.User = url.User(user)
		d, err := Open(ctx, u.String())
		if err != nil {
			t.Fatal(err)
		}
		d.Now = s.Now
		t.Cleanup(func() { d.Close() })
		return d
	}
	bk, vw := as("bk_"+id), as("vw_"+id)
	lines := []BankLine{bankLine("A", "1", "2026-03-10", "100.00"), bankLine("A", "2", "2026-03-11", "-5.00")}
	if _, err := vw.ImportBankLines(ctx, "sha", lines); err == nil {
		t.Fatal("a viewer imported a statement")
	}
	if res, err := bk.ImportBankLines(ctx, "sha", lines); err != nil || res.Added != 2 {
		t.Fatalf("bookkeeper's import: %+v %v", res, err)
	}
	ls, err := vw.BankLines(ctx, BankLineFilter{})
	if err != nil || len(ls) != 2 {
		t.Fatalf("viewer's list: %d %v", len(ls), err)
	}
	if _, err := bk.PostBankLine(ctx, BankPosting{LineID: ls[0].ID, Customer: "ACME", Reason: "credit"}); err != nil {
		t.Fatalf("bookkeeper's posting: %v", err)
	}
	if err := vw.IgnoreBankLine(ctx, ls[1].ID, "fees"); err == nil {
		t.Fatal("a viewer ignored a line")
	}
	if err := bk.IgnoreBankLine(ctx, ls[1].ID, "fees"); err != nil {
		t.Fatalf("bookkeeper's ignore: %v", err)
	}
}

// Undo of an accepted match voids its payment and the fee written off
// with it, reopens the invoice and forgets what the line taught.
func TestBankUndo(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "USD")
	inv, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "ACME", Date: day("2026-03-01"),
		Lines: []Line{{Description: "Work", Quantity: D4(1), UnitPrice: 10000}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportBankLines(ctx, "sha", []BankLine{bankLine("A", "1", "2026-03-10", "99.00")}); err != nil {
		t.Fatal(err)
	}
	l, _ := s.BankLineByRef(ctx, "1")
	if err := s.UndoBankLine(ctx, l.ID, day("2026-03-31"), ""); err == nil {
		t.Error("an unmatched line was undone")
	}
	if _, err := s.PostBankLine(ctx, BankPosting{LineID: l.ID, Customer: "ACME",
		Apply:     []AllocationInput{{InvoiceNumber: inv.Number, Amount: usd("99.00")}},
		WriteOffs: []AllocationInput{{InvoiceNumber: inv.Number, Amount: usd("1.00")}}}); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.Document(ctx, inv.Number); d.Open.Minor != 0 {
		t.Fatalf("%s open %s after payment and fee", inv.Number, d.Open)
	}
	if err := s.UndoBankLine(ctx, l.ID, day("2026-03-31"), "wrong customer"); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.Document(ctx, inv.Number); d.Open != usd("100.00") {
		t.Errorf("%s open %s after undo, want 100.00", inv.Number, d.Open)
	}
	if l, _ := s.BankLineByRef(ctx, "1"); l.Status != BankReview || l.Payment != "" || !strings.Contains(l.Reason, "wrong customer") {
		t.Errorf("undone line: %+v", l)
	}
	if payers, _ := s.BankPayers(ctx); len(payers) != 0 {
		t.Errorf("payers after undo: %v", payers)
	}
	if rep, err := s.Check(ctx); err != nil || !rep.OK() {
		t.Fatalf("check: %v %v", rep, err)
	}
}

// A batch of postings keeps the lines that post and gives back, alone, the
// one refused: its half-written payment is rolled back to its savepoint.
func TestPostBankLinesBatch(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.CreateCustomer(ctx, Customer{Code: "ACME", Name: "Acme", Currency: "USD", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	var invs []Document
	for range 3 {
		inv, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "ACME", Date: day("2026-03-01"),
			Lines: []Line{{Description: "Work", Quantity: D4(1), UnitPrice: 10000}}})
		if err != nil {
			t.Fatal(err)
		}
		invs = append(invs, inv)
	}
	lines := []BankLine{bankLine("A", "1", "2026-03-10", "100.00"), bankLine("A", "2", "2026-03-10", "100.00"), bankLine("A", "3", "2026-03-10", "100.00")}
	if _, err := s.ImportBankLines(ctx, "sha", lines); err != nil {
		t.Fatal(err)
	}
	var ps []BankPosting
	for i, ref := range []string{"1", "2", "3"} {
		l, err := s.BankLineByRef(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, BankPosting{LineID: l.ID, Customer: "ACME", Confidence: 100, Reason: "test",
			Apply: []AllocationInput{{InvoiceNumber: invs[i].Number, Amount: usd("100.00")}}})
	}
	// The second line's invoice is paid by the first too: refused after its
	// payment row is written.
	ps[1].Apply[0].InvoiceNumber = invs[0].Number
	docs, errs, err := s.PostBankLines(ctx, ps)
	if err != nil {
		t.Fatal(err)
	}
	if errs[0] != nil || errs[2] != nil || errs[1] == nil || docs[0].Number == "" || docs[2].Number == "" || docs[1].Number != "" {
		t.Fatalf("docs %+v errs %v", docs, errs)
	}
	if l, _ := s.BankLineByRef(ctx, "2"); l.Status != BankUnmatched || l.Payment != "" {
		t.Errorf("the refused line: %+v", l)
	}
	if l, _ := s.BankLineByRef(ctx, "3"); l.Status != BankMatched || l.Payment != docs[2].Number {
		t.Errorf("the line after it: %+v", l)
	}
	// Paged, counted and reconciled as the window reads them.
	if n, err := s.CountBankLines(ctx, BankLineFilter{Status: []BankStatus{BankMatched}}); err != nil || n != 2 {
		t.Errorf("count matched: %d %v", n, err)
	}
	if page, err := s.BankLines(ctx, BankLineFilter{Offset: 1, Limit: 1, Account: "A"}); err != nil || len(page) != 1 || page[0].BankID != "2" {
		t.Errorf("page 2 of 1: %+v %v", page, err)
	}
	rec, err := s.BankReconciliation(ctx)
	if err != nil || len(rec) != 1 {
		t.Fatalf("reconciliation %+v %v", rec, err)
	}
	if r := rec[0]; r.Account != "A" || r.Lines != 3 || r.Net != usd("300.00") || r.Accounted() != usd("200.00") || r.Waiting() != usd("100.00") ||
		r.Status[BankMatched].Lines != 2 || r.First != "2026-03-10" {
		t.Errorf("reconciliation %+v", r)
	}
	rep, err := s.Check(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("check: %+v %v", rep, err)
	}
}
