package reports

import (
	"fmt"
	"strings"
	"time"

	"paidup/ledger"
)

// FileSafe turns a document number or customer code into a file name
// part: anything but letters, digits, '.', '-' and '_' becomes '_', so
// "2026/001" cannot write into a folder "2026".
func FileSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, s)
	if strings.Trim(s, ".") == "" {
		s = "_" + s
	}
	return s
}

// StatementFileName is the default file of a customer's statement.
func StatementFileName(code string, date time.Time) string {
	return fmt.Sprintf("statement-%s-%s.pdf", FileSafe(code), date.Format(ledger.DateLayout))
}
