package ledger

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is an open ledger file.
//
// Writes go through one connection with BEGIN IMMEDIATE, so two writers
// (the GUI and a cron'd reminder run) queue on busy_timeout instead of
// failing on a lock upgrade; reads use a separate pool and, thanks to WAL,
// never wait for a writer.
type Store struct {
	path    string // the file, or a PostgreSQL URL without its password
	url     string // a PostgreSQL ledger's URL as given, to open it again
	w       *sql.DB
	r       *sql.DB
	dialect dialect
	// Now is the clock; tests replace it.
	Now func() time.Time
	// OnBusy, if set, is called when a write has waited a second for
	// another Paidup to finish with the ledger file; it should say so
	// ("waiting for another Paidup to finish…"). It may run on another
	// goroutine.
	OnBusy func()
	// The audit chain's head last appended, for the file beside the
	// ledger that remembers it (audit_head.go).
	heads headFile
}

// dsn puts the pragmas in the connection string so that every pooled
// connection gets them: a PRAGMA run with Exec reaches only one connection.
// busy_timeout comes first so that setting WAL itself waits for a lock.
func dsn(path string, write bool) string {
	v := url.Values{}
	v.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	v.Add("_pragma", "journal_mode(WAL)")
	v.Add("_pragma", "synchronous(FULL)")
	v.Add("_pragma", "foreign_keys(1)")
	// Page cache per connection: the writer gets 64 MiB for bulk imports;
	// each reader SQLite's default of 2 MiB. Readers scan far more than
	// any cache holds and the OS keeps the file's pages anyway: on a
	// million invoices 16 MiB readers were no faster, but a window running
	// its four dashboard queries side by side peaked 110 MB higher.
	if write {
		v.Add("_pragma", "cache_size(-65536)")
		v.Set("_txlock", "immediate")
	} else {
		v.Add("_pragma", "cache_size(-2048)")
		v.Add("_pragma", "query_only(1)")
	}
	return fileURI(path) + "?" + v.Encode()
}

// fileURI makes a SQLite URI of a path: SQLite reads '?' and '#' in a URI
// as the start of a query or fragment, so they (and '%') are escaped; a
// folder such as "Invoices #2" must not open another file.
func fileURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
}

// DefaultPath is where the ledger lives when no --db is given: the
// user's data folder in the system's convention, e.g.
// ~/.local/share/Paidup/paidup.db, %AppData%\Paidup\paidup.db on Windows,
// ~/Library/Application Support/Paidup/paidup.db on macOS.
func DefaultPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	switch {
	case runtime.GOOS == "windows" || runtime.GOOS == "darwin":
		var err error
		if dir, err = os.UserConfigDir(); err != nil {
			return "", fmt.Errorf("find the user's data folder: %w", err)
		}
	case dir == "":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find home folder: %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "Paidup", "paidup.db"), nil
}

// openSQLite opens a ledger file that openFile made or recognised, and
// brings its schema up to date.
func openSQLite(ctx context.Context, path string) (*Store, error) {
	w, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("open ledger: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	s := &Store{path: path, w: w, Now: time.Now}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open ledger %s: %w", path, busy(path, err))
	}
	if err := s.markOurs(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open ledger: %w", err)
	}
	// Four readers: screens load side by side and a streamed report may
	// run a query per row it reads; a smaller pool risks two such readers
	// each waiting for a connection the other holds.
	r.SetMaxOpenConns(4)
	s.r = r
	return s, nil
}

// Path is the ledger file.
func (s *Store) Path() string { return s.path }

// Close closes the ledger; WAL is checkpointed by SQLite on the last close.
func (s *Store) Close() error {
	s.flushHead()
	return errors.Join(s.r.Close(), s.w.Close())
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) { return readMigrations(migrationFS, "migrations") }

