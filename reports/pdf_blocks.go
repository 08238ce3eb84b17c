package reports

import (
	"bytes"
	"strings"

	"github.com/go-pdf/fpdf"
)

// drawStamp marks every page of a paid, void or draft document, so no
// page on its own can be taken for a live demand for payment.
func (d *doc) drawStamp() {
	if d.stamp == "" {
		return
	}
	f := d.f
	f.SetAlpha(0.55, "Normal")
	d.bold(26)
	d.color(d.stampColor)
	d.draw(d.stampColor)
	w := f.GetStringWidth(d.stamp) + 10
	cx, cy := d.right-w/2-4, 62.0
	f.TransformBegin()
	f.TransformRotate(14, cx, cy)
	f.SetLineWidth(1)
	// A plain rectangle: fpdf 0.9's RoundedRect leaves a graphics state
	// saved ("q" without "Q"), which would keep the rotation for the
	// rest of the page.
	f.Rect(cx-w/2, cy-7, w, 14, "D")
	f.SetXY(cx-w/2, cy-7)
	d.cell(w, 14, d.stamp, "C")
	f.TransformEnd()
	f.SetAlpha(1, "Normal")
}

// footer prints the footer text and "Page i of n" on every page.
func (d *doc) footer() {
	f := d.f
	y := d.ph - footerH
	d.rule(y-2, colRule, 0.2)
	d.regular(smallSize)
	d.color(colMuted)
	pageNo := d.r.st.tf("Page %d of {nb}", f.PageNo())
	if d.sectionPages > 0 {
		pageNo = d.r.st.tf("Page %d of %d", d.page(), d.sectionPages)
	}
	pw := f.GetStringWidth(pageNo) + 4
	if text := strings.TrimSpace(d.r.p.Footer); text != "" {
		lines := d.wrap(text, d.width()-pw-4)
		for i, l := range lines[:min(len(lines), 3)] {
			f.SetXY(d.left, y+float64(i)*smallLineH)
			d.cell(d.width()-pw-4, smallLineH, l, "L")
		}
	}
	f.SetXY(d.right-pw, y)
	d.cell(pw, smallLineH, pageNo, "R")
}

// letterhead draws the business (logo, name, address, contacts) on the
// left and the document's title and number on the right, and returns
// the y below both.
func (d *doc) letterhead(title, number string) float64 {
	f, p := d.f, d.r.p
	y := margin
	colW := d.width() * 0.55
	if d.r.logo != nil {
		lw, lh := 55.0, 55.0*float64(d.r.logo.height)/float64(d.r.logo.width)
		if lh > 22 {
			lw, lh = 22*float64(d.r.logo.width)/float64(d.r.logo.height), 22
		}
		opt := fpdf.ImageOptions{ImageType: d.r.logo.kind}
		f.RegisterImageOptionsReader("logo", opt, bytes.NewReader(d.r.logo.data))
		f.ImageOptions("logo", d.left, y, lw, lh, false, opt, 0, "")
		y += lh + 4
	}
	d.bold(11)
	d.color(colText)
	if p.Name != "" {
		d.text(d.left, y, colW, 5.5, p.Name, "L")
		y += 6
	}
	d.regular(bodySize - 0.5)
	d.color(colMuted)
	y = d.block(d.left, y, colW, smallLineH+0.2, firstLines(d.r.postal(p.Address, p.Postcode, p.City, ""), 6))
	var contact []string
	for _, s := range []string{p.Email, p.Phone} {
		if s != "" {
			contact = append(contact, s)
		}
	}
	if len(contact) > 0 {
		d.text(d.left, y, colW, smallLineH+0.2, strings.Join(contact, " · "), "L")
		y += smallLineH + 0.2
	}
	if p.TaxID != "" {
		d.text(d.left, y, colW, smallLineH+0.2, d.r.st.tf("Tax ID %s", p.TaxID), "L")
		y += smallLineH + 0.2
	}
	d.bold(titleSize)
	d.color(colAccent)
	d.text(d.left+colW, margin, d.width()-colW, 10, title, "R")
	d.regular(11)
	d.color(colText)
	d.text(d.left+colW, margin+11, d.width()-colW, 6, number, "R")
	return max(y, margin+18) + 6
}

// addressBlock draws a heading and a party (name, address, more lines)
// in w millimetres and returns the y below it.
func (d *doc) addressBlock(x, y, w float64, heading, name, address string, more ...string) float64 {
	d.regular(smallSize)
	d.color(colMuted)
	d.text(x, y, w, smallLineH, strings.ToUpper(heading), "L")
	y += smallLineH + 1
	d.bold(10)
	d.color(colText)
	lines := d.wrap(name, w)
	for _, l := range lines[:min(2, len(lines))] {
		d.text(x, y, w, 5, l, "L")
		y += 5
	}
	d.regular(bodySize)
	y = d.block(x, y, w, lineH, firstLines(address, 8))
	for _, m := range more {
		if m != "" {
			d.text(x, y, w, lineH, m, "L")
			y += lineH
		}
	}
	return y
}

// fact is a label and its value in a facts block.
type fact struct {
	label, value string
	strong       bool
	link         bool // the value is an address to open
}

// facts draws label/value pairs right-aligned in w millimetres at x and
// returns the y below them.
func (d *doc) facts(x, y, w float64, fs []fact) float64 {
	lw := w * 0.48
	for _, fc := range fs {
		if fc.value == "" {
			continue
		}
		d.regular(bodySize)
		d.color(colMuted)
		d.text(x, y, lw, 5, fc.label, "L")
		d.color(colText)
		if fc.strong {
			d.bold(11)
		}
		d.text(x+lw, y, w-lw, 5, fc.value, "R")
		y += 5.4
	}
	return y
}

// heading writes a small upper-case section heading and returns the y below.
func (d *doc) heading(x, y, w float64, s string) float64 {
	d.regular(smallSize)
	d.color(colMuted)
	d.text(x, y, w, smallLineH, strings.ToUpper(s), "L")
	return y + smallLineH + 1
}
