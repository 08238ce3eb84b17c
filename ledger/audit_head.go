package ledger

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"
)

// The chain's head is remembered outside the ledger, where cutting the
// chain short or copying an older ledger over this one does not reach:
// in the head file ("COUNT:HASH"; headPath: beside a ledger file,
// LEDGER.audit-head; for a PostgreSQL ledger in the user's config folder),
// in every backup (which holds its own chain), and wherever the user
// writes it down (`paidup audit head`). Verify holds the chain to each.

// auditSchema is the migration that made the audit log: its transaction
// also writes the genesis entry of a ledger that had rows before it.
const auditSchema = 18

// HeadFileSuffix is added to a ledger file's path to name the file that
// remembers its chain's head.
const HeadFileSuffix = ".audit-head"

// headFile is the head waiting to be written beside the ledger: written
// at most once a second while the ledger is open, and when it closes.
type headFile struct {
	mu      sync.Mutex
	pending *AuditHead
	written time.Time
	once    sync.Once
	pgPath  string // a PostgreSQL ledger's head file, once named
}

// headPath is the file that remembers the chain's head: beside a ledger
// file; for a PostgreSQL ledger, which has no file of its own, in the
// user's config folder (Paidup/audit-heads/ in os.UserConfigDir), named
// by the server, port, database and schema the ledger is reached at, so
// that every Paidup on this computer opening it keeps and checks the same
// file, and a server that drops audit rows or gets an older copy restored
// under the same name is caught. "" when it cannot be named.
func (s *Store) headPath() string {
	if s.dialect != postgresDialect {
		return s.path + HeadFileSuffix
	}
	s.heads.once.Do(func() { s.heads.pgPath = s.pgHeadPath() })
	return s.heads.pgPath
}

func (s *Store) pgHeadPath() string {
	cfg, err := pgx.ParseConfig(s.url)
	if err != nil {
		return ""
	}
	var db, schema string
	if err := s.reader().QueryRow(`SELECT current_database(), current_schema()`).Scan(&db, &schema); err != nil {
		return ""
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "Paidup", "audit-heads", PGHeadFileName(cfg.Host, cfg.Port, db, schema))
}

// PGHeadFileName is the name of a PostgreSQL ledger's head file:
// HOST-PORT-DATABASE-SCHEMA (characters other than letters, digits, '.',
// '_' and '-' as '_') and 8 hex digits of the SHA-256 of them all (two
// names that read alike stay apart), then HeadFileSuffix.
func PGHeadFileName(host string, port uint16, db, schema string) string {
	key := fmt.Sprintf("%s\x00%d\x00%s\x00%s", host, port, db, schema)
	sum := sha256.Sum256([]byte(key))
	safe := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-') {
				return r
			}
			return '_'
		}, s)
	}
	return fmt.Sprintf("%s-%d-%s-%s-%s%s", safe(host), port, safe(db), safe(schema), hex.EncodeToString(sum[:4]), HeadFileSuffix)
}

// HeadPath is where the chain's head is remembered outside the ledger
// ("" when nowhere).
func (s *Store) HeadPath() string { return s.headPath() }

// noteHead is called after a commit that appended to the chain.
func (s *Store) noteHead(h AuditHead) {
	if s.headPath() == "" {
		return
	}
	s.heads.mu.Lock()
	defer s.heads.mu.Unlock()
	if s.heads.pending == nil || h.Count > s.heads.pending.Count {
		s.heads.pending = &h
	}
	if time.Since(s.heads.written) >= time.Second {
		s.writeHeadLocked(false)
	}
}

// flushHead writes the head still waiting (Close).
func (s *Store) flushHead() {
	s.heads.mu.Lock()
	defer s.heads.mu.Unlock()
	s.writeHeadLocked(false)
}

// writeHeadLocked writes the pending head beside the ledger, unless the
// file there remembers a longer chain (never moved back: that is what
// verify reports), or force (a restore, a new ledger).
func (s *Store) writeHeadLocked(force bool) {
	h := s.heads.pending
	if h == nil {
		return
	}
	path := s.headPath()
	if path == "" {
		return
	}
	if !force {
		if old, err := ReadHeadFile(path); err == nil && old.Count > h.Count {
			return
		}
	}
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	if s.dialect == postgresDialect {
		// The config folder's; made as the user's alone.
		_ = os.MkdirAll(filepath.Dir(path), 0o700)
	}
	if err := os.WriteFile(tmp, []byte(h.String()+"\n"), 0o600); err != nil {
		return // a read-only folder: the backups still anchor the chain
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return
	}
	s.heads.pending = nil
	s.heads.written = time.Now()
}

