package app

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"paidup/ledger"
)

// Lines says what a move did, or would do, in the words the command line
// and the window both print: the counts, what was open per currency in the
// source and here, and what was left out with the reason.
func (r *MigrationReport) Lines() []string {
	res := r.Result
	verb := "moved in"
	if res.DryRun {
		verb = "would move in (dry run, nothing written)"
	}
	lines := []string{fmt.Sprintf("%s from %s: %s, %s, %s, %s, %s set against invoices later",
		verb, r.From, ledger.Plural(res.Customers, "customer"), ledger.Plural(res.Invoices, "invoice"),
		ledger.Plural(res.Credits, "credit note"), ledger.Plural(res.Payments, "payment"), ledger.Plural(res.Applications, "credit"))}
	source := "the source"
	if f, _, _ := strings.Cut(r.From, " ("); f != "" {
		source = strings.ToUpper(f[:1]) + f[1:] // "GnuCash (SQLite)" → "GnuCash", "xero" → "Xero", "Invoice Ninja"
	}
	for _, c := range slices.Sorted(maps.Keys(r.Before)) {
		lines = append(lines, fmt.Sprintf("  %s open: %s in %s, %s here", c, ledger.NewMoney(r.Before[c], c), source, ledger.NewMoney(res.Open[c], c)))
	}
	for _, s := range r.Skipped {
		lines = append(lines, "  left out: "+s)
	}
	return lines
}
