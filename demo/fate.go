package demo

import (
	"time"

	"paidup/ledger"
)

// voidReason is why the demo voids an invoice.
const voidReason = "issued in error"

// settles is what e does to an invoice standing at st: the amount it
// settles, or a void. credit is the invoice's goodwill credit note's total.
func (e *event) settles(st ledger.InvoiceState, credit int64) (amount int64, void bool) {
	open := st.Open()
	if st.Status() != ledger.StatusIssued || open == 0 {
		return 0, false
	}
	switch e.kind {
	case evVoid:
		return 0, true
	case evWriteOff:
		return open, false
	case evCredit:
		return min(credit, open), false
	default: // evPay
		return open * int64(e.frac) / 100, false
	}
}

// goodwill is the line of the credit note the demo gives on an invoice,
// and its total.
func goodwill(inv *invoice) ([]ledger.Line, int64, error) {
	lines := []ledger.Line{{Description: "Goodwill discount on " + inv.Number(), Quantity: ledger.D4(1), UnitPrice: inv.Net() / 10, TaxRate: inv.taxRate}}
	p, err := ledger.PreviewInvoice(inv.cust.Currency, lines)
	if err != nil {
		return nil, 0, err
	}
	return lines, p.Total.Minor, nil
}

// fate plays the events of an invoice issued on d as day, event and
// remittance will play them, to foresee how it ends up: they are all
// decided when it is issued, and each touches that invoice alone. So the
// ledger can write its row once, as it ends up, and check that it did.
// The state changes are the ledger's own (ledger.InvoiceState).
func (g *gen) fate(inv *invoice, d time.Time, evs []*event) (ledger.InvoiceState, error) {
	st := inv.State()
	// The queue's order: by date, then as pushed. An invoice has at most
	// three events.
	var buf [4]*event
	evs = append(buf[:0], evs...)
	for i := 1; i < len(evs); i++ {
		for j := i; j > 0 && evs[j].date.Before(evs[j-1].date); j-- {
			evs[j], evs[j-1] = evs[j-1], evs[j]
		}
	}
	var credit int64
	for _, e := range evs {
		// push drops what falls after AsOf, and what an invoice of the
		// last day pushes for that day waits for a day that never comes.
		if e.date.After(g.o.AsOf) || (e.date.Equal(d) && d.Equal(g.o.AsOf)) {
			continue
		}
		if e.kind == evCredit {
			var err error
			if _, credit, err = goodwill(inv); err != nil {
				return st, err
			}
		}
		amt, void := e.settles(st, credit)
		var err error
		switch {
		case void:
			err = st.Void(e.date, voidReason)
		case amt > 0:
			err = st.Apply(amt, e.date)
		}
		if err != nil {
			return st, err
		}
	}
	return st, nil
}
