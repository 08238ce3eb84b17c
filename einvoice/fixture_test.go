package einvoice

import (
	"context"
	"testing"
	"time"

	"paidup/internal/pgtest"
	"paidup/ledger"
)

// The matrix of real cases every format is validated on: each a document
// of a ledger written through the ledger's own API.
type fixture struct {
	st   *ledger.Store
	docs []string // document numbers, in the order written
	card string   // the invoice paid by card: XRechnung refuses it (BR-DE-24)
}

func day(s string) time.Time {
	d, err := ledger.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func d4(s string) ledger.Decimal4 {
	d, err := ledger.ParseDecimal4(s)
	if err != nil {
		panic(err)
	}
	return d
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := ledger.Open(ctx, pgtest.LedgerPath(t, "einvoice.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { st.Close() })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.ChangeSettings(ctx, map[string]string{
		"business.name": "Nordlicht Design Studio GmbH", "business.address": "Hafenstraße 12\nHinterhaus",
		"business.postcode": "20457", "business.city": "Hamburg", "business.country": "DE",
		"business.tax_id": "DE123456789", "business.registration": "HRB 12345", "business.email": "accounts@nordlicht.example", "business.phone": "+49 40 1234567",
		"business.currency": "EUR", "payment.iban": "DE89 3704 0044 0532 0130 00", "payment.bic": "COBADEFFXXX",
		"invoice.notes": "Thank you for your business.",
	}))
	cust := func(c ledger.Customer) {
		t.Helper()
		c.TermsDays = 30
		if c.Email == "" {
			c.Email = "ap@" + c.Code + ".example"
		}
		if c.BuyerReference == "" {
			c.BuyerReference = "991-01234-56"
		}
		_, err := st.CreateCustomer(ctx, c)
		must(err)
	}
	cust(ledger.Customer{Code: "bund", Name: "Bundesamt für Beispiele", Currency: "EUR", Address: "Postfach 1\nHaus 2\nZimmer 3\nFlur 4",
		Postcode: "10115", City: "Berlin", Country: "DE", TaxID: "DE987654321"})
	cust(ledger.Customer{Code: "wien", Name: "Wiener Werkstätten GmbH", Currency: "EUR", Address: "Ringstraße 5", Postcode: "1010",
		City: "Wien", Country: "AT", TaxID: "ATU12345678"})
	cust(ledger.Customer{Code: "paris", Name: "Atelier & Fils SARL", Currency: "EUR", Address: "1 rue de la Paix", Postcode: "75002",
		City: "Paris", Country: "FR", TaxID: "FR12345678901"})
	cust(ledger.Customer{Code: "nyc", Name: "Hudson Prints Inc.", Currency: "USD", Address: "350 5th Ave", Postcode: "10118",
		City: "New York", Country: "US"})
	cust(ledger.Customer{Code: "zurich", Name: "Zürcher Verlag AG", Currency: "EUR", Address: "Bahnhofstrasse 1", Postcode: "8001",
		City: "Zürich", Country: "CH"})
	cust(ledger.Customer{Code: "tokyo", Name: "Sakura Shoten K.K.", Currency: "JPY", Address: "1-1 Marunouchi", Postcode: "100-0005",
		City: "Tokyo", Country: "JP"})
	must(st.SetRate(ctx, "USD", day("2026-03-01"), "0.9216", "test"))
	must(st.SetRate(ctx, "JPY", day("2026-03-01"), "0.00613", "test"))

	f := &fixture{st: st}
	invoice := func(in ledger.InvoiceInput) ledger.Document {
		t.Helper()
		if in.Date.IsZero() {
			in.Date = day("2026-03-02")
		}
		d, err := st.IssueInvoice(ctx, in)
		must(err)
		f.docs = append(f.docs, d.Number)
		return d
	}
	line := func(desc, qty string, price int64, rate string) ledger.Line {
		return ledger.Line{Description: desc, Quantity: d4(qty), UnitPrice: price, TaxRate: d4(rate)}
	}
	// Two VAT rates, a line discount, a discount line (a document
	// allowance), a service period and an order reference.
	design := line("Corporate design, 3 days", "3", 80000, "19")
	design.UnitCode = "DAY"
	design.Discount = d4("10")
	books := line("Style guide, printed", "25", 1990, "7")
	books.UnitCode = "H87"
	loyal := line("Loyalty discount", "1", -5000, "19")
	first := invoice(ledger.InvoiceInput{CustomerCode: "bund", Reference: "PO-2026-17", Notes: "Project Leuchtturm",
		ServiceFrom: day("2026-02-01"), ServiceTo: day("2026-02-28"), Lines: []ledger.Line{design, books, loyal}})
	// A credit note referring to it.
	cn, err := st.IssueCreditNote(ctx, ledger.CreditNoteInput{CustomerCode: "bund", Date: day("2026-03-10"),
		Lines: []ledger.Line{line("Style guide: 5 copies returned", "5", 1990, "7")},
		Apply: []ledger.AllocationInput{{InvoiceNumber: first.Number, Amount: ledger.NewMoney(10647, "EUR")}}})
	must(err)
	f.docs = append(f.docs, cn.Number)
	// Reverse charge to another EU country.
	rc := line("Consulting (reverse charge)", "12.5", 12000, "0")
	rc.VATCategory, rc.UnitCode = "AE", "HUR"
	invoice(ledger.InvoiceInput{CustomerCode: "wien", Lines: []ledger.Line{rc}, ServiceFrom: day("2026-02-20")})
	// An intra-community supply of goods.
	ic := line("Posters, A1", "40", 1250, "0")
	ic.VATCategory, ic.UnitCode = "K", "H87"
	invoice(ledger.InvoiceInput{CustomerCode: "paris", Lines: []ledger.Line{ic}, ServiceFrom: day("2026-02-27"), PaymentMeans: "sepa"})
	// An export outside the EU.
	ex := line("Book design", "1", 450000, "0")
	ex.VATCategory = "G"
	invoice(ledger.InvoiceInput{CustomerCode: "zurich", Lines: []ledger.Line{ex}, PaymentMeans: "transfer"})
	// An invoice in USD with VAT, stated in EUR too.
	usdInv := invoice(ledger.InvoiceInput{CustomerCode: "nyc", Lines: []ledger.Line{line("Trade fair stand design (Hamburg)", "1", 123457, "19")}, PaymentMeans: "card"})
	f.card = usdInv.Number
	// A partly paid invoice.
	part := invoice(ledger.InvoiceInput{CustomerCode: "bund", Lines: []ledger.Line{line("Workshop", "2", 60000, "19")}})
	_, err = st.RecordPayment(ctx, ledger.PaymentInput{CustomerCode: "bund", Date: day("2026-03-20"), Amount: ledger.NewMoney(50000, "EUR"),
		Apply: []ledger.AllocationInput{{InvoiceNumber: part.Number, Amount: ledger.NewMoney(50000, "EUR")}}})
	must(err)
	// Rounding: fractional quantities, half cents at each rate, zero-rated
	// and exempt lines beside them.
	z := line("Newspaper subscription", "1", 999, "0")
	z.VATCategory = "Z"
	e := line("Training (exempt)", "1.5", 3333, "0")
	e.VATCategory, e.VATReason = "E", "Exempt under § 4 Nr. 21 UStG"
	invoice(ledger.InvoiceInput{CustomerCode: "bund", Lines: []ledger.Line{
		line("Stickers", "1.3333", 7, "19"), line("Pins", "3", 3333, "19"), line("Postcards", "0.5", 105, "7"),
		line("Cards", "7", 15, "7"), z, e,
	}})
	// A currency without decimals, VAT stated in EUR.
	invoice(ledger.InvoiceInput{CustomerCode: "tokyo", Lines: []ledger.Line{line("Illustration", "3", 33333, "19")}})
	// Outside the scope of VAT.
	o := line("Damages (not a supply)", "1", 25000, "0")
	o.VATCategory = "O"
	invoice(ledger.InvoiceInput{CustomerCode: "zurich", Lines: []ledger.Line{o}})
	return f
}
