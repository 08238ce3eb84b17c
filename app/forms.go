package app

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"paidup/ledger"
)

// What a user types reaches the ledger through the parsers below, whether
// typed into the window's forms or given as command-line flags, so both
// accept the same input and say the same thing about a mistake.

// FieldErrors are the problems of a form by field name ("code", "name",
// "email", "currency", "terms", "limit"); empty when the form is fine.
type FieldErrors map[string]string

// Err is the form's problems as one error naming each field, nil if none.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var msgs []string
	for _, k := range keys {
		msgs = append(msgs, k+": "+fe[k])
	}
	return ledger.Errorf(ledger.EINVALID, "%s", strings.Join(msgs, "; "))
}

// CustomerForm is a customer as typed. Fields left nil are not changed
// from the customer the form edits (or the defaults for a new one).
type CustomerForm struct {
	Code, Name, Email, Currency, TermsDays, CreditLimit *string
	Phone, Address, TaxID, Notes                        *string
	// For e-invoices: the rest of the address, the buyer reference
	// (Leitweg-ID) and the format the customer wants.
	Postcode, City, Country, BuyerReference, EInvoiceFormat *string
	// Language of their documents' words: "" (the business's) or one of
	// ledger.DocumentLanguages.
	Language *string
	// Discount is the early-payment discount their invoices take
	// (ledger.ParseDiscountTerms: "2/10", "none"), parsed by the caller.
	Discount *ledger.DiscountTerms
}

// S is a pointer to s, to fill a CustomerForm.
func S(s string) *string { return &s }

// Parse applies the form to base and checks what a user can get wrong.
func (f CustomerForm) Parse(base ledger.Customer) (ledger.Customer, FieldErrors) {
	c, errs := base, FieldErrors{}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&c.Code, f.Code)
	set(&c.Name, f.Name)
	set(&c.Email, f.Email)
	set(&c.Phone, f.Phone)
	set(&c.TaxID, f.TaxID)
	set(&c.Address, f.Address)
	set(&c.Notes, f.Notes)
	set(&c.Postcode, f.Postcode)
	set(&c.City, f.City)
	set(&c.BuyerReference, f.BuyerReference)
	if f.Country != nil {
		c.Country = strings.ToUpper(strings.TrimSpace(*f.Country))
		if c.Country != "" && !ledger.ValidCountry(c.Country) {
			errs["country"] = "Use a two-letter country code such as DE, FR or AT."
		}
	}
	if f.EInvoiceFormat != nil {
		c.EInvoiceFormat = strings.ToLower(strings.TrimSpace(*f.EInvoiceFormat))
		if c.EInvoiceFormat == "none" {
			c.EInvoiceFormat = ""
		}
		if c.EInvoiceFormat != "" && !slices.Contains(ledger.EInvoiceFormats, c.EInvoiceFormat) {
			errs["einvoice"] = "Choose factur-x, xrechnung-cii, xrechnung-ubl or peppol-ubl."
		}
	}
	if f.Discount != nil {
		c.Discount = *f.Discount
	}
	if f.Language != nil {
		c.Language = strings.ToLower(strings.TrimSpace(*f.Language))
		if c.Language != "" && !slices.Contains(ledger.DocumentLanguages, c.Language) {
			errs["language"] = "Choose en, de, fr, es, nl, it or pl, or leave it empty for your own."
		}
	}
	if f.Currency != nil {
		c.Currency = strings.ToUpper(strings.TrimSpace(*f.Currency))
	}
	if c.Code == "" {
		errs["code"] = "A code is required."
	}
	if c.Name == "" {
		errs["name"] = "A name is required."
	}
	if c.Email != "" && !strings.Contains(c.Email, "@") {
		errs["email"] = "This is not an email address."
	}
	if !ledger.ValidCurrency(c.Currency) {
		errs["currency"] = "Use a currency code such as EUR or USD."
	}
	if f.TermsDays != nil {
		terms, err := strconv.Atoi(strings.TrimSpace(*f.TermsDays))
		if err != nil || terms < 0 || terms > 3650 {
			errs["terms"] = "Terms are a whole number of days, 0 to 3650."
		} else {
			c.TermsDays = terms
		}
	}
	if c.CreditLimit.Currency != c.Currency {
		// A limit is in the customer's currency; a changed currency
		// keeps the figure only when the user types it again.
		c.CreditLimit = ledger.NewMoney(0, c.Currency)
	}
	if f.CreditLimit != nil {
		c.CreditLimit = ledger.NewMoney(0, c.Currency)
		if s := strings.TrimSpace(*f.CreditLimit); s != "" && ledger.ValidCurrency(c.Currency) {
			m, err := ledger.ParseMoney(s, c.Currency)
			switch {
			case err != nil:
				errs["limit"] = "Use a plain amount such as 5000.00."
			case m.IsNegative():
				errs["limit"] = "A credit limit cannot be negative."
			default:
				c.CreditLimit = m
			}
		}
	}
	return c, errs
}

