package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"paidup/ledger"
)

// Automatic backups: the window backs the ledger up when it closes, at
// most once a day while it is open, and after an import or a restore;
// `paidup backup --auto` does the same for cron. Each backup is a
// consistent copy (ledger.Store.BackupQuick: VACUUM INTO, or the portable
// file of a PostgreSQL ledger) written under a temporary name, verified
// read-only with quick_check, then given its dated name, and the folder
// is rotated: the newest backup of each of the last 7 days, 5 weeks and
// 12 months is kept, the rest removed. The folder is backup.dir, by
// default beside the ledger. A failure is returned and kept for the
// dashboard (BackupHealth), never swallowed.

// backupStamp is how a backup's name dates it: local time, to the second.
const backupStamp = "2006-01-02-150405"

// Rotation: how many of the newest days, weeks and months keep a backup.
const (
	keepDays   = 7
	keepWeeks  = 5
	keepMonths = 12
)

// BackupDue is how old the newest backup may be before the window makes
// another while it is open.
const BackupDue = 24 * time.Hour

// AutoBackupResult is what an automatic backup did.
type AutoBackupResult struct {
	Path    string   // the backup written
	Removed []string // older backups the rotation let go
}

// backupState is the last automatic backup's outcome in this process,
// shared by the copies of an App (the window's, a run's).
type backupState struct {
	mu   sync.Mutex
	res  *AutoBackupResult
	err  error
	when time.Time
}

// LastAutoBackup is the outcome of this session's last automatic backup
// (nil, nil when there was none): the command line reports the one an
// import made.
func (a *App) LastAutoBackup() (*AutoBackupResult, error) {
	a.backups.mu.Lock()
	defer a.backups.mu.Unlock()
	return a.backups.res, a.backups.err
}

// BackupDir is where the automatic backups of this ledger go: backup.dir,
// else the default beside the ledger.
func (a *App) BackupDir(ctx context.Context) (string, error) {
	dir, err := a.Setting(ctx, "backup.dir", "")
	if err != nil || dir != "" {
		return dir, err
	}
	return DefaultBackupDir(a.Path())
}

// DefaultBackupDir is the folder beside a ledger file named after it
// ("paidup backups" beside paidup.db); for an office ledger, a folder
// named after its database in the user's Paidup data folder.
func DefaultBackupDir(path string) (string, error) {
	if !ledger.IsPostgresURL(path) {
		return filepath.Join(filepath.Dir(path), backupBase(path)+" backups"), nil
	}
	def, err := ledger.DefaultPath()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(def), "backups", backupBase(path)), nil
}

// backupBase names a ledger's backups: the file's name without its
// extension, or an office ledger's database.
func backupBase(path string) string {
	if ledger.IsPostgresURL(path) {
		if u, err := url.Parse(path); err == nil && strings.Trim(u.Path, "/") != "" {
			return strings.Trim(u.Path, "/")
		}
		return "office"
	}
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

// AutoBackup writes a verified backup into BackupDir, then rotates the
// folder. Its outcome is kept for BackupHealth.
func (a *App) AutoBackup(ctx context.Context) (*AutoBackupResult, error) {
	res, err := a.autoBackup(ctx)
	a.backups.mu.Lock()
	a.backups.res, a.backups.err, a.backups.when = res, err, a.Now()
	a.backups.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("automatic backup: %w", err)
	}
	return res, nil
}

func (a *App) autoBackup(ctx context.Context) (*AutoBackupResult, error) {
	dir, err := a.BackupDir(ctx)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	base := backupBase(a.Path())
	name := base + "-" + a.Now().Local().Format(backupStamp)
	final := filepath.Join(dir, name+".db")
	// A second backup within one second (by the clock) is numbered after
	// every one of that second, so it sorts as the newer.
	if bs, err := Backups(dir, base); err == nil {
		seq := 0
		for _, b := range bs {
			if b.Time.Format(backupStamp) == a.Now().Local().Format(backupStamp) {
				seq = max(seq, b.Seq)
			}
		}
		if seq > 0 {
			final = filepath.Join(dir, fmt.Sprintf("%s-%d.db", name, seq+1))
		}
	}
	if exists(final) {
		return nil, ledger.Errorf(ledger.ECONFLICT, "%s exists already and is not a Paidup backup's name", final)
	}
	// Written under another name and renamed once verified: a crash or a
	// full disk midway leaves no half backup that looks like a whole one.
	tmp := final + ".partial"
	os.Remove(tmp)
	if err := a.BackupQuick(ctx, tmp); err != nil {
		os.Remove(tmp)
		return nil, err
	}
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return nil, err
	}
	removed, err := RotateBackups(dir, base, final)
	if err != nil {
		return &AutoBackupResult{Path: final, Removed: removed}, fmt.Errorf("backed up to %s, but the rotation failed: %w", final, err)
	}
	return &AutoBackupResult{Path: final, Removed: removed}, nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// Backup is one automatic backup found in the folder.
