package ui

import (
	"context"
	"log"
	"sync"
	"time"
)

// Windows on one ledger stay current: another desk's invoice, a payment
// imported, a reminder run from cron. The ledger reports each commit
// (ledger.Store.Watch: LISTEN/NOTIFY on PostgreSQL, the file's
// data_version on SQLite) and the screen in view reloads — but only a
// screen that shows data and holds no typing (liveScreen): a form being
// filled in is never reset under the user. The others reload when next
// shown, as they always did.

// liveScreen is a screen that may reload whenever the ledger changes.
type liveScreen interface {
	ledgerChanged()
}

// liveEvery is the least time between two reloads: eight desks posting
// at once must not keep the dashboard's queries running back to back.
// liveQuiet lets a burst of commits (an import's, a run's) end first.
const (
	liveEvery = 3 * time.Second
	liveQuiet = 300 * time.Millisecond
)

// liveRefresh coalesces change notices into reloads.
type liveRefresh struct {
	mu       sync.Mutex
	pending  bool
	last     time.Time
	watching bool // the window watches its ledger (set on the UI goroutine)
}

// watch starts listening for the ledger's changes until the window
// closes. A watch that fails is logged: the window works on, reloading
// screens when they are shown.
func (m *mainWindow) watch(w func(ctx context.Context, changed func()) error) {
	m.live.watching = true
	ctx := m.base
	go func() {
		if err := w(ctx, m.ledgerChanged); err != nil && ctx.Err() == nil {
			log.Printf("paidup: the window no longer hears of others' changes: %v", err)
		}
	}()
}

// ledgerChanged schedules a reload of the screen in view; it may be
// called from any goroutine, as often as commits happen.
func (m *mainWindow) ledgerChanged() {
	m.live.mu.Lock()
	defer m.live.mu.Unlock()
	if m.live.pending {
		return
	}
	m.live.pending = true
	wait := max(liveQuiet, liveEvery-time.Since(m.live.last))
	time.AfterFunc(wait, func() {
		m.live.mu.Lock()
		m.live.pending, m.live.last = false, time.Now()
		m.live.mu.Unlock()
		m.env.do(m.reloadLive)
	})
}

// reloadLive reloads the screen in view if it is a liveScreen.
func (m *mainWindow) reloadLive() {
	if m.closed || m.base.Err() != nil {
		return
	}
	i := m.tabs.SelectedIndex()
	if i < 0 || i >= len(screens) {
		return
	}
	if s, ok := m.built[screens[i].id].(liveScreen); ok {
		s.ledgerChanged()
	}
}

// The screens that show data and hold no typing reload as they would
// when shown again.
func (s *dashboardScreen) ledgerChanged() { s.refresh() }
func (s *customersScreen) ledgerChanged() { s.refresh() }
func (s *invoicesScreen) ledgerChanged()  { s.refresh() }
