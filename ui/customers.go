package ui

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"paidup/internal/bidi"
	"paidup/ledger"
)

// searchDelay lets a user finish typing before the ledger is asked.
const searchDelay = 150 * time.Millisecond

var customerColumns = []tableColumn[ledger.CustomerBalance]{
	{title: "Code", width: 130, sort: string(ledger.CustomerByCode), text: func(c *ledger.CustomerBalance) string { return c.Code }},
	{title: "Name", width: 300, sort: string(ledger.CustomerByName), text: func(c *ledger.CustomerBalance) string { return bidi.Display(c.Name) }},
	{title: "Currency", width: 80, text: func(c *ledger.CustomerBalance) string { return c.Currency }},
	{title: "Open", width: 150, align: fyne.TextAlignTrailing,
		text: func(c *ledger.CustomerBalance) string { return c.Open.String() }},
	{title: "Credits", width: 150, align: fyne.TextAlignTrailing,
		text: func(c *ledger.CustomerBalance) string {
			if c.Credits.IsZero() {
				return ""
			}
			return c.Credits.String()
		}},
	{title: "Balance", width: 150, align: fyne.TextAlignTrailing, sort: string(ledger.CustomerByBalance),
		text: func(c *ledger.CustomerBalance) string { return c.Balance.String() },
		importance: func(c *ledger.CustomerBalance) widget.Importance {
			if c.Balance.IsNegative() { // the customer is in credit
				return widget.SuccessImportance
			}
			return widget.MediumImportance
		}},
	{title: "Oldest due", width: 110, sort: string(ledger.CustomerByOldestDue),
		text: func(c *ledger.CustomerBalance) string {
			if c.OldestDue.IsZero() {
				return ""
			}
			return c.OldestDue.Format(ledger.DateLayout)
		},
		importance: func(c *ledger.CustomerBalance) widget.Importance {
			if c.OverdueDue {
				return widget.DangerImportance
			}
			return widget.MediumImportance
		}},
}

// customerListLedger is what the customer list reads.
type customerListLedger interface {
	CountCustomers(ctx context.Context, search string) (int, error)
	FindCustomers(ctx context.Context, f ledger.CustomerListFilter) ([]ledger.CustomerBalance, error)
}

// customersScreen lists customers with their balances, paged (see pager);
// selecting one opens their detail in place of the list.
type customersScreen struct {
	*app
	l      customerListLedger
	detail *customerDetail // in place of the list when open
	delay  time.Duration   // searchDelay; tests use 0
	rows   *pager[ledger.CustomerBalance, ledger.CustomerListFilter]

	search *widget.Entry
	table  *widget.Table
	status *widget.Label
	list   fyne.CanvasObject
	stack  *fyne.Container

	// The rest is touched only on the UI goroutine.
	query string
	sort  ledger.CustomerSort
	desc  bool
	timer *time.Timer
}

// newCustomersScreen builds the list on l and a customer's detail on d.
func newCustomersScreen(a *app, l customerListLedger, d customerLedger) *customersScreen {
	s := &customersScreen{app: a, l: l, delay: searchDelay}
	s.rows = &pager[ledger.CustomerBalance, ledger.CustomerListFilter]{app: a, what: "customers",
		query: func() ledger.CustomerListFilter {
			return ledger.CustomerListFilter{Search: s.query, Sort: s.sort, Desc: s.desc}
		},
		count: func(ctx context.Context, f ledger.CustomerListFilter) (int, error) {
			return l.CountCustomers(ctx, f.Search)
		},
		fetch: func(ctx context.Context, f ledger.CustomerListFilter, off, n, _ int) ([]ledger.CustomerBalance, error) {
			f.Offset, f.Limit = off, n
			return l.FindCustomers(ctx, f)
		},
		counted: func(f ledger.CustomerListFilter, n int, err error) {
			if err != nil {
				s.status.SetText("Could not count customers")
				return
			}
			s.status.SetText(countText(n, f.Search))
		},
	}

	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Search code or name (Ctrl+F)")
	s.search.OnChanged = s.onSearchChanged
	s.search.OnSubmitted = func(string) { s.reload() } // Enter also retries after an error

	s.table = pagedTable(s.rows, customerColumns, s.onSort, func() (string, bool) {
		return string(s.sortKey()), s.desc
	})
	s.table.OnSelected = func(id widget.TableCellID) {
		s.table.UnselectAll()
		if c, ok := s.rows.row(id.Row); ok {
			s.openCustomer(c.Code)
		}
	}

	s.status = widget.NewLabel("")
	s.detail = newCustomerDetail(a, d, s.showList)
	return s
}

