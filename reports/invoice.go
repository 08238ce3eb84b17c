package reports

import (
	"context"
	"fmt"
	"io"
	"strings"

	"paidup/ledger"
)

// InvoiceData is everything an invoice PDF shows; LoadInvoice reads it
// from the ledger.
type InvoiceData struct {
	Doc      ledger.Document
	Customer ledger.Customer
	// Paid is what payments, credit notes and write-offs have settled
	// and not been reversed: Total − Open for an issued invoice.
	Paid ledger.Money
	// Discount is the invoice's early-payment discount terms and what
	// they offer (ledger/discount.go); zero Terms: none.
	Discount ledger.DiscountOffer
}

// balanceDue is what the invoice asks for: what is open on it, or for a
// draft, which posts nothing and so has nothing open yet, its total.
func (in InvoiceData) balanceDue() ledger.Money {
	if in.Doc.Status == ledger.StatusDraft {
		return in.Doc.Total
	}
	return in.Doc.Open
}

// LoadInvoice reads an invoice, its customer and what has been paid on it;
// a charge document (late-payment interest and compensation) too, which
// asks to be paid like an invoice and prints as one under its own title.
func LoadInvoice(ctx context.Context, st *ledger.Store, number string) (InvoiceData, error) {
	d, err := st.Document(ctx, number)
	if err != nil {
		return InvoiceData{}, err
	}
	if !d.Kind.Receivable() {
		return InvoiceData{}, ledger.Errorf(ledger.EINVALID, "%s is a %s, not an invoice", number, strings.ReplaceAll(string(d.Kind), "_", " "))
	}
	c, err := st.CustomerByCode(ctx, d.CustomerCode)
	if err != nil {
		return InvoiceData{}, fmt.Errorf("invoice %s: %w", number, err)
	}
	allocs, err := st.Allocations(ctx, d.ID)
	if err != nil {
		return InvoiceData{}, fmt.Errorf("invoice %s: %w", number, err)
	}
	paid := ledger.NewMoney(0, d.Total.Currency)
	for _, a := range allocs {
		if a.InvoiceID == d.ID && a.VoidDate.IsZero() {
			if paid, err = paid.Add(a.Amount); err != nil {
				return InvoiceData{}, fmt.Errorf("invoice %s: paid so far: %w", number, err)
			}
		}
	}
	disc, err := st.InvoiceDiscountByID(ctx, d.ID)
	if err != nil {
		return InvoiceData{}, fmt.Errorf("invoice %s: %w", number, err)
	}
	return InvoiceData{Doc: d, Customer: c, Paid: paid, Discount: disc}, nil
}

// Invoice writes an invoice as a PDF.
func (r *Renderer) Invoice(w io.Writer, in InvoiceData) error {
	r = r.forCustomer(in.Customer)
	inv, c, s := in.Doc, in.Customer, r.st
	number := inv.Number
	if inv.Status == ledger.StatusDraft {
		number = s.t("Draft")
	}
	d := r.newDoc(s.tf("Invoice %s", number), c.Name, inv.Date)
	switch {
	case inv.Status == ledger.StatusVoid:
		d.stamp, d.stampColor = s.t("VOID"), colRed
	case inv.Status == ledger.StatusDraft:
		d.stamp, d.stampColor = s.t("DRAFT"), colMuted
	case inv.Open.IsZero() && inv.Total.IsPositive():
		d.stamp, d.stampColor = s.t("PAID"), colAccent
	}
	d.continued = s.tf("Invoice %s (continued)", number)
	title, numberLabel := s.t("Invoice"), s.t("Invoice number")
	if inv.Kind == ledger.KindCharge {
		title, numberLabel = s.t("Late-payment charges"), s.t("Number")
		d.continued = s.tf("Charge %s", number)
	}
	due := in.balanceDue()
	d.newPage()
	y := d.letterhead(title, number)

	// Bill-to on the left, the invoice's facts on the right.
	half := d.width() / 2
	taxID, code := customerIDs(s, c)
	yl := d.addressBlock(d.left, y, half-6, s.t("Bill to"), c.Name, d.r.customerPostal(c), c.Email, taxID, code)
	facts := []fact{
		{label: numberLabel, value: number},
		{label: s.t("Issue date"), value: s.day(inv.Date)},
		{label: s.t("Due date"), value: s.day(inv.DueDate)},
		{label: s.t("Terms"), value: terms(s, inv)},
		{label: s.t("PO / reference"), value: inv.Reference},
		serviceFact(inv, s),
		{label: s.t("Balance due"), value: s.money(due), strong: true},
	}
	yr := d.facts(d.left+half+6, y, half-6, facts)
	d.f.SetY(max(yl, yr) + 7)

	r.invoiceLines(d, inv)
	r.invoiceTotals(d, in)
	r.invoicePayment(d, in)
	r.invoiceNotes(d, inv)
	if err := d.finish(w); err != nil {
		return fmt.Errorf("invoice %s PDF: %w", number, err)
	}
	return nil
}

