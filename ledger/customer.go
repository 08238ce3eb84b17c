package ledger

import "time"

// Customer is someone who owes the business money. A customer deals in one
// currency: every invoice, credit note and payment of theirs is in it.
type Customer struct {
	ID          int64
	Code        string // the user's own key, unique, e.g. "ACME" or "0379-NEVHP"
	Name        string
	Email       string
	Currency    string // ISO 4217
	TermsDays   int    // due date = issue date + TermsDays when not given
	CreditLimit Money  // zero means no limit
	Phone       string
	Address     string
	TaxID       string // the VAT id on e-invoices
	Notes       string
	CreatedAt   time.Time
	// For e-invoices (EN 16931); Address is the street lines.
	Postcode       string
	City           string
	Country        string // ISO 3166-1 alpha-2, "" unknown
	BuyerReference string // BT-10, a German public body's Leitweg-ID
	EInvoiceFormat string // "", or one of EInvoiceFormats
	// Language is the language of the words on the customer's invoices,
	// credit notes and statements: "" (the business's) or one of
	// DocumentLanguages.
	Language string
	// Discount is the early-payment discount their invoices take unless
	// given their own (discount.go); zero: none.
	Discount DiscountTerms
}

// CustomerBalance is a customer with what they owe now: the open amount of
// their invoices less their unapplied credits.
type CustomerBalance struct {
	Code       string
	Name       string
	Currency   string
	Open       Money // sum of open invoice amounts
	Credits    Money // unapplied payments and credit notes (positive)
	Balance    Money // Open - Credits
	OldestDue  time.Time
	OverdueDue bool // true when OldestDue is before today
}

// CustomerFilter pages and narrows a customer list. Lists are always paged:
// a ledger may hold hundreds of thousands of customers.
type CustomerFilter struct {
	Search string // matched against code and name, case-insensitive prefix/substring
	Offset int
	Limit  int // 0 means a default page of 100
}
