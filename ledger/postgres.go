package ledger

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

//go:embed migrations_pg/*.sql
var migrationPGFS embed.FS

// IsPostgresURL reports whether a --db value names a PostgreSQL ledger
// (postgres://user@host/dbname) rather than a file.
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// openPostgres opens the office ledger at a PostgreSQL URL, bringing its
// schema up to date. The password, if the URL carries one, is never shown:
// Path gives the URL without it.
func openPostgres(ctx context.Context, rawURL string) (*Store, error) {
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, Errorf(EINVALID, "the PostgreSQL address %s is not valid: %v", redactURL(rawURL), err)
	}
	cfg.RuntimeParams["application_name"] = "paidup"
	// The aging of a million invoices sorts 100,000+ open items: with the
	// server's default 4 MB it spills to disk. A session setting, so an
	// office server's own configuration needs no change.
	if _, set := cfg.RuntimeParams["work_mem"]; !set {
		cfg.RuntimeParams["work_mem"] = "32MB"
	}
	// Arguments go to the server as literals that pgx quotes (the simple
	// protocol), typed by their Go values: with parameters the server would
	// guess each one's type from the SQL around it, and the shared SQL uses
	// one parameter as a bigint column's value and compared with 0, where
	// it guesses int4 and refuses the statement.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	open := func(maxConns int) *sql.DB {
		db := sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)})
		db.SetMaxOpenConns(maxConns)
		db.SetConnMaxIdleTime(5 * time.Minute)
		return db
	}
	s := &Store{path: redactURL(rawURL), url: rawURL, w: open(4), r: open(8), dialect: postgresDialect, Now: time.Now}
	if err := s.w.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open ledger %s: %w", s.path, err)
	}
	if err := s.migratePG(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open ledger %s: %w", s.path, err)
	}
	return s, nil
}

// redactURL is a PostgreSQL URL without its password.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "postgres://…"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// migratePG applies the PostgreSQL migrations a ledger lacks, each in one
// transaction, under an advisory lock so that two desks opening a new
// ledger at once do not both create it.
func (s *Store) migratePG(ctx context.Context) error {
	ms, err := readMigrations(migrationPGFS, "migrations_pg")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if last := ms[len(ms)-1].version; last != SchemaVersion() {
		return fmt.Errorf("migrate: the PostgreSQL schema is version %d, SQLite's %d: every migration needs both files", last, SchemaVersion())
	}
	// Up to date: nothing to write (a viewer may not, and need not).
	var exists bool
	if err := s.r.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if exists {
		applied, err := appliedVersions(ctx, s.r)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		missing := false
		for _, m := range ms {
			missing = missing || !applied[m.version]
		}
		if !missing {
			return nil
		}
	}
	return s.write(ctx, func(t *tx) error {
		t.audit = &auditTx{off: true}
		// 0x70616964 is "paid": one lock for every Paidup migration.
		if _, err := t.ExecContext(ctx, `SELECT pg_advisory_xact_lock(1885432164)`); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
			return err
		}
		var current int
		if err := t.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
			return err
		}
		if last := ms[len(ms)-1].version; current > last {
			return Errorf(ECONFLICT, "this ledger has schema version %d but this Paidup knows only %d: use a newer Paidup", current, last)
		}
		applied, err := appliedVersions(ctx, t)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if applied[m.version] { // every one missing, as on SQLite (store.go)
				continue
			}
			if _, err := t.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if m.version == auditSchema {
				if err := t.auditGenesis(); err != nil {
					return fmt.Errorf("migration %s: %w", m.name, err)
				}
			}
			if _, err := t.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, t.now.UTC().Format(time.RFC3339)); err != nil {
				return err
			}
		}
		return nil
	})
}

// rebindConnector hands out PostgreSQL connections that take SQLite's SQL
// (rebind): the one place the ledger's queries are translated.
type rebindConnector struct{ driver.Connector }

func (c rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return rebindConn{conn.(*stdlib.Conn)}, nil
}

type rebindConn struct{ *stdlib.Conn }

// Prepare does not prepare on the server, where parameter types would be
// guessed (see DefaultQueryExecMode): the statement runs each time through
// the connection, with its arguments quoted into it, in one round trip.
func (c rebindConn) Prepare(q string) (driver.Stmt, error) { return &pgStmt{conn: c, q: q}, nil }

func (c rebindConn) PrepareContext(_ context.Context, q string) (driver.Stmt, error) {
	return &pgStmt{conn: c, q: q}, nil
}

// pgStmt is a statement kept as text (see Prepare).
type pgStmt struct {
	conn rebindConn
	q    string
}

func (s *pgStmt) Close() error  { return nil }
func (s *pgStmt) NumInput() int { return -1 }

func (s *pgStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s *pgStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func (s *pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.conn.ExecContext(ctx, s.q, args)
}

func (s *pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.conn.QueryContext(ctx, s.q, args)
}

func named(args []driver.Value) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
}

func (c rebindConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(q), flags(args))
}

func (c rebindConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(q), flags(args))
}

// flags stores a Go bool as the ledger stores every flag, 0 or 1, as
// SQLite does by itself: PostgreSQL would send it as a boolean, which a
// BIGINT column refuses.
func flags(args []driver.NamedValue) []driver.NamedValue {
	for i, a := range args {
		if b, ok := a.Value.(bool); ok {
			args[i].Value = int64(boolInt(b))
		}
	}
	return args
}
