package ledger

import "time"

// Settled says which kinds of document settle an invoice, counting the
// allocations in force (a voided payment settles nothing).
type Settled struct {
	Paid, Credited, WrittenOff bool
	Discounted                 bool // an early-payment discount was taken (discount.go)
}

// SettledOf reads Settled from an invoice's allocations.
func SettledOf(allocs []Allocation) Settled {
	var s Settled
	for _, a := range allocs {
		if !a.VoidDate.IsZero() {
			continue
		}
		switch a.CreditKind {
		case KindPayment:
			s.Paid = true
		case KindCreditNote:
			s.Credited = true
		case KindWriteOff:
			s.WrittenOff = true
		case KindDiscount:
			s.Discounted = true
		}
	}
	return s
}

// State names where a document stands on today as a user thinks of it:
// draft, void; for an invoice open, overdue, paid, credited, written off,
// partly paid (credited, written off), overdue and partly paid; for a
// payment, credit note or write-off how much of it is applied. An invoice
// closed by a write-off is "written off", never "paid".
func State(kind Kind, status Status, total, open Money, due time.Time, by Settled, today time.Time) string {
	switch {
	case status != StatusIssued:
		return string(status)
	case !kind.Receivable():
		// A credit's open amount is what is not yet applied to invoices.
		switch {
		case open.IsZero():
			return "applied"
		case open != total:
			return "partly applied"
		}
		return "unapplied"
	}
	if open.IsZero() {
		switch {
		case by.WrittenOff && (by.Paid || by.Credited):
			return "partly paid, written off"
		case by.WrittenOff:
			return "written off"
		case by.Credited && !by.Paid:
			return "credited"
		case by.Discounted:
			return "paid (discount taken)"
		}
		return "paid"
	}
	overdue := open.IsPositive() && due.Before(Day(today))
	if open == total {
		if overdue {
			return "overdue"
		}
		return "open"
	}
	part := "partly paid"
	switch {
	case by.WrittenOff:
		part = "partly written off"
	case by.Credited && !by.Paid:
		part = "partly credited"
	}
	if overdue {
		return "overdue, " + part
	}
	return part
}

// State names where the row's document stands on today (see State).
func (r DocumentRow) State(today time.Time) string {
	return State(r.Kind, r.Status, r.Total, r.Open, r.DueDate, r.Settled, today)
}
