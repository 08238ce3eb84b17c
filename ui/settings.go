package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
	"paidup/reminders"
)

// settingsLedger is what the Settings screen reads and changes: the
// settings, numbering, the SMTP password, and the ledger file itself.
type settingsLedger interface {
	Settings(ctx context.Context) ([]ledger.SettingValue, error)
	ChangeSetting(ctx context.Context, key, value string) error
	ChangeSettings(ctx context.Context, values map[string]string) error
	SetSettingFile(ctx context.Context, key string, data []byte) (ledger.Image, error)
	SetNumbering(ctx context.Context, kind ledger.Kind, prefix string, next int64) error
	SetSMTPPassword(ctx context.Context, password string) error
	Backup(ctx context.Context, dest string) error
	RestoreFrom(ctx context.Context, backup string) (string, error)
	backupDiffer
	Check(ctx context.Context) (*ledger.CheckReport, error)
	Path() string
}

// settingsScreen edits the business profile and the other ledger
// settings as a form grouped as the ledger groups them (Business,
// Payment, Documents, Email), each field the widget its values want, its
// label in words; Save checks every field before it stores any. Below:
// document numbering, the theme, the SMTP password and backups.
type settingsScreen struct {
	*app
	l      settingsLedger
	form   *fyne.Container // Business, Payment and Documents
	fields map[string]*settingField
	// entries are the text fields by key, errs every field's message.
	entries map[string]*widget.Entry
	errs    map[string]*widget.Label
	stored  map[string]string // as last read from the ledger
	save    *widget.Button
	saved   *widget.Label

	numKind            *widget.Select
	numPrefix, numNext *widget.Entry
	numErr             *widget.Label
	themeChoice        *widget.RadioGroup

	// Email: the smtp.* settings, and the password, which goes to the
	// OS keyring and never into the ledger.
	smtpForm    *fyne.Container
	password    *widget.Entry
	setPassword *widget.Button
	passwordMsg *widget.Label

	// confirmDialog is the restore's confirmation last shown (tests answer it).
	confirmDialog dialog.Dialog
}

func newSettingsScreen(a *app, l settingsLedger) *settingsScreen {
	s := &settingsScreen{app: a, l: l, form: container.NewVBox(), fields: map[string]*settingField{}, entries: map[string]*widget.Entry{},
		errs: map[string]*widget.Label{}, stored: map[string]string{}, saved: widget.NewLabel(""),
		numPrefix: widget.NewEntry(), numNext: widget.NewEntry(), numErr: fieldError(),
		smtpForm: container.NewVBox(), password: widget.NewPasswordEntry(), passwordMsg: widget.NewLabel("")}
	s.save = widget.NewButtonWithIcon("Save changes", theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.saved.Wrapping = fyne.TextWrapWord
	s.password.SetPlaceHolder("The password of the user name above")
	s.setPassword = widget.NewButtonWithIcon("Store in the OS keyring", theme.LoginIcon(), s.onPassword)
	s.passwordMsg.Wrapping = fyne.TextWrapWord
	s.numKind = widget.NewSelect([]string{string(ledger.KindInvoice), string(ledger.KindCreditNote), string(ledger.KindPayment), string(ledger.KindWriteOff)}, nil)
	s.numKind.SetSelected(string(ledger.KindInvoice))
	s.numPrefix.SetPlaceHolder("Letters before the number, such as INV-")
	s.numNext.SetPlaceHolder("The next document's number")
	s.themeChoice = widget.NewRadioGroup([]string{"System", "Light", "Dark"}, nil)
	s.themeChoice.Horizontal = true
	s.themeChoice.SetSelected(map[string]string{"": "System", "light": "Light", "dark": "Dark"}[a.prefs().String(prefTheme)])
	// Set after the selection shown: applying the theme loads its fonts
	// again, which opening the screen has no need of.
	s.themeChoice.OnChanged = func(v string) {
		pref := map[string]string{"System": "", "Light": "light", "Dark": "dark"}[v]
		a.prefs().SetString(prefTheme, pref)
		applyTheme(a.fa, pref)
	}
	return s
}

func (s *settingsScreen) content() fyne.CanvasObject {
	numbering := container.NewVBox(widget.NewForm(
		widget.NewFormItem("Document", s.numKind),
		widget.NewFormItem("Prefix", s.numPrefix),
		widget.NewFormItem("Next number", s.numNext)), s.numErr,
		widget.NewButton("Set numbering", s.onNumbering))
	passwordHelp := widget.NewLabel("The password is kept in the OS keyring for the user name at the mail server (save those first), " +
		"never in the ledger. Where there is no keyring (cron, a headless server) set " + reminders.PasswordEnv + " instead.")
	passwordHelp.Importance = widget.LowImportance
	passwordHelp.Wrapping = fyne.TextWrapWord
	smtp := container.NewVBox(s.smtpForm,
		widget.NewForm(widget.NewFormItem("Mail password", container.NewBorder(nil, nil, nil, s.setPassword, s.password))),
		passwordHelp, s.passwordMsg)
	ledgerBox := container.NewVBox(
		widget.NewLabel("The ledger file: "+s.l.Path()),
		widget.NewButtonWithIcon("Back up now…", theme.DocumentSaveIcon(), s.onBackup),
		widget.NewButtonWithIcon("Restore from a backup…", theme.HistoryIcon(), s.onRestore),
		widget.NewButtonWithIcon("Check the ledger", theme.ConfirmIcon(), s.checkLedger))
	for _, b := range s.ledgerFileButtons() { // the audit trail, the automatic backups
		ledgerBox.Add(b)
	}
	body := container.NewVBox(s.form,
		widget.NewSeparator(), heading(ledger.GroupEmail), smtp,
		widget.NewSeparator(), heading("Numbering"), numbering,
		widget.NewSeparator(), heading("Appearance"), s.themeChoice,
		widget.NewSeparator(), heading("Backup and the ledger file"), ledgerBox)
	// Save stays in view below the form however far it is scrolled.
	bar := container.NewBorder(nil, nil, s.save, nil, s.saved)
	return container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), bar), nil, nil, container.NewVScroll(body))
}

