package app

import (
	"context"
	"errors"
	"io/fs"
	"os"

	"paidup/ledger"
)

// CreateNew makes a new ledger file at path on the user's explicit choice
// (the window's "New ledger file…"). Whatever is at path already, a
// ledger or any other file, is refused untouched: making a ledger must
// never be a way to lose one.
func CreateNew(ctx context.Context, path string) (*App, error) {
	if ledger.IsPostgresURL(path) {
		return nil, ledger.Errorf(ledger.EINVALID, "a new office ledger is made on its server (README, \"An office ledger on PostgreSQL\"), then connected to")
	}
	if _, err := os.Lstat(path); err == nil {
		return nil, ledger.Errorf(ledger.ECONFLICT, "%s exists already: choose another name, or open it with Open ledger file", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return Create(ctx, path)
}
