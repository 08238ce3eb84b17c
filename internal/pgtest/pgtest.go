// Package pgtest starts a throwaway PostgreSQL cluster for tests: initdb
// and pg_ctl from Debian's postgresql package, in a temporary folder,
// listening only on a Unix socket there, never on the network. Nothing is
// downloaded and no Docker is needed. A test process starts at most one
// cluster (on first use) and Main stops it when the tests end; each test
// gets a database of its own.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver of LedgerPath
)

// cluster is the one running cluster of this process.
var cluster struct {
	once sync.Once
	dir  string // the temporary folder: data/ and the socket
	bin  string // the folder of initdb and pg_ctl
	as   []string
	err  error
	n    atomic.Int64
}

// Main runs the tests and stops the cluster, if one was started, after
// them: use it from TestMain. The tests' data folder (XDG_DATA_HOME, where
// an office ledger's automatic backups go by default) is a temporary one,
// so no test writes into the user's own.
func Main(m *testing.M) int {
	data, err := os.MkdirTemp("", "paidup-data")
	if err == nil {
		os.Setenv("XDG_DATA_HOME", data)
		defer os.RemoveAll(data)
	}
	// A PostgreSQL ledger's audit head file goes to the user's config
	// folder: the tests' to a folder of their own.
	config, err := os.MkdirTemp("", "paidup-config")
	if err == nil {
		os.Setenv("XDG_CONFIG_HOME", config)
		defer os.RemoveAll(config)
	}
	code := m.Run()
	Stop()
	return code
}

// Stop stops the cluster and removes its folder.
func Stop() {
	if cluster.dir == "" || cluster.err != nil {
		return
	}
	ctl := exec.Command(filepath.Join(cluster.bin, "pg_ctl"), "-D", filepath.Join(cluster.dir, "data"), "-m", "immediate", "-w", "stop")
	runAs(ctl)
	_ = ctl.Run()
	os.RemoveAll(cluster.dir)
}

// binDir finds initdb and pg_ctl: on PATH, else the newest of Debian's
// /usr/lib/postgresql/N/bin.
func binDir() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi < vj
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	return "", errors.New("PostgreSQL's initdb and pg_ctl are not installed: run scripts/deps.sh test, or apt-get install postgresql")
}

// runAs makes cmd run as the postgres user when this process is root:
// initdb refuses to run as root.
func runAs(cmd *exec.Cmd) {
	if len(cluster.as) > 0 {
		cmd.Args = append(append([]string{}, cluster.as...), cmd.Args...)
		cmd.Path = cluster.as[0]
		if p, err := exec.LookPath(cluster.as[0]); err == nil {
			cmd.Path = p
		}
	}
}

func start() error {
	bin, err := binDir()
	if err != nil {
		return err
	}
	cluster.bin = bin
	// A short folder: a Unix socket path has room for about 100 bytes.
	dir, err := os.MkdirTemp("", "pg")
	if err != nil {
		return err
	}
	cluster.dir = dir
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root, initdb needs the postgres user (from the postgresql package): %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return err
		}
		runuser := "/usr/sbin/runuser" // not on every PATH (cron, sudo -s)
		if p, err := exec.LookPath("runuser"); err == nil {
			runuser = p
		}
		cluster.as = []string{runuser, "-u", "postgres", "--"}
	}
	run := func(name string, args ...string) error {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		runAs(cmd)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %v\n%s", name, err, out)
		}
		return nil
	}
	data := filepath.Join(dir, "data")
	if err := run("initdb", "-D", data, "-A", "trust", "-U", "paidup", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		return err
	}
	// Durability is not what these tests are about: fsync off keeps them fast.
	opts := fmt.Sprintf("-k %s -c listen_addresses='' -c max_connections=200", dir)
	// Tests need no durability; a benchmark (PAIDUP_PG_DURABLE=1) measures
	// a server as an office would run it: every commit on disk, and a
	// shared cache sized for a small server.
	if os.Getenv("PAIDUP_PG_DURABLE") == "" {
		opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	} else {
		opts += " -c shared_buffers=512MB"
	}
	if err := run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		return fmt.Errorf("%w\n%s", err, log)
	}
	return nil
}

// URL is the connection URL of database name in the cluster.
func URL(name string) string {
	return fmt.Sprintf("postgres://paidup@/%s?host=%s&sslmode=disable", name, cluster.dir)
}

// NewDatabase starts the cluster if need be and creates an empty database
// for the test, dropped when the test ends; it returns its URL.
// In -short mode (the quick edit-test loop) it skips the test instead,
// unless PAIDUP_TEST_BACKEND=postgres asks for the PostgreSQL run.
func NewDatabase(tb testing.TB, open func(url string) (*sql.DB, error)) string {
	tb.Helper()
	if testing.Short() && os.Getenv("PAIDUP_TEST_BACKEND") != "postgres" {
		tb.Skip("needs a PostgreSQL server (initdb, pg_ctl): skipped in -short mode")
	}
	cluster.once.Do(func() { cluster.err = start() })
	if cluster.err != nil {
		tb.Fatalf("PostgreSQL test cluster: %v", cluster.err)
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), cluster.n.Add(1))
	admin, err := open(URL("postgres"))
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		admin, err := open(URL("postgres"))
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return URL(name)
}

// Psql runs SQL in database name with psql, for tests that tamper with a
// ledger the way a person would.
func Psql(name, sqlText string) (string, error) {
	psql := filepath.Join(cluster.bin, "psql")
	if p, err := exec.LookPath("psql"); err == nil {
		psql = p
	}
	cmd := exec.Command(psql, "-X", "-q", "-A", "-t", "-h", cluster.dir, "-U", "paidup", "-d", name, "-c", sqlText)
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// OnPostgres reports whether this test run is the PostgreSQL one
// (PAIDUP_TEST_BACKEND=postgres, as make test sets for its second run).
func OnPostgres() bool { return os.Getenv("PAIDUP_TEST_BACKEND") == "postgres" }

// LedgerPath is where a test's ledger lives on the backend under test: a
// file of that name in a new temporary folder, or on the PostgreSQL run a
// new database (its URL).
func LedgerPath(tb testing.TB, file string) string {
	tb.Helper()
	if OnPostgres() {
		return NewDatabase(tb, func(url string) (*sql.DB, error) { return sql.Open("pgx", url) })
	}
	return filepath.Join(tb.TempDir(), file)
}

// SQLiteOnly skips, on the PostgreSQL run, a test of what only a ledger
// file has (its bytes, a child process killed over it, the sqlite3 shell);
// the SQLite run of the same suite covers it.
func SQLiteOnly(tb testing.TB) {
	tb.Helper()
	if OnPostgres() {
		tb.Skip("a test of the SQLite ledger file itself: not part of the PostgreSQL run")
	}
}
