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
var uiFont = sync.OnceValue(func() fyne.Resource {
	return fyne.NewStaticResource("Paidup-Sans.ttf", fonts.UI.TTF())
})

// scriptsTheme is the default theme with the font that draws every
// customer's name, in one variant or following the system's.
type scriptsTheme struct {
	fyne.Theme
	variant *fyne.ThemeVariant // nil: the system's
}

func newTheme(variant *fyne.ThemeVariant) fyne.Theme {
	return &scriptsTheme{Theme: theme.DefaultTheme(), variant: variant}
}

func (t *scriptsTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	return t.Theme.Color(n, v)
}

// Font gives regular and italic text the merged font. Bold text keeps
// Fyne's Noto Sans Bold: a bold copy of every script would double the
// fonts' share of the binary; a bold name in another script is drawn by
// a system font when there is one.
func (t *scriptsTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Bold || s.Monospace || s.Symbol {
		return t.Theme.Font(s)
	}
	return uiFont()
}
