package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// fakeLedger holds customers in memory and records which pages were asked
// for: a customerListLedger, all the customer list asks of the ledger.
type fakeLedger struct {
	customers []ledger.CustomerBalance
	err       error // returned by every call when set

	mu      sync.Mutex
	fetched map[string][]int // search → offsets asked for, in order
	last    ledger.CustomerListFilter
	// gate, when set, holds every call for its search until it is closed.
	gate map[string]chan struct{}
}

func newFakeLedger(n int) *fakeLedger {
	names := []string{"Acme Trading", "Borealis Foods", "Corvid Logistics", "Delta Print", "Ember Studio"}
	curs := []string{"EUR", "USD", "JPY"}
	f := &fakeLedger{fetched: map[string][]int{}}
	due := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		cur := curs[i%len(curs)]
		open := ledger.NewMoney(int64(i*1237%1000000), cur)
		credits := ledger.NewMoney(0, cur)
		if i%10 == 0 {
			credits = ledger.NewMoney(50000, cur)
		}
		bal, err := open.Sub(credits)
		if err != nil {
			panic(err)
		}
		f.customers = append(f.customers, ledger.CustomerBalance{
			Code:       fmt.Sprintf("C%05d", i+1),
			Name:       fmt.Sprintf("%s %d", names[i%len(names)], i+1),
			Currency:   cur,
			Open:       open,
			Credits:    credits,
			Balance:    bal,
			OldestDue:  due.AddDate(0, 0, i%400),
			OverdueDue: i%400 < 200,
		})
	}
	return f
}

func (f *fakeLedger) match(search string) []ledger.CustomerBalance {
	q := strings.ToLower(search)
	var out []ledger.CustomerBalance
	for _, c := range f.customers {
		if strings.Contains(strings.ToLower(c.Code), q) || strings.Contains(strings.ToLower(c.Name), q) {
			out = append(out, c)
		}
	}
	return out
}

func (f *fakeLedger) wait(search string) {
	f.mu.Lock()
	g := f.gate[search]
	f.mu.Unlock()
	if g != nil {
		<-g
	}
}

func (f *fakeLedger) CountCustomers(ctx context.Context, search string) (int, error) {
	f.wait(search)
	if f.err != nil {
		return 0, f.err
	}
	return len(f.match(search)), ctx.Err()
}

func (f *fakeLedger) FindCustomers(ctx context.Context, flt ledger.CustomerListFilter) ([]ledger.CustomerBalance, error) {
	f.mu.Lock()
	f.fetched[flt.Search] = append(f.fetched[flt.Search], flt.Offset)
	f.last = flt
	f.mu.Unlock()
	f.wait(flt.Search)
	if f.err != nil {
		return nil, f.err
	}
	if flt.Limit == 0 {
		flt.Limit = 100
	}
	rows := f.match(flt.Search)
	lo, hi := min(flt.Offset, len(rows)), min(flt.Offset+flt.Limit, len(rows))
	return slices.Clone(rows[lo:hi]), ctx.Err()
}

// pagesFetched returns the page numbers asked for with search, sorted.
func (f *fakeLedger) pagesFetched(search string) []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	var pages []int
	for _, off := range f.fetched[search] {
		pages = append(pages, off/pageSize)
	}
	slices.Sort(pages)
	return pages
}

// harness replaces fyne.Do and goroutines so that background results are
// applied on the test goroutine, at points the test chooses.
type harness struct {
	wg    sync.WaitGroup
	mu    sync.Mutex
	queue []func()
}

func (h *harness) env() env {
	return env{
		do: func(f func()) {
			h.mu.Lock()
			h.queue = append(h.queue, f)
			h.mu.Unlock()
		},
		spawn: func(f func()) {
			h.wg.Add(1)
			go func() {
				defer h.wg.Done()
				f()
			}()
		},
	}
}