// invoiceNotes prints the invoice's own notes, then the profile's notes
// for every invoice, running onto more pages if they must.
func (r *Renderer) invoiceNotes(d *doc, inv ledger.Document) {
	notes := strings.TrimSpace(strings.Join([]string{vatNotes(r.st, inv), strings.TrimSpace(inv.Notes), strings.TrimSpace(r.p.Notes)}, "\n\n"))
	if notes == "" {
		return
	}
	d.regular(bodySize)
	lines := d.wrap(notes, d.width())
	d.ensure(smallLineH + 2 + float64(min(len(lines), 4))*lineH)
	y := d.heading(d.left, d.f.GetY(), d.width(), r.st.t("Notes"))
	for _, l := range lines {
		if y+lineH > d.bottom {
			d.newPage()
			y = d.f.GetY()
		}
		d.regular(bodySize)
		d.color(colText)
		d.text(d.left, y, d.width(), lineH, l, "L")
		y += lineH
	}
	d.f.SetY(y)
}

func terms(s style, inv ledger.Document) string {
	days := ledger.DaysBetween(inv.Date, inv.DueDate)
	if days <= 0 {
		return s.t("Due on receipt")
	}
	return s.tf("Net %d days", days)
}

// customerIDs are the lines under a customer's address that identify
// them: their tax id and their code with us.
func customerIDs(s style, c ledger.Customer) (taxID, code string) {
	if c.TaxID != "" {
		taxID = s.tf("Tax ID %s", c.TaxID)
	}
	if c.Code != "" {
		code = s.tf("Customer %s", c.Code)
	}
	return taxID, code
}

// invoiceLines draws the line table; a discount column appears only when
// a line has a discount.
func (r *Renderer) invoiceLines(d *doc, inv ledger.Document) {
	cur := inv.Total.Currency
	discount := false
	for _, l := range inv.Lines {
		discount = discount || l.Discount != 0
	}
	s := r.st
	cols := []column{{title: s.t("Description"), align: "L", wrap: true}, {title: s.t("Qty"), w: 16, align: "R"}, {title: s.t("Unit price"), w: 28, align: "R"}}
	if discount {
		cols = append(cols, column{title: s.t("Disc."), w: 14, align: "R"})
	}
	cols = append(cols, column{title: s.t("Tax"), w: 14, align: "R"}, column{title: s.t("Amount"), w: 30, align: "R"})
	t := newTable(d, cols...)
	t.start()
	for _, l := range inv.Lines {
		cells := []string{l.Description, d.number(l.Quantity), r.st.money(ledger.NewMoney(l.UnitPrice, cur))}
		if discount {
			cells = append(cells, percent(d, l.Discount))
		}
		cells = append(cells, percent(d, l.TaxRate), r.st.money(ledger.NewMoney(l.Net, cur)))
		t.row(cells, false)
	}
	t.end()
}

func percent(d *doc, v ledger.Decimal4) string {
	if v == 0 {
		return "–"
	}
	return d.number(v) + "%"
}

// invoiceTotals draws subtotal, tax per rate, total, paid and balance due
// at the right, kept together on one page.
func (r *Renderer) invoiceTotals(d *doc, in InvoiceData) {
	inv, s := in.Doc, r.st
	rows := append(taxRows(d, s, inv), fact{label: s.t("Total"), value: s.money(inv.Total), strong: true},
		fact{label: s.t("Amount paid"), value: s.money(in.Paid)})
	d.totalsBox(rows, fact{label: s.t("Balance due"), value: s.money(in.balanceDue())})
}

// taxRows are the subtotal and the tax per rate of a document with lines.
func taxRows(d *doc, s style, doc ledger.Document) []fact {
	cur := doc.Total.Currency
	rows := []fact{{label: s.t("Subtotal"), value: s.money(doc.Net)}}
	for _, t := range doc.Taxes {
		rows = append(rows, fact{label: s.tf("Tax %s%% on %s", d.number(t.Rate), s.money(ledger.NewMoney(t.Net, cur))),
			value: s.money(ledger.NewMoney(t.Tax, cur))})
	}
	if len(doc.Taxes) == 0 && doc.Tax.IsZero() {
		rows = append(rows, fact{label: s.t("Tax"), value: s.money(doc.Tax)})
	}
	return rows
}