func (s *settingsScreen) start() { s.refresh() }
func (s *settingsScreen) close() {}
func (s *settingsScreen) refresh() {
	run(s.app, s.base, "Could not read the settings", func(ctx context.Context) ([]ledger.SettingValue, error) {
		return s.l.Settings(ctx)
	}, s.show)
}

// show fills the form with the ledger's values, building it the first
// time. A field the user has changed and not saved keeps what was typed:
// reading the settings again (after choosing a logo, say) loses nothing.
func (s *settingsScreen) show(vs []ledger.SettingValue) {
	if len(s.fields) == 0 {
		s.build(vs)
	}
	for _, v := range vs {
		f := s.fields[v.Key.Name]
		if f == nil {
			continue
		}
		if f.key.Kind == ledger.SettingImage || f.value() == s.stored[v.Key.Name] {
			f.set(v.Value)
		}
		s.stored[v.Key.Name] = v.Value
	}
}

// build makes a field per key, in the ledger's groups.
func (s *settingsScreen) build(vs []ledger.SettingValue) {
	groups := map[string]*widget.Form{}
	var order []string
	for _, v := range vs {
		k := v.Key
		f := newSettingField(k)
		if k.Kind == ledger.SettingImage {
			key := k.Name
			f.pick = widget.NewButtonWithIcon("Choose file…", theme.FolderOpenIcon(), func() { s.onImage(key) })
		} else if f.entry != nil {
			s.entries[k.Name] = f.entry
		}
		s.fields[k.Name] = f
		s.errs[k.Name] = f.err
		g := k.Group()
		if groups[g] == nil {
			groups[g] = widget.NewForm()
			order = append(order, g)
		}
		groups[g].AppendItem(widget.NewFormItem(f.label(), container.NewVBox(f.widget(), f.err)))
	}
	s.form.Objects = nil
	s.smtpForm.Objects = nil
	for i, g := range order {
		if g == ledger.GroupEmail {
			s.smtpForm.Add(groups[g])
			continue
		}
		if i > 0 {
			s.form.Add(widget.NewSeparator())
		}
		s.form.Add(heading(g))
		s.form.Add(groups[g])
	}
	s.form.Refresh()
	s.smtpForm.Refresh()
}

// onPassword stores the SMTP password in the OS keyring; when there is
// none, the message says to use the environment instead.
func (s *settingsScreen) onPassword() {
	pw := s.password.Text
	if pw == "" {
		s.setPasswordMsg("Type the password first.", true)
		return
	}
	s.setPasswordMsg("Storing…", false)
	run(s.app, s.base, "", func(ctx context.Context) (struct{}, error) {
		if err := s.l.SetSMTPPassword(ctx, pw); err != nil {
			log.Printf("store the SMTP password: %v", err)
			s.env.do(func() { s.setPasswordMsg(userMessage(err), true) })
			return struct{}{}, errHandled
		}
		return struct{}{}, nil
	}, func(struct{}) {
		s.password.SetText("")
		s.setPasswordMsg("The password is in the OS keyring.", false)
	})
}

func (s *settingsScreen) setPasswordMsg(msg string, bad bool) {
	s.passwordMsg.Importance = widget.MediumImportance
	if bad {
		s.passwordMsg.Importance = widget.DangerImportance
	}
	s.passwordMsg.SetText(msg)
}

