package ui

import (
	"strings"
	"testing"

	"paidup/ledger"
)

func TestCheckLedgerFromSettings(t *testing.T) {
	m, h, _ := openDemo(t, "settings")
	tapIn(t, m.win.Content(), "Check the ledger")
	h.settle(t)
	got := overlayTexts(m)
	for _, want := range []string{"journal entries. The file's integrity is intact and every entry balances.", "EUR: receivable account"} {
		if !strings.Contains(got, want) {
			t.Errorf("the check says %q; want %q in it", got, want)
		}
	}
}

func TestCheckText(t *testing.T) {
	bad := &ledger.CheckReport{Problems: []string{"entry 7 does not balance in EUR: 1.00"}}
	got := checkText(bad)
	if !strings.HasPrefix(got, "1 problem(s) found.") || !strings.Contains(got, "• entry 7 does not balance in EUR: 1.00") {
		t.Errorf("problems worded as %q", got)
	}
}
