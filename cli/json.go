package cli

import (
	"time"

	"paidup/ledger"
	"paidup/reports"
)

// The JSON shapes of the listings. Field names are a contract with users'
// scripts: add fields, never rename or remove them. Amounts are decimal
// strings in their currency's digits beside a "currency" field; dates are
// YYYY-MM-DD, empty when there is none.

type customerJSON struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Email       string `json:"email"`
	Currency    string `json:"currency"`
	TermsDays   int    `json:"terms_days"`
	CreditLimit string `json:"credit_limit"`
	Phone       string `json:"phone"`
	Address     string `json:"address"`
	TaxID       string `json:"tax_id"`
	Notes       string `json:"notes"`
	// For e-invoices.
	Postcode       string `json:"postcode"`
	City           string `json:"city"`
	Country        string `json:"country"`
	BuyerReference string `json:"buyer_reference"`
	EInvoiceFormat string `json:"einvoice_format"`
	Language       string `json:"language"` // of their documents; "" the business's
}

func toCustomerJSON(c ledger.Customer) customerJSON {
	return customerJSON{Code: c.Code, Name: c.Name, Email: c.Email, Currency: c.Currency, TermsDays: c.TermsDays,
		CreditLimit: reports.Amount(c.CreditLimit.Minor, c.Currency), Phone: c.Phone, Address: c.Address, TaxID: c.TaxID, Notes: c.Notes,
		Postcode: c.Postcode, City: c.City, Country: c.Country, BuyerReference: c.BuyerReference, EInvoiceFormat: c.EInvoiceFormat, Language: c.Language}
}

type balanceJSON struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Currency  string `json:"currency"`
	Open      string `json:"open"`
	Credits   string `json:"credits"`
	Balance   string `json:"balance"`
	OldestDue string `json:"oldest_due"`
	Overdue   bool   `json:"overdue"`
}

func toBalanceJSON(b ledger.CustomerBalance) balanceJSON {
	return balanceJSON{Code: b.Code, Name: b.Name, Currency: b.Currency, Open: b.Open.Plain(), Credits: b.Credits.Plain(),
		Balance: b.Balance.Plain(), OldestDue: day(b.OldestDue), Overdue: b.OverdueDue}
}

type documentRowJSON struct {
	ID           int64  `json:"id"`
	Kind         string `json:"kind"`
	Number       string `json:"number"`
	CustomerCode string `json:"customer_code"`
	CustomerName string `json:"customer_name"`
	Status       string `json:"status"`
	Date         string `json:"date"`
	DueDate      string `json:"due_date"`
	Currency     string `json:"currency"`
	Total        string `json:"total"`
	Open         string `json:"open"`
	Reference    string `json:"reference"`
}

func toDocumentRowJSON(r ledger.DocumentRow) documentRowJSON {
	return documentRowJSON{ID: r.ID, Kind: string(r.Kind), Number: r.Number, CustomerCode: r.CustomerCode,
		CustomerName: r.CustomerName, Status: string(r.Status), Date: day(r.Date), DueDate: day(r.DueDate),
		Currency: r.Total.Currency, Total: r.Total.Plain(), Open: r.Open.Plain(), Reference: r.Reference}
}

type lineJSON struct {
	Description string `json:"description"`
	Quantity    string `json:"quantity"`
	UnitPrice   string `json:"unit_price"`
	Discount    string `json:"discount_percent"`
	TaxRate     string `json:"tax_rate_percent"`
	Net         string `json:"net"`
	// For e-invoices: the VAT category as stated (S for a line above 0%
	// that names none, "" for a 0% line that names none), its reason, the
	// unit (C62 when none is set).
	VATCategory string `json:"vat_category"`
	VATReason   string `json:"vat_reason"`
	UnitCode    string `json:"unit_code"`
}

type taxJSON struct {
	Rate string `json:"rate_percent"`
	Net  string `json:"net"`
	Tax  string `json:"tax"`
}

type allocationJSON struct {
	Credit   string `json:"credit"`
	Invoice  string `json:"invoice"`
	Amount   string `json:"amount"`
	Date     string `json:"date"`
	VoidDate string `json:"void_date"`
}

// creditAppliedJSON is what payment apply-credits applied of one credit.
type creditAppliedJSON struct {
	Kind     string `json:"kind"`
	Number   string `json:"number"`
	Currency string `json:"currency"`
	Applied  string `json:"applied"`
	Date     string `json:"date"`
}

type documentJSON struct {
	documentRowJSON
	Net         string           `json:"net"`
	Tax         string           `json:"tax"`
	Notes       string           `json:"notes"`
	VoidDate    string           `json:"void_date"`
	VoidReason  string           `json:"void_reason"`
	ServiceFrom string           `json:"service_from"`
	ServiceTo   string           `json:"service_to"`
	Payment     string           `json:"payment_means"`
	Lines       []lineJSON       `json:"lines"`
	Taxes       []taxJSON        `json:"taxes"`
	Allocations []allocationJSON `json:"allocations"`
}

func toDocumentJSON(d ledger.Document, allocs []ledger.Allocation) documentJSON {
	cur := d.Total.Currency
	j := documentJSON{
		documentRowJSON: toDocumentRowJSON(ledger.DocumentRow{ID: d.ID, Kind: d.Kind, Number: d.Number, CustomerCode: d.CustomerCode,
			CustomerName: d.CustomerName, Status: d.Status, Date: d.Date, DueDate: d.DueDate, Total: d.Total, Open: d.Open, Reference: d.Reference}),
		Net: d.Net.Plain(), Tax: d.Tax.Plain(), Notes: d.Notes, VoidDate: day(d.VoidDate), VoidReason: d.VoidReason,
		ServiceFrom: day(d.ServiceFrom), ServiceTo: day(d.ServiceTo), Payment: d.PaymentMeans,
		Lines: []lineJSON{}, Taxes: []taxJSON{}, Allocations: []allocationJSON{},
	}
	for _, l := range d.Lines {
		j.Lines = append(j.Lines, lineJSON{Description: l.Description, Quantity: l.Quantity.String(),
			UnitPrice: reports.Amount(l.UnitPrice, cur), Discount: l.Discount.String(), TaxRate: l.TaxRate.String(), Net: reports.Amount(l.Net, cur),
			VATCategory: l.LineCategory(), VATReason: l.VATReason, UnitCode: l.UnitOrDefault()})
	}
	for _, t := range d.Taxes {
		j.Taxes = append(j.Taxes, taxJSON{Rate: t.Rate.String(), Net: reports.Amount(t.Net, cur), Tax: reports.Amount(t.Tax, cur)})
	}
	for _, a := range allocs {
		j.Allocations = append(j.Allocations, allocationJSON{Credit: a.CreditNumber, Invoice: a.InvoiceNumber,
			Amount: a.Amount.Plain(), Date: day(a.Date), VoidDate: day(a.VoidDate)})
	}
	return j
}

// day prints a date, or "" for none.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(ledger.DateLayout)
}
