package reports

import (
	"strings"
	"testing"

	"paidup/ledger"
)

// TestCollateAging orders one aging by Czech and by English rules: in
// Czech Ř is a letter of its own after R, in English an R with a mark;
// Greek and Cyrillic names come after Latin ones in both; without
// collation (the ledger's order) every name starting outside ASCII would
// come after Z.
func TestCollateAging(t *testing.T) {
	names := []string{"Zahradnictví Novák", "Ромашка", "Řeznictví Dvořák", "Ελληνική Α.Ε.", "Sklenářství Malý", "Rybářství Kolář", "Čokoládovna Praha", "Acme s.r.o.", "cukrárna Sladká"}
	for _, c := range []struct{ locale, want string }{
		{"cs-CZ", "Acme s.r.o.|cukrárna Sladká|Čokoládovna Praha|Rybářství Kolář|Řeznictví Dvořák|Sklenářství Malý|Zahradnictví Novák|Ελληνική Α.Ε.|Ромашка"},
		{"en", "Acme s.r.o.|Čokoládovna Praha|cukrárna Sladká|Řeznictví Dvořák|Rybářství Kolář|Sklenářství Malý|Zahradnictví Novák|Ελληνική Α.Ε.|Ромашка"},
	} {
		a := &ledger.Aging{Sections: []ledger.AgingSection{{Currency: "CZK"}}}
		for i, n := range names {
			a.Sections[0].Lines = append(a.Sections[0].Lines, ledger.AgingLine{CustomerCode: string(rune('A' + i)), CustomerName: n})
		}
		CollateAging(a, c.locale)
		var got []string
		for _, l := range a.Sections[0].Lines {
			got = append(got, l.CustomerName)
		}
		if g := strings.Join(got, "|"); g != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.locale, g, c.want)
		}
	}
}
