package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// A paged list is virtual: the table asks only for the rows it shows, and
// rows come from the ledger a page at a time. A ledger may hold 100,000+
// customers or invoices; at most maxPages pages are kept, so scrolling
// through all of them keeps memory flat.
const (
	pageSize = 200
	maxPages = 10
)

// pager feeds a virtual table of T from the ledger a page at a time for a
// query Q: the table asks for the rows it shows, pages are fetched off the
// UI goroutine, at most maxPages are kept, and replies to an older query
// are dropped.
type pager[T, Q any] struct {
	*app
	what  string // what the rows are, for errors: "customers"
	table *widget.Table
	// query is read on the UI goroutine at each reload; count and fetch get
	// that copy, so they never read the screen's state off the UI goroutine.
	query func() Q
	count func(ctx context.Context, q Q) (int, error)
	// total is the query's row count when known (0 while counting): a
	// page far down a long list is cheaper read from the other end.
	fetch func(ctx context.Context, q Q, offset, limit, total int) ([]T, error)
	// counted runs on the UI goroutine after each count of the current
	// query; err is set when it failed (and has been reported).
	counted func(q Q, n int, err error)

	// The rest is touched only on the UI goroutine.
	q      Q
	gen    int // bumped by every reload; replies to older ones are dropped
	ctx    context.Context
	cancel context.CancelFunc
	n      int // -1 while unknown
	pages  map[int]*pagerPage[T]
	tick   uint64
}

// pagerPage is one cached page of rows, or a fetch of it in flight. A page
// that failed stays, empty, so it is not retried until the next reload.
type pagerPage[T any] struct {
	rows    []T
	loading bool
	used    uint64 // p.tick when last shown, for eviction
}

// reload forgets every row and asks again for the current query: the count,
// and page 0 at once rather than after the count.
func (p *pager[T, Q]) reload() {
	if p.cancel != nil {
		p.cancel()
	}
	p.gen++
	p.ctx, p.cancel = context.WithCancel(p.base)
	p.q = p.query()
	p.n = -1
	p.pages = map[int]*pagerPage[T]{}
	p.table.ScrollToTop()
	p.table.Refresh()
	gen, ctx, q := p.gen, p.ctx, p.q
	p.env.spawn(func() {
		n, err := p.count(ctx, q)
		p.env.do(func() {
			if gen != p.gen {
				return
			}
			if err != nil {
				p.fail("Could not count "+p.what, err)
			} else {
				p.n = n
			}
			if p.counted != nil {
				p.counted(q, n, err)
			}
			p.table.Refresh()
		})
	})
	p.request(0)
}

func (p *pager[T, Q]) stop() {
	if p.cancel != nil {
		p.cancel()
	}
}

func (p *pager[T, Q]) length() int { return max(p.n, 0) }

// request fetches page pg in the background unless it is cached, in flight
// or failed.
func (p *pager[T, Q]) request(pg int) {
	if p.pages[pg] != nil {
		return
	}
	p.tick++
	page := &pagerPage[T]{loading: true, used: p.tick} // newest, so eviction spares it
	p.pages[pg] = page
	p.evict()
	gen, ctx, q, total := p.gen, p.ctx, p.q, max(p.n, 0)
	p.env.spawn(func() {
		rows, err := p.fetch(ctx, q, pg*pageSize, pageSize, total)
		p.env.do(func() {
			// Dropped if the query changed or the page was evicted meanwhile.
			if gen != p.gen || p.pages[pg] != page {
				return
			}
			page.loading, page.rows = false, rows
			if err != nil {
				p.fail("Could not load "+p.what, err)
			}
			p.table.Refresh()
		})
	})
}

// evict drops the least recently shown pages beyond maxPages.
func (p *pager[T, Q]) evict() {
	for len(p.pages) > maxPages {
		oldest, at := -1, ^uint64(0)
		for k, v := range p.pages {
			if v.used < at {
				oldest, at = k, v.used
			}
		}
		delete(p.pages, oldest)
	}
}

// row returns row i if loaded, asking for its page if not.
func (p *pager[T, Q]) row(i int) (*T, bool) {
	pg := i / pageSize
	if p.pages[pg] == nil {
		p.request(pg)
	}
	page := p.pages[pg]
	p.tick++
	page.used = p.tick
	if k := i % pageSize; k < len(page.rows) {
		return &page.rows[k], true
	}
	return nil, false
}

// fail reports an error unless it only says the query was abandoned. While
// a dialog is open, further errors (one per page in view) go to the log only.
func (p *pager[T, Q]) fail(what string, err error) {
	if !errors.Is(err, context.Canceled) {
		p.showError(what, err)
	}
}

// tableColumn is a column of a paged table of T.
type tableColumn[T any] struct {
	title string
	width float32
	align fyne.TextAlign
	sort  string
	text  func(*T) string
	// importance colours a cell; nil means plain.
	importance func(*T) widget.Importance
}

// pagedTable builds a table over p with cols; sortBy is called when a
// sortable column's header is tapped, and sorted says the current order.
func pagedTable[T, Q any](p *pager[T, Q], cols []tableColumn[T], sortBy func(key string), sorted func() (string, bool)) *widget.Table {
	t := widget.NewTable(
		func() (int, int) { return p.length(), len(cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			c := cols[id.Col]
			l.Alignment, l.Importance, l.Text = c.align, widget.MediumImportance, ""
			if r, ok := p.row(id.Row); ok {
				l.Text = c.text(r)
				if c.importance != nil {
					l.Importance = c.importance(r)
				}
			} else if id.Col == 0 {
				l.Text = "…"
			}
			l.Refresh()
		})
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		return b
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		if id.Row >= 0 || id.Col < 0 || id.Col >= len(cols) {
			b.SetText("")
			b.OnTapped = nil
			return
		}
		c := cols[id.Col]
		text := c.title
		if key, desc := sorted(); c.sort != "" && c.sort == key {
			text += map[bool]string{false: " ▲", true: " ▼"}[desc]
		}
		b.OnTapped = func() {
			if c.sort != "" {
				sortBy(c.sort)
			}
		}
		b.SetText(text)
	}
	for i, c := range cols {
		t.SetColumnWidth(i, c.width)
	}
	p.table = t
	return t
}