// settle lets background work finish and applies its results, until applying
// them starts no more work.
func (h *harness) settle(t *testing.T) {
	t.Helper()
	for range 100 {
		h.wg.Wait()
		h.mu.Lock()
		q := h.queue
		h.queue = nil
		h.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, f := range q {
			f()
		}
	}
	t.Fatal("the UI kept starting background work")
}

// open builds the main window on the customer list l, as NewMainWindow
// does, and lets it load; no other screen is shown.
func open(t *testing.T, l customerListLedger) (*mainWindow, *harness) {
	t.Helper()
	h := &harness{}
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefScreen, "customers") // the last screen shown
	m := newMainWindow(a, sources{customerList: l}, "test.db", h.env())
	m.customers.delay = 0 // search at each keystroke, no timers
	t.Cleanup(m.close)
	h.settle(t)
	return m, h
}

// shown returns the texts of the labels the window shows.
func shown(w fyne.Window) []string {
	var texts []string
	for _, o := range visible(w.Content()) {
		switch w := o.(type) {
		case *widget.Label:
			if w.Text != "" {
				texts = append(texts, w.Text)
			}
		case *widget.Button:
			if w.Text != "" {
				texts = append(texts, w.Text)
			}
		}
	}
	return texts
}

// visible returns o and every visible object under it. It walks the
// renderers in use, unlike test.LaidOutObjects, which builds fresh ones and
// so never sees the rows a table has drawn.
func visible(o fyne.CanvasObject) []fyne.CanvasObject {
	if !o.Visible() {
		return nil
	}
	all := []fyne.CanvasObject{o}
	var children []fyne.CanvasObject
	switch c := o.(type) {
	case fyne.Widget:
		children = test.WidgetRenderer(c).Objects()
	case *fyne.Container:
		children = c.Objects
	}
	for _, child := range children {
		all = append(all, visible(child)...)
	}
	return all
}

