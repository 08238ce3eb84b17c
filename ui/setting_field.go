package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// settingField is one setting in the Settings form, as the widget its
// values want: a checkbox for true/false, a choice among a few values,
// lines of text, an image chosen from a file, or a line of text.
type settingField struct {
	key    ledger.SettingKey
	entry  *widget.Entry // text, or the image's description
	check  *widget.Check
	choice *widget.Select
	pick   *widget.Button // chooses the image file
	err    *widget.Label
	// wasSet says a bool had a value in the ledger: unticked, an unset
	// one stays unset (its default) rather than becoming "false".
	wasSet bool
}

// choiceNames are the words shown for a choice's values.
var choiceNames = map[string]string{"": "Default", "a4": "A4", "letter": "Letter (US)",
	"starttls": "STARTTLS (port 587)", "tls": "TLS (port 465)", "none": "None: unencrypted"}

func choiceName(v string) string {
	if n, ok := choiceNames[v]; ok {
		return n
	}
	return v
}

func newSettingField(k ledger.SettingKey) *settingField {
	f := &settingField{key: k, err: fieldError()}
	switch {
	case k.Bool():
		f.check = widget.NewCheck(k.Label(), nil)
	case k.Choices() != nil:
		names := make([]string, len(k.Choices()))
		for i, c := range k.Choices() {
			names[i] = choiceName(c)
		}
		f.choice = widget.NewSelect(names, nil)
	case k.Kind == ledger.SettingLines:
		f.entry = widget.NewMultiLineEntry()
		f.entry.SetMinRowsVisible(3)
	default:
		f.entry = widget.NewEntry()
	}
	if f.entry != nil {
		f.entry.SetPlaceHolder(k.Placeholder())
		if k.Kind == ledger.SettingImage {
			f.entry.Disable() // the ledger stores the file's bytes, chosen with pick
		}
	}
	return f
}

// label is the form's label: a checkbox says its own.
func (f *settingField) label() string {
	if f.check != nil {
		return ""
	}
	return f.key.Label()
}

func (f *settingField) widget() fyne.CanvasObject {
	switch {
	case f.check != nil:
		return f.check
	case f.choice != nil:
		return f.choice
	case f.pick != nil:
		return container.NewBorder(nil, nil, nil, f.pick, f.entry)
	}
	return f.entry
}

// value is the field's value as the ledger takes it.
func (f *settingField) value() string {
	switch {
	case f.check != nil:
		if !f.check.Checked && !f.wasSet {
			return "" // unticked and never set: the default (false) stays
		}
		if f.check.Checked {
			return "true"
		}
		return "false"
	case f.choice != nil:
		for _, c := range f.key.Choices() {
			if choiceName(c) == f.choice.Selected {
				return c
			}
		}
		return ""
	}
	return f.entry.Text
}

// set shows v, the ledger's value.
func (f *settingField) set(v string) {
	switch {
	case f.check != nil:
		f.wasSet = v != ""
		f.check.SetChecked(strings.EqualFold(v, "true"))
	case f.choice != nil:
		f.choice.SetSelected(choiceName(v))
	default:
		f.entry.SetText(v)
	}
}
