package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
)

// The dashboard says where the automatic backup went, and says it loudly
// when one failed.
func TestDashboardShowsBackups(t *testing.T) {
	m, h, st := openLedger(t, "dashboard")
	ctx := context.Background()
	d := m.built["dashboard"].(*dashboardScreen)
	if got := d.backup.Text; !strings.HasPrefix(got, "No automatic backup yet") {
		t.Fatalf("a new ledger's dashboard says %q", got)
	}
	a := m.src.window.(*paidapp.App)
	res, err := a.AutoBackup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m.backupChanged()
	h.settle(t)
	if got := d.backup.Text; !strings.Contains(got, res.Path) || d.backup.Importance == widget.DangerImportance {
		t.Fatalf("after a backup the dashboard says %q", got)
	}
	blocker := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := st.ChangeSetting(ctx, "backup.dir", filepath.Join(blocker, "backups")); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AutoBackup(ctx); err == nil {
		t.Fatal("a backup under a file did not fail")
	}
	m.backupChanged()
	h.settle(t)
	if got := d.backup.Text; !strings.HasPrefix(got, "The last automatic backup failed") || d.backup.Importance != widget.DangerImportance {
		t.Fatalf("after a failed backup the dashboard says %q", got)
	}
}
