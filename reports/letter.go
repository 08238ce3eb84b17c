package reports

import (
	"fmt"
	"io"
	"strings"

	"paidup/ledger"
)

// A reminder letter: the step's words on the business's letterhead to
// the customer's postal address, for customers without email and for the
// registered letter before a claim — then the open items, their aging,
// and the remittance slip with the payment instructions (and EPC QR code
// where the business has an IBAN), as the open-item statement has them.

// LetterData is a letter: the customer's open items (an open-item
// statement's data) and the reminder's subject and text.
type LetterData struct {
	Statement StatementData
	Subject   string
	Text      string
}

// Letter writes a reminder letter as a PDF.
func (r *Renderer) Letter(w io.Writer, ld LetterData) error {
	oi, s := ld.Statement.Open, r.st
	c := oi.Customer
	d := r.newDoc("Reminder "+c.Code+" "+ledger.Day(oi.AsOf).Format(ledger.DateLayout), c.Name, oi.AsOf)
	d.continued = fmt.Sprintf("%s, %s (continued)", ld.Subject, s.day(oi.AsOf))
	d.newPage()
	y := d.letterhead("Reminder", s.day(oi.AsOf))
	half := d.width() / 2
	yl := d.addressBlock(d.left, y, half-6, "To", c.Name, d.r.customerPostal(c))
	yr := d.facts(d.left+half+6, y, half-6, []fact{
		{label: "Date", value: s.day(oi.AsOf)},
		{label: "Customer", value: c.Code},
		{label: balanceLabel(s, ledger.NewMoney(oi.Aging.Total, c.Currency)), value: s.money(abs(ledger.NewMoney(oi.Aging.Total, c.Currency))), strong: true},
	})
	d.f.SetY(max(yl, yr) + 8)
	d.bold(11)
	d.f.SetY(d.block(d.left, d.f.GetY(), d.width(), lineH+0.6, ld.Subject) + 3)
	d.regular(bodySize)
	// Line by line, so that a long letter runs onto the next page.
	for _, l := range d.wrap(strings.TrimSpace(ld.Text), d.width()) {
		d.ensure(lineH)
		d.f.SetXY(d.left, d.f.GetY())
		d.cell(d.width(), lineH, l, "L")
		d.f.SetY(d.f.GetY() + lineH)
	}
	d.f.SetY(d.f.GetY() + 3)
	r.openItemTable(d, oi)
	r.agingBox(d, oi)
	r.remittanceSlip(d, oi)
	if err := d.finish(w); err != nil {
		return fmt.Errorf("letter to %s PDF: %w", c.Code, err)
	}
	return nil
}
