package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// checkLedger runs the ledger's own check (paidup check) as a task: the
// file's integrity and every invariant of the books. On a million
// invoices it takes most of a minute, so it can be cancelled.
func (s *settingsScreen) checkLedger() {
	var rep *ledger.CheckReport
	s.task("Checking the ledger", func(ctx context.Context, progress func(string)) error {
		progress("Reading every page of " + s.l.Path() + " and every entry of the books…")
		var err error
		rep, err = s.l.Check(ctx)
		return err
	}, func() { s.showCheck(rep) })
}

// showCheck tells what the check found, in a dialog.
func (a *app) showCheck(rep *ledger.CheckReport) {
	l := widget.NewLabel(checkText(rep))
	l.Wrapping = fyne.TextWrapWord
	title := "The ledger is sound"
	if !rep.OK() {
		title = "The ledger has problems"
	}
	d := dialog.NewCustom(title, "Close", container.NewVScroll(l), a.win)
	d.Resize(fyne.NewSize(640, 420))
	d.Show()
}

// checkText words a check report as `paidup check` prints it.
func checkText(rep *ledger.CheckReport) string {
	var b strings.Builder
	if !rep.OK() {
		fmt.Fprintf(&b, "%d problem(s) found. Keep a backup of this file before changing anything, and restore an earlier backup if in doubt.\n\n", len(rep.Problems))
		for _, p := range rep.Problems {
			b.WriteString("• " + p + "\n")
		}
		return b.String()
	}
	fmt.Fprintf(&b, "%d documents and %d journal entries. The file's integrity is intact and every entry balances.\n",
		rep.Documents, rep.Entries)
	var curs []string
	for c := range rep.Receivable {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	for _, c := range curs {
		fmt.Fprintf(&b, "\n%s: receivable account %s = the open invoices; credit account %s = the unapplied credits.",
			c, ledger.NewMoney(rep.Receivable[c], c), ledger.NewMoney(rep.Credits[c], c))
	}
	return b.String()
}
