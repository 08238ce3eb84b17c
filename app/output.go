package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"paidup/ledger"
	"paidup/reports"
)

// WriteFile writes a document or export to path through a temporary file
// renamed into place, so a failed export never leaves a half-written file
// where the old one was. Documents hold customers' data: the file is 0600
// like the ledger.
func WriteFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	// A document with characters no font has is complete (it says so
	// itself): it is kept, and the warning goes back to the caller.
	werr := write(tmp)
	if _, warning := reports.AsMissingGlyphs(werr); werr != nil && !warning {
		tmp.Close()
		return werr
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		// Windows refuses to replace a file another program holds open
		// (a PDF viewer, Excel); the new file is not written.
		if runtime.GOOS == "windows" && errors.Is(err, fs.ErrPermission) {
			return ledger.Errorf(ledger.ECONFLICT, "write %s: the file is open in another program; close it there and try again", path)
		}
		return fmt.Errorf("write %s: %w", path, err)
	}
	return werr
}

// isDir reports whether path is an existing folder.
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
