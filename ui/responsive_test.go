//go:build linux

package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	paidapp "paidup/app"
	"paidup/demo"
	"paidup/ledger"
)

// uiBudget is the longest the UI goroutine may be busy at a stretch: a
// window that does not answer for longer feels stuck. It is counted in
// CPU time of the UI goroutine's thread, which other processes on a
// shared machine do not inflate; stallBudget bounds the wall time, for
// waiting (on a lock, the disk) that uses no CPU.
//
// On make bench's 1M ledger (PAIDUP_BENCH_DB) the budget is the target,
// 100 ms (the longest seen: 80 ms, a page of invoices shown). The
// ordinary suite runs on a 15,000-invoice demo beside other tests whose
// garbage this thread helps collect: alone the longest is about 70 ms
// (a page of invoices drawn, every cell's text shaped), in the whole
// suite up to 170 ms was seen; it allows 250 ms, which still catches a
// freeze (the aging in one label took seconds).
//
// Under the race detector (make test's main run), which slows every line
// five to ten times, the budgets are ten times larger: they still catch a
// freeze of seconds, and the timing that counts is make bench's.
var stallBudget = 3 * time.Second * raceFactor()

func raceFactor() time.Duration {
	if raceDetector {
		return 10
	}
	return 1
}

func uiBudget() time.Duration {
	if os.Getenv("PAIDUP_BENCH_DB") != "" {
		return 100 * time.Millisecond
	}
	return 250 * time.Millisecond * raceFactor()
}

// threadCPU is the CPU time the calling thread has used.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// timedHarness is the harness that also times everything it runs on the
// UI goroutine (the test goroutine here), with a layout of the window
// after each piece of work, as a frame would do.
type timedHarness struct {
	harness
	// shown is what the window shows now (the screen selected).
	shown func() fyne.CanvasObject
	mu    sync.Mutex
	slow  []string
	most  time.Duration // the longest stretch of CPU seen
	what  string        // and what it was
}

// onUI runs f as the UI goroutine would, lays the window out, and notes
// it if that took longer than uiBudget.
func (h *timedHarness) onUI(what string, f func()) {
	start, cpu := time.Now(), threadCPU()
	pprof.Do(context.Background(), pprof.Labels("ui", what), func(context.Context) { f() })
	if h.shown != nil {
		// A frame measures what is shown and lays it out.
		c := h.shown()
		c.MinSize()
		c.Refresh()
	}
	d, c := time.Since(start), threadCPU()-cpu
	if c > h.most {
		h.most, h.what = c, what
	}
	if c > uiBudget() || d > stallBudget {
		h.mu.Lock()
		h.slow = append(h.slow, fmt.Sprintf("%s: %v CPU, %v wall", what, c.Round(time.Millisecond), d.Round(time.Millisecond)))
		h.mu.Unlock()
	}
}

// settleTimed is settle with every queued piece of work timed.
func (h *timedHarness) settleTimed(t *testing.T, what string) {
	t.Helper()
	for range 100 {
		h.wg.Wait()
		h.harness.mu.Lock()
		q := h.queue
		h.queue = nil
		h.harness.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, f := range q {
			h.onUI(what+" (a result applied)", f)
		}
	}
	t.Fatal("the UI kept starting background work")
}

// largeLedger is the ledger of PAIDUP_BENCH_DB (make bench's 1M demo),
// or else a demo big enough to count as large (more than largeLedger
// customers): 1,500 customers and 15,000 invoices.
func largeLedger(t *testing.T) *ledger.Store {
	t.Helper()
	ctx := context.Background()
	if path := os.Getenv("PAIDUP_BENCH_DB"); path != "" {
		st, err := ledger.OpenExisting(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	if testing.Short() {
		t.Skip("builds a demo of 15,000 invoices")
	}
	st, err := ledger.Open(ctx, filepath.Join(t.TempDir(), "large.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return flowDay }
	t.Cleanup(func() { st.Close() })
	if _, err := demo.Fill(ctx, st, demo.Options{Invoices: 15000, Customers: 1500, Seed: 1, AsOf: flowDay}); err != nil {
		t.Fatal(err)
	}
	return st
}

// Opening every screen on a large ledger never keeps the UI goroutine
// busy for more than uiBudget at a stretch: whatever takes long runs in
// the background, and what comes back is shown a page at a time.
// PAIDUP_BENCH_DB=.bench/demo-1000000.db runs it on the 1M demo.
func TestScreensOpenWithoutBlocking(t *testing.T) {
	st := largeLedger(t)
	// The test goroutine is the UI goroutine: kept on one thread, its
	// thread's CPU time is its own.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	h := &timedHarness{}
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefScreen, "dashboard")
	// The window's first frame (the theme's fonts loaded, the first
	// screen built) has its own budget, measured by make bench.
	start := time.Now()
	m := newMainWindow(a, sourcesOf(paidapp.New(st, nil)), "large.db", h.env())
	if d := time.Since(start); d > stallBudget {
		t.Errorf("the window took %v to build", d)
	}
	t.Cleanup(m.close)
	h.shown = func() fyne.CanvasObject { return m.tabs.Selected().Content }
	m.win.Resize(fyne.NewSize(1024, 700))
	h.settleTimed(t, "dashboard")
	for _, s := range screens {
		h.onUI("opening "+s.id, func() { m.show(s.id) })
		h.settleTimed(t, s.id)
	}
	// Shown again, each reloads what it shows.
	for _, s := range screens {
		h.onUI("showing "+s.id+" again", func() { m.show(s.id) })
		h.settleTimed(t, s.id+" again")
	}
	t.Logf("the longest the UI goroutine was busy: %v CPU (%s)", h.most.Round(time.Millisecond), h.what)
	for _, s := range h.slow {
		t.Errorf("the UI goroutine was busy for more than %v: %s", uiBudget(), s)
	}
}
