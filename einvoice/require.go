package einvoice

import (
	"fmt"
	"strings"

	"paidup/ledger"
)

// Require names every field the format needs that the invoice lacks, as
// the user fixes it: the setting or the customer's field, with the
// business term (BT-…) of EN 16931. Nothing is guessed in its place.
func (inv *Invoice) Require(f Format) error {
	var miss []string
	need := func(ok bool, what string) {
		if !ok {
			miss = append(miss, what)
		}
	}
	cust := "customer " + inv.customerCode + ": "
	// EN 16931 itself (BR-06, BR-07, BR-09, BR-11).
	need(inv.Seller.Name != "", "business.name (seller name, BT-27)")
	need(inv.Seller.Country != "", "business.country (seller country, BT-40)")
	need(inv.Buyer.Country != "", cust+"country (buyer country, BT-55)")
	// BR-CO-26: the seller is identified by its VAT id or its registration.
	need(inv.Seller.VATID != "" || inv.Seller.LegalID != "", "business.registration (seller legal registration id, BT-30), or business.tax_id as a VAT id (BT-31; not stated outside the scope of VAT)")
	// The VAT identifiers each category asks for (BR-S-02, BR-Z-02,
	// BR-E-02, BR-AE-02, BR-IC-02, BR-G-02).
	sellerTax := inv.Seller.VATID != "" || inv.Seller.TaxNo != ""
	for _, cat := range []string{ledger.VATStandard, ledger.VATZero, ledger.VATExempt, ledger.VATReverseCharge} {
		if inv.has(cat) && !sellerTax {
			need(false, fmt.Sprintf("business.tax_id (seller VAT id or tax number, BT-31/BT-32: category %s)", cat))
			break
		}
	}
	if inv.has(ledger.VATIntraEU) || inv.has(ledger.VATExport) {
		need(inv.Seller.VATID != "", "business.tax_id as a VAT id with its country prefix (BT-31: intra-community supply or export)")
	}
	if inv.has(ledger.VATReverseCharge) || inv.has(ledger.VATIntraEU) {
		need(inv.Buyer.VATID != "", cust+"tax_id as a VAT id with its country prefix (buyer VAT id, BT-48: reverse charge or intra-community supply)")
	}
	if inv.has(ledger.VATIntraEU) {
		need(!inv.ServiceFrom.IsZero(), "the invoice's service date or period (BT-72 or BG-14: intra-community supply)")
	}
	if inv.MeansProblem != "" {
		need(false, inv.MeansProblem)
	}
	if f == UBL || f.xrechnung() {
		// Peppol and XRechnung route by electronic address (BT-34, BT-49).
		need(inv.Seller.Email != "", "business.email (seller electronic address, BT-34)")
		need(inv.Buyer.Email != "", cust+"email (buyer electronic address, BT-49)")
	}
	if f == UBL {
		// PEPPOL-EN16931-R003.
		need(inv.BuyerReference != "" || inv.OrderReference != "", cust+"buyer_reference, or the invoice's reference (BT-10 or BT-13)")
	}
	if f.xrechnung() {
		need(inv.BuyerReference != "", cust+"buyer_reference (Leitweg-ID, BT-10)")
		need(inv.Seller.City != "", "business.city (BT-37)")
		need(inv.Seller.Postcode != "", "business.postcode (BT-38)")
		need(len(inv.Seller.Street) > 0, "business.address (street, BT-35)")
		need(inv.Buyer.City != "", cust+"city (BT-52)")
		need(inv.Buyer.Postcode != "", cust+"postcode (BT-53)")
		need(inv.Seller.Phone != "", "business.phone (seller contact telephone, BT-42)")
		need(inv.Means != nil, "payment.iban or payment.account, or the invoice's payment means (BG-16)")
	}
	if m := inv.Means; m != nil && (f == UBL || f.xrechnung()) {
		// PEPPOL-EN16931-R061, BR-DE-25 and BR-DE-24: a direct debit names
		// its mandate, a card payment (in XRechnung) the card: the ledger
		// keeps neither.
		need(m.Code != "59", "a payment means other than direct-debit (a direct debit needs its mandate reference, BT-89, which Paidup does not keep)")
		need(m.Code != "48" || !f.xrechnung(), "a payment means other than card (XRechnung asks for the card's number, BG-18, which Paidup does not keep)")
	}
	if len(miss) == 0 {
		return nil
	}
	what := "invoice"
	if inv.Credit {
		what = "credit note"
	}
	return ledger.Errorf(ledger.EINVALID, "%s %s cannot be written as %s; missing: %s", what, inv.Number, f, strings.Join(miss, "; "))
}
