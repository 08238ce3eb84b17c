package ui

import (
	"bytes"
	"context"
	"image"
	"image/color"
	pngenc "image/png"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// Settings is a form: labels in words, typed widgets, placeholders that
// say what goes there, every field checked before any is saved, Save in
// view, and choosing a logo keeps what was typed and not yet saved.
func TestSettingsForm(t *testing.T) {
	m, h, st := openLedger(t, "settings")
	ctx := context.Background()
	m.win.Resize(fyne.NewSize(1024, 700))
	s := m.built["settings"].(*settingsScreen)

	// Labels are words, never keys.
	keyRE := regexp.MustCompile(`^[a-z_]+\.[a-z_]+$`)
	labels := formLabels(m.tabs.Selected().Content)
	for _, txt := range labels {
		if keyRE.MatchString(txt) {
			t.Errorf("a raw key as a label: %q", txt)
		}
	}
	for _, want := range []string{"Business name", "Tax or VAT number", "IBAN", "Paper size", "Security", "Mail server"} {
		if !slices.Contains(labels, want) {
			t.Errorf("no label %q in %q", want, labels)
		}
	}
	// Typed widgets: checkboxes, selects.
	if s.fields["smtp.bcc_self"].check == nil || s.fields["smtp.allow_insecure_auth"].check == nil {
		t.Error("true/false settings are not checkboxes")
	}
	if s.fields["smtp.security"].choice == nil || s.fields["invoice.paper"].choice == nil {
		t.Error("smtp.security and invoice.paper are not choices")
	}
	// Placeholders say what goes there; none is an example's real-looking data.
	for _, k := range ledger.SettingKeys() {
		if e := s.entries[k.Name]; e != nil && (e.PlaceHolder == "" || (k.Example != "" && e.PlaceHolder == k.Example) ||
			strings.Contains(e.PlaceHolder, "Nordlicht")) {
			t.Errorf("%s's empty field says %q", k.Name, e.PlaceHolder)
		}
	}
	// Save is in view, outside the scrolled form.
	if !s.save.Visible() || inScroll(m.tabs.Selected().Content, s.save) {
		t.Error("Save is not always in view")
	}

	// Typed, then a logo chosen: the typed fields stay, unsaved.
	s.entries["business.address"].SetText("Hafenstraße 12\n20457 Hamburg")
	s.entries["business.tax_id"].SetText("DE123456789")
	s.entries["business.phone"].SetText("+49 40 1234567")
	var png bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 4, 2))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	s.setImage("business.logo", png.Bytes())
	h.settle(t)
	if got := s.entries["business.tax_id"].Text; got != "DE123456789" {
		t.Fatalf("choosing a logo dropped the tax id typed: %q", got)
	}
	if got := s.entries["business.address"].Text; got != "Hafenstraße 12\n20457 Hamburg" {
		t.Fatalf("choosing a logo dropped the address typed: %q", got)
	}
	if got := s.fields["business.logo"].entry.Text; !strings.Contains(got, "PNG") {
		t.Errorf("the logo field says %q", got)
	}

	// One bad field: nothing saved, the bad one marked.
	s.fields["smtp.bcc_self"].check.SetChecked(true)
	s.fields["invoice.paper"].choice.SetSelected("Letter (US)")
	s.entries["payment.iban"].SetText("DE00 nonsense")
	test.Tap(s.save)
	h.settle(t)
	if l := s.errs["payment.iban"]; !l.Visible() || l.Text == "" {
		t.Errorf("no message under the IBAN")
	}
	if !strings.Contains(s.saved.Text, "Nothing was saved") {
		t.Errorf("save says %q", s.saved.Text)
	}
	for _, k := range []string{"business.tax_id", "smtp.bcc_self", "invoice.paper"} {
		if v, _ := st.Setting(ctx, k, ""); v != "" {
			t.Errorf("%s saved as %q beside a refused IBAN", k, v)
		}
	}
	s.entries["payment.iban"].SetText("")
	test.Tap(s.save)
	h.settle(t)
	for k, want := range map[string]string{"business.tax_id": "DE123456789", "smtp.bcc_self": "true", "invoice.paper": "letter",
		"business.address": "Hafenstraße 12\n20457 Hamburg"} {
		if v, _ := st.Setting(ctx, k, ""); v != want {
			t.Errorf("%s = %q, want %q (save says %q)", k, v, want, s.saved.Text)
		}
	}
	if s.errs["payment.iban"].Visible() {
		t.Error("the IBAN's message stayed")
	}
}

// formLabels are the texts of the labels of every form under o.
func formLabels(o fyne.CanvasObject) []string {
	var out []string
	var walk func(c fyne.CanvasObject)
	walk = func(c fyne.CanvasObject) {
		if f, ok := c.(*widget.Form); ok {
			for _, it := range f.Items {
				out = append(out, it.Text)
			}
		}
		for _, child := range childrenOf(c) {
			walk(child)
		}
	}
	walk(o)
	return out
}

// inScroll reports whether o lies inside a scroll container under root.
func inScroll(root, o fyne.CanvasObject) bool {
	var walk func(c fyne.CanvasObject, scrolled bool) bool
	walk = func(c fyne.CanvasObject, scrolled bool) bool {
		if c == o {
			return scrolled
		}
		if _, ok := c.(*container.Scroll); ok {
			scrolled = true
		}
		for _, child := range childrenOf(c) {
			if walk(child, scrolled) {
				return true
			}
		}
		return false
	}
	return walk(root, false)
}

func childrenOf(o fyne.CanvasObject) []fyne.CanvasObject {
	switch c := o.(type) {
	case *container.Scroll:
		return []fyne.CanvasObject{c.Content}
	case *fyne.Container:
		return c.Objects
	case *widget.Form:
		var out []fyne.CanvasObject
		for _, it := range c.Items {
			out = append(out, it.Widget)
		}
		return out
	case fyne.Widget:
		return test.WidgetRenderer(c).Objects()
	}
	return nil
}
