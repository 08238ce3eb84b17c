package ui

import (
	"context"
	"fmt"
	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
)

// The window keeps the ledger backed up by itself (app.AutoBackup): when
// it closes (paidapp.App.CloseWithBackup), and while it is open whenever
// the newest backup is a day old. The dashboard says where the last backup
// went, or that it failed: a failed backup is never only logged.

// backupLedger is what the automatic backups need of the ledger.
type backupLedger interface {
	AutoBackup(ctx context.Context) (*paidapp.AutoBackupResult, error)
	BackupHealth(ctx context.Context) (paidapp.BackupHealth, error)
}

// backupCheckEvery is how often the open window looks whether a backup is
// due.
const backupCheckEvery = 30 * time.Minute

// keepBackedUp backs the ledger up whenever one is due, until the window
// closes; the dashboard is told after each attempt.
func (m *mainWindow) keepBackedUp(l backupLedger) {
	ctx := m.base
	go func() {
		tick := time.NewTicker(backupCheckEvery)
		defer tick.Stop()
		for {
			// The first look waits a minute: the first frame and the
			// dashboard come first.
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Minute):
			}
			h, err := l.BackupHealth(ctx)
			if err == nil && h.Due && h.Failed == nil {
				if _, err := l.AutoBackup(ctx); err != nil && ctx.Err() == nil {
					log.Printf("paidup: %v", err)
				}
				m.env.do(m.backupChanged)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
}

// backupChanged refreshes the dashboard's backup line, if it is built.
func (m *mainWindow) backupChanged() {
	if d, ok := m.built["dashboard"].(*dashboardScreen); ok && !m.closed {
		d.loadBackupHealth()
	}
}

// backupHealthLedger is the optional part of a dashboard's ledger that
// reports on the automatic backups (the application layer has it).
type backupHealthLedger interface {
	BackupHealth(ctx context.Context) (paidapp.BackupHealth, error)
}

// newBackupLine is the dashboard's line on the backups.
func newBackupLine() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	return l
}

// loadBackupHealth shows where the last backup went, or that it failed.
func (s *dashboardScreen) loadBackupHealth() {
	h, ok := s.l.(backupHealthLedger)
	if !ok {
		return
	}
	run(s.app, s.base, "Could not read the backup folder", func(ctx context.Context) (paidapp.BackupHealth, error) {
		return h.BackupHealth(ctx)
	}, s.showBackupHealth)
}

func (s *dashboardScreen) showBackupHealth(h paidapp.BackupHealth) {
	switch {
	case h.Failed != nil:
		s.backup.Importance = widget.DangerImportance
		s.backup.SetText(fmt.Sprintf("The last automatic backup failed: %s. Set another folder under Settings (backup.dir), or back up by hand.", userMessage(h.Failed)))
	case h.Newest.Path == "":
		s.backup.Importance = widget.WarningImportance
		s.backup.SetText("No automatic backup yet: one is made when the window closes, into " + h.Dir + ".")
	case h.Due:
		s.backup.Importance = widget.WarningImportance
		s.backup.SetText(fmt.Sprintf("The newest backup is from %s (%s); another is made soon.", h.Newest.Time.Format("2006-01-02 15:04"), h.Newest.Path))
	default:
		s.backup.Importance = widget.LowImportance
		s.backup.SetText(fmt.Sprintf("Backed up %s to %s.", h.Newest.Time.Format("2006-01-02 15:04"), h.Newest.Path))
	}
}
