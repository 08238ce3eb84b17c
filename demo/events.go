package demo

import (
	"strconv"
	"time"
)

type event struct {
	date time.Time
	seq  int
	kind int // evPay, evCredit, evWriteOff, evVoid, evOnAccount
	inv  *invoice
	cust *customer
	frac int // percent of the open amount to pay
	over int64
}

const (
	evVoid = iota
	evCredit
	evPay
	evWriteOff
	evOnAccount
)

func (e *event) customerID() int64 {
	if e.inv != nil {
		return e.inv.cust.ID
	}
	return e.cust.ID
}

// queued is an event in the queue with its place inline, so that the
// heap orders its events without chasing pointers.
type queued struct {
	day, cust int64 // the event's date as a Unix day, its customer
	seq       int
	e         *event
}

// eventQueue is a binary heap of events by date, customer and push order.
type eventQueue []queued

func (q eventQueue) less(i, j int) bool {
	a, b := &q[i], &q[j]
	if a.day != b.day {
		return a.day < b.day
	}
	// A customer's events of one day come together, so that one payment
	// can settle several invoices, as a remittance does.
	if a.cust != b.cust {
		return a.cust < b.cust
	}
	return a.seq < b.seq
}

func (q *eventQueue) push(x queued) {
	h := append(*q, x)
	for i := len(h) - 1; i > 0; {
		up := (i - 1) / 2
		if !h.less(i, up) {
			break
		}
		h[i], h[up] = h[up], h[i]
		i = up
	}
	*q = h
}

func (q *eventQueue) pop() *event {
	h := *q
	top := h[0].e
	n := len(h) - 1
	h[0], h[n] = h[n], queued{}
	h = h[:n]
	for i := 0; ; {
		m := 2*i + 1
		if m >= n {
			break
		}
		if r := m + 1; r < n && h.less(r, m) {
			m = r
		}
		if !h.less(m, i) {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	*q = h
	return top
}

// number is prefix and n, at least width digits: fmt.Sprintf("%s%0*d")
// without its cost.
func number(prefix string, width, n int) string {
	b := make([]byte, 0, len(prefix)+width+4)
	b = append(b, prefix...)
	d := strconv.Itoa(n)
	for i := len(d); i < width; i++ {
		b = append(b, '0')
	}
	return string(append(b, d...))
}
