package reports

import (
	"bytes"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"paidup/ledger"
)

// Collator sorts names by the rules of a locale (CLDR collation): in
// Czech, Řeznictví after every R and before S; in Swedish, Ö after Z;
// Latin before Greek before Cyrillic unless the locale says otherwise.
// A bad or empty locale sorts by the root rules. Not safe for concurrent
// use: one per sort.
func Collator(locale string) *collate.Collator {
	tag, err := language.Parse(locale)
	if locale == "" || err != nil {
		tag = language.Und
	}
	return collate.New(tag, collate.IgnoreWidth)
}

// CollateAging orders each currency's customers by name in the locale's
// rules, then by code: the order the ledger gives (SQLite's NOCASE, byte
// order beyond ASCII) puts every name that starts with a letter outside
// ASCII after Z.
func CollateAging(a *ledger.Aging, locale string) {
	c := Collator(locale)
	var buf collate.Buffer
	for i := range a.Sections {
		lines := a.Sections[i].Lines
		keys := make(map[string][]byte, len(lines))
		for _, l := range lines {
			if _, ok := keys[l.CustomerName]; !ok {
				keys[l.CustomerName] = append([]byte(nil), c.KeyFromString(&buf, l.CustomerName)...)
				buf.Reset()
			}
		}
		slices.SortStableFunc(lines, func(x, y ledger.AgingLine) int {
			if d := bytes.Compare(keys[x.CustomerName], keys[y.CustomerName]); d != 0 {
				return d
			}
			return strings.Compare(x.CustomerCode, y.CustomerCode)
		})
	}
}