// readMigrations reads the numbered migration files of a folder, in order.
func readMigrations(fsys fs.ReadFileFS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", e.Name())
		}
		b, err := fsys.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// SchemaVersion is the newest migration this binary knows.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	ms, err := migrations()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var current int
	if err := s.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if last := ms[len(ms)-1].version; current > last {
		return Errorf(ECONFLICT, "this ledger has schema version %d but this Paidup knows only %d: use a newer Paidup", current, last)
	}
	// A new, empty file has nothing to lose; any other gets a backup.
	var objects int
	if err := s.w.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name <> 'schema_migrations'`).Scan(&objects); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	backedUp := objects == 0
	applied, err := appliedVersions(ctx, s.w)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range ms {
		// Every migration not yet applied, not only those above the
		// newest: a ledger that took a later one first (two lines of work
		// landing out of order) still gets the earlier one.
		if applied[m.version] {
			continue
		}
		if !backedUp {
			bak := fmt.Sprintf("%s.v%d-%s.bak", s.path, current, s.Now().UTC().Format("20060102T150405Z"))
			if err := s.Backup(ctx, bak); err != nil {
				return fmt.Errorf("backup before migrating: %w", err)
			}
			backedUp = true
		}
		err := s.write(ctx, func(t *tx) error {
			t.audit = &auditTx{off: true}
			if _, err := t.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			if m.version == auditSchema {
				if err := t.auditGenesis(); err != nil {
					return err
				}
			}
			_, err := t.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, t.now.UTC().Format(time.RFC3339))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// appliedVersions is the set of migrations a ledger has had.
func appliedVersions(ctx context.Context, db querier) (map[int]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out[v] = true
	}
	return out, rows.Err()
}

// tx is a write transaction with a fixed clock and cached statements.
type tx struct {
	*sql.Tx
	ctx     context.Context
	now     time.Time
	dialect dialect
	stmts   map[string]*sql.Stmt
	// freshNumbers skips the check that a given document number is free,
	// for the demo, which numbers an empty ledger itself.
	freshNumbers bool
	// audit is what the transaction changed, for the audit trail
	// (audit.go); head is the chain's end once flushAudit appended to it.
	audit *auditTx
	head  *AuditHead
}

// write runs fn in one immediate transaction, committing only if fn returns nil.
//
// On PostgreSQL the transaction is SERIALIZABLE: it commits only if it
// could have run alone, so two desks issuing, allocating or numbering at
// once cannot interleave; the one that loses is run again from the start
// (fn must only touch the database), a few times before giving up.
func (s *Store) write(ctx context.Context, fn func(*tx) error) error {
	if s.dialect != postgresDialect {
		return busy(s.path, s.writeOn(ctx, s.w, fn))
	}
	// Eight desks numbering invoices at once lose often: the counter row
	// lets one through at a time. A randomised, growing pause spreads them.
	const attempts = 200
	for i := 1; ; i++ {
		err := s.writeOn(ctx, serializable{s.w}, fn)
		if err == nil || !retryable(err) || i == attempts || ctx.Err() != nil {
			return denied(err)
		}
		time.Sleep(time.Duration(rand.IntN(min(i, 20))+1) * time.Millisecond)
	}
}

// serializable begins SERIALIZABLE transactions on a pool.
type serializable struct{ db *sql.DB }

func (s serializable) BeginTx(ctx context.Context, _ *sql.TxOptions) (*sql.Tx, error) {
	return s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
}

// writeOn is write on db: the writer pool, or its connection held by a
// caller that sets a pragma around the transaction (the demo).
func (s *Store) writeOn(ctx context.Context, db interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}, fn func(*tx) error) (err error) {
	sqlTx, err := s.begin(ctx, db)
	if err != nil {
		return err
	}
	t := &tx{Tx: sqlTx, ctx: ctx, now: s.Now(), dialect: s.dialect, stmts: map[string]*sql.Stmt{}}
	defer func() {
		for _, st := range t.stmts {
			st.Close()
		}
		if err != nil {
			if rbErr := sqlTx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
				err = errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
			}
		}
	}()
	if err = fn(t); err != nil {
		return err
	}
	if err = t.flushAudit(); err != nil {
		return err
	}
	if s.dialect == postgresDialect {
		// Delivered with the commit, and only if it commits (Watch).
		if _, err = sqlTx.ExecContext(ctx, `SELECT pg_notify('`+changeChannel+`', '')`); err != nil {
			return fmt.Errorf("notify: %w", err)
		}
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if t.head != nil {
		s.noteHead(*t.head)
	}
	return nil
}

// exec runs a cached prepared statement: bulk paths (import, demo) run the
// same few statements hundreds of thousands of times.
func (t *tx) exec(q string, args ...any) (sql.Result, error) {
	st, err := t.stmt(q)
	if err != nil {
		return nil, err
	}
	t.noteWrite(q, args)
	if err := t.auditErr(); err != nil {
		return nil, err
	}
	return st.ExecContext(t.ctx, args...)
}

func (t *tx) queryRow(q string, args ...any) *sql.Row {
	st, err := t.stmt(q)
	if err != nil {
		// QueryRowContext on the tx reports the same prepare error on Scan.
		return t.QueryRowContext(t.ctx, q, args...)
	}
	return st.QueryRowContext(t.ctx, args...)
}

func (t *tx) stmt(q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.PrepareContext(t.ctx, q)
	if err != nil {
		return nil, err
	}
	t.stmts[q] = st
	return st, nil
}

// newID is the id the next row of table gets, for a row whose id must be
// known before it is written (an outbox row's Message-ID is made of it):
// on SQLite the next after the largest (rows are never deleted, and the
// write lock is held), on PostgreSQL the table's identity sequence.
func (t *tx) newID(table string) (int64, error) {
	q := `SELECT COALESCE(MAX(id), 0) + 1 FROM ` + table
	if t.dialect == postgresDialect {
		q = `SELECT nextval(pg_get_serial_sequence('` + table + `', 'id'))`
	}
	var id int64
	if err := t.queryRow(q).Scan(&id); err != nil {
		return 0, fmt.Errorf("new %s id: %w", table, err)
	}
	return id, nil
}

// insertID runs an INSERT and returns the new row's id (RETURNING works on
// both databases; PostgreSQL has no LastInsertId).
func (t *tx) insertID(q string, args ...any) (int64, error) {
	var id int64
	t.noteWrite(q, args)
	if err := t.auditErr(); err != nil {
		return 0, err
	}
	if err := t.queryRow(q+` RETURNING id`, args...).Scan(&id); err != nil {
		return 0, err
	}
	t.noteInsertID(q, id)
	return id, nil
}

// Setting returns a stored setting, or def when it is unset.
func (s *Store) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores a setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	return s.write(ctx, func(t *tx) error {
		_, err := t.exec(`INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		if err != nil {
			return fmt.Errorf("set %s: %w", key, err)
		}
		return nil
	})
}
