package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// The customer list is virtual: the table asks only for the rows it shows,
// and rows come from the ledger a page at a time. A ledger may hold 100,000+
// customers; at most maxPages pages are kept, so scrolling through all of
// them keeps memory flat.
const (
	pageSize = 200
	maxPages = 10
	// searchDelay lets a user finish typing before the ledger is asked.
	searchDelay = 150 * time.Millisecond
)

// column is one column of the customer table.
type column struct {
	title string
	sort  ledger.CustomerSort // "" when the column does not sort
	width float32
	align fyne.TextAlign
	text  func(c *ledger.CustomerBalance) string
	// importance colours a cell; nil means plain.
	importance func(c *ledger.CustomerBalance) widget.Importance
}

var customerColumns = []column{
	{title: "Code", width: 130, sort: ledger.CustomerByCode, text: func(c *ledger.CustomerBalance) string { return c.Code }},
	{title: "Name", width: 300, sort: ledger.CustomerByName, text: func(c *ledger.CustomerBalance) string { return c.Name }},
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
	{title: "Balance", width: 150, align: fyne.TextAlignTrailing, sort: ledger.CustomerByBalance,
		text: func(c *ledger.CustomerBalance) string { return c.Balance.String() },
		importance: func(c *ledger.CustomerBalance) widget.Importance {
			if c.Balance.IsNegative() { // the customer is in credit
				return widget.SuccessImportance
			}
			return widget.MediumImportance
		}},
	{title: "Oldest due", width: 110, sort: ledger.CustomerByOldestDue,
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

// page is one cached page of rows, or a fetch of it in flight.
type page struct {
	rows    []ledger.CustomerBalance
	loading bool
	failed  bool   // not retried until the next search
	used    uint64 // s.tick when last shown, for eviction
}

// customersScreen lists customers with their balances; selecting one
// opens their detail in place of the list.
type customersScreen struct {
	*app
	delay  time.Duration // searchDelay; tests use 0
	base   context.Context
	closed context.CancelFunc

	search *widget.Entry
	table  *widget.Table
	status *widget.Label
	list   fyne.CanvasObject
	detail *customerDetail
	stack  *fyne.Container

	// The rest is touched only on the UI goroutine.
	query  string
	sort   ledger.CustomerSort
	desc   bool
	gen    int // bumped by every new query; replies to older ones are dropped
	ctx    context.Context
	cancel context.CancelFunc
	count  int // -1 while unknown
	pages  map[int]*page
	tick   uint64
	timer  *time.Timer
}

func newCustomersScreen(a *app) *customersScreen {
	s := &customersScreen{app: a, delay: searchDelay, count: -1}
	s.base, s.closed = context.WithCancel(a.base)

	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Search code or name (Ctrl+F)")
	s.search.OnChanged = s.onSearchChanged
	s.search.OnSubmitted = func(string) { s.reload() } // Enter also retries after an error

	s.table = widget.NewTable(s.length, s.createCell, s.updateCell)
	s.table.ShowHeaderRow = true
	s.table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		return b
	}
	s.table.OnSelected = func(id widget.TableCellID) {
		s.table.UnselectAll()
		if c, ok := s.row(id.Row); ok {
			s.openCustomer(c.Code)
		}
	}
	s.table.UpdateHeader = s.updateHeader
	for i, c := range customerColumns {
		s.table.SetColumnWidth(i, c.width)
	}

	s.status = widget.NewLabel("")
	s.detail = newCustomerDetail(a, s.showList)
	return s
}

func (s *customersScreen) content() fyne.CanvasObject {
	add := widget.NewButtonWithIcon("New customer", theme.ContentAddIcon(), func() {
		showCustomerForm(s.app, nil, func(c ledger.Customer) { s.reload(); s.openCustomer(c.Code) })
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

// onSort orders the list by column col; a second tap reverses it.
func (s *customersScreen) onSort(col int) {
	c := customerColumns[col]
	if c.sort == "" {
		return
	}
	if s.sortKey() == c.sort {
		s.desc = !s.desc
	} else {
		s.sort, s.desc = c.sort, c.sort == ledger.CustomerByBalance
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
	s.closed()
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
// query: the count, and page 0 at once rather than after the count.
func (s *customersScreen) reload() {
	if s.cancel != nil {
		s.cancel()
	}
	s.gen++
	s.ctx, s.cancel = context.WithCancel(s.base)
	s.count = -1
	s.pages = map[int]*page{}
	s.status.SetText("Loading…")
	s.table.ScrollToTop()
	s.table.Refresh()
	s.fetchCount()
	s.requestPage(0)
}

func (s *customersScreen) fetchCount() {
	gen, ctx, q := s.gen, s.ctx, s.query
	s.env.spawn(func() {
		n, err := s.l.CountCustomers(ctx, q)
		s.env.do(func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				s.status.SetText("Could not count customers")
				s.fail("Could not count customers", err)
				return
			}
			s.count = n
			s.status.SetText(countText(n, q))
			s.table.Refresh()
		})
	})
}

// requestPage fetches page p in the background unless it is cached, in
// flight or failed.
func (s *customersScreen) requestPage(p int) {
	if s.pages[p] != nil {
		return
	}
	s.tick++
	pg := &page{loading: true, used: s.tick} // newest, so evict spares it
	s.pages[p] = pg
	s.evict()
	gen, ctx := s.gen, s.ctx
	f := ledger.CustomerListFilter{Search: s.query, Sort: s.sort, Desc: s.desc, Offset: p * pageSize, Limit: pageSize}
	s.env.spawn(func() {
		rows, err := s.l.FindCustomers(ctx, f)
		s.env.do(func() {
			// Dropped if the query changed or the page was evicted meanwhile.
			if gen != s.gen || s.pages[p] != pg {
				return
			}
			pg.loading, pg.rows = false, rows
			if err != nil {
				pg.failed = true
				s.fail("Could not load customers", err)
			}
			s.table.Refresh()
		})
	})
}

// evict drops the least recently shown pages beyond maxPages.
func (s *customersScreen) evict() {
	for len(s.pages) > maxPages {
		oldest, at := -1, ^uint64(0)
		for p, pg := range s.pages {
			if pg.used < at {
				oldest, at = p, pg.used
			}
		}
		delete(s.pages, oldest)
	}
}

// row returns row i if its page is loaded, and asks for the page if not.
func (s *customersScreen) row(i int) (*ledger.CustomerBalance, bool) {
	p := i / pageSize
	pg := s.pages[p]
	if pg == nil {
		s.requestPage(p)
		pg = s.pages[p]
	}
	s.tick++
	pg.used = s.tick
	if k := i % pageSize; k < len(pg.rows) {
		return &pg.rows[k], true
	}
	return nil, false
}

func (s *customersScreen) length() (int, int) {
	return max(s.count, 0), len(customerColumns)
}

func (s *customersScreen) createCell() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func (s *customersScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	col := customerColumns[id.Col]
	l.Alignment, l.Importance, l.Text = col.align, widget.MediumImportance, ""
	if c, ok := s.row(id.Row); ok {
		l.Text = col.text(c)
		if col.importance != nil {
			l.Importance = col.importance(c)
		}
	} else if id.Col == 0 {
		l.Text = "…"
	}
	l.Refresh()
}

func (s *customersScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Row >= 0 || id.Col < 0 || id.Col >= len(customerColumns) {
		b.SetText("")
		b.OnTapped = nil
		return
	}
	c := customerColumns[id.Col]
	text := c.title
	if c.sort != "" && c.sort == s.sortKey() {
		text += map[bool]string{false: " ▲", true: " ▼"}[s.desc]
	}
	b.OnTapped = func() { s.onSort(id.Col) }
	b.SetText(text)
}

// fail reports an error unless it only says the query was abandoned. While
// a dialog is open, further errors (one per page in view) go to the log only.
func (s *customersScreen) fail(what string, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	s.app.showError(what, err)
}

// countText is the status line: "12,345 customers", `3 customers matching "ac"`.
func countText(n int, q string) string {
	noun := "customers"
	if n == 1 {
		noun = "customer"
	}
	switch {
	case q == "" && n == 0:
		return "No customers yet: import some with paidup import customers FILE.csv"
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