// totalsBox draws rows of totals at the right and the final figure in a
// shaded box under them, kept together on one page.
func (d *doc) totalsBox(rows []fact, final fact) {
	d.ensure(float64(len(rows))*5.6 + 15)
	w := 92.0
	x := d.right - w
	y := d.f.GetY() + 3
	for _, row := range rows {
		d.regular(bodySize)
		d.color(colMuted)
		d.text(x, y, w-34, 5, row.label, "L")
		d.color(colText)
		if row.strong {
			d.bold(bodySize)
		}
		d.text(x+w-34, y, 34, 5, row.value, "R")
		y += 5.6
	}
	y++
	d.fill(colShade)
	d.f.Rect(x, y, w, 9, "F")
	d.bold(11)
	d.color(colText)
	d.text(x+1, y+2, w-36, 5, final.label, "L")
	d.text(x+w-36, y+2, 35, 5, final.value, "R")
	d.f.SetY(y + 9 + 8)
}

// voidNote says in red why a void document asks for nothing.
func (d *doc) voidNote(msg string) {
	d.ensure(12)
	d.regular(bodySize)
	d.color(colRed)
	d.f.SetY(d.block(d.left, d.f.GetY(), d.width(), lineH, msg) + 6)
}

// invoicePayment tells the customer how to pay: bank details, a payment
// link and, for euro invoices with an IBAN, an EPC QR code that banking
// apps read.
func (r *Renderer) invoicePayment(d *doc, in InvoiceData) {
	inv, p, s := in.Doc, r.p, r.st
	if inv.Status == ledger.StatusVoid {
		msg := s.t("This invoice is void: nothing is due on it.")
		if !inv.VoidDate.IsZero() {
			msg = s.tf("This invoice was voided on %s (%s): nothing is due on it.", s.day(inv.VoidDate), inv.VoidReason)
		}
		d.voidNote(msg)
		return
	}
	if inv.Open.IsZero() && inv.Status == ledger.StatusIssued {
		d.ensure(12)
		d.regular(bodySize)
		d.color(colAccent)
		d.text(d.left, d.f.GetY(), d.width(), lineH, s.t("Paid in full. Thank you!"), "L")
		d.f.SetY(d.f.GetY() + lineH + 6)
		return
	}
	lines := paymentLines(s, p)
	ref := inv.Number
	if ref == "" {
		ref = s.t("the invoice number")
	}
	// The RF creditor reference (ISO 11649) of the invoice's number: the
	// payer's bank carries it to the statement unchanged, and matching
	// reads it back exactly (bank.Index). Printed in groups of four, as
	// on a payment slip; the QR code carries it in its structured field.
	rf, hasRF := ledger.RFReference(inv.Number)
	var qr [][]bool
	if hasRF {
		ref = s.tf("the reference %s", ledger.FormatRF(rf))
		lines = append([]fact{{label: s.t("Reference"), value: ledger.FormatRF(rf)}}, lines...)
		qr = r.epcQRRef(inv.Open, rf)
	} else {
		qr = r.epcQR(inv.Open, s.tf("Invoice %s", inv.Number))
	}
	var disc string
	if o := in.Discount; !o.Terms.IsZero() && o.Taken.IsZero() {
		// What paying by the discount date settles it with: the open
		// amount less the discount (ledger.DiscountTerms.Amount).
		if pay, err := in.balanceDue().Sub(o.Amount); err == nil && pay.IsPositive() {
			disc = s.tf("%s discount (%s) if paid by %s: pay %s.",
				percent(d, ledger.Decimal4(o.Terms.BP*100)), s.money(o.Amount), s.day(o.Until), s.money(pay))
		}
	}
	h := max(float64(len(lines)+2)*lineH+smallLineH+4, 36)
	if disc != "" {
		h += 2 * lineH
	}
	d.ensure(h)
	y0 := d.f.GetY()
	y := d.heading(d.left, y0, d.width(), s.t("How to pay"))
	d.regular(bodySize)
	d.color(colText)
	w := d.width() - 40
	y = d.block(d.left, y, w, lineH, s.tf("Please pay %s by %s, quoting %s.", s.money(in.balanceDue()), s.day(inv.DueDate), ref))
	if disc != "" {
		y = d.block(d.left, y, w, lineH, disc)
	}
	r.drawPaymentLines(d, d.left, y, w, lines)
	d.payQR(qr, y0)
	d.f.SetY(y0 + h + 4)
}

