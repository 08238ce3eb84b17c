package ledger

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

// TestRolesOnPostgres: the owner sets up the roles and adds a bookkeeper
// and a viewer; the database itself then lets the bookkeeper post but not
// change settings, and the viewer read but not post, with a sentence for
// each refusal.
func TestRolesOnPostgres(t *testing.T) {
	s := newTestStore(t)
	if s.dialect != postgresDialect {
		t.Skip("roles are PostgreSQL's: the PostgreSQL run tests them")
	}
	ctx := context.Background()
	mustCustomer(t, s, "A", "EUR")
	if err := s.SetupRoles(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.SetupRoles(ctx); err != nil { // again: nothing breaks
		t.Fatal(err)
	}
	id := t.Name()[len(t.Name())-6:]
	for _, u := range []struct {
		name string
		role Role
	}{{"bk_" + id, RoleBookkeeper}, {"vw_" + id, RoleViewer}} {
		if err := s.AddUser(ctx, u.name, u.role, "correct horse"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddUser(ctx, "x", RoleViewer, "short"); ErrorCode(err) != EINVALID {
		t.Fatalf("short password: %v", err)
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
	if r, err := bk.MyRole(ctx); err != nil || r != RoleBookkeeper {
		t.Fatalf("bookkeeper's role %q %v", r, err)
	}
	if r, err := vw.MyRole(ctx); err != nil || r != RoleViewer {
		t.Fatalf("viewer's role %q %v", r, err)
	}
	if r, err := s.MyRole(ctx); err != nil || r != RoleOwner {
		t.Fatalf("owner's role %q %v", r, err)
	}
	mustInvoice(t, bk, "A", "2026-03-01", line(1, 10000, 20))
	if _, err := bk.RecordPayment(ctx, PaymentInput{CustomerCode: "A", Date: day("2026-03-05"), Amount: NewMoney(5000, "EUR")}); err != nil {
		t.Fatal(err)
	}
	if err := bk.ChangeSetting(ctx, "business.name", "Mine now"); ErrorCode(err) != EDENIED {
		t.Fatalf("bookkeeper changing a setting: %v", err)
	}
	if _, err := vw.IssueInvoice(ctx, InvoiceInput{CustomerCode: "A", Date: day("2026-03-02"), Lines: []Line{line(1, 100, 0)}}); ErrorCode(err) != EDENIED {
		t.Fatalf("viewer issuing an invoice: %v", err)
	}
	ag, err := vw.Aging(ctx, AgingOptions{AsOf: day("2026-03-31")})
	if err != nil || len(ag.Sections) != 1 || ag.Sections[0].Total.Total != 7000 {
		t.Fatalf("viewer's aging: %+v %v", ag, err)
	}
	// A bookkeeper imports payments (payment_sources is written too), also
	// on a ledger whose roles were set up before that table: migration 8
	// grants them, here run again after the grants were taken back.
	if _, err := s.w.ExecContext(ctx, `REVOKE ALL ON payment_sources FROM `+pgIdent(mustRoleName(t, s, RoleBookkeeper))); err != nil {
		t.Fatal(err)
	}
	m8, err := migrationPGFS.ReadFile("migrations_pg/0008_payment_sources.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, string(m8)); err != nil {
		t.Fatal(err)
	}
	res, err := bk.ImportPayments(ctx, strings.NewReader("customer_code,date,amount\nA,2026-03-06,10.00\n"), "p.csv", ImportOptions{})
	if err != nil {
		t.Fatalf("bookkeeper's payment import: %v %v", err, res.Problems)
	}
	// Credit control and recurring invoices are a bookkeeper's work too.
	if err := bk.SetHold(ctx, "A", "cheque bounced"); err != nil {
		t.Fatalf("bookkeeper's hold: %v", err)
	}
	if err := bk.AddNote(ctx, "A", "called"); err != nil {
		t.Fatalf("bookkeeper's note: %v", err)
	}
	if err := bk.ReleaseHold(ctx, "A", "paid"); err != nil {
		t.Fatalf("bookkeeper's release: %v", err)
	}
	if _, err := bk.AddPromise(ctx, PromiseInput{CustomerCode: "A", Amount: NewMoney(100, "EUR"), MadeOn: day("2026-03-06"), PayBy: day("2026-03-20")}); err != nil {
		t.Fatalf("bookkeeper's promise: %v", err)
	}
	if _, err := bk.CreateRecurring(ctx, RecurringInput{Name: "hosting", CustomerCode: "A", TermsDays: -1, Lines: []Line{line(1, 100, 0)},
		Schedule: Schedule{Every: Monthly, Interval: 1, Start: day("2026-03-01")}}); err != nil {
		t.Fatalf("bookkeeper's recurring invoice: %v", err)
	}
	if run, err := bk.RunRecurring(ctx, day("2026-03-31"), 0, false); err != nil || len(run.Issued) != 1 {
		t.Fatalf("bookkeeper's recurring run: %+v %v", run, err)
	}
	if err := vw.AddNote(ctx, "A", "viewer"); ErrorCode(err) != EDENIED {
		t.Fatalf("viewer's note: %v", err)
	}
	mustCheck(t, s)
}

func mustRoleName(t *testing.T, s *Store, r Role) string {
	t.Helper()
	n, err := s.roleName(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
