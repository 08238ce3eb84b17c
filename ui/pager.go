package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// pager feeds a virtual table from the ledger a page at a time, as the
// customer list does: the table asks for the rows it shows, pages are
// fetched off the UI goroutine, at most maxPages are kept, and replies to
// an older query are dropped.
type pager[T any] struct {
	*app
	table   *widget.Table
	count   func(ctx context.Context) (int, error)
	fetch   func(ctx context.Context, offset, limit int) ([]T, error)
	counted func(n int) // on the UI goroutine after each count

	gen    int
	ctx    context.Context
	cancel context.CancelFunc
	n      int // -1 while unknown
	pages  map[int]*pagerPage[T]
	tick   uint64
}

type pagerPage[T any] struct {
	rows    []T
	loading bool
	used    uint64
}

// reload forgets every row and asks again (the count and page 0 at once).
func (p *pager[T]) reload() {
	if p.cancel != nil {
		p.cancel()
	}
	p.gen++
	p.ctx, p.cancel = context.WithCancel(p.base)
	p.n = -1
	p.pages = map[int]*pagerPage[T]{}
	p.table.ScrollToTop()
	p.table.Refresh()
	gen, ctx := p.gen, p.ctx
	p.env.spawn(func() {
		n, err := p.count(ctx)
		p.env.do(func() {
			if gen != p.gen {
				return
			}
			if err != nil {
				p.fail("Could not count the list", err)
				return
			}
			p.n = n
			if p.counted != nil {
				p.counted(n)
			}
			p.table.Refresh()
		})
	})
	p.request(0)
}

func (p *pager[T]) stop() {
	if p.cancel != nil {
		p.cancel()
	}
}

func (p *pager[T]) length() int { return max(p.n, 0) }

func (p *pager[T]) request(pg int) {
	if p.pages[pg] != nil {
		return
	}
	p.tick++
	page := &pagerPage[T]{loading: true, used: p.tick}
	p.pages[pg] = page
	for len(p.pages) > maxPages {
		oldest, at := -1, ^uint64(0)
		for k, v := range p.pages {
			if v.used < at {
				oldest, at = k, v.used
			}
		}
		delete(p.pages, oldest)
	}
	gen, ctx := p.gen, p.ctx
	p.env.spawn(func() {
		rows, err := p.fetch(ctx, pg*pageSize, pageSize)
		p.env.do(func() {
			if gen != p.gen || p.pages[pg] != page {
				return
			}
			page.loading, page.rows = false, rows
			if err != nil {
				p.fail("Could not load the list", err)
			}
			p.table.Refresh()
		})
	})
}

// row returns row i if loaded, asking for its page if not.
func (p *pager[T]) row(i int) (*T, bool) {
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

func (p *pager[T]) fail(what string, err error) {
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
func pagedTable[T any](p *pager[T], cols []tableColumn[T], sortBy func(key string), sorted func() (string, bool)) *widget.Table {
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