// resetHeadFile writes the chain's head beside the ledger even when the
// file there remembers a longer one: after a restore, whose entry names
// the head it replaced.
func (s *Store) resetHeadFile(ctx context.Context) error {
	if s.headPath() == "" {
		return nil
	}
	h, err := s.AuditHead(ctx)
	if err != nil {
		return err
	}
	s.heads.mu.Lock()
	defer s.heads.mu.Unlock()
	s.heads.pending = &h
	s.writeHeadLocked(true)
	return nil
}

// ReadHeadFile reads a head file (LEDGER.audit-head).
func ReadHeadFile(path string) (AuditHead, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return AuditHead{}, err
	}
	return ParseAuditHead(string(b))
}

// AuditHead is the chain's head: its entry count and last hash (zeros for
// an empty chain).
func (s *Store) AuditHead(ctx context.Context) (AuditHead, error) {
	h := AuditHead{Hash: zeroHash}
	err := s.reader().QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&h.Count, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return AuditHead{Hash: zeroHash}, nil
	}
	if err != nil {
		return h, fmt.Errorf("audit head: %w", err)
	}
	return h, nil
}

// reader is the pool to read with: the readers, or the writer while the
// store is opening.
func (s *Store) reader() *sql.DB {
	if s.r != nil {
		return s.r
	}
	return s.w
}

// auditGenesis writes the first entries of a ledger that had rows before
// it had an audit log: a digest of every table as it stands, and the
// digest of every posted document, so that verify holds them to it.
func (t *tx) auditGenesis() error {
	var n int64
	if err := t.QueryRowContext(t.ctx, `SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM customers)`).Scan(&n); err != nil {
		return fmt.Errorf("audit genesis: %w", err)
	}
	if n == 0 {
		return nil // a new ledger: its first change starts the chain
	}
	tables := map[string]any{}
	for _, tb := range ledgerTables {
		exists, err := t.tableExists(tb.name)
		if err != nil {
			return err
		}
		if !exists {
			continue
		}
		rows, sum, err := tableDigest(t.ctx, t, tb.name, tb.order)
		if err != nil {
			return fmt.Errorf("audit genesis: %s: %w", tb.name, err)
		}
		tables[tb.name] = map[string]any{"rows": rows, "sha256": sum}
	}
	set, err := digestDocs(t.ctx, t, nil, true)
	if err != nil {
		return fmt.Errorf("audit genesis: %w", err)
	}
	var units []auditUnit
	for id := range set.dense {
		d := &set.dense[id]
		if d.present && !d.draft {
			units = append(units, auditUnit{id: int64(id), number: d.number, digest: d.digestAs(auditWriteV1)})
		}
	}
	first := AuditEntry{Action: "genesis", Subject: "the ledger as it stood when its audit trail began"}
	var err2 error
	if first.Detail, err2 = jsonOf(map[string]any{"tables": tables, "documents": len(units)}); err2 != nil {
		return err2
	}
	entries := []AuditEntry{first}
	for len(units) > 0 {
		k := min(len(units), auditUnitsPerEntry)
		e := AuditEntry{Action: "genesis.documents", Subject: units[0].number, units: encodeUnits(units[:k]), Documents: k}
		e.Detail, _ = jsonOf(map[string]any{"first": units[0].number, "last": units[k-1].number, "count": k})
		entries = append(entries, e)
		units = units[k:]
	}
	return t.appendEntries(entries)
}

func (t *tx) tableExists(name string) (bool, error) {
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`
	if t.dialect == postgresDialect {
		q = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`
	}
	var n int
	if err := t.QueryRowContext(t.ctx, q, name).Scan(&n); err != nil {
		return false, fmt.Errorf("audit: %w", err)
	}
	return n > 0, nil
}

// tableDigest is a table's row count and the SHA-256 of its rows'
// canonical encoding, in order.
func tableDigest(ctx context.Context, db queryer, table, order string) (int64, string, error) {
	h := sha256.New()
	var c canon
	var n int64
	err := scanRows(ctx, db, `SELECT * FROM `+table+` ORDER BY `+order, nil, func(vals []any) error {
		c.b = c.b[:0]
		for _, v := range vals {
			c.value(v)
		}
		h.Write(c.b)
		n++
		return nil
	})
	return n, hex.EncodeToString(h.Sum(nil)), err
}

func jsonOf(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return b, nil
}
