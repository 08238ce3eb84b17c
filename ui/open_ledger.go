package ui

import (
	"context"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
)

// The File menu opens another ledger in place of the one shown: a ledger
// file on this computer, a new one (the only way the window makes a
// ledger, on the user's explicit choice), or an office ledger on the
// office's PostgreSQL server, which every desk shares.

// Preferences of the last office connection (never its password).
const (
	prefOfficeServer   = "office.server"
	prefOfficeDatabase = "office.database"
	prefOfficeUser     = "office.user"
	prefOfficePlain    = "office.allow_unencrypted"
)

// openFunc opens (or, for a new ledger, makes) the ledger at a path or
// URL; tests replace it.
type openFunc func(ctx context.Context, path string) (*paidapp.App, error)

// addFileMenu gives the window its File menu.
func (m *mainWindow) addFileMenu() {
	m.win.SetMainMenu(fyne.NewMainMenu(fyne.NewMenu("File",
		fyne.NewMenuItem("Open ledger file…", m.onOpenFile),
		fyne.NewMenuItem("New ledger file…", m.onNewFile),
		fyne.NewMenuItem("Connect to an office ledger…", m.onConnectOffice))))
}

// onOpenFile picks a ledger file and opens it in place of this one.
func (m *mainWindow) onOpenFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		m.switchTo("Opening "+path, path, paidapp.Open)
	}, m.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db", ".paidup", ".sqlite"}))
	d.Show()
}

// onNewFile makes a new, empty ledger file in a folder the user picks,
// under a name they type. (Not Fyne's save dialog: it empties an existing
// file the user confirms, which could be a ledger.)
func (m *mainWindow) onNewFile() {
	dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		name := widget.NewEntry()
		name.SetText("paidup.db")
		dialog.ShowForm("New ledger file in "+dir.Path(), "Make it", "Cancel",
			[]*widget.FormItem{widget.NewFormItem("File name", name)}, func(ok bool) {
				if !ok || strings.TrimSpace(name.Text) == "" {
					return
				}
				path := filepath.Join(dir.Path(), filepath.Base(strings.TrimSpace(name.Text)))
				m.switchTo("Making "+path, path, paidapp.CreateNew)
			}, m.win)
	}, m.win)
}

// officeForm is the "connect to an office ledger" dialog's fields.
type officeForm struct {
	server, database, user *widget.Entry
	password               *widget.Entry
	plain                  *widget.Check
	problem                *widget.Label
}

// onConnectOffice asks for the office server, database, user and
// password, and opens that ledger in place of this one.
func (m *mainWindow) onConnectOffice() {
	prefs := m.prefs()
	f := &officeForm{server: widget.NewEntry(), database: widget.NewEntry(), user: widget.NewEntry(),
		password: widget.NewPasswordEntry(), problem: fieldError(),
		plain: widget.NewCheck("Allow an unencrypted connection (a trusted office network only)", nil)}
	f.server.SetPlaceHolder("the server's name or address, as your IT provider gave it")
	f.database.SetPlaceHolder("the ledger's database, e.g. paidup")
	f.user.SetPlaceHolder("your user name on it")
	f.password.SetPlaceHolder("empty: from ~/.pgpass")
	f.server.SetText(prefs.String(prefOfficeServer))
	f.database.SetText(prefs.StringWithFallback(prefOfficeDatabase, "paidup"))
	f.user.SetText(prefs.String(prefOfficeUser))
	f.plain.SetChecked(prefs.Bool(prefOfficePlain))
	var d dialog.Dialog
	connect := widget.NewButton("Connect", func() {
		c := paidapp.OfficeConnection{Server: f.server.Text, Database: f.database.Text, User: f.user.Text,
			Password: f.password.Text, AllowUnencrypted: f.plain.Checked}
		url, err := c.URL()
		if err != nil {
			setFieldError(f.problem, userMessage(err))
			return
		}
		setFieldError(f.problem, "")
		prefs.SetString(prefOfficeServer, f.server.Text)
		prefs.SetString(prefOfficeDatabase, f.database.Text)
		prefs.SetString(prefOfficeUser, f.user.Text)
		prefs.SetBool(prefOfficePlain, f.plain.Checked)
		d.Hide()
		m.switchTo("Connecting to "+paidapp.LedgerName(url), url, paidapp.Open)
	})
	connect.Importance = widget.HighImportance
	note := widget.NewLabel("An office ledger is shared by every desk of the business on its PostgreSQL server. " +
		"The owner sets it up once (README, \"An office ledger on PostgreSQL\"); each desk connects with its own user.")
	note.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons("Connect to an office ledger", container.NewVBox(note,
		widget.NewForm(
			widget.NewFormItem("Server", f.server),
			widget.NewFormItem("Database", f.database),
			widget.NewFormItem("User", f.user),
			widget.NewFormItem("Password", f.password)),
		f.plain, f.problem,
		container.NewHBox(widget.NewButton("Cancel", func() { d.Hide() }), connect)), m.win)
	d.Resize(fyne.NewSize(620, 420))
	d.Show()
	m.office = f
}

// switchTo opens the ledger at path with open, in the background with a
// progress dialog, and on success replaces this window by one on it.
func (m *mainWindow) switchTo(title, path string, open openFunc) {
	if m.open != nil {
		open = m.open
	}
	var next *paidapp.App
	m.app.task(title, func(ctx context.Context, progress func(string)) error {
		progress(title)
		var err error
		next, err = open(ctx, path)
		return err
	}, func() {
		m.replaceBy(next, paidapp.LedgerName(next.Path()))
	})
}
