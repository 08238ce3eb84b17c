package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// searchLedger is what the global search reads.
type searchLedger interface {
	customerFinder
	FindDocuments(ctx context.Context, f ledger.DocumentFilter) ([]ledger.DocumentRow, error)
}

// searchHit is a customer or an invoice the global search found.
type searchHit struct {
	customer *ledger.CustomerRef
	doc      *ledger.DocumentRow
}

func (h searchHit) text(today time.Time) string {
	if h.customer != nil {
		c := h.customer
		return fmt.Sprintf("Customer  %s — %s, %s%s", c.Name, c.Code, c.Currency, email(c.Email))
	}
	d := h.doc
	number := d.Number
	if number == "" {
		number = "draft"
	}
	ref := ""
	if d.Reference != "" {
		ref = ", ref. " + d.Reference
	}
	return fmt.Sprintf("Invoice   %s — %s, %s, %s, %s%s", number, d.CustomerName, fmtDate(d.Date), d.Total, d.State(today), ref)
}

// globalSearch is the Ctrl+K dialog: one field finding customers by any
// part of their name, code or email and invoices by any part of their
// number, reference or customer; choosing one opens it.
type globalSearch struct {
	m     *mainWindow
	l     searchLedger
	query *escEntry
	list  *widget.List
	note  *widget.Label
	dlg   dialog.Dialog
	delay time.Duration // lets the user finish typing; tests use 0
	hits  []searchHit
	seq   int
	timer *time.Timer
	// cancel stops the search in flight when the user types on: on a
	// large ledger an invoice search reads every document (a second).
	cancel context.CancelFunc
}

// showSearch opens the global search over l.
func (m *mainWindow) showSearch(l searchLedger) *globalSearch {
	g := &globalSearch{m: m, l: l, query: newEscEntry(false), note: widget.NewLabel("Type a name, code, email, number or reference."),
		delay: searchDelay}
	g.query.SetPlaceHolder("Find a customer or an invoice")
	g.query.OnChanged = g.typed
	g.query.OnSubmitted = func(string) {
		if len(g.hits) > 0 {
			g.open(g.hits[0])
		}
	}
	g.list = widget.NewList(func() int { return len(g.hits) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(g.hits) {
				o.(*widget.Label).SetText(g.hits[i].text(m.today()))
			}
		})
	g.list.OnSelected = func(i widget.ListItemID) {
		g.list.UnselectAll()
		if i < len(g.hits) {
			g.open(g.hits[i])
		}
	}
	g.note.Importance = widget.LowImportance
	g.dlg = dialog.NewCustom("Find", "Close", container.NewBorder(container.NewVBox(g.query, g.note), nil, nil, nil, g.list), m.win)
	g.dlg.SetOnClosed(func() {
		if g.cancel != nil {
			g.cancel()
		}
	})
	g.dlg.Resize(fyne.NewSize(720, 460))
	g.dlg.Show()
	m.win.Canvas().Focus(g.query)
	return g
}

// typed searches once the user pauses: a few customers, then the latest
// invoices that match (a scan on a large ledger, off the UI goroutine).
func (g *globalSearch) typed(s string) {
	g.seq++
	seq, q := g.seq, strings.TrimSpace(s)
	if g.timer != nil {
		g.timer.Stop()
	}
	if g.cancel != nil {
		g.cancel()
		g.cancel = nil
	}
	if q == "" {
		g.show(nil, "Type a name, code, email, number or reference.")
		return
	}
	ask := func() {
		if seq != g.seq {
			return // typed on before the pause ended
		}
		ctx, cancel := context.WithCancel(g.m.base)
		g.cancel = cancel
		g.m.env.spawn(func() {
			var hits []searchHit
			cs, err := g.l.SuggestCustomers(ctx, q, 5)
			for i := range cs {
				hits = append(hits, searchHit{customer: &cs[i]})
			}
			var ds []ledger.DocumentRow
			if err == nil {
				ds, err = g.l.FindDocuments(ctx, ledger.DocumentFilter{Kind: ledger.KindInvoice, Contains: q, Desc: true, Limit: 10})
			}
			for i := range ds {
				hits = append(hits, searchHit{doc: &ds[i]})
			}
			g.m.env.do(func() {
				if seq != g.seq {
					return
				}
				switch {
				case err != nil:
					g.show(nil, "The search failed: "+userMessage(err))
				case len(hits) == 0:
					g.show(nil, fmt.Sprintf("Nothing matches %q.", q))
				default:
					g.show(hits, "Enter opens the first; click another.")
				}
			})
		})
	}
	g.note.SetText("Searching…")
	if g.delay == 0 {
		ask()
		return
	}
	g.timer = time.AfterFunc(g.delay, func() { g.m.env.do(ask) })
}

func (g *globalSearch) show(hits []searchHit, note string) {
	g.hits = hits
	g.note.SetText(note)
	g.list.Refresh()
}

// open shows a hit on its screen and closes the search.
func (g *globalSearch) open(h searchHit) {
	if g.cancel != nil {
		g.cancel()
	}
	g.dlg.Hide()
	if h.customer != nil {
		g.m.show("customers")
		g.m.customers.openCustomer(h.customer.Code)
		return
	}
	g.m.invoices().open(h.doc.ID, h.doc.Status)
}
