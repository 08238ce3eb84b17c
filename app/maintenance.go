package app

import (
	"context"
	"fmt"
)

// SafetyCopyName is where a restore keeps the ledger as it was: beside it,
// named by the moment of the restore, so no two restores share a name.
func (a *App) SafetyCopyName() string {
	return a.Path() + ".before-restore-" + a.Now().UTC().Format("20060102T150405Z") + ".db"
}

// RestoreFrom replaces the ledger's contents with a verified backup and
// returns where the ledger as it was is kept.
func (a *App) RestoreFrom(ctx context.Context, backup string) (string, error) {
	safety := a.SafetyCopyName()
	if err := a.Restore(ctx, backup, safety); err != nil {
		return "", fmt.Errorf("restore from %s: %w", backup, err)
	}
	// The restored ledger is backed up at once, like an import's result;
	// LastAutoBackup says how that went.
	a.AutoBackup(ctx)
	return safety, nil
}
