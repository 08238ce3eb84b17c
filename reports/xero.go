package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"paidup/ledger"
)

// Xero's import files. Sales invoices go in Xero's sales-invoice import
// template (XeroInvoiceColumns, Xero's own headings: a row per line,
// lines of one invoice sharing its number); a credit note goes in it with
// negative unit amounts, which Xero imports as a credit note; a write-off
// is such a credit to the bad-debts account. Payments go in Xero's bank
// statement import (XeroPaymentColumns) to be reconciled against the
// invoices they pay (the invoice number is the reference). A document
// voided in the period comes again as its reversal: numbered NUMBER-VOID,
// with the signs turned.
type XeroInvoices struct {
	cw       *csv.Writer
	accounts ledger.AccountMap
	taxTypes map[ledger.Decimal4]string
	date     string // the date layout of the organisation's region
	docs     int
	rows     int
}

// XeroInvoiceColumns are the columns of Xero's sales-invoice import
// template; an asterisk marks those Xero requires.
var XeroInvoiceColumns = []string{"*ContactName", "EmailAddress", "POAddressLine1", "POAddressLine2", "POAddressLine3", "POAddressLine4",
	"POCity", "PORegion", "POPostalCode", "POCountry", "*InvoiceNumber", "Reference", "*InvoiceDate", "*DueDate", "InventoryItemCode",
	"*Description", "*Quantity", "*UnitAmount", "Discount", "*AccountCode", "*TaxType", "TrackingName1", "TrackingOption1",
	"TrackingName2", "TrackingOption2", "Currency", "BrandingTheme"}

// XeroPaymentColumns are the columns of Xero's bank statement import, and
// the currency of each payment.
var XeroPaymentColumns = []string{"*Date", "*Amount", "Payee", "Description", "Reference", "Currency"}

// NewXeroInvoices writes the header. dateLayout is Go's layout of the
// organisation's dates ("02/01/2006", or "01/02/2006" in the US); taxTypes
// names each tax rate as Xero knows it (xero.tax_types).
func NewXeroInvoices(w io.Writer, accounts ledger.AccountMap, taxTypes map[ledger.Decimal4]string, dateLayout string) *XeroInvoices {
	x := &XeroInvoices{cw: csv.NewWriter(w), accounts: accounts, taxTypes: taxTypes, date: dateLayout}
	x.cw.Write(XeroInvoiceColumns)
	return x
}

// taxType is Xero's name of a tax rate.
func (x *XeroInvoices) taxType(rate ledger.Decimal4) string {
	if n, ok := x.taxTypes[rate]; ok {
		return n
	}
	if rate == 0 {
		return "Tax Exempt"
	}
	return "Tax on Sales"
}

// xeroAddress splits an address into Xero's four lines.
func xeroAddress(addr string) []string {
	out := make([]string, 4)
	for i, l := range strings.Split(strings.ReplaceAll(addr, "\r\n", "\n"), "\n") {
		l = strings.TrimSpace(l)
		if i < 4 {
			out[i] = l
		} else if l != "" {
			out[3] += ", " + l
		}
	}
	for i := range out {
		out[i] = SafeText(out[i])
	}
	return out
}

// Document writes an invoice, a charge, a credit note or a write-off (and their
// reversals); payments are for XeroPayments, and are skipped here.
func (x *XeroInvoices) Document(d *ledger.ExportDoc) error {
	sign := int64(1)
	switch d.Kind {
	case ledger.KindCreditNote, ledger.KindWriteOff:
		sign = -1
	case ledger.KindInvoice, ledger.KindCharge:
	default:
		return nil
	}
	number := d.Number
	if d.Void {
		sign, number = -sign, number+"-VOID"
	}
	head := append([]string{SafeText(d.Customer.Name), SafeText(d.Customer.Email)}, xeroAddress(d.Customer.Address)...)
	head = append(head, "", "", "", "", SafeText(number), SafeText(d.Reference), d.Date.Format(x.date), d.Due.Format(x.date), "")
	row := func(desc, qty string, unit int64, disc ledger.Decimal4, acc ledger.Account, rate ledger.Decimal4) error {
		discount := ""
		if disc != 0 {
			discount = disc.String()
		}
		rec := append(append([]string(nil), head...), SafeText(desc), qty, ledger.NewMoney(sign*unit, d.Currency).Plain(), discount,
			SafeText(x.accounts.Of(acc).Code), SafeText(x.taxType(rate)), "", "", "", "", d.Currency, "")
		x.rows++
		return x.cw.Write(rec)
	}
	x.docs++
	if d.Kind == ledger.KindWriteOff || len(d.Lines) == 0 {
		desc := "write-off of " + d.Invoice
		acc := ledger.AccBadDebts
		if d.Kind != ledger.KindWriteOff {
			desc, acc = string(d.Kind)+" "+d.Number, ledger.AccSales
		}
		if d.Void {
			desc = "void of " + desc + ": " + d.VoidReason
		}
		return row(desc, "1", d.Total, 0, acc, 0)
	}
	for _, l := range d.Lines {
		desc := l.Description
		if d.Void {
			desc = "void: " + desc
		}
		acc := ledger.AccSales
		if d.Kind == ledger.KindCharge {
			// A charge's lines are its interest, then its compensation
			// (ledger's postCharge), each to its own account.
			acc = ledger.AccLateFees
			if strings.HasPrefix(l.Description, "Interest") {
				acc = ledger.AccInterest
			}
		}
		if err := row(desc, l.Quantity.String(), l.UnitPrice, l.Discount, acc, l.TaxRate); err != nil {
			return err
		}
	}
	return nil
}

// Close flushes and says how many documents and rows were written.
func (x *XeroInvoices) Close() (docs, rows int, err error) {
	x.cw.Flush()
	if err := x.cw.Error(); err != nil {
		return x.docs, x.rows, fmt.Errorf("write xero invoices: %w", err)
	}
	return x.docs, x.rows, nil
}

// XeroPayments writes payments and refunds as Xero's bank statement lines.
type XeroPayments struct {
	cw   *csv.Writer
	date string
	rows int
}

// NewXeroPayments writes the header.
func NewXeroPayments(w io.Writer, dateLayout string) *XeroPayments {
	p := &XeroPayments{cw: csv.NewWriter(w), date: dateLayout}
	p.cw.Write(XeroPaymentColumns)
	return p
}

// Document writes a payment (money in), a refund (money paid back out of
// the customer's credit: money out) or the reversal of either; other
// documents are skipped.
func (p *XeroPayments) Document(d *ledger.ExportDoc) error {
	var amount int64
	var kind string
	switch d.Kind {
	case ledger.KindPayment:
		amount, kind = d.Total, "payment "
	case ledger.KindRefund:
		amount, kind = -d.Total, "refund "
	default:
		return nil
	}
	desc := kind + d.Number
	if d.Void {
		amount, desc = -amount, "void of "+kind+d.Number+": "+d.VoidReason
	}
	ref := d.Invoice
	if ref == "" {
		ref = d.Reference
	}
	p.rows++
	return p.cw.Write([]string{d.Date.Format(p.date), ledger.NewMoney(amount, d.Currency).Plain(), SafeText(d.Customer.Name),
		SafeText(desc), SafeText(ref), d.Currency})
}

// Close flushes and says how many payments were written.
func (p *XeroPayments) Close() (int, error) {
	p.cw.Flush()
	if err := p.cw.Error(); err != nil {
		return p.rows, fmt.Errorf("write xero payments: %w", err)
	}
	return p.rows, nil
}
