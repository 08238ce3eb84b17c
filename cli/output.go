package cli

import (
	"fmt"
	"io"

	"paidup/app"
	"paidup/reports"
)

// write writes a report to path ("-" or "" for stdout), a file through
// app.WriteFile (never half-written, 0600), and says which file it wrote.
func (e *env) write(path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(e.stdout)
	}
	err := app.WriteFile(path, write)
	if _, warning := reports.AsMissingGlyphs(err); err != nil && !warning {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %s\n", path)
	return err
}
