package ledger

import "time"

// What each kind of document posts. The ledger's own paths and the bulk
// writer (BulkWriter) both post these entries, so a rule lives here once.

// docEntry is a journal entry about to be posted for a document: its kind
// and memo as the journal shows them, and its lines.
type docEntry struct {
	kind, memo string
	b          entryBuilder
}

// creditApplied adds the Cr 1100 of each planned allocation to b and
// returns what they apply in all.
func creditApplied(b *entryBuilder, plan []plannedAlloc) int64 {
	var sum int64
	for i := range plan {
		b.credit(AccReceivable, plan[i].inv.customerID, plan[i].amount)
		sum += plan[i].amount
	}
	return sum
}

// creditEntry is the entry of a new payment or credit note d: a payment's
// Dr 1000 its amount, or a credit note's Dr 4000 net and Dr 2200 tax; then
// Cr 1100 what plan applies and Cr 2100 the rest.
func creditEntry(d *docRow, plan []plannedAlloc) docEntry {
	var e docEntry
	if d.kind == KindPayment {
		e = docEntry{kind: "payment", memo: "payment " + d.number}
		e.b.debit(AccBank, 0, d.total)
	} else {
		e = docEntry{kind: "issue", memo: "credit note " + d.number}
		e.b.debit(AccSales, 0, d.net)
		e.b.debit(AccTaxPayable, 0, d.tax)
	}
	applied := creditApplied(&e.b, plan)
	e.b.credit(AccCredits, d.customerID, d.total-applied)
	return e
}

// applyEntry is the entry of an unapplied credit applied by plan: Cr 1100
// each allocation, Dr 2100 their sum.
func applyEntry(credit *docRow, plan []plannedAlloc) docEntry {
	e := docEntry{kind: "apply", memo: "apply " + credit.number}
	applied := creditApplied(&e.b, plan)
	e.b.debit(AccCredits, credit.customerID, applied)
	return e
}

// writeOffEntry is the entry of a write-off d of invoice inv: Dr 6100, Cr
// 1100 its amount.
func writeOffEntry(d, inv *docRow) docEntry {
	e := docEntry{kind: "write_off", memo: "write-off of " + inv.number}
	e.b.debit(AccBadDebts, 0, d.total)
	e.b.credit(AccReceivable, inv.customerID, d.total)
	return e
}

// postEntry posts e for document d, dated date,
// and then the exchange difference its allocations realized (fx.go).
func (t *tx) postEntry(date time.Time, d *docRow, e *docEntry) error {
	if err := t.post(date, d.id, e.kind, e.memo, d.currency, &e.b); err != nil {
		return err
	}
	fx := d.fx
	d.fx = 0
	return t.postFX(d, fx, fmtDate(date), "exchange difference "+d.number)
}