func TestCustomers(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		f := newFakeLedger(10_000)
		m, _ := open(t, f)

		if got, want := m.win.Title(), "Paidup — test.db"; got != want {
			t.Errorf("title = %q, want %q", got, want)
		}
		if got, want := m.customers.status.Text, "10,000 customers"; got != want {
			t.Errorf("status = %q, want %q", got, want)
		}
		texts := shown(m.win)
		for _, want := range []string{"Code", "Balance", "C00001", "Acme Trading 1", "C00002", "EUR", "0.00 EUR", "12.37 USD"} {
			if !slices.Contains(texts, want) {
				t.Errorf("table does not show %q; shows %q", want, texts)
			}
		}
		if slices.Contains(texts, "C09999") {
			t.Error("table shows the last customer on the first screen")
		}
		if got := f.pagesFetched(""); !slices.Equal(got, []int{0}) {
			t.Errorf("pages fetched = %v, want [0]", got)
		}
	})

	t.Run("ScrollFetchesOnlyTouchedPages", func(t *testing.T) {
		f := newFakeLedger(10_000)
		m, h := open(t, f)

		m.customers.table.ScrollTo(widget.TableCellID{Row: 5000})
		h.settle(t)
		if texts := shown(m.win); !slices.Contains(texts, "C05001") {
			t.Errorf("after scrolling to row 5000 the table shows %q", texts)
		}
		t.Logf("pages fetched after scrolling to row 5000: %v", f.pagesFetched(""))
		// Row 5000 opens page 25; the rows above it on screen may be on 24.
		for _, p := range f.pagesFetched("") {
			if p != 0 && p != 24 && p != 25 {
				t.Errorf("fetched page %d, never shown (all: %v)", p, f.pagesFetched(""))
			}
		}

		// Scrolling across more pages than the cache holds keeps only a few
		// in memory. (Every 4th page: rendering is slow under -race.)
		for row := 0; row < 10_000; row += 4 * pageSize {
			m.customers.table.ScrollTo(widget.TableCellID{Row: row})
			h.settle(t)
		}
		if n := len(m.customers.rows.pages); n > maxPages {
			t.Errorf("%d pages cached, want at most %d", n, maxPages)
		}
		if n := len(f.pagesFetched("")); n <= maxPages {
			t.Fatalf("only %d pages fetched: the test did not exceed the cache", n)
		}
	})

	t.Run("SearchNarrows", func(t *testing.T) {
		f := newFakeLedger(10_000)
		m, h := open(t, f)

		test.Type(m.customers.search, "c0007")
		h.settle(t)
		if got, want := m.customers.status.Text, `10 customers matching "c0007"`; got != want {
			t.Errorf("status = %q, want %q", got, want)
		}
		texts := shown(m.win)
		if !slices.Contains(texts, "C00070") || !slices.Contains(texts, "C00079") {
			t.Errorf("search c0007 shows %q, want C00070…C00079", texts)
		}
		if slices.Contains(texts, "C00001") {
			t.Errorf("search c0007 still shows C00001")
		}
		if got := f.pagesFetched("c0007"); !slices.Equal(got, []int{0}) {
			t.Errorf("pages fetched for c0007 = %v, want [0]", got)
		}

		m.customers.search.SetText("")
		h.settle(t)
		if got, want := m.customers.status.Text, "10,000 customers"; got != want {
			t.Errorf("after clearing the search, status = %q, want %q", got, want)
		}
	})

	t.Run("SearchWaitsForTyping", func(t *testing.T) {
		f := newFakeLedger(1000)
		m, h := open(t, f)
		m.customers.delay = 300 * time.Millisecond

		test.Type(m.customers.search, "c0007")
		for deadline := time.Now().Add(5 * time.Second); m.customers.query != "c0007"; {
			if time.Now().After(deadline) {
				t.Fatal("the search never ran")
			}
			time.Sleep(10 * time.Millisecond)
			h.settle(t)
		}
		h.settle(t)
		for _, q := range []string{"c", "c0", "c00", "c000"} {
			if got := f.pagesFetched(q); len(got) > 0 {
				t.Errorf("searched for %q while the user was still typing", q)
			}
		}
		if got, want := m.customers.status.Text, `10 customers matching "c0007"`; got != want {
			t.Errorf("status = %q, want %q", got, want)
		}
	})

	t.Run("StaleSearchDropped", func(t *testing.T) {
		f := newFakeLedger(10_000)
		m, h := open(t, f)
		gate := make(chan struct{})
		f.mu.Lock()
		f.gate = map[string]chan struct{}{"c": gate}
		f.mu.Unlock()

		m.customers.search.SetText("c")
		m.customers.search.SetText("c0007")
		// Apply the replies for "c0007" (its count and page 0), then let
		// those for "c" arrive last.
		for deadline := time.Now().Add(5 * time.Second); ; {
			h.mu.Lock()
			n := len(h.queue)
			h.mu.Unlock()
			if n == 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d replies for c0007, want 2", n)
			}
			time.Sleep(time.Millisecond)
		}
		h.mu.Lock()
		q := h.queue
		h.queue = nil
		h.mu.Unlock()
		for _, apply := range q {
			apply()
		}
		close(gate)
		h.settle(t)

		if got := f.pagesFetched("c"); !slices.Equal(got, []int{0}) {
			t.Fatalf("pages fetched for c = %v, want [0]: the test did not race two searches", got)
		}
		if got, want := m.customers.status.Text, `10 customers matching "c0007"`; got != want {
			t.Errorf("status = %q, want %q", got, want)
		}
		if texts := shown(m.win); !slices.Contains(texts, "C00070") || slices.Contains(texts, "C00001") {
			t.Errorf("after a late reply for c the table shows %q, want C00070…C00079", texts)
		}
	})

	t.Run("SortByHeader", func(t *testing.T) {
		f := newFakeLedger(10)
		m, h := open(t, f)
		for _, tc := range []struct {
			tap, header string
			sort        ledger.CustomerSort
			desc        bool
		}{
			{"Balance", "Balance ▼", ledger.CustomerByBalance, true}, // largest first
			{"Balance ▼", "Balance ▲", ledger.CustomerByBalance, false},
			{"Name", "Name ▲", ledger.CustomerByName, false},
			{"Name ▲", "Name ▼", ledger.CustomerByName, true},
			{"Currency", "Name ▼", ledger.CustomerByName, true}, // does not sort
		} {
			b := headerButton(m.win, tc.tap)
			if b == nil {
				t.Fatalf("no header %q; shows %q", tc.tap, shown(m.win))
			}
			test.Tap(b)
			h.settle(t)
			if !slices.Contains(shown(m.win), tc.header) {
				t.Errorf("after tapping %q the headers are %q, want %q", tc.tap, shown(m.win), tc.header)
			}
			f.mu.Lock()
			last := f.last
			f.mu.Unlock()
			if last.Sort != tc.sort || last.Desc != tc.desc {
				t.Errorf("after tapping %q the ledger was asked for %q desc=%v, want %q desc=%v", tc.tap, last.Sort, last.Desc, tc.sort, tc.desc)
			}
		}
	})

	t.Run("CtrlFFocusesSearch", func(t *testing.T) {
		m, _ := open(t, newFakeLedger(10))
		c := m.win.Canvas()
		c.Focus(m.customers.table)
		c.(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
		if c.Focused() != m.customers.search {
			t.Errorf("focused = %T, want the search entry", c.Focused())
		}
	})

	t.Run("ErrOneDialog", func(t *testing.T) {
		f := newFakeLedger(10)
		f.err = ledger.Errorf(ledger.EINVALID, "search too long")
		m, _ := open(t, f)

		if got, want := m.customers.status.Text, "Could not count customers"; got != want {
			t.Errorf("status = %q, want %q", got, want)
		}
		// Both the count and page 0 failed: one dialog, with the ledger's message.
		overlays := m.win.Canvas().Overlays().List()
		if len(overlays) != 1 {
			t.Fatalf("%d overlays, want one error dialog", len(overlays))
		}
		if texts := shownIn(overlays[0]); !slices.ContainsFunc(texts, func(s string) bool {
			return strings.Contains(s, "search too long")
		}) {
			t.Errorf("dialog shows %q, want the ledger's message", texts)
		}
	})
}