// payQR draws an EPC QR code (nil: none) at the right of a "How to pay"
// block that starts at y0, with its caption.
func (d *doc) payQR(qr [][]bool, y0 float64) {
	if qr == nil {
		return
	}
	size := 30.0
	drawQR(d.f, qr, d.right-size, y0+1, size)
	d.regular(smallSize - 0.5)
	d.color(colMuted)
	d.text(d.right-size-6, y0+size+2, size+6, smallLineH, d.r.st.t("Scan to pay (GiroCode)"), "C")
}

// paymentLines lists the business's payment details as label/value.
func paymentLines(s style, p ledger.BusinessProfile) []fact {
	return []fact{
		{label: s.t("Bank"), value: p.Bank},
		{label: "IBAN", value: GroupIBAN(p.IBAN)},
		{label: "BIC", value: p.BIC},
		{label: s.t("Account"), value: p.Account},
		{label: s.t("Pay online"), value: p.Link, link: true},
	}
}

func (r *Renderer) drawPaymentLines(d *doc, x, y, w float64, lines []fact) float64 {
	for _, l := range lines {
		if l.value == "" {
			continue
		}
		d.regular(bodySize)
		d.color(colMuted)
		d.text(x, y, 22, lineH, l.label, "L")
		d.color(colText)
		d.text(x+22, y, w-22, lineH, l.value, "L")
		if l.link {
			d.f.LinkString(x+22, y, w-22, lineH, l.value)
		}
		y += lineH
	}
	return y
}

// epcQR returns the modules of an EPC QR code for amount, or nil when the
// document cannot carry one: not in euros, no IBAN, nothing due.
func (r *Renderer) epcQR(amount ledger.Money, text string) [][]bool {
	return r.epcCode(EPCPayment{Amount: amount, Text: text})
}

// epcQRRef is epcQR with a structured RF creditor reference instead of text.
func (r *Renderer) epcQRRef(amount ledger.Money, rf string) [][]bool {
	return r.epcCode(EPCPayment{Amount: amount, Reference: rf})
}

func (r *Renderer) epcCode(pay EPCPayment) [][]bool {
	amount := pay.Amount
	if amount.Currency != "EUR" || r.p.IBAN == "" || !amount.IsPositive() {
		return nil
	}
	pay.Name, pay.IBAN, pay.BIC = r.p.Name, r.p.IBAN, r.p.BIC
	payload, err := EPCPayload(pay)
	if err != nil {
		// The settings are validated on the way in; a payload that still
		// fails (no business name) leaves the QR code out, and the bank
		// details printed beside it still say how to pay.
		return nil
	}
	m, err := qrModules(payload)
	if err != nil {
		return nil
	}
	return m
}

// GroupIBAN prints an IBAN in groups of four, as banks do; documents and
// reminder emails print it so.
func GroupIBAN(iban string) string {
	var b strings.Builder
	for i, r := range iban {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// serviceFact is the date of the supply or the service period, which an
// invoice states when it is set (for e-invoices, and as VAT law asks).
func serviceFact(inv ledger.Document, s style) fact {
	switch {
	case inv.ServiceFrom.IsZero():
		return fact{}
	case inv.ServiceTo.IsZero():
		return fact{label: s.t("Service date"), value: s.day(inv.ServiceFrom)}
	}
	return fact{label: s.t("Service period"), value: s.day(inv.ServiceFrom) + " – " + s.day(inv.ServiceTo)}
}

// vatNotes are the notes the law asks for with lines not charged VAT at a
// rate (Directive 2006/112/EC), one per VAT category on the invoice, in
// the order of ledger.VATCategories; the same categories the e-invoice
// states in its VAT breakdown.
func vatNotes(s style, inv ledger.Document) string {
	var notes []string
	seen := map[string]bool{}
	for _, cat := range ledger.VATCategories {
		for _, l := range inv.Lines {
			if l.LineCategory() != cat {
				continue
			}
			var n string
			switch cat {
			case ledger.VATExempt:
				n = s.tf("VAT exempt: %s", l.VATReason)
			case ledger.VATReverseCharge:
				n = s.t("Reverse charge: the recipient is liable for the VAT (Article 196, Directive 2006/112/EC).")
			case ledger.VATIntraEU:
				n = s.t("VAT-exempt intra-Community supply (Article 138, Directive 2006/112/EC).")
			case ledger.VATExport:
				n = s.t("VAT-exempt export outside the EU (Article 146, Directive 2006/112/EC).")
			case ledger.VATOutOfScope:
				n = s.t("Not subject to VAT.")
			}
			if n != "" && !seen[n] {
				seen[n] = true
				notes = append(notes, n)
			}
		}
	}
	return strings.Join(notes, "\n")
}
