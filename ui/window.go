// Package ui is Paidup's desktop interface: one file per screen, each an
// unexported struct holding its widgets. It is the only package that imports
// Fyne, and it never imports fyne.io/fyne/v2/app: main.go creates the app and
// hands it in, so tests can use fyne.io/fyne/v2/test instead.
package ui

import (
	"context"
	"io"
	"log"
	"time"

	paidapp "paidup/app"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"

	"paidup/assets"
	"paidup/ledger"
)

// ledgerFile is a ledger the window opened itself and closes with it.
type ledgerFile interface {
	Ledger
	Close() error
}

// Ledger is what the screens need from the ledger; *app.App has it all.
type Ledger interface {
	CountCustomers(ctx context.Context, search string) (int, error)
	FindCustomers(ctx context.Context, f ledger.CustomerListFilter) ([]ledger.CustomerBalance, error)
	CustomerByCode(ctx context.Context, code string) (ledger.Customer, error)
	CreateCustomer(ctx context.Context, c ledger.Customer) (ledger.Customer, error)
	UpdateCustomer(ctx context.Context, c ledger.Customer) error
	CustomerActivity(ctx context.Context, code string, from, to time.Time) (*ledger.Activity, error)

	FindDocuments(ctx context.Context, f ledger.DocumentFilter) ([]ledger.DocumentRow, error)
	CountDocuments(ctx context.Context, f ledger.DocumentFilter) (int, error)
	DocumentByID(ctx context.Context, id int64) (ledger.Document, error)
	Allocations(ctx context.Context, docID int64) ([]ledger.Allocation, error)
	SaveDraft(ctx context.Context, id int64, in ledger.InvoiceInput) (int64, error)
	IssueDraft(ctx context.Context, id int64) (ledger.Document, error)
	DiscardDraft(ctx context.Context, id int64) error
	Void(ctx context.Context, number string, date time.Time, reason string) error
	RecordPayment(ctx context.Context, in ledger.PaymentInput) (ledger.Document, error)
	ApplyCredit(ctx context.Context, creditNumber string, date time.Time, apply []ledger.AllocationInput) (ledger.Money, error)
	IssueCreditNote(ctx context.Context, in ledger.CreditNoteInput) (ledger.Document, error)
	WriteOff(ctx context.Context, invoiceNumber string, date time.Time, amount ledger.Money, reason string) (ledger.Document, error)

	Metrics(ctx context.Context, o ledger.MetricsOptions) ([]ledger.Metrics, error)
	Aging(ctx context.Context, o ledger.AgingOptions) (*ledger.Aging, error)
	AgingDetail(ctx context.Context, o ledger.AgingOptions, fn func(ledger.AgingItem) error) error
	Forecast(ctx context.Context, o ledger.ForecastOptions) (*ledger.Forecast, error)
	TopOverdue(ctx context.Context, today time.Time, n int) ([]ledger.OverdueCustomer, error)

	ImportCustomers(ctx context.Context, r io.Reader, name string, o ledger.ImportOptions) (*ledger.ImportResult, error)
	ImportInvoices(ctx context.Context, r io.Reader, name string, o ledger.ImportOptions) (*ledger.ImportResult, error)
	ImportPayments(ctx context.Context, r io.Reader, name string, o ledger.ImportOptions) (*ledger.ImportResult, error)

	Settings(ctx context.Context) ([]ledger.SettingValue, error)
	Setting(ctx context.Context, key, def string) (string, error)
	ChangeSetting(ctx context.Context, key, value string) error
	CustomerDefaults(ctx context.Context) (ledger.CustomerDefaults, error)
	SetSettingFile(ctx context.Context, key string, data []byte) (ledger.Image, error)
	SetNumbering(ctx context.Context, kind ledger.Kind, prefix string, next int64) error
	Backup(ctx context.Context, dest string) error
	Check(ctx context.Context) (*ledger.CheckReport, error)
	Restore(ctx context.Context, backup, safetyCopy string) error
	Path() string

	OpenDispute(ctx context.Context, number, reason string) (ledger.Dispute, error)
	ResolveDispute(ctx context.Context, number, resolution string) error
	Disputes(ctx context.Context, openOnly bool) ([]ledger.Dispute, error)
	OpenDisputeOf(ctx context.Context, number string) (ledger.Dispute, error)

	CustomersOpenAsOf(ctx context.Context, asOf time.Time) ([]string, error)
	Outbox(ctx context.Context, f ledger.OutboxFilter) ([]ledger.OutboxMessage, error)
	ResolveOutbox(ctx context.Context, id int64, to ledger.OutboxStatus, note, recipient string) error
	ReminderPolicies(ctx context.Context) (map[string]string, error)
	CustomerReminders(ctx context.Context, code string) (ledger.CustomerReminders, error)
	SetCustomerReminders(ctx context.Context, code string, r ledger.CustomerReminders) error
	SetReminderPolicy(ctx context.Context, name, policy string) error
	DeleteReminderPolicy(ctx context.Context, name string) error
}