// headerButton returns the shown button with text, or nil.
func headerButton(w fyne.Window, text string) *widget.Button {
	for _, o := range visible(w.Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

// shownIn returns the texts of the labels and rich texts under o.
func shownIn(o fyne.CanvasObject) []string {
	var texts []string
	for _, o := range visible(o) {
		switch w := o.(type) {
		case *widget.Label:
			texts = append(texts, w.Text)
		case *widget.RichText:
			texts = append(texts, w.String())
		}
	}
	return texts
}

func TestMainWindowRemembersSize(t *testing.T) {
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefScreen, "customers")
	a.Preferences().SetFloat(prefWidth, 900)
	a.Preferences().SetFloat(prefHeight, 500)
	h := &harness{}
	m := newMainWindow(a, sources{customerList: newFakeLedger(3)}, "size.db", h.env())
	h.settle(t)
	if got, want := m.win.Canvas().Size(), fyne.NewSize(900, 500); got != want {
		t.Errorf("restored size = %v, want %v", got, want)
	}

	m.win.Resize(fyne.NewSize(800, 450))
	m.win.Close()
	if w, h := a.Preferences().Float(prefWidth), a.Preferences().Float(prefHeight); w != 800 || h != 450 {
		t.Errorf("saved size = %vx%v, want 800x450", w, h)
	}
}

func TestCountText(t *testing.T) {
	for _, tc := range []struct {
		n    int
		q    string
		want string
	}{
		{0, "", "No customers yet: add one with New customer, or import a CSV file under Import."},
		{1, "", "1 customer"},
		{1234567, "", "1,234,567 customers"},
		{0, "zz", `No customers match "zz"`},
		{999, "a", `999 customers matching "a"`},
	} {
		if got := countText(tc.n, tc.q); got != tc.want {
			t.Errorf("countText(%d, %q) = %q, want %q", tc.n, tc.q, got, tc.want)
		}
	}
}