// onSave checks every changed field and stores them all, or none: each
// refusal shows under its field and nothing is saved until all are right.
func (s *settingsScreen) onSave() {
	changed := map[string]string{}
	for k, f := range s.fields {
		if f.key.Kind != ledger.SettingImage && f.value() != s.stored[k] {
			changed[k] = f.value()
		}
	}
	for _, f := range s.fields {
		setFieldError(f.err, "")
	}
	if len(changed) == 0 {
		s.saved.SetText("Nothing changed.")
		return
	}
	s.save.Disable()
	s.saved.SetText("Saving…")
	s.env.spawn(func() {
		err := s.l.ChangeSettings(s.base, changed)
		s.env.do(func() {
			s.save.Enable()
			var se *ledger.SettingsError
			switch {
			case errors.As(err, &se):
				for k, ferr := range se.Fields {
					if f := s.fields[k]; f != nil {
						setFieldError(f.err, userMessage(ferr))
					}
				}
				s.saved.SetText(fmt.Sprintf("Nothing was saved: %d %s to put right (marked).", len(se.Fields),
					map[bool]string{true: "field", false: "fields"}[len(se.Fields) == 1]))
			case err != nil:
				s.saved.SetText("Nothing was saved.")
				s.showError("Could not save the settings", err)
			default:
				for k, v := range changed {
					s.stored[k] = v
				}
				if l, ok := changed["invoice.locale"]; ok {
					s.app.locale = l // numbers are typed in it from now on
				}
				s.saved.SetText("Saved.")
				s.refresh()
			}
		})
	})
}

// onImage lets the user choose a PNG or JPEG for an image setting (the
// logo); the ledger checks it decodes before storing it.
func (s *settingsScreen) onImage(key string) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			s.showError("Could not read the file", err)
			return
		}
		s.setImage(key, data)
	}, s.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg"}))
	d.Show()
}

func (s *settingsScreen) setImage(key string, data []byte) {
	run(s.app, s.base, "", func(ctx context.Context) (struct{}, error) {
		if _, err := s.l.SetSettingFile(ctx, key, data); err != nil {
			s.env.do(func() { setFieldError(s.errs[key], userMessage(err)) })
			return struct{}{}, errHandled
		}
		return struct{}{}, nil
	}, func(struct{}) {
		setFieldError(s.errs[key], "")
		s.saved.SetText("Logo saved; other changes are kept until you save them.")
		s.refresh()
	})
}

func (s *settingsScreen) onNumbering() {
	next, err := strconv.ParseInt(strings.TrimSpace(s.numNext.Text), 10, 64)
	if err != nil || next < 1 {
		setFieldError(s.numErr, "The next number is a whole number, 1 or more.")
		return
	}
	kind, prefix := ledger.Kind(s.numKind.Selected), s.numPrefix.Text
	run(s.app, s.base, "", func(ctx context.Context) (struct{}, error) {
		if err := s.l.SetNumbering(ctx, kind, prefix, next); err != nil {
			s.env.do(func() { setFieldError(s.numErr, userMessage(err)) })
			return struct{}{}, errHandled
		}
		return struct{}{}, nil
	}, func(struct{}) { setFieldError(s.numErr, ""); s.saved.SetText("Numbering set.") })
}

// onRestore replaces the ledger with a chosen backup after the user says
// so; the ledger as it was is kept beside it.
func (s *settingsScreen) onRestore() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.confirmRestore(s.l, path, "The backup "+path+":", func() {})
	}, s.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db", ".bak"}))
	d.Show()
}

func (s *settingsScreen) restore(path string) {
	var safety string
	s.task("Restoring", func(ctx context.Context, progress func(string)) error {
		progress("Checking and restoring " + path)
		var err error
		safety, err = s.l.RestoreFrom(ctx, path)
		return err
	}, func() {
		s.refresh()
		dialog.ShowInformation("Restored", "The ledger was restored from "+path+".\nThe ledger as it was is in "+safety+".", s.win)
	})
}

func (s *settingsScreen) onBackup() {
	s.saveAs("paidup-backup-"+fmtDate(s.today())+".db", func(w fyne.URIWriteCloser, path string) {
		// Backup creates the file itself and refuses one that exists, so
		// the empty one the dialog created goes first.
		if err := w.Close(); err != nil {
			s.showError("Could not create the backup file", err)
			return
		}
		if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
			if err := os.Remove(path); err != nil {
				s.showError("Could not replace the empty file", err)
				return
			}
		}
		s.backup(path)
	})
}

func (s *settingsScreen) backup(path string) {
	s.task("Backing up", func(ctx context.Context, progress func(string)) error {
		progress("Copying the ledger to " + path)
		return s.l.Backup(ctx, path)
	}, func() { dialog.ShowInformation("Backup", "The ledger was copied to "+path, s.win) })
}