var _ Ledger = (*paidapp.App)(nil)

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
	icon      func() fyne.Resource // called once the app runs: theme icons need a current app
	build     func(m *mainWindow) screen
}

// screens is the navigation, in order. The ids are stored in preferences.
// It is filled in init: the screens navigate, so they refer back to it.
var screens []screenDef

func init() {
	screens = []screenDef{
		{"dashboard", "Dashboard", theme.HomeIcon, func(m *mainWindow) screen { return newDashboardScreen(m.app) }},
		{"customers", "Customers", theme.AccountIcon, func(m *mainWindow) screen { return m.customersScreen() }},
		{"invoices", "Invoices", theme.DocumentIcon, func(m *mainWindow) screen { return newInvoicesScreen(m.app) }},
		{"payments", "Payments", theme.ContentAddIcon, func(m *mainWindow) screen { return newPaymentsScreen(m.app) }},
		{"reports", "Reports", theme.GridIcon, func(m *mainWindow) screen { return newReportsScreen(m.app) }},
		{"reminders", "Reminders", theme.MailSendIcon, func(m *mainWindow) screen { return newRemindersScreen(m.app) }},
		{"import", "Import", theme.UploadIcon, func(m *mainWindow) screen { return newImportScreen(m.app) }},
		{"settings", "Settings", theme.SettingsIcon, func(m *mainWindow) screen { return newSettingsScreen(m.app) }},
	}
}

// mainWindow is the application window and the screens it navigates.
type mainWindow struct {
	*app
	tabs  *container.AppTabs
	built map[string]screen
	// customers is the customer list, once built (tests reach it).
	customers *customersScreen
	// onboarding is the first run's welcome, when it was shown.
	onboarding *onboarding
	// next is the window that replaced this one (the demo), if any;
	// onClosed runs last when the window closes (it closes a ledger the
	// window opened itself).
	next     *mainWindow
	onClosed func()
	closed   bool
}

// close closes the window unless it is closed already.
func (m *mainWindow) close() {
	if !m.closed {
		m.win.Close()
	}
}

// NewMainWindow builds the main window on the ledger l, with d making its
// PDFs and email (StoreDocuments on the same ledger); ledgerName (usually
// the file name) goes in the title. The caller shows it.
func NewMainWindow(a fyne.App, l Ledger, d Documents, ledgerName string) fyne.Window {
	frame := newFirstFrame()
	m := newMainWindow(a, l, d, ledgerName, frame.env())
	m.win.SetContent(frame.over(m.tabs))
	m.checkFirstRun()
	return m.win
}

func newMainWindow(fa fyne.App, l Ledger, d Documents, ledgerName string, e env) *mainWindow {
	m := &mainWindow{app: newApp(fa, fa.NewWindow("Paidup — "+ledgerName), l, e), built: map[string]screen{}}
	m.docs = d
	m.app.nav = m
	fa.SetIcon(icon)
	m.win.SetIcon(icon)
	applyTheme(fa, fa.Preferences().String(prefTheme))

	items := make([]*container.TabItem, len(screens))
	for i, s := range screens {
		items[i] = container.NewTabItemWithIcon(s.title, s.icon(), container.NewStack())
	}
	m.tabs = container.NewAppTabs(items...)
	m.tabs.SetTabLocation(container.TabLocationLeading)
	m.tabs.OnSelected = func(*container.TabItem) { m.showIndex(m.tabs.SelectedIndex()) }
	m.win.SetContent(m.tabs)
	m.addShortcuts()

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
	return m
}

// replaceBy opens a window on another ledger, which it closes when that
// window closes, and closes this one: the app goes on in the new window.
func (m *mainWindow) replaceBy(l ledgerFile, d Documents, ledgerName string) {
	next := newMainWindow(m.fa, l, d, ledgerName, m.env)
	next.onClosed = func() {
		if err := l.Close(); err != nil {
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
		stack := m.tabs.Items[i].Content.(*fyne.Container)
		stack.Objects = []fyne.CanvasObject{s.content()}
		stack.Refresh()
		s.start()
	} else {
		s.refresh()
	}
	m.app.prefs().SetString(prefScreen, def.id)
}

func (m *mainWindow) customersScreen() screen {
	m.customers = newCustomersScreen(m.app)
	return m.customers
}

// invoices, payments and reports return their screens, shown.
func (m *mainWindow) invoices() *invoicesScreen { return m.show("invoices").(*invoicesScreen) }
func (m *mainWindow) payments() *paymentsScreen { return m.show("payments").(*paymentsScreen) }
func (m *mainWindow) reports() *reportsScreen   { return m.show("reports").(*reportsScreen) }

// addShortcuts binds Ctrl+N new invoice, Ctrl+P record payment, Ctrl+F
// search, Ctrl+E export (Cmd on macOS).
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
}
