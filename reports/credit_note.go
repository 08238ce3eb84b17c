package reports

import (
	"context"
	"fmt"
	"io"
	"strings"

	"paidup/ledger"
)

// CreditNoteData is everything a credit note PDF shows; LoadCreditNote
// reads it from the ledger.
type CreditNoteData struct {
	Doc      ledger.Document
	Customer ledger.Customer
	// Applied lists the invoices the credit note settled, in the order
	// it settled them, with what it took off each; a voided allocation
	// is left out (the invoice was reopened).
	Applied []CreditApplication
}

// CreditApplication is part of a credit note applied to one invoice.
type CreditApplication struct {
	Invoice ledger.Document
	Amount  ledger.Money
}

// LoadCreditNote reads a credit note, its customer and the invoices it
// credits.
func LoadCreditNote(ctx context.Context, st *ledger.Store, number string) (CreditNoteData, error) {
	d, err := st.Document(ctx, number)
	if err != nil {
		return CreditNoteData{}, err
	}
	if d.Kind != ledger.KindCreditNote {
		return CreditNoteData{}, ledger.Errorf(ledger.EINVALID, "%s is a %s, not a credit note", number, strings.ReplaceAll(string(d.Kind), "_", " "))
	}
	c, err := st.CustomerByCode(ctx, d.CustomerCode)
	if err != nil {
		return CreditNoteData{}, fmt.Errorf("credit note %s: %w", number, err)
	}
	allocs, err := st.Allocations(ctx, d.ID)
	if err != nil {
		return CreditNoteData{}, fmt.Errorf("credit note %s: %w", number, err)
	}
	cd := CreditNoteData{Doc: d, Customer: c}
	at := map[string]int{}
	for _, a := range allocs {
		if a.CreditID != d.ID || !a.VoidDate.IsZero() {
			continue
		}
		if i, ok := at[a.InvoiceNumber]; ok {
			if cd.Applied[i].Amount, err = cd.Applied[i].Amount.Add(a.Amount); err != nil {
				return CreditNoteData{}, fmt.Errorf("credit note %s: %w", number, err)
			}
			continue
		}
		inv, err := st.Document(ctx, a.InvoiceNumber)
		if err != nil {
			return CreditNoteData{}, fmt.Errorf("credit note %s: the invoice it credits: %w", number, err)
		}
		at[a.InvoiceNumber] = len(cd.Applied)
		cd.Applied = append(cd.Applied, CreditApplication{Invoice: inv, Amount: a.Amount})
	}
	return cd, nil
}

// CreditNote writes a credit note as a PDF: the same letterhead, address
// and line table as an invoice, then what it credits and where the
// credit went — taken off named invoices, or kept for the customer.
// It asks for no payment, so it has no payment slip.
func (r *Renderer) CreditNote(w io.Writer, cd CreditNoteData) error {
	r = r.forCustomer(cd.Customer)
	cn, c, s := cd.Doc, cd.Customer, r.st
	d := r.newDoc(s.tf("Credit note %s", cn.Number), c.Name, cn.Date)
	if cn.Status == ledger.StatusVoid {
		d.stamp, d.stampColor = s.t("VOID"), colRed
	}
	d.continued = s.tf("Credit note %s (continued)", cn.Number)
	d.newPage()
	y := d.letterhead(s.t("Credit note"), cn.Number)

	half := d.width() / 2
	taxID, code := customerIDs(s, c)
	yl := d.addressBlock(d.left, y, half-6, s.t("Credit to"), c.Name, d.r.customerPostal(c), c.Email, taxID, code)
	credited := make([]string, len(cd.Applied))
	for i, a := range cd.Applied {
		credited[i] = a.Invoice.Number
	}
	facts := []fact{
		{label: s.t("Credit note number"), value: cn.Number},
		{label: s.t("Date"), value: s.day(cn.Date)},
		{label: s.t("Credits invoice"), value: strings.Join(credited, ", ")},
		{label: s.t("Reference"), value: cn.Reference},
		serviceFact(cn, s),
		{label: s.t("Total credited"), value: s.money(cn.Total), strong: true},
	}
	yr := d.facts(d.left+half+6, y, half-6, facts)
	d.f.SetY(max(yl, yr) + 7)

	r.invoiceLines(d, cn)
	r.creditTotals(d, cn)
	r.creditApplied(d, cd)
	r.invoiceNotes(d, cn)
	if err := d.finish(w); err != nil {
		return fmt.Errorf("credit note %s PDF: %w", cn.Number, err)
	}
	return nil
}

// creditTotals draws subtotal, tax per rate and the total credited at the
// right, kept together on one page.
func (r *Renderer) creditTotals(d *doc, cn ledger.Document) {
	s := r.st
	d.totalsBox(taxRows(d, s, cn), fact{label: s.t("Total credited"), value: s.money(cn.Total)})
}

// creditApplied says where the credit went: each invoice it settled, with
// what it took off and what that invoice still owes, and what is left as
// the customer's credit for later invoices.
func (r *Renderer) creditApplied(d *doc, cd CreditNoteData) {
	cn, s := cd.Doc, r.st
	if cn.Status == ledger.StatusVoid {
		msg := s.t("This credit note is void: it credits nothing.")
		if !cn.VoidDate.IsZero() {
			msg = s.tf("This credit note was voided on %s (%s): it credits nothing.", s.day(cn.VoidDate), cn.VoidReason)
		}
		d.voidNote(msg)
		return
	}
	d.ensure(smallLineH + 2 + 3*lineH)
	d.f.SetY(d.heading(d.left, d.f.GetY(), d.width(), s.t("Applied to")))
	if len(cd.Applied) > 0 {
		rows := make([][]string, len(cd.Applied))
		dates, amounts := []string{s.t("Invoice date")}, []string{s.t("Still owed"), s.t("Credited")}
		for i, a := range cd.Applied {
			rows[i] = []string{a.Invoice.Number, s.day(a.Invoice.Date), s.money(a.Amount), s.money(a.Invoice.Open)}
			dates = append(dates, rows[i][1])
			amounts = append(amounts, rows[i][2], rows[i][3])
		}
		// Columns measured from what they hold: a date or an amount is
		// never cut.
		aw := d.fitWidth(30, amounts...)
		t := newTable(d, column{title: s.t("Invoice"), align: "L", wrap: true}, column{title: s.t("Invoice date"), w: d.fitWidth(26, dates...), align: "L"},
			column{title: s.t("Credited"), w: aw, align: "R"}, column{title: s.t("Still owed"), w: aw, align: "R"})
		t.start()
		for _, row := range rows {
			t.row(row, false)
		}
		t.end()
	}
	d.regular(bodySize)
	d.color(colText)
	msg := s.t("The whole amount has been taken off the invoices above.")
	switch {
	case len(cd.Applied) == 0:
		msg = s.tf("The whole amount, %s, is kept as your credit and will be taken off your next invoices.", s.money(cn.Open))
	case cn.Open.IsPositive():
		msg = s.tf("%s is kept as your credit and will be taken off your next invoices.", s.money(cn.Open))
	}
	d.f.SetY(d.block(d.left, d.f.GetY()+2, d.width(), lineH, msg) + 6)
}
