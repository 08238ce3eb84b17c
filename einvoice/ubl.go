package einvoice

import "paidup/ledger"

// UBL 2.1 Invoice and CreditNote, as Peppol BIS Billing 3.0 and
// XRechnung UBL use them. Elements are written in the schema's order.

const (
	nsCAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
	nsCBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
)

func ublDocument(inv *Invoice, f Format) *node {
	root, ns, typeName, lineName, qtyName := "Invoice", "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "cbc:InvoiceTypeCode", "cac:InvoiceLine", "cbc:InvoicedQuantity"
	typeCode := "380"
	if inv.Credit {
		root, ns, typeName, lineName, qtyName = "CreditNote", "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2", "cbc:CreditNoteTypeCode", "cac:CreditNoteLine", "cbc:CreditedQuantity"
		typeCode = "381"
	}
	customization := guidelinePeppol
	if f == XRechnungUBL {
		customization = guidelineXRech
	}
	cur := func(name string, minor int64) *node { return tx(name, inv.amt(minor), "currencyID", inv.Currency) }

	kids := []*node{
		tx("cbc:CustomizationID", customization),
		tx("cbc:ProfileID", processPeppol),
		tx("cbc:ID", inv.Number),
		tx("cbc:IssueDate", iso(inv.IssueDate)),
	}
	if !inv.Credit && !inv.DueDate.IsZero() {
		kids = append(kids, tx("cbc:DueDate", iso(inv.DueDate)))
	}
	kids = append(kids, tx(typeName, typeCode))
	for _, n := range inv.Notes {
		kids = append(kids, tx("cbc:Note", n))
	}
	kids = append(kids,
		tx("cbc:DocumentCurrencyCode", inv.Currency),
		tx("cbc:TaxCurrencyCode", inv.TaxCurrency),
		tx("cbc:BuyerReference", inv.BuyerReference),
	)
	if !inv.ServiceFrom.IsZero() && !inv.ServiceTo.IsZero() {
		kids = append(kids, el("cac:InvoicePeriod", tx("cbc:StartDate", iso(inv.ServiceFrom)), tx("cbc:EndDate", iso(inv.ServiceTo))))
	}
	kids = append(kids, el("cac:OrderReference", tx("cbc:ID", inv.OrderReference)))
	for _, p := range inv.Preceding {
		kids = append(kids, el("cac:BillingReference", el("cac:InvoiceDocumentReference", tx("cbc:ID", p.Number), tx("cbc:IssueDate", iso(p.Date)))))
	}
	kids = append(kids,
		el("cac:AccountingSupplierParty", ublParty(inv.Seller, true)),
		el("cac:AccountingCustomerParty", ublParty(inv.Buyer, false)),
	)
	var actual, location *node
	if !inv.ServiceFrom.IsZero() && inv.ServiceTo.IsZero() {
		actual = tx("cbc:ActualDeliveryDate", iso(inv.ServiceFrom))
	}
	if inv.DeliverCountry != "" {
		location = el("cac:DeliveryLocation", el("cac:Address", el("cac:Country", tx("cbc:IdentificationCode", inv.DeliverCountry))))
	}
	kids = append(kids, el("cac:Delivery", actual, location))
	if m := inv.Means; m != nil {
		kids = append(kids, el("cac:PaymentMeans",
			tx("cbc:PaymentMeansCode", m.Code),
			tx("cbc:PaymentID", inv.Number),
			el("cac:PayeeFinancialAccount",
				tx("cbc:ID", m.IBAN+m.Account),
				tx("cbc:Name", accountName(m)),
				el("cac:FinancialInstitutionBranch", tx("cbc:ID", bic(m))),
			),
		))
	}
	kids = append(kids, el("cac:PaymentTerms", tx("cbc:Note", inv.Terms)))
	for _, a := range inv.Allowances {
		kids = append(kids, el("cac:AllowanceCharge",
			tx("cbc:ChargeIndicator", "false"),
			tx("cbc:AllowanceChargeReason", a.Reason),
			cur("cbc:Amount", a.Amount),
			ublCategory("cac:TaxCategory", a.Category, a.Rate, "", ""),
		))
	}
	var subs []*node
	for _, g := range inv.Groups {
		subs = append(subs, el("cac:TaxSubtotal",
			cur("cbc:TaxableAmount", g.Basis),
			cur("cbc:TaxAmount", g.Tax),
			ublCategory("cac:TaxCategory", g.Category, g.Rate, g.ReasonCode, g.Reason),
		))
	}
	kids = append(kids, el("cac:TaxTotal", append([]*node{cur("cbc:TaxAmount", inv.TaxTotal)}, subs...)...))
	if inv.TaxCurrency != "" {
		kids = append(kids, el("cac:TaxTotal", tx("cbc:TaxAmount", amount(inv.TaxHome, inv.TaxDigits), "currencyID", inv.TaxCurrency)))
	}
	var allowanceTotal, prepaidAmt *node
	if len(inv.Allowances) > 0 {
		allowanceTotal = cur("cbc:AllowanceTotalAmount", inv.AllowanceTotal)
	}
	if inv.Prepaid != 0 {
		prepaidAmt = cur("cbc:PrepaidAmount", inv.Prepaid)
	}
	kids = append(kids, el("cac:LegalMonetaryTotal",
		cur("cbc:LineExtensionAmount", inv.LineTotal),
		cur("cbc:TaxExclusiveAmount", inv.TaxBasis),
		cur("cbc:TaxInclusiveAmount", inv.Grand),
		allowanceTotal,
		prepaidAmt,
		cur("cbc:PayableAmount", inv.Due),
	))
	for _, l := range inv.Lines {
		var allowance *node
		if l.Allowance != 0 || l.AllowancePercent != 0 {
			allowance = el("cac:AllowanceCharge",
				tx("cbc:ChargeIndicator", "false"),
				tx("cbc:AllowanceChargeReasonCode", "95"),
				tx("cbc:AllowanceChargeReason", "Discount"),
				tx("cbc:MultiplierFactorNumeric", percent(l.AllowancePercent)),
				cur("cbc:Amount", l.Allowance),
				cur("cbc:BaseAmount", l.AllowanceBase),
			)
		}
		kids = append(kids, el(lineName,
			tx("cbc:ID", l.ID),
			tx(qtyName, quantity(l.Quantity), "unitCode", l.Unit),
			cur("cbc:LineExtensionAmount", l.Net),
			allowance,
			el("cac:Item", tx("cbc:Name", l.Name), ublCategory("cac:ClassifiedTaxCategory", l.Category, l.Rate, "", "")),
			el("cac:Price", cur("cbc:PriceAmount", l.Price)),
		))
	}
	return el(root, kids...).with("xmlns", ns, "xmlns:cac", nsCAC, "xmlns:cbc", nsCBC)
}

