package ledger

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Role is what a desk may do with an office ledger on PostgreSQL. The
// database enforces it (roles and grants), whatever program connects;
// Paidup reads it to say so before the user tries.
type Role string

const (
	// RoleOwner may do everything: settings, numbering, reminder policies.
	RoleOwner Role = "owner"
	// RoleBookkeeper posts, voids, imports, exports and sends reminders,
	// but changes no settings.
	RoleBookkeeper Role = "bookkeeper"
	// RoleViewer reads and prints only.
	RoleViewer Role = "viewer"
)

// Roles in order of what they may do, least first.
var Roles = []Role{RoleViewer, RoleBookkeeper, RoleOwner}

// bookkeeperWrites are the tables a bookkeeper writes: documents and
// everything posting them, customers, disputes and the reminders' outbox.
// Settings, their files, reminder policies and numbering prefixes are the
// owner's.
var bookkeeperWrites = []string{"customers", "documents", "document_lines", "journal_entries", "postings",
	"allocations", "payment_sources", "disputes", "outbox", "outbox_items", "customer_reminders",
	"reference_rates", "charge_periods",
	"recurring", "recurring_lines", "recurring_issued", "customer_holds", "hold_overrides", "customer_notes",
	"promises", "promise_items", "exchange_rates", "bank_lines", "bank_payers", "bank_csv_mappings", "bank_balances",
	"payment_plans", "plan_items", "plan_instalments", "audit_log"}

// roleName is the PostgreSQL group role of a Paidup role in this database:
// roles belong to the whole server, so they carry the database's name.
func (s *Store) roleName(ctx context.Context, r Role) (string, error) {
	var db string
	if err := s.r.QueryRowContext(ctx, `SELECT current_database()`).Scan(&db); err != nil {
		return "", err
	}
	return db + "_" + string(r), nil
}

// SetupRoles creates the three group roles of this office ledger (once)
// and grants them what each may do. It is run by the database's owner.
func (s *Store) SetupRoles(ctx context.Context) error {
	if s.dialect != postgresDialect {
		return Errorf(EINVALID, "roles are for an office ledger on PostgreSQL; a ledger file is its owner's")
	}
	names := map[Role]string{}
	for _, r := range Roles {
		n, err := s.roleName(ctx, r)
		if err != nil {
			return err
		}
		names[r] = pgIdent(n)
	}
	var tables []string
	for _, tb := range ledgerTables {
		tables = append(tables, tb.name)
	}
	all := strings.Join(append(tables, "schema_migrations"), ", ")
	stmts := []string{}
	for _, r := range Roles {
		stmts = append(stmts, fmt.Sprintf(`DO $$ BEGIN CREATE ROLE %s NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`, names[r]))
	}
	stmts = append(stmts,
		`GRANT USAGE ON SCHEMA public TO `+names[RoleViewer]+`, `+names[RoleBookkeeper]+`, `+names[RoleOwner],
		`GRANT SELECT ON `+all+` TO `+names[RoleViewer]+`, `+names[RoleBookkeeper]+`, `+names[RoleOwner],
		`GRANT INSERT, UPDATE ON `+strings.Join(bookkeeperWrites, ", ")+` TO `+names[RoleBookkeeper],
		`GRANT DELETE ON documents, document_lines TO `+names[RoleBookkeeper], // drafts are discarded
		`GRANT UPDATE (next) ON sequences TO `+names[RoleBookkeeper],
		`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO `+names[RoleBookkeeper]+`, `+names[RoleOwner],
		`GRANT ALL ON `+all+` TO `+names[RoleOwner],
	)
	return s.write(ctx, func(t *tx) error {
		for _, q := range stmts {
			if _, err := t.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("set up roles: %w", err)
			}
		}
		return nil
	})
}

var userName = regexp.MustCompile(`^[a-z_][a-z0-9_.-]{0,62}$`)

// AddUser creates a PostgreSQL login for a person at a desk, with a
// password, as a member of one role of this ledger.
func (s *Store) AddUser(ctx context.Context, name string, r Role, password string) error {
	if s.dialect != postgresDialect {
		return Errorf(EINVALID, "users are for an office ledger on PostgreSQL")
	}
	if !userName.MatchString(name) {
		return Errorf(EINVALID, "a user name is lower-case letters, digits, '_', '.' or '-', not %q", name)
	}
	if len(password) < 8 {
		return Errorf(EINVALID, "a password has at least 8 characters")
	}
	group, err := s.roleName(ctx, r)
	if err != nil {
		return err
	}
	if !validRole(r) {
		return Errorf(EINVALID, "role %q: use owner, bookkeeper or viewer", r)
	}
	return s.write(ctx, func(t *tx) error {
		// The password goes as a literal (the simple protocol quotes it);
		// PostgreSQL stores it as a SCRAM-SHA-256 hash, never as typed.
		if _, err := t.ExecContext(ctx, `CREATE ROLE `+pgIdent(name)+` LOGIN PASSWORD `+pgLiteral(password)); err != nil {
			return fmt.Errorf("add user %s: %w", name, err)
		}
		_, err := t.ExecContext(ctx, `GRANT `+pgIdent(group)+` TO `+pgIdent(name))
		return err
	})
}

func validRole(r Role) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// MyRole is what the connected user may do: on a ledger file, everything.
func (s *Store) MyRole(ctx context.Context) (Role, error) {
	if s.dialect != postgresDialect {
		return RoleOwner, nil
	}
	var owner bool
	if err := s.r.QueryRowContext(ctx, `SELECT pg_catalog.pg_get_userbyid(datdba) = current_user OR
		(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) FROM pg_database WHERE datname = current_database()`).Scan(&owner); err != nil {
		return "", err
	}
	if owner {
		return RoleOwner, nil
	}
	for i := len(Roles) - 1; i >= 0; i-- {
		n, err := s.roleName(ctx, Roles[i])
		if err != nil {
			return "", err
		}
		var member bool
		if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?) AND pg_has_role(current_user, ?, 'MEMBER')`, n, n).Scan(&member); err != nil {
			return "", err
		}
		if member {
			return Roles[i], nil
		}
	}
	return RoleViewer, nil
}

// denied turns PostgreSQL's refusal of a write the user's role does not
// allow into a sentence.
func denied(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42501" {
		return Errorf(EDENIED, "your role on this office ledger does not allow that (%s); ask its owner", pe.Message)
	}
	return err
}

func pgIdent(s string) string   { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func pgLiteral(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }
