// Package ui is Paidup's desktop interface: one file per screen, each an
// unexported struct holding its widgets. It is the only package that imports
// Fyne, and it never imports fyne.io/fyne/v2/app: main.go creates the app and
// hands it in, so tests can use fyne.io/fyne/v2/test instead.
package ui

import (
	"context"
	"log"
	"strconv"
	"time"

	paidapp "paidup/app"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"

	"paidup/assets"
)

// windowLedger is what the window itself needs from the application
// layer, besides its screens: the first run's welcome and the demo.
type windowLedger interface {
	CountCustomers(ctx context.Context, search string) (int, error)
	Setting(ctx context.Context, key, def string) (string, error)
	ChangeSetting(ctx context.Context, key, value string) error
	ChangeSettings(ctx context.Context, values map[string]string) error
	Path() string
}

// sources are what the window and its screens are built on, one small
// interface each, so that a screen depends only on the jobs it does. The
// window fills them all from one *paidapp.App (sourcesOf); a test fills
// those of the screens it shows with fakes of a few methods.
type sources struct {
	window       windowLedger
	dashboard    dashboardLedger
	customerList customerListLedger
	customer     customerLedger // a customer's detail and what it opens
	invoices     invoicesLedger
	recurring    recurringLedger
	charges      chargesLedger
	payments     paymentsLedger
	reports      reportsLedger
	reminders    remindersLedger
	imports      importLedger
	settings     settingsLedger
	search       searchLedger // Ctrl+K
	bank         bankLedger
	// now is the application's clock; nil means time.Now.
	now func() time.Time
}

// sourcesOf gives every screen its part of a.
func sourcesOf(a *paidapp.App) sources {
	return sources{window: a, dashboard: a, customerList: a, customer: a, invoices: a, recurring: a, charges: a, payments: a,
		reports: a, reminders: a, imports: a, settings: a, search: a, bank: a, now: a.Now}
}

// Preference keys: the window's size and the screen last shown are
// restored on the next start; the theme is the user's choice in Settings.
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
	prefScreen = "window.screen"
	prefTheme  = "theme" // "", "light" or "dark"
)

var defaultSize = fyne.NewSize(1100, 700)

// icon is the application icon as a Fyne resource.
var icon = fyne.NewStaticResource("icon.png", assets.Icon)

// env is how screens reach the world outside the UI goroutine. Production uses
// fyne.Do and plain goroutines; tests substitute a queue they drain on the
// test goroutine, because the test driver runs fyne.Do callbacks on the
// caller's goroutine, which would race with the test.
type env struct {
	do    func(func()) // run on the UI goroutine
	spawn func(func()) // run in the background
}

var liveEnv = env{do: fyne.Do, spawn: func(f func()) { go f() }}

// screen is one destination of the navigation. Screens are built the first
// time they are shown, so the first frame costs one screen, not all.
type screen interface {
	content() fyne.CanvasObject
	start()   // first shown: load
	refresh() // shown again: reload, as the ledger may have changed meanwhile
	close()   // the window is closing: stop background work
}

// screenDef is an entry of the navigation registry.
type screenDef struct {
	id, title string
	build     func(m *mainWindow) screen
}

// screens is the navigation, in order. The ids are stored in preferences.
// It is filled in init: the screens navigate, so they refer back to it.
var screens []screenDef

func init() {
	screens = []screenDef{
		{"dashboard", "Dashboard", func(m *mainWindow) screen { return newDashboardScreen(m.app, m.src.dashboard) }},
		{"customers", "Customers", func(m *mainWindow) screen { return m.customersScreen() }},
		{"invoices", "Invoices", func(m *mainWindow) screen { return newInvoicesScreen(m.app, m.src.invoices) }},
		{"recurring", "Recurring", func(m *mainWindow) screen { return newRecurringScreen(m.app, m.src.recurring) }},
		{"charges", "Charges", func(m *mainWindow) screen { return newChargesScreen(m.app, m.src.charges) }},
		{"payments", "Payments", func(m *mainWindow) screen { return newPaymentsScreen(m.app, m.src.payments) }},
		{"bank", "Bank", func(m *mainWindow) screen { return newBankScreen(m.app, m.src.bank) }},
		{"reports", "Reports", func(m *mainWindow) screen { return newReportsScreen(m.app, m.src.reports) }},
		{"reminders", "Reminders", func(m *mainWindow) screen { return newRemindersScreen(m.app, m.src.reminders) }},
		{"import", "Import", func(m *mainWindow) screen { return newImportScreen(m.app, m.src.imports) }},
		{"settings", "Settings", func(m *mainWindow) screen { return newSettingsScreen(m.app, m.src.settings) }},
	}
}

// mainWindow is the application window and the screens it navigates.
type mainWindow struct {
	*app
	src   sources
	tabs  *container.AppTabs
	built map[string]screen
	// contents are the built screens' content, put in the tabs when shown.
	contents map[string]fyne.CanvasObject
	// customers is the customer list, once built (tests reach it).
	customers *customersScreen
	// onboarding is the first run's welcome, when it was shown.
	onboarding *onboarding
	// next is the window that replaced this one (the demo), if any;
	// onClosed runs last when the window closes (it closes a ledger the
	// window opened itself).
	next     *mainWindow
	onClosed func()
	// open replaces the app layer's Open and CreateNew in tests; office is
	// the last "connect to an office ledger" form shown.
	open   openFunc
	office *officeForm
	// search is the last Ctrl+K search shown.
	search *globalSearch
	// live coalesces the ledger's change notices (live.go).
	live   liveRefresh
	closed bool
}

// close closes the window unless it is closed already.
func (m *mainWindow) close() {
	if !m.closed {
		m.win.Close()
	}
}

// NewMainWindow builds the main window on the open ledger l, every job
// done through the application layer; ledgerName (usually the file name)
// goes in the title. The caller shows it.
func NewMainWindow(a fyne.App, l *paidapp.App, ledgerName string) fyne.Window {
	frame := newFirstFrame()
	m := newMainWindow(a, sourcesOf(l), ledgerName, frame.env())
	m.win.SetContent(frame.over(m.tabs))
	m.checkFirstRun()
	m.watch(l.Watch)
	m.keepBackedUp(l)
	m.keepRecurring(l)
	return m.win
}

func newMainWindow(fa fyne.App, src sources, ledgerName string, e env) *mainWindow {
	m := &mainWindow{app: newApp(fa, fa.NewWindow("Paidup — "+ledgerName), src.now, e), src: src, built: map[string]screen{}, contents: map[string]fyne.CanvasObject{}}
	m.app.nav = m
	fa.SetIcon(icon)
	m.win.SetIcon(icon)
	applyTheme(fa, fa.Preferences().String(prefTheme))

	items := make([]*container.TabItem, len(screens))
	for i, s := range screens {
		// Words without icons: eleven sections with an icon above each
		// word need 920 px, and at 1024×700 four of them hid behind the
		// sidebar's "⋮" menu; as words they all show at once.
		items[i] = container.NewTabItem(s.title, container.NewStack())
	}
	m.tabs = container.NewAppTabs(items...)
	m.tabs.SetTabLocation(container.TabLocationLeading)
	m.tabs.OnSelected = func(*container.TabItem) { m.showIndex(m.tabs.SelectedIndex()) }
	m.win.SetContent(m.tabs)
	m.addShortcuts()
	m.addFileMenu()

	prefs := fa.Preferences()
	m.win.Resize(fyne.NewSize(
		float32(prefs.FloatWithFallback(prefWidth, float64(defaultSize.Width))),
		float32(prefs.FloatWithFallback(prefHeight, float64(defaultSize.Height)))))
	// OnClosed runs while the window still exists, so its size is still known.
	m.win.SetOnClosed(func() {
		size := m.win.Canvas().Size()
		if size.Width > 0 && size.Height > 0 {
			prefs.SetFloat(prefWidth, float64(size.Width))
			prefs.SetFloat(prefHeight, float64(size.Height))
		}
		for _, s := range m.built {
			s.close()
		}
		m.app.stop()
		m.closed = true
		if m.onClosed != nil {
			m.onClosed()
		}
	})

	m.show(prefs.StringWithFallback(prefScreen, "dashboard"))
	if src.window != nil {
		run(m.app, m.base, "Could not read the business's locale", func(ctx context.Context) (string, error) {
			return src.window.Setting(ctx, "invoice.locale", "")
		}, func(l string) { m.app.locale = l })
	}
	return m
}

