package ledger

import (
	"fmt"
	"slices"
	"strings"
)

// DocumentLanguages are the languages invoices, credit notes and
// statements print their own words in (the reports package holds the
// words): English, German, French, Spanish, Dutch, Italian and Polish.
var DocumentLanguages = []string{"en", "de", "fr", "es", "nl", "it", "pl"}

// checkDocumentLanguage accepts a document language by its code, in any
// case ("DE" is "de").
func checkDocumentLanguage(s string) (string, error) {
	l := strings.ToLower(strings.TrimSpace(s))
	if !slices.Contains(DocumentLanguages, l) {
		return "", fmt.Errorf("%q is not a document language: use one of %s", s, strings.Join(DocumentLanguages, ", "))
	}
	return l, nil
}
