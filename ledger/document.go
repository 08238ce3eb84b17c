package ledger

import (
	"fmt"
	"sort"
	"time"
)

// Kind is the kind of a document in the customer sub-ledger.
type Kind string

const (
	KindInvoice    Kind = "invoice"     // the customer owes: Dr 1100
	KindCreditNote Kind = "credit_note" // reduces what they owe: Cr 1100 or 2100
	KindPayment    Kind = "payment"     // money in: Dr 1000
	KindWriteOff   Kind = "write_off"   // given up as bad debt: Dr 6100
	KindCharge     Kind = "charge"      // late-payment interest and compensation: Dr 1100 (charge_store.go)
	KindRefund     Kind = "refund"      // money paid back out of credit: Dr 1100, Cr 1000, settled by the credits at once (refund.go)
	KindDiscount   Kind = "discount"    // early-payment discount taken: Dr 4900 (and 2200), Cr 1100 (discount.go)
)

// Receivable reports whether documents of the kind are owed by the
// customer (invoices and charges): what credits are allocated to, what
// ages and what the AR control account sums.
func (k Kind) Receivable() bool { return k == KindInvoice || k == KindCharge }

// Status is where a document is in its life. Only drafts change.
type Status string

const (
	StatusDraft  Status = "draft"
	StatusIssued Status = "issued"
	StatusVoid   Status = "void"
)

// Line is one line of an invoice or credit note. Net is computed:
// round(Quantity × UnitPrice × (100% − Discount)), half away from zero.
type Line struct {
	Description string
	Quantity    Decimal4 // up to 4 decimals
	UnitPrice   int64    // minor units of the document's currency
	Discount    Decimal4 // percent
	TaxRate     Decimal4 // percent
	Net         int64
	// For e-invoices: the VAT category (VATCategories; "" is S above 0%),
	// the exemption reason of category E (and any other 0% category) and
	// the unit (UN/ECE Rec. 20; "" is C62).
	VATCategory string
	VATReason   string
	UnitCode    string
}

// TaxLine is the tax of one rate on one document.
type TaxLine struct {
	Rate Decimal4
	Net  int64
	Tax  int64
}

// Document is an invoice, credit note, payment or write-off. For an
// invoice Open is what is still owed; for a payment or credit note it is
// the unapplied credit; a write-off is always fully applied.
type Document struct {
	ID           int64
	Kind         Kind
	Number       string // empty while draft
	CustomerID   int64
	CustomerCode string
	CustomerName string
	Status       Status
	Date         time.Time // issue date, or the day the payment arrived
	DueDate      time.Time // invoices; equals Date for others
	Net          Money
	Tax          Money
	Total        Money
	Open         Money
	Reference    string // PO number, bank reference
	Notes        string
	VoidDate     time.Time // zero unless void
	VoidReason   string
	ServiceFrom  time.Time // date of delivery or first day of the period; zero: unset
	ServiceTo    time.Time // last day of the service period; zero: a date, or unset
	PaymentMeans string    // "" or one of PaymentMeansNames
	Lines        []Line
	Taxes        []TaxLine
}

// Allocation applies a credit (payment, credit note, write-off) to an invoice.
type Allocation struct {
	ID            int64
	CreditID      int64
	CreditNumber  string
	CreditKind    Kind // payment, credit note or write-off
	InvoiceID     int64
	InvoiceNumber string
	Amount        Money
	Date          time.Time
	VoidDate      time.Time
}

// AllocationInput asks for part of a credit to go to a named invoice.
type AllocationInput struct {
	InvoiceNumber string
	Amount        Money
}

// computeLines fills in each line's net and returns the document's totals,
// with tax computed once per rate on the sum of nets at that rate.
func computeLines(lines []Line) (net, tax int64, taxes []TaxLine, err error) {
	byRate := map[Decimal4]int64{}
	for i := range lines {
		l := &lines[i]
		if err := validText("description", l.Description); err != nil {
			return 0, 0, nil, Errorf(EINVALID, "line %d: %v", i+1, err)
		}
		if l.Quantity <= 0 {
			return 0, 0, nil, Errorf(EINVALID, "line %d: quantity must be more than zero", i+1)
		}
		if l.Discount < 0 || l.Discount > D4(100) {
			return 0, 0, nil, Errorf(EINVALID, "line %d: discount must be between 0 and 100%%", i+1)
		}
		if l.TaxRate < 0 || l.TaxRate > D4(100) {
			return 0, 0, nil, Errorf(EINVALID, "line %d: tax rate must be between 0 and 100%%", i+1)
		}
		if err := checkLineVAT(l); err != nil {
			return 0, 0, nil, Errorf(EINVALID, "line %d: %v", i+1, err)
		}
		n, err := LineNet(l.Quantity, l.UnitPrice, l.Discount)
		if err != nil {
			return 0, 0, nil, Errorf(EINVALID, "line %d: %v", i+1, err)
		}
		l.Net = n
		net += n
		byRate[l.TaxRate] += n
	}
	rates := make([]Decimal4, 0, len(byRate))
	for r := range byRate {
		rates = append(rates, r)
	}
	sort.Slice(rates, func(i, j int) bool { return rates[i] < rates[j] })
	for _, r := range rates {
		t, err := TaxOn(byRate[r], r)
		if err != nil {
			return 0, 0, nil, Errorf(EINVALID, "tax at %s%%: %v", r, err)
		}
		if r != 0 {
			taxes = append(taxes, TaxLine{Rate: r, Net: byRate[r], Tax: t})
		}
		tax += t
	}
	if err := checkRange(net + tax); err != nil {
		return 0, 0, nil, Errorf(EINVALID, "total: %v", err)
	}
	// A line may be negative (a discount line) but the document may not:
	// a negative invoice is a credit note.
	if net+tax < 0 {
		return 0, 0, nil, Errorf(EINVALID, "the total is negative: issue a credit note instead")
	}
	return net, tax, taxes, nil
}

func (k Kind) label() string {
	switch k {
	case KindCreditNote:
		return "credit note"
	case KindWriteOff:
		return "write-off"
	case KindDiscount:
		return "discount"
	}
	return string(k)
}

func docRef(kind Kind, number string) string {
	return fmt.Sprintf("%s %s", kind.label(), number)
}
