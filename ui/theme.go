package ui

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"paidup/assets/fonts"
)

// uiFont is the window's regular font: Noto Sans with the fallbacks the
// PDFs use (Vietnamese, CJK, Arabic, Hebrew, Thai, Devanagari, Armenian,
// Georgian, the currency signs) merged into one, because a Fyne theme
// gives one font per text style. Unpacked on first use.
var (
	uiFont = sync.OnceValue(func() fyne.Resource {
		return fyne.NewStaticResource("Paidup-Sans.ttf", fonts.UI.TTF())
	})
	uiBoldFont = sync.OnceValue(func() fyne.Resource {
		return fyne.NewStaticResource("Paidup-Sans-Bold.ttf", fonts.UIBold.TTF())
	})
)

// scriptsTheme is the default theme with the font that draws every
// customer's name, in one variant or following the system's.
type scriptsTheme struct {
	fyne.Theme
	variant *fyne.ThemeVariant // nil: the system's
}

func newTheme(variant *fyne.ThemeVariant) fyne.Theme {
	// Unpacking both fonts takes some 80 ms; done now, it overlaps with
	// opening the ledger instead of holding up the first frame.
	go func() { uiFont(); uiBoldFont() }()
	return &scriptsTheme{Theme: theme.DefaultTheme(), variant: variant}
}

func (t *scriptsTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	return t.Theme.Color(n, v)
}

// Font gives regular and italic text the merged font, bold text its bold
// twin (there is no italic: Fyne's Noto Sans Italic would lose every other
// script). Monospaced and symbol text keep Fyne's fonts.
func (t *scriptsTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace || s.Symbol:
		return t.Theme.Font(s)
	case s.Bold:
		return uiBoldFont()
	}
	return uiFont()
}