// ublCategory is a VAT category; O has no rate (BR-O-05, BR-O-09).
func ublCategory(name, cat string, rate ledger.Decimal4, code, reason string) *node {
	var r *node
	if cat != ledger.VATOutOfScope {
		r = tx("cbc:Percent", percent(rate))
	}
	return el(name, tx("cbc:ID", cat), r, tx("cbc:TaxExemptionReasonCode", code), tx("cbc:TaxExemptionReason", reason),
		el("cac:TaxScheme", tx("cbc:ID", "VAT")))
}

func ublParty(p Party, seller bool) *node {
	var fc *node
	if seller && p.TaxNo != "" {
		fc = el("cac:PartyTaxScheme", tx("cbc:CompanyID", p.TaxNo), el("cac:TaxScheme", tx("cbc:ID", "TAX")))
	}
	var vat *node
	if p.VATID != "" {
		vat = el("cac:PartyTaxScheme", tx("cbc:CompanyID", p.VATID), el("cac:TaxScheme", tx("cbc:ID", "VAT")))
	}
	var contact *node
	if seller {
		contact = el("cac:Contact", tx("cbc:Name", p.Name), tx("cbc:Telephone", p.Phone), tx("cbc:ElectronicMail", p.Email))
	}
	return el("cac:Party",
		tx("cbc:EndpointID", p.Email, "schemeID", "EM"),
		el("cac:PostalAddress",
			tx("cbc:StreetName", line(p.Street, 0)),
			tx("cbc:AdditionalStreetName", line(p.Street, 1)),
			tx("cbc:CityName", p.City),
			tx("cbc:PostalZone", p.Postcode),
			el("cac:AddressLine", tx("cbc:Line", line(p.Street, 2))),
			el("cac:Country", tx("cbc:IdentificationCode", p.Country)),
		),
		vat,
		fc,
		el("cac:PartyLegalEntity", tx("cbc:RegistrationName", p.Name), tx("cbc:CompanyID", p.LegalID)),
		contact,
	)
}
