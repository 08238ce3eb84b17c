package ledger

import (
	"context"
	"net/url"
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
	mustCheck(t, s)
}
