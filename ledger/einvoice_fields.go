package ledger

import (
	"slices"
	"strings"
	"time"
)

// The fields an e-invoice (EN 16931) needs beyond what the PDF prints:
// VAT categories, units, payment means, the customer's country and the
// format they want. They are checked where they are written, so a ledger
// holds only values the e-invoice writer understands; whether a field
// that is empty is required is the writer's question (einvoice/).

// VAT categories (UNCL5305, as EN 16931 uses them).
const (
	VATStandard      = "S"  // a rate above zero
	VATZero          = "Z"  // zero-rated goods
	VATExempt        = "E"  // exempt: the reason is required
	VATReverseCharge = "AE" // reverse charge: the buyer accounts for the VAT
	VATIntraEU       = "K"  // intra-community supply of goods or services
	VATExport        = "G"  // export outside the EU
	VATOutOfScope    = "O"  // not subject to VAT
)

// VATCategories lists the categories a line may have.
var VATCategories = []string{VATStandard, VATZero, VATExempt, VATReverseCharge, VATIntraEU, VATExport, VATOutOfScope}

// Payment means of a document (BT-81); "" is a credit transfer to the
// business's account (SEPA when an IBAN is set).
var PaymentMeansNames = []string{"transfer", "sepa", "card", "direct-debit", "cash", "other"}

// E-invoice formats a customer may want.
var EInvoiceFormats = []string{"factur-x", "xrechnung-cii", "xrechnung-ubl", "peppol-ubl"}

// LineCategory is the line's VAT category as an e-invoice states it: its
// own, or S for a line with a rate above zero that names none. A 0% line
// that names none has none ("").
func (l Line) LineCategory() string {
	if l.VATCategory == "" && l.TaxRate > 0 {
		return VATStandard
	}
	return l.VATCategory
}

// UnitOrDefault is the line's unit (UN/ECE Rec. 20), C62 ("one") if unset.
func (l Line) UnitOrDefault() string {
	if l.UnitCode == "" {
		return "C62"
	}
	return l.UnitCode
}

// checkLineVAT checks a line's category, reason and unit against its rate:
// a rate above zero is standard-rated, every other category is at 0%.
func checkLineVAT(l *Line) error {
	l.VATCategory = strings.ToUpper(strings.TrimSpace(l.VATCategory))
	l.UnitCode = strings.ToUpper(strings.TrimSpace(l.UnitCode))
	l.VATReason = strings.TrimSpace(l.VATReason)
	if l.VATCategory != "" && !slices.Contains(VATCategories, l.VATCategory) {
		return Errorf(EINVALID, "VAT category %q is not one of %s", l.VATCategory, strings.Join(VATCategories, ", "))
	}
	switch {
	case l.VATCategory == VATStandard && l.TaxRate == 0:
		return Errorf(EINVALID, "VAT category S (standard) needs a tax rate above 0%%")
	case l.VATCategory != "" && l.VATCategory != VATStandard && l.TaxRate != 0:
		return Errorf(EINVALID, "VAT category %s is at 0%%, not %s%%", l.VATCategory, l.TaxRate)
	case l.VATCategory == VATExempt && l.VATReason == "":
		return Errorf(EINVALID, "VAT category E (exempt) needs the reason for the exemption")
	case l.VATReason != "" && l.VATCategory != VATExempt && l.VATCategory != VATReverseCharge &&
		l.VATCategory != VATIntraEU && l.VATCategory != VATExport && l.VATCategory != VATOutOfScope:
		return Errorf(EINVALID, "a VAT exemption reason goes with category E, AE, K, G or O, not %q", l.LineCategory())
	}
	if len(l.VATReason) > 300 {
		return Errorf(EINVALID, "the VAT exemption reason is longer than 300 characters")
	}
	if err := validText("VAT exemption reason", l.VATReason); err != nil {
		return err
	}
	if l.UnitCode != "" && !validUnitCode(l.UnitCode) {
		return Errorf(EINVALID, "unit %q is not a UN/ECE Rec. 20 code (such as C62 one, H87 piece, HUR hour, DAY day, MON month)", l.UnitCode)
	}
	return nil
}

// validUnitCode accepts the shape of a Rec. 20 code (2–3 letters or
// digits); the full list of codes is the validator's.
func validUnitCode(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// checkPaymentMeans checks a document's payment means.
func checkPaymentMeans(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s != "" && !slices.Contains(PaymentMeansNames, s) {
		return "", Errorf(EINVALID, "payment means %q is not one of %s", s, strings.Join(PaymentMeansNames, ", "))
	}
	return s, nil
}

// checkServicePeriod checks a service date or period: a date alone is
// the day of delivery; from after to is refused.
func checkServicePeriod(from, to time.Time) error {
	for _, d := range []time.Time{from, to} {
		if !d.IsZero() {
			if err := DateInRange(d); err != nil {
				return Errorf(EINVALID, "service date %s is %v", fmtDate(d), err)
			}
		}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return Errorf(EINVALID, "the service period ends (%s) before it starts (%s)", fmtDate(to), fmtDate(from))
	}
	if from.IsZero() && !to.IsZero() {
		return Errorf(EINVALID, "a service period needs its first day")
	}
	return nil
}

// checkCustomerEInvoice checks and normalises a customer's e-invoice fields.
func checkCustomerEInvoice(c *Customer) error {
	c.Postcode = strings.TrimSpace(c.Postcode)
	c.City = strings.TrimSpace(c.City)
	c.Country = strings.ToUpper(strings.TrimSpace(c.Country))
	c.BuyerReference = strings.TrimSpace(c.BuyerReference)
	c.EInvoiceFormat = strings.ToLower(strings.TrimSpace(c.EInvoiceFormat))
	if c.Country != "" && !ValidCountry(c.Country) {
		return Errorf(EINVALID, "customer %s: country %q is not an ISO 3166 two-letter code such as DE or FR", c.Code, c.Country)
	}
	if c.EInvoiceFormat != "" && !slices.Contains(EInvoiceFormats, c.EInvoiceFormat) {
		return Errorf(EINVALID, "customer %s: e-invoice format %q is not one of %s", c.Code, c.EInvoiceFormat, strings.Join(EInvoiceFormats, ", "))
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{{"postcode", c.Postcode, 20}, {"city", c.City, 100}, {"buyer_reference", c.BuyerReference, 100}} {
		if len(f.v) > f.max {
			return Errorf(EINVALID, "customer %s: %s is longer than %d characters", c.Code, f.name, f.max)
		}
		if strings.ContainsAny(f.v, "\n\r") {
			return Errorf(EINVALID, "customer %s: %s is one line", c.Code, f.name)
		}
		if err := validText(f.name, f.v); err != nil {
			return Errorf(EINVALID, "customer %s: %v", c.Code, err)
		}
	}
	return nil
}

// ValidCountry says whether s has the shape of an ISO 3166-1 alpha-2 code
// in use (two capital letters, not a user-assigned range such as XA–XZ
// except XI, Northern Ireland for VAT).
func ValidCountry(s string) bool {
	if len(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' {
		return false
	}
	if s == "XI" {
		return true
	}
	switch {
	case s == "AA", s == "ZZ", s[0] == 'Q' && s[1] >= 'M', s[0] == 'X', s == "OO":
		return false
	}
	return true
}
