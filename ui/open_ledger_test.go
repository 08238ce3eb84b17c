package ui

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	paidapp "paidup/app"
	"paidup/internal/pgtest"
	"paidup/ledger"
)

// "Connect to an office ledger" checks what was typed, then opens the
// office ledger on a real PostgreSQL server in a window of its own in
// place of this one, and remembers the connection but not its password.
func TestConnectToOfficeLedger(t *testing.T) {
	m, h, _ := openLedger(t, "customers")
	m.onConnectOffice()
	f := m.office
	f.server.SetText("")
	tapIn(t, topDialog(t, m), "Connect")
	if !strings.HasPrefix(f.problem.Text, "server:") || m.next != nil {
		t.Fatalf("no server: %q", f.problem.Text)
	}

	pg, err := url.Parse(pgtest.NewDatabase(t, func(u string) (*sql.DB, error) { return sql.Open("pgx", u) }))
	if err != nil {
		t.Fatal(err)
	}
	f.server.SetText(pg.Query().Get("host")) // the cluster's socket folder
	f.database.SetText(strings.TrimPrefix(pg.Path, "/"))
	f.user.SetText(pg.User.Username())
	f.password.SetText("not-kept")
	tapIn(t, topDialog(t, m), "Connect")
	h.settle(t)
	next := m.next
	if next == nil {
		t.Fatalf("no window on the office ledger (%q)", f.problem.Text)
	}
	t.Cleanup(next.close)
	office := next.src.window.(*paidapp.App)
	if !ledger.IsPostgresURL(office.Path()) || strings.Contains(office.Path(), "not-kept") {
		t.Fatalf("the office ledger is %q", office.Path())
	}
	if got, want := next.win.Title(), "Paidup — "+strings.TrimPrefix(pg.Path, "/")+" on this computer (office ledger)"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if _, err := office.CreateCustomer(context.Background(), ledger.Customer{Code: "ACME", Name: "Acme", Currency: "EUR"}); err != nil {
		t.Fatalf("write to the office ledger: %v", err)
	}
	prefs := m.prefs()
	if prefs.String(prefOfficeUser) != pg.User.Username() || prefs.String(prefOfficeServer) != pg.Query().Get("host") {
		t.Errorf("connection not remembered: %q %q", prefs.String(prefOfficeServer), prefs.String(prefOfficeUser))
	}
	for _, k := range []string{prefOfficeServer, prefOfficeDatabase, prefOfficeUser} {
		if strings.Contains(prefs.String(k), "not-kept") {
			t.Errorf("the password was kept in %s", k)
		}
	}
}

// A window refreshes the screen in view when another desk changes the
// ledger: here another connection to the same file adds a customer and
// the list shows it without being touched (the file's data_version, read
// every 2 s).
func TestWindowSeesOtherDesksChanges(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	m.watch(st.Watch)
	if got := m.customers.status.Text; !strings.HasPrefix(got, "No ") {
		t.Fatalf("a new ledger's list says %q", got)
	}
	other, err := ledger.Open(context.Background(), st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	// The watch reads the file's version when its goroutine starts, which
	// may be after a first change: another desk keeps adding customers
	// until the window shows one.
	deadline := time.Now().Add(20 * time.Second)
	for i := 0; time.Now().Before(deadline); i++ {
		if i%10 == 0 {
			if _, err := other.CreateCustomer(context.Background(), ledger.Customer{Code: fmt.Sprintf("N%02d", i), Name: "Thương mại Nguyễn Đức", Currency: "VND"}); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(250 * time.Millisecond)
		h.settle(t)
		if s := m.customers.status.Text; strings.HasSuffix(s, " customer") || strings.HasSuffix(s, " customers") && !strings.HasPrefix(s, "No ") {
			return
		}
	}
	t.Fatalf("the list still says %q", m.customers.status.Text)
}
