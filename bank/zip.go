package bank

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
)

// maxZipEntry bounds one statement unpacked from an archive: a year of
// camt.053 of a busy account is a few megabytes; a zip bomb is not read.
const maxZipEntry = 256 << 20

// isZip tells an archive by its first bytes.
func isZip(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// parseZip parses every statement in a ZIP archive (banks send a month of
// camt.053 files as one), each by its own format. One bad statement
// refuses the archive, naming the file inside it.
func parseZip(data []byte) ([]Statement, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("zip: %w", err)
	}
	var out []Statement
	for _, f := range zr.File {
		base := path.Base(f.Name)
		if f.FileInfo().IsDir() || strings.HasPrefix(base, ".") || strings.HasPrefix(f.Name, "__MACOSX/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("zip %s: %w", f.Name, err)
		}
		body, err := io.ReadAll(io.LimitReader(rc, maxZipEntry+1))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("zip %s: %w", f.Name, err)
		}
		if len(body) > maxZipEntry {
			return nil, fmt.Errorf("zip %s: larger than %d MB unpacked", f.Name, maxZipEntry>>20)
		}
		st, err := Parse(body)
		if err != nil {
			return nil, fmt.Errorf("zip %s: %w", f.Name, err)
		}
		out = append(out, st)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("zip: no statement in the archive")
	}
	return out, nil
}
