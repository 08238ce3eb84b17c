package app

import (
	"strings"
	"testing"

	"paidup/ledger"
)

func TestOfficeConnectionURL(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    OfficeConnection
		want string // the URL, or part of the error
		err  bool
	}{
		{"Encrypted", OfficeConnection{Server: "ledger.office.lan", Database: "paidup", User: "anna", Password: "s3cr#t/?"},
			"postgres://anna:s3cr%23t%2F%3F@ledger.office.lan/paidup?sslmode=require", false},
		{"Port", OfficeConnection{Server: "10.0.0.5:5433", Database: "paidup", User: "ben"},
			"postgres://ben@10.0.0.5:5433/paidup?sslmode=require", false},
		{"PlainAllowed", OfficeConnection{Server: "10.0.0.5", Database: "paidup", User: "ben", AllowUnencrypted: true},
			"postgres://ben@10.0.0.5/paidup?sslmode=prefer", false},
		{"ThisComputer", OfficeConnection{Server: "localhost", Database: "paidup", User: "ben"},
			"postgres://ben@localhost/paidup?sslmode=prefer", false},
		{"Socket", OfficeConnection{Server: "/var/run/postgresql", Database: "paidup", User: "ben"},
			"postgres://ben@/paidup?host=%2Fvar%2Frun%2Fpostgresql&sslmode=disable", false},
		{"ErrNoServer", OfficeConnection{Database: "paidup", User: "ben"}, "server:", true},
		{"ErrURLInServer", OfficeConnection{Server: "postgres://x/y", Database: "paidup", User: "ben"}, "server:", true},
		{"ErrNoDatabase", OfficeConnection{Server: "x", User: "ben"}, "database:", true},
		{"ErrNoUser", OfficeConnection{Server: "x", Database: "paidup"}, "user:", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.c.URL()
			if tc.err {
				if err == nil || !strings.Contains(err.Error(), tc.want) || ledger.ErrorCode(err) != ledger.EINVALID {
					t.Fatalf("got %q, %v; want an error naming %q", got, err, tc.want)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
			if !ledger.IsPostgresURL(got) {
				t.Fatalf("%q is not taken for a PostgreSQL URL", got)
			}
		})
	}
	if got := LedgerName("postgres://anna:xxxxx@ledger.office.lan/paidup?sslmode=require"); got != "paidup on ledger.office.lan (office ledger)" {
		t.Errorf("LedgerName: %q", got)
	}
	if got := LedgerName("/home/anna/Paidup/books.db"); got != "books.db" {
		t.Errorf("LedgerName: %q", got)
	}
}