// replaceBy opens a window on another ledger, which it closes when that
// window closes, and closes this one: the app goes on in the new window.
func (m *mainWindow) replaceBy(l *paidapp.App, ledgerName string) {
	next := newMainWindow(m.fa, sourcesOf(l), ledgerName, m.env)
	next.open = m.open
	if m.live.watching { // the real window, not a test's
		next.watch(l.Watch)
		next.keepBackedUp(l)
		next.keepRecurring(l)
	}
	next.onClosed = func() {
		// Backed up as it closes, like the ledger the window started on.
		if err := l.CloseWithBackup(context.Background(), log.Writer()); err != nil {
			log.Printf("close %s: %v", l.Path(), err)
		}
	}
	m.next = next
	next.win.Show()
	m.win.Close()
}

// show selects the screen id, building and starting it the first time.
func (m *mainWindow) show(id string) screen {
	for i, s := range screens {
		if s.id == id {
			if m.tabs.SelectedIndex() != i {
				m.tabs.SelectIndex(i) // calls showIndex through OnSelected
			} else {
				m.showIndex(i)
			}
			return m.built[id]
		}
	}
	return m.show("dashboard")
}

func (m *mainWindow) showIndex(i int) {
	def := screens[i]
	s, ok := m.built[def.id]
	if !ok {
		s = def.build(m)
		m.built[def.id] = s
		m.contents[def.id] = s.content()
	}
	// Only the screen shown is in the tabs: Fyne refreshes every tab's
	// content at each switch, which with every screen built cost about
	// 100 ms on the UI goroutine on a million invoices (their tables
	// shape each cell's text again). A screen keeps its widgets and state
	// while out of the tabs.
	for j, item := range m.tabs.Items {
		stack := item.Content.(*fyne.Container)
		switch {
		case j == i && (len(stack.Objects) != 1 || stack.Objects[0] != m.contents[def.id]):
			// A field of the screen left keeps no keyboard: out of the
			// tabs it would take keys unseen.
			m.win.Canvas().Unfocus()
			stack.Objects = []fyne.CanvasObject{m.contents[def.id]}
			stack.Refresh()
		case j != i && len(stack.Objects) > 0:
			stack.Objects = nil
		}
	}
	if !ok {
		s.start()
	} else {
		s.refresh()
	}
	m.app.prefs().SetString(prefScreen, def.id)
}

func (m *mainWindow) customersScreen() screen {
	m.customers = newCustomersScreen(m.app, m.src.customerList, m.src.customer)
	return m.customers
}

// invoices, payments and reports return their screens, shown.
func (m *mainWindow) invoices() *invoicesScreen { return m.show("invoices").(*invoicesScreen) }
func (m *mainWindow) payments() *paymentsScreen { return m.show("payments").(*paymentsScreen) }
func (m *mainWindow) reports() *reportsScreen   { return m.show("reports").(*reportsScreen) }

// addShortcuts binds Ctrl+N new invoice, Ctrl+P record payment, Ctrl+F
// search, Ctrl+E export, Ctrl+K find anything, Ctrl+1…9 and Ctrl+0 the
// first ten sections, Ctrl+, the settings (Cmd on macOS, where Cmd+, is
// every application's settings), and Escape to close a dialog.
func (m *mainWindow) addShortcuts() {
	add := func(k fyne.KeyName, f func()) {
		m.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { f() })
	}
	add(fyne.KeyN, func() { m.invoices().newDraft("") })
	add(fyne.KeyP, func() { m.payments().newPayment("") })
	add(fyne.KeyF, func() {
		switch m.tabs.Selected().Text {
		case "Invoices":
			m.win.Canvas().Focus(m.invoices().search)
		default:
			m.show("customers")
			m.win.Canvas().Focus(m.customers.search)
		}
	})
	add(fyne.KeyE, func() { m.reports().onExport() })
	add(fyne.KeyK, func() {
		if m.src.search != nil {
			m.search = m.showSearch(m.src.search)
		}
	})
	// Ctrl+1 … Ctrl+9, Ctrl+0: the sections in the order of the
	// sidebar, as a keyboard's digits run.
	for i, s := range screens[:min(len(screens), 10)] {
		id := s.id
		add(fyne.KeyName(strconv.Itoa((i+1)%10)), func() { m.show(id) })
	}
	add(fyne.KeyComma, func() { m.show("settings") })
	// Escape closes the dialog on top, when no field holds the keyboard
	// (a focused field keeps its keys: Fyne gives them to it alone).
	m.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			closeTop(m.win.Canvas())
		}
	})
}