type Backup struct {
	Path string
	Time time.Time // from its name
	Seq  int       // 2, 3… for a second or third backup within a second
	Size int64
}

// Backups lists the automatic backups of the ledger named base in dir,
// newest first. Files of other names are not Paidup's and left alone.
func Backups(dir, base string) ([]Backup, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(base) + `-(\d{4}-\d{2}-\d{2}-\d{6})(-\d+)?\.db$`)
	var out []Backup
	for _, e := range entries {
		m := re.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		t, err := time.ParseInLocation(backupStamp, m[1], time.Local)
		if err != nil {
			continue
		}
		b := Backup{Path: filepath.Join(dir, e.Name()), Time: t, Seq: 1}
		if m[2] != "" {
			b.Seq, _ = strconv.Atoi(m[2][1:])
		}
		if fi, err := e.Info(); err == nil {
			b.Size = fi.Size()
		}
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.After(out[j].Time)
		}
		return out[i].Seq > out[j].Seq
	})
	return out, nil
}

// RotateBackups removes the automatic backups of base in dir that the
// rotation does not keep (KeepBackups), never the one at keep (the
// backup just written), and returns their paths.
func RotateBackups(dir, base, keep string) ([]string, error) {
	bs, err := Backups(dir, base)
	if err != nil {
		return nil, err
	}
	times := make([]time.Time, len(bs))
	for i, b := range bs {
		times[i] = b.Time
	}
	kept := KeepBackups(times)
	var removed []string
	var errs []error
	for i, b := range bs {
		if kept[i] || b.Path == keep {
			continue
		}
		if err := os.Remove(b.Path); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, b.Path)
	}
	return removed, errors.Join(errs...)
}

// KeepBackups says which backups, taken at times (newest first), the
// rotation keeps: the newest of each of the 7 most recent days that have
// one, of the 5 most recent ISO weeks and of the 12 most recent months.
func KeepBackups(times []time.Time) []bool {
	keep := make([]bool, len(times))
	days, weeks, months := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for i, t := range times {
		y, w := t.ISOWeek()
		for _, k := range []struct {
			seen  map[string]bool
			key   string
			limit int
		}{{days, t.Format("2006-01-02"), keepDays}, {weeks, fmt.Sprintf("%d-W%02d", y, w), keepWeeks}, {months, t.Format("2006-01"), keepMonths}} {
			if !k.seen[k.key] && len(k.seen) < k.limit {
				k.seen[k.key] = true
				keep[i] = true
			}
		}
	}
	return keep
}

// BackupHealth is what the dashboard says of the automatic backups.
type BackupHealth struct {
	Dir    string
	Newest Backup // zero Path: none yet
	// Failed is the last automatic backup of this session, if it failed.
	Failed error
	// Due: no backup within BackupDue (or none at all).
	Due bool
}

// BackupHealth reads the backup folder and the last outcome.
func (a *App) BackupHealth(ctx context.Context) (BackupHealth, error) {
	dir, err := a.BackupDir(ctx)
	if err != nil {
		return BackupHealth{}, err
	}
	h := BackupHealth{Dir: dir}
	// A folder that cannot be read is a failure to show, like a backup
	// that could not be written.
	bs, listErr := Backups(dir, backupBase(a.Path()))
	if len(bs) > 0 {
		h.Newest = bs[0]
	}
	h.Due = len(bs) == 0 || a.Now().Sub(bs[0].Time) >= BackupDue
	a.backups.mu.Lock()
	h.Failed = a.backups.err
	a.backups.mu.Unlock()
	if h.Failed == nil && listErr != nil {
		h.Failed = fmt.Errorf("the backup folder: %w", listErr)
	}
	return h, nil
}

// CloseWithBackup backs the ledger up (when it is not read-only to this
// user) and closes it, for the window's close; a failed backup is written
// to log, as no window is left to show it, and seen on the next start as
// a backup that is due.
func (a *App) CloseWithBackup(ctx context.Context, log io.Writer) error {
	if _, err := a.AutoBackup(ctx); err != nil {
		fmt.Fprintf(log, "paidup: %v\n", err)
	}
	return a.Close()
}
