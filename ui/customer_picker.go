package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// customerFinder finds customers by what a user types.
type customerFinder interface {
	SuggestCustomers(ctx context.Context, search string, limit int) ([]ledger.CustomerRef, error)
}

// customerPicker turns an entry into a customer picker: as the user
// types a name, code or email (any case), the customers that match are
// offered in a list under it; choosing one, or pressing Enter on a
// typed code or the first offer, writes its code and calls chosen.
type customerPicker struct {
	*app
	l      customerFinder
	entry  *widget.Entry
	list   *widget.List
	pop    *widget.PopUp
	chosen func(code string)
	delay  time.Duration // lets the user finish typing; tests use 0

	// On the UI goroutine only.
	found   []ledger.CustomerRef
	seq     int    // the latest search asked for
	setting string // text being written by choose, not typed
	timer   *time.Timer
}

func newCustomerPicker(a *app, l customerFinder, e *widget.Entry, chosen func(code string)) *customerPicker {
	p := &customerPicker{app: a, l: l, entry: e, chosen: chosen, delay: searchDelay}
	p.list = widget.NewList(func() int { return len(p.found) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(p.found) {
				c := p.found[i]
				o.(*widget.Label).SetText(c.Name + " — " + c.Code + ", " + c.Currency + email(c.Email))
			}
		})
	p.list.OnSelected = func(i widget.ListItemID) {
		p.list.UnselectAll()
		if i < len(p.found) {
			p.choose(p.found[i])
		}
	}
	prevChanged := e.OnChanged
	e.OnChanged = func(s string) {
		if prevChanged != nil {
			prevChanged(s)
		}
		if s == p.setting {
			return
		}
		p.typed(s)
	}
	e.OnSubmitted = func(string) { p.submit() }
	return p
}

func email(e string) string {
	if e == "" {
		return ""
	}
	return " — " + e
}

// typed asks for the customers matching s once the user pauses.
func (p *customerPicker) typed(s string) {
	p.seq++
	seq, q := p.seq, strings.TrimSpace(s)
	if p.timer != nil {
		p.timer.Stop()
	}
	if q == "" {
		p.show(nil)
		return
	}
	ask := func() {
		p.env.spawn(func() {
			found, err := p.l.SuggestCustomers(p.base, q, 8)
			p.env.do(func() {
				if seq != p.seq {
					return // typed on since
				}
				if err != nil {
					p.show(nil)
					return
				}
				p.show(found)
			})
		})
	}
	if p.delay == 0 {
		ask()
		return
	}
	p.timer = time.AfterFunc(p.delay, func() { p.env.do(ask) })
}

// show offers found under the entry, or hides the offer.
func (p *customerPicker) show(found []ledger.CustomerRef) {
	p.found = found
	p.list.Refresh()
	if len(found) == 0 {
		if p.pop != nil {
			p.pop.Hide()
		}
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(p.entry)
	if c == nil {
		return
	}
	if p.pop == nil {
		p.pop = widget.NewPopUp(p.list, c)
	}
	row := p.list.MinSize().Height
	p.pop.Resize(fyne.NewSize(max(p.entry.Size().Width, 360), row*float32(min(len(found), 6))+4))
	p.pop.ShowAtRelativePosition(fyne.NewPos(0, p.entry.Size().Height), p.entry)
	c.Focus(p.entry) // the offer does not take the typing away
}

// submit picks on Enter: the code typed exactly, else the first offer.
func (p *customerPicker) submit() {
	q := strings.TrimSpace(p.entry.Text)
	for _, c := range p.found {
		if strings.EqualFold(c.Code, q) {
			p.choose(c)
			return
		}
	}
	if len(p.found) > 0 {
		p.choose(p.found[0])
		return
	}
	// Enter before the offer came: ask now, then pick the first.
	seq := p.seq
	p.env.spawn(func() {
		found, err := p.l.SuggestCustomers(p.base, q, 8)
		p.env.do(func() {
			if seq != p.seq {
				return
			}
			if err == nil && len(found) > 0 {
				p.found = found
				p.submit()
				return
			}
			p.chosen(q) // let the screen say there is no such customer
		})
	})
}

// choose writes c's code into the entry and tells the screen.
func (p *customerPicker) choose(c ledger.CustomerRef) {
	p.set(c.Code)
	p.chosen(c.Code)
}

// set writes code into the entry as the program's choice: no offer.
func (p *customerPicker) set(code string) {
	p.seq++
	p.show(nil)
	p.setting = code
	p.entry.SetText(code)
	p.setting = ""
}
