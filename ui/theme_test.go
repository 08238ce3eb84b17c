package ui

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/go-text/typesetting/font"

	"paidup/internal/bidi"
)

// scriptNames are the customers of the PDFs' golden test per script
// (reports/scripts_test.go), with an amount each.
var scriptNames = []string{
	"Thương mại Nguyễn Đức  12.500.000 ₫",
	"北京星辰贸易有限公司  ¥8,650.00",
	"株式会社さくら商事  ￥1,358,024",
	"주식회사 한빛상사  ₩1,500,000",
	"شركة النور للتجارة  4,250.50 د.إ.",
	"חברת אור השחר בע״מ  3,120.00 ₪",
	"บริษัท สยามการค้า จำกัด  ฿15,750.00",
	"शर्मा ट्रेडर्स प्राइवेट लिमिटेड  ₹1,23,456.50",
	"Εμπορική Αθηνών Α.Ε.  2.480,00 €",
	"ООО «Ромашка и Ёлка»  98 500,00 ₽",
	"Przedsiębiorstwo Źdźbło Sp. z o.o.  7340,25 zł",
	"Řeznictví Dvořák s.r.o.  15 600,00 Kč",
	"Işık Ticaret A.Ş.  ₺4.999,90",
	"Հայկական Առևտուր  ֏12,000  ·  საქართველოს ვაჭრობა  ₾850",
}

// TestThemeDrawsEveryScript: the window's fonts, regular and bold, have a
// glyph for every character of the names, and the names render in labels,
// every other one bold (the screenshot goes to PAIDUP_SCREENSHOTS when
// set, to be looked at).
func TestThemeDrawsEveryScript(t *testing.T) {
	for _, res := range []fyne.Resource{uiFont(), uiBoldFont()} {
		face, err := font.ParseTTF(bytes.NewReader(res.Content()))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range scriptNames {
			for _, r := range name {
				if _, ok := face.NominalGlyph(r); !ok && r != ' ' {
					t.Errorf("%s has no glyph for %q (U+%04X) in %q", res.Name(), r, r, name)
				}
			}
		}
	}

	a := test.NewTempApp(t)
	applyTheme(a, "light")
	box := container.NewVBox()
	for i, name := range scriptNames {
		// As the screens show names: right-to-left runs in visual order.
		name = bidi.Display(name)
		if i%2 == 0 {
			box.Add(widget.NewLabel(name))
		} else {
			box.Add(widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		}
	}
	w := test.NewWindow(box)
	defer w.Close()
	w.Resize(fyne.NewSize(560, 620))
	img := w.Canvas().Capture()
	if ink := inked(img); ink < 0.01 {
		t.Errorf("the labels drew almost nothing: %.3f of the pixels are dark", ink)
	}
	if dir := os.Getenv("PAIDUP_SCREENSHOTS"); dir != "" {
		f, err := os.Create(filepath.Join(dir, "scripts.png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
	}
}

// inked is the share of an image's pixels that are dark (text).
func inked(img image.Image) float64 {
	b := img.Bounds()
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r+g+bl < 3*0x8000 {
				dark++
			}
		}
	}
	return float64(dark) / float64(b.Dx()*b.Dy())
}