func (s *customersScreen) content() fyne.CanvasObject {
	add := widget.NewButtonWithIcon("New customer", theme.ContentAddIcon(), func() {
		showCustomerForm(s.app, s.detail.l, nil, func(c ledger.Customer) { s.reload(); s.openCustomer(c.Code) })
	})
	top := container.NewBorder(nil, nil, nil, add, s.search)
	s.list = container.NewBorder(top, s.status, nil, nil, s.table)
	s.stack = container.NewStack(s.list, s.detail.content())
	s.showList()
	return s.stack
}

// start loads the first page; refresh reloads what is shown; close stops
// whatever is in flight.
func (s *customersScreen) start() { s.reload() }

func (s *customersScreen) refresh() {
	if s.detail.code != "" && s.detail.box.Visible() {
		s.detail.load(s.detail.code)
		return
	}
	s.reload()
}

// openCustomer shows a customer's detail in place of the list.
func (s *customersScreen) openCustomer(code string) {
	s.list.Hide()
	s.detail.box.Show()
	s.detail.load(code)
}

func (s *customersScreen) showList() {
	s.detail.box.Hide()
	s.list.Show()
}

// onSort orders the list by the column with sort key; a second tap
// reverses it.
func (s *customersScreen) onSort(key string) {
	if k := ledger.CustomerSort(key); s.sortKey() == k {
		s.desc = !s.desc
	} else {
		s.sort, s.desc = k, k == ledger.CustomerByBalance
	}
	s.reload()
}

func (s *customersScreen) sortKey() ledger.CustomerSort {
	if s.sort == "" {
		return ledger.CustomerByName
	}
	return s.sort
}

func (s *customersScreen) close() {
	if s.timer != nil {
		s.timer.Stop()
	}
	s.rows.stop()
}

func (s *customersScreen) onSearchChanged(text string) {
	if s.delay <= 0 {
		s.setQuery(text)
		return
	}
	if s.timer != nil {
		s.timer.Stop()
	}
	// A timer that fires after being replaced is harmless: setQuery reads
	// the entry's current text and ignores an unchanged query.
	s.timer = time.AfterFunc(s.delay, func() {
		s.env.do(func() { s.setQuery(s.search.Text) })
	})
}

func (s *customersScreen) setQuery(q string) {
	if q == s.query {
		return
	}
	s.query = q
	s.reload()
}

// reload forgets every cached row and asks the ledger again for the current
// query and order.
func (s *customersScreen) reload() {
	s.status.SetText("Loading…")
	s.rows.reload()
}

// countText is the status line: "12,345 customers", `3 customers matching "ac"`.
func countText(n int, q string) string {
	noun := "customers"
	if n == 1 {
		noun = "customer"
	}
	switch {
	case q == "" && n == 0:
		return "No customers yet: add one with New customer, or import a CSV file under Import."
	case q == "":
		return fmt.Sprintf("%s %s", group(n), noun)
	case n == 0:
		return fmt.Sprintf("No customers match %q", q)
	default:
		return fmt.Sprintf("%s %s matching %q", group(n), noun, q)
	}
}

// group writes n with thousands separators, as ledger.Money does.
func group(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
