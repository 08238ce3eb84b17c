package reports

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"

	"paidup/ledger"
)

// logoMaxPixels bounds the longer side of the logo as embedded: it prints
// at most 60 mm wide, and 1200 pixels is over 500 dpi there.
const logoMaxPixels = 1200

// pdfImage is an image ready for fpdf: prepared once per Renderer so that
// each document only copies bytes.
type pdfImage struct {
	data          []byte
	kind          string // fpdf's image type: "png" or "jpg"
	width, height int    // pixels
}

// prepareLogo decodes the stored logo and turns it into an image fpdf
// embeds cheaply and reliably. A PNG is drawn onto white (documents are
// white, and fpdf would otherwise split out and recompress the alpha
// channel for every document) and written again as a plain 8-bit RGB
// PNG, which fpdf copies as it is; fpdf refuses interlaced and 16-bit
// PNGs, and this removes both. A JPEG is kept as it is unless it is
// too large or in CMYK, which PDF viewers print inverted.
func prepareLogo(im *ledger.Image) (*pdfImage, error) {
	if im == nil {
		return nil, nil
	}
	src, format, err := image.Decode(bytes.NewReader(im.Data))
	if err != nil {
		return nil, fmt.Errorf("the logo (business.logo) cannot be read: %v; set it again with 'paidup settings set business.logo FILE'", err)
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("the logo (business.logo) is empty; set it again with 'paidup settings set business.logo FILE'")
	}
	if s := max(w, h); s > logoMaxPixels {
		w, h = max(1, w*logoMaxPixels/s), max(1, h*logoMaxPixels/s)
	}
	_, cmyk := src.(*image.CMYK)
	if format == "jpeg" && !cmyk && w == b.Dx() {
		return &pdfImage{data: im.Data, kind: "jpg", width: w, height: h}, nil
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Over, nil)
	var out bytes.Buffer
	if format == "jpeg" {
		err = jpeg.Encode(&out, dst, &jpeg.Options{Quality: 92})
		return &pdfImage{data: out.Bytes(), kind: "jpg", width: w, height: h}, err
	}
	// Every pixel is opaque now, so the encoder writes RGB, not RGBA.
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&out, dst); err != nil {
		return nil, fmt.Errorf("prepare the logo: %w", err)
	}
	return &pdfImage{data: out.Bytes(), kind: "png", width: w, height: h}, nil
}
