package ledger

import "time"

// demoState is where an invoice stands, as its row in the file says.
type demoState struct {
	status               Status
	open                 int64
	lastChange           string
	voidDate, voidReason string
}

// demoVoidReason is why the demo voids an invoice.
const demoVoidReason = "issued in error"

// settles is what e does to an invoice standing at status and open: the
// amount it settles, or a void. credit is the invoice's goodwill credit
// note's total (demoGoodwill).
func (e *demoEvent) settles(status Status, open, credit int64) (amount int64, void bool) {
	if status != StatusIssued || open == 0 {
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

// demoGoodwill is the line of the credit note the demo gives on an invoice.
func demoGoodwill(inv *demoInvoice, number string, net int64) []Line {
	return []Line{{Description: "Goodwill discount on " + number, Quantity: D4(1), UnitPrice: net / 10, TaxRate: inv.taxRate}}
}

// fate plays the events of an invoice issued on d as day, event and
// remittance will play them, to foresee how it ends up: they are all
// decided when it is issued, and each touches that invoice alone. So
// demoWriter can write its row once, as it ends up, and check that it did.
func (g *demoGen) fate(inv *demoInvoice, d time.Time, net, total int64, evs []*demoEvent) (demoState, error) {
	st := demoState{status: StatusIssued, open: total, lastChange: g.days.of(d)}
	// The queue's order: by date, then as pushed. An invoice has at most
	// three events.
	var buf [4]*demoEvent
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
			cnet, ctax, _, err := computeLines(demoGoodwill(inv, "", net))
			if err != nil {
				return st, err
			}
			credit = cnet + ctax
		}
		amt, void := e.settles(st.status, st.open, credit)
		switch {
		case void:
			st.status, st.open, st.voidDate, st.voidReason = StatusVoid, 0, g.days.of(e.date), demoVoidReason
		case amt > 0:
			st.open -= amt
		default:
			continue
		}
		st.lastChange = max(st.lastChange, g.days.of(e.date))
	}
	return st, nil
}
