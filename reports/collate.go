package reports

import (
	"bytes"
	"slices"
	"strings"

	"golang.org/x/text/collate"

	"paidup/ledger"
)

// CollateAging orders each currency's customers by name in the locale's
// rules, then by code: the order the ledger gives (SQLite's NOCASE, byte
// order beyond ASCII) puts every name that starts with a letter outside
// ASCII after Z.
func CollateAging(a *ledger.Aging, locale string) {
	c := ledger.Collator(locale)
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
