package app

import (
	"net"
	"net/url"
	"path/filepath"
	"strings"

	"paidup/ledger"
)

// OfficeConnection is what a desk is told to reach an office ledger on
// PostgreSQL: the server, the database and the user the owner created
// (README, "An office ledger on PostgreSQL"), and that user's password.
type OfficeConnection struct {
	Server   string // host name or address, with ":port" when not 5432
	Database string
	User     string
	Password string // "": PostgreSQL's own ways (~/.pgpass, PGPASSWORD, trust)
	// AllowUnencrypted lets the password and the ledger cross the
	// network without TLS, for a server that has none on a trusted
	// office network. Without it the connection must be encrypted,
	// except to this computer itself.
	AllowUnencrypted bool
}

// URL checks the connection's fields and gives the postgres:// address
// that --db takes; each message names the field to fix.
func (c OfficeConnection) URL() (string, error) {
	server, db, user := strings.TrimSpace(c.Server), strings.TrimSpace(c.Database), strings.TrimSpace(c.User)
	switch {
	case server == "":
		return "", ledger.Errorf(ledger.EINVALID, "server: Type the office server's name or address, e.g. ledger.office.lan.")
	case strings.ContainsAny(server, " /@?#") && !strings.HasPrefix(server, "/"):
		return "", ledger.Errorf(ledger.EINVALID, "server: %q is not a server name; type the name or address alone, with :port if it is not 5432.", server)
	case db == "" || strings.ContainsAny(db, "/?#"):
		return "", ledger.Errorf(ledger.EINVALID, "database: Type the name of the ledger's database, e.g. paidup.")
	case user == "":
		return "", ledger.Errorf(ledger.EINVALID, "user: Type your user name on the office ledger.")
	}
	u := &url.URL{Scheme: "postgres", Path: "/" + db}
	if c.Password != "" {
		u.User = url.UserPassword(user, c.Password)
	} else {
		u.User = url.User(user)
	}
	q := url.Values{}
	if strings.HasPrefix(server, "/") {
		q.Set("host", server) // a Unix socket's folder: this computer
		q.Set("sslmode", "disable")
	} else {
		u.Host = server
		host := server
		if h, _, err := net.SplitHostPort(server); err == nil {
			host = h
		}
		switch {
		case host == "localhost" || net.ParseIP(host).IsLoopback():
			q.Set("sslmode", "prefer")
		case c.AllowUnencrypted:
			q.Set("sslmode", "prefer") // TLS when the server offers it
		default:
			q.Set("sslmode", "require")
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// LedgerName is how a window's title names the ledger at path: a file's
// name, or an office ledger's database and server.
func LedgerName(path string) string {
	if !ledger.IsPostgresURL(path) {
		return filepath.Base(path)
	}
	u, err := url.Parse(path)
	if err != nil {
		return "office ledger"
	}
	host := u.Hostname()
	if host == "" {
		host = "this computer"
	}
	return strings.TrimPrefix(u.Path, "/") + " on " + host + " (office ledger)"
}
