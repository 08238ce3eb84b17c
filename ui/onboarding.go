package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	paidapp "paidup/app"
	"paidup/ledger"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// A first run: a ledger with no customers and no business name gets a
// short welcome that asks for the two settings every document needs, or
// points to the demo.

// onboarding is the welcome dialog's form.
type onboarding struct {
	l              windowLedger
	name, currency *widget.Entry
	errs           map[string]*widget.Label
	save           *widget.Button
	dlg            dialog.Dialog
}

// checkFirstRun shows the welcome when the ledger is new.
func (m *mainWindow) checkFirstRun() {
	run(m.app, m.base, "Could not read the ledger", func(ctx context.Context) (bool, error) {
		n, err := m.src.window.CountCustomers(ctx, "")
		if err != nil || n > 0 {
			return false, err
		}
		name, err := m.src.window.Setting(ctx, "business.name", "")
		return name == "", err
	}, func(first bool) {
		if first {
			m.onboarding = showOnboarding(m.app, m.src.window)
		}
	})
}

func showOnboarding(a *app, l windowLedger) *onboarding {
	o := &onboarding{l: l, name: widget.NewEntry(), currency: widget.NewEntry(),
		errs: map[string]*widget.Label{"business.name": fieldError(), "business.currency": fieldError()}}
	o.name.SetPlaceHolder("Nordlicht Design Studio")
	o.currency.SetPlaceHolder("EUR")
	intro := widget.NewLabel("Welcome to Paidup. Two things first: your business's name, printed on every invoice, " +
		"and your home currency. Everything else is under Settings.")
	intro.Wrapping = fyne.TextWrapWord
	demoText := widget.NewLabel("Just looking? The demo is a separate ledger, demo.db beside this one, full of made-up " +
		"customers and invoices; this ledger stays as it is.")
	demoText.Importance = widget.LowImportance
	demoText.Wrapping = fyne.TextWrapWord
	demo := container.NewBorder(nil, nil, nil, container.NewCenter(widget.NewButton("Open the demo", func() { o.onDemo(a) })), demoText)
	officeText := widget.NewLabel("Joining your business's shared office ledger? Connect to it instead; this new ledger stays empty.")
	officeText.Importance = widget.LowImportance
	officeText.Wrapping = fyne.TextWrapWord
	office := container.NewBorder(nil, nil, nil, container.NewCenter(widget.NewButton("Connect to an office ledger…", func() {
		if a.nav != nil {
			o.dlg.Hide()
			a.nav.onConnectOffice()
		}
	})), officeText)
	o.save = widget.NewButton("Save", func() { o.onSave(a) })
	o.save.Importance = widget.HighImportance
	o.dlg = dialog.NewCustomWithoutButtons("Welcome", container.NewVBox(intro,
		widget.NewForm(
			widget.NewFormItem("Business name", container.NewVBox(o.name, o.errs["business.name"])),
			widget.NewFormItem("Home currency", container.NewVBox(o.currency, o.errs["business.currency"]))),
		demo, office,
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Later", func() { o.dlg.Hide() }), o.save)), a.win)
	o.dlg.Resize(fyne.NewSize(600, 440))
	o.dlg.Show()
	return o
}

// onSave stores both settings; each refusal shows under its field.
func (o *onboarding) onSave(a *app) {
	vals := map[string]string{"business.name": strings.TrimSpace(o.name.Text), "business.currency": strings.ToUpper(strings.TrimSpace(o.currency.Text))}
	if vals["business.name"] == "" {
		setFieldError(o.errs["business.name"], "Give your business's name.")
		return
	}
	for k, v := range vals {
		if v == "" {
			delete(vals, k) // left empty: the default stays
		}
	}
	// Both or neither: a refused currency leaves the name unsaved too.
	run(a, a.base, "Could not save the settings", func(ctx context.Context) (map[string]error, error) {
		var se *ledger.SettingsError
		if err := o.l.ChangeSettings(ctx, vals); errors.As(err, &se) {
			return se.Fields, nil
		} else if err != nil {
			return nil, err
		}
		return nil, nil
	}, func(errs map[string]error) {
		bad := false
		for k, l := range o.errs {
			if err := errs[k]; err != nil {
				setFieldError(l, userMessage(err))
				bad = true
			} else {
				setFieldError(l, "")
			}
		}
		if !bad {
			o.dlg.Hide()
			if a.nav != nil {
				if s, ok := a.nav.built["settings"]; ok {
					s.refresh()
				}
			}
		}
	})
}

// demoFile is the demo ledger's name, in the folder of the ledger open.
const demoFile = "demo.db"

// onDemo opens the demo ledger in a window of its own in place of this
// one, making it first (two years of a small studio's receivables) when
// it does not exist or is empty.
func (o *onboarding) onDemo(a *app) {
	path := filepath.Join(filepath.Dir(o.l.Path()), demoFile)
	var demo *paidapp.App
	a.task("Opening the demo", func(ctx context.Context, progress func(string)) error {
		progress("Opening " + path)
		var err error
		demo, err = paidapp.OpenDemo(ctx, path, func(n int) {
			progress(fmt.Sprintf("Making up two years of customers, invoices and payments… %s invoices", group(n)))
		})
		return err
	}, func() {
		o.dlg.Hide()
		a.nav.replaceBy(demo, demoFile)
	})
}