// LineForm is one document line as typed. Quantity defaults to 1, discount
// and tax rate to 0.
type LineForm struct {
	Description, Quantity, UnitPrice, Discount, TaxRate string
	// For e-invoices: the VAT category (S, Z, E, AE, K, G, O), the
	// exemption reason of E, the unit (UN/ECE Rec. 20 such as HUR);
	// the ledger checks them.
	VATCategory, VATReason, UnitCode string
}

// Blank reports whether nothing was typed on the line.
func (l LineForm) Blank() bool {
	return strings.TrimSpace(l.Description+l.Quantity+l.UnitPrice) == ""
}

// ParseLines reads lines in the currency cur; blank lines are left out.
// Line numbers in messages count the lines as the user sees them.
func ParseLines(cur string, forms []LineForm) ([]ledger.Line, error) {
	var out []ledger.Line
	for i, f := range forms {
		if f.Blank() {
			continue
		}
		l := ledger.Line{Description: strings.TrimSpace(f.Description), Quantity: ledger.D4(1),
			VATCategory: strings.ToUpper(strings.TrimSpace(f.VATCategory)), VATReason: strings.TrimSpace(f.VATReason), UnitCode: strings.ToUpper(strings.TrimSpace(f.UnitCode))}
		var err error
		if s := strings.TrimSpace(f.Quantity); s != "" {
			if l.Quantity, err = ledger.ParseDecimal4(s); err != nil {
				return nil, ledger.Errorf(ledger.EINVALID, "line %d: the quantity %q is not a number%s", i+1, s, why(err))
			}
		}
		if cur == "" {
			return nil, ledger.Errorf(ledger.EINVALID, "choose a customer first: prices are in their currency")
		}
		m, err := ledger.ParseMoney(strings.TrimSpace(f.UnitPrice), cur)
		if err != nil {
			return nil, ledger.Errorf(ledger.EINVALID, "line %d: the unit price %q is not an amount in %s%s", i+1, f.UnitPrice, cur, why(err))
		}
		l.UnitPrice = m.Minor
		for _, p := range []struct {
			s    string
			dst  *ledger.Decimal4
			what string
		}{{f.Discount, &l.Discount, "discount"}, {f.TaxRate, &l.TaxRate, "tax rate"}} {
			if s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(p.s), "%")); s != "" {
				if *p.dst, err = ledger.ParseDecimal4(s); err != nil {
					return nil, ledger.Errorf(ledger.EINVALID, "line %d: the %s %q is not a percentage%s", i+1, p.what, s, why(err))
				}
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// ParseAmount reads a positive amount in cur, naming what it is in the
// message.
func ParseAmount(s, cur, what string) (ledger.Money, error) {
	m, err := ledger.ParseMoney(strings.TrimSpace(s), cur)
	if err != nil || !m.IsPositive() {
		return ledger.Money{}, ledger.Errorf(ledger.EINVALID, "the %s must be a positive amount in %s, not %q%s", what, cur, s, why(err))
	}
	return m, nil
}

// why is the reason a number was refused, as " (reason)": "1.234,56" is
// told it has a decimal comma, not only that it is no amount.
func why(err error) string {
	if err == nil {
		return ""
	}
	if inner := errors.Unwrap(err); inner != nil {
		err = inner
	}
	return " (" + err.Error() + ")"
}

// ParseDay reads a date as typed (YYYY-MM-DD); empty is def.
func ParseDay(s string, def time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	d, err := ledger.ParseDate(s)
	if errors.Is(err, ledger.ErrDateRange) {
		return time.Time{}, ledger.Errorf(ledger.EINVALID, "%q is %v", s, ledger.ErrDateRange)
	}
	if err != nil {
		return time.Time{}, ledger.Errorf(ledger.EINVALID, "%q: use a date such as 2026-03-31", s)
	}
	return d, nil
}

// ParseAllocation reads "NUMBER" or "NUMBER=AMOUNT": an invoice to apply a
// payment or credit to, and how much (nil amount: what the invoice has open).
func ParseAllocation(s, cur string) (number string, amount *ledger.Money, err error) {
	number, amt, found := strings.Cut(strings.TrimSpace(s), "=")
	number = strings.TrimSpace(number)
	if number == "" {
		return "", nil, ledger.Errorf(ledger.EINVALID, "%q: name an invoice, as NUMBER or NUMBER=AMOUNT", s)
	}
	if !found {
		return number, nil, nil
	}
	m, err := ParseAmount(amt, cur, fmt.Sprintf("amount for %s", number))
	if err != nil {
		return "", nil, err
	}
	return number, &m, nil
}
