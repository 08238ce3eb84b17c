package einvoice

import "paidup/ledger"

// CII D16B, in the EN 16931 profile (Factur-X / ZUGFeRD "EN 16931",
// XRechnung CII). Elements are written in the schema's order.

func ciiDocument(inv *Invoice, f Format) *node {
	guideline := guidelineEN16931
	var process *node
	if f == XRechnungCII {
		guideline = guidelineXRech
		process = el("ram:BusinessProcessSpecifiedDocumentContextParameter", tx("ram:ID", processXRechnung))
	}
	typeCode := "380"
	if inv.Credit {
		typeCode = "381"
	}
	var notes []*node
	for _, n := range inv.Notes {
		notes = append(notes, el("ram:IncludedNote", tx("ram:Content", n)))
	}
	doc := el("rsm:ExchangedDocument", append([]*node{
		tx("ram:ID", inv.Number),
		tx("ram:TypeCode", typeCode),
		el("ram:IssueDateTime", ciiDate("udt:DateTimeString", inv.IssueDate)),
	}, notes...)...)

	trade := []*node{}
	for _, l := range inv.Lines {
		trade = append(trade, ciiLine(inv, l))
	}
	trade = append(trade, ciiAgreement(inv), ciiDelivery(inv), ciiSettlement(inv))
	return el("rsm:CrossIndustryInvoice",
		el("rsm:ExchangedDocumentContext", process, el("ram:GuidelineSpecifiedDocumentContextParameter", tx("ram:ID", guideline))),
		doc,
		el("rsm:SupplyChainTradeTransaction", trade...),
	).with(
		"xmlns:rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
		"xmlns:qdt", "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
		"xmlns:ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
		"xmlns:udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
	)
}

func ciiDate(name string, t interface{ Format(string) string }) *node {
	return tx(name, t.Format("20060102"), "format", "102")
}

// ciiTax is a line's or an allowance's VAT category; O has no rate (BR-O-05).
func ciiTax(name, cat string, rate ledger.Decimal4) *node {
	var r *node
	if cat != ledger.VATOutOfScope {
		r = tx("ram:RateApplicablePercent", percent(rate))
	}
	return el(name, tx("ram:TypeCode", "VAT"), tx("ram:CategoryCode", cat), r)
}

func ciiLine(inv *Invoice, l Line) *node {
	var allowance *node
	if l.Allowance != 0 || l.AllowancePercent != 0 {
		allowance = el("ram:SpecifiedTradeAllowanceCharge",
			el("ram:ChargeIndicator", tx("udt:Indicator", "false")),
			tx("ram:CalculationPercent", percent(l.AllowancePercent)),
			tx("ram:BasisAmount", inv.amt(l.AllowanceBase)),
			tx("ram:ActualAmount", inv.amt(l.Allowance)),
			tx("ram:ReasonCode", "95"),
			tx("ram:Reason", "Discount"),
		)
	}
	return el("ram:IncludedSupplyChainTradeLineItem",
		el("ram:AssociatedDocumentLineDocument", tx("ram:LineID", l.ID)),
		el("ram:SpecifiedTradeProduct", tx("ram:Name", l.Name)),
		el("ram:SpecifiedLineTradeAgreement", el("ram:NetPriceProductTradePrice", tx("ram:ChargeAmount", inv.amt(l.Price)))),
		el("ram:SpecifiedLineTradeDelivery", tx("ram:BilledQuantity", quantity(l.Quantity), "unitCode", l.Unit)),
		el("ram:SpecifiedLineTradeSettlement",
			ciiTax("ram:ApplicableTradeTax", l.Category, l.Rate),
			allowance,
			el("ram:SpecifiedTradeSettlementLineMonetarySummation", tx("ram:LineTotalAmount", inv.amt(l.Net))),
		),
	)
}

func ciiParty(name string, p Party, seller, contact bool) *node {
	var c *node
	if contact {
		c = el("ram:DefinedTradeContact",
			tx("ram:PersonName", p.Name),
			el("ram:TelephoneUniversalCommunication", tx("ram:CompleteNumber", p.Phone)),
			el("ram:EmailURIUniversalCommunication", tx("ram:URIID", p.Email)),
		)
		if c != nil && len(c.kids) == 1 {
			c = nil // a name alone is no contact
		}
	}
	addr := &node{name: "ram:PostalTradeAddress"}
	addr.kids = compact(
		tx("ram:PostcodeCode", p.Postcode),
		tx("ram:LineOne", line(p.Street, 0)),
		tx("ram:LineTwo", line(p.Street, 1)),
		tx("ram:LineThree", line(p.Street, 2)),
		tx("ram:CityName", p.City),
		tx("ram:CountryID", p.Country),
	)
	var fc *node
	if seller {
		fc = el("ram:SpecifiedTaxRegistration", tx("ram:ID", p.TaxNo, "schemeID", "FC"))
	}
	return el(name,
		tx("ram:Name", p.Name),
		el("ram:SpecifiedLegalOrganization", tx("ram:ID", p.LegalID)),
		c,
		addr,
		el("ram:URIUniversalCommunication", tx("ram:URIID", p.Email, "schemeID", "EM")),
		el("ram:SpecifiedTaxRegistration", tx("ram:ID", p.VATID, "schemeID", "VA")),
		fc,
	)
}

func ciiAgreement(inv *Invoice) *node {
	return el("ram:ApplicableHeaderTradeAgreement",
		tx("ram:BuyerReference", inv.BuyerReference),
		ciiParty("ram:SellerTradeParty", inv.Seller, true, true),
		ciiParty("ram:BuyerTradeParty", inv.Buyer, false, false),
		el("ram:BuyerOrderReferencedDocument", tx("ram:IssuerAssignedID", inv.OrderReference)),
	)
}

func ciiDelivery(inv *Invoice) *node {
	n := &node{name: "ram:ApplicableHeaderTradeDelivery"} // required, even empty
	var shipTo, event *node
	if inv.DeliverCountry != "" {
		shipTo = el("ram:ShipToTradeParty", el("ram:PostalTradeAddress", tx("ram:CountryID", inv.DeliverCountry)))
	}
	if !inv.ServiceFrom.IsZero() && inv.ServiceTo.IsZero() {
		event = el("ram:ActualDeliverySupplyChainEvent", el("ram:OccurrenceDateTime", ciiDate("udt:DateTimeString", inv.ServiceFrom)))
	}
	n.kids = compact(shipTo, event)
	return n
}

func ciiSettlement(inv *Invoice) *node {
	var means *node
	if m := inv.Means; m != nil {
		means = el("ram:SpecifiedTradeSettlementPaymentMeans",
			tx("ram:TypeCode", m.Code),
			el("ram:PayeePartyCreditorFinancialAccount", tx("ram:IBANID", m.IBAN), tx("ram:AccountName", accountName(m)), tx("ram:ProprietaryID", m.Account)),
			el("ram:PayeeSpecifiedCreditorFinancialInstitution", tx("ram:BICID", bic(m))),
		)
	}
	var taxes []*node
	for _, g := range inv.Groups {
		var rate *node
		if g.Category != ledger.VATOutOfScope {
			rate = tx("ram:RateApplicablePercent", percent(g.Rate))
		}
		taxes = append(taxes, el("ram:ApplicableTradeTax",
			tx("ram:CalculatedAmount", inv.amt(g.Tax)),
			tx("ram:TypeCode", "VAT"),
			tx("ram:ExemptionReason", g.Reason),
			tx("ram:BasisAmount", inv.amt(g.Basis)),
			tx("ram:CategoryCode", g.Category),
			tx("ram:ExemptionReasonCode", g.ReasonCode),
			rate,
		))
	}
	var period *node
	if !inv.ServiceFrom.IsZero() && !inv.ServiceTo.IsZero() {
		period = el("ram:BillingSpecifiedPeriod",
			el("ram:StartDateTime", ciiDate("udt:DateTimeString", inv.ServiceFrom)),
			el("ram:EndDateTime", ciiDate("udt:DateTimeString", inv.ServiceTo)))
	}
	var allowances []*node
	for _, a := range inv.Allowances {
		allowances = append(allowances, el("ram:SpecifiedTradeAllowanceCharge",
			el("ram:ChargeIndicator", tx("udt:Indicator", "false")),
			tx("ram:ActualAmount", inv.amt(a.Amount)),
			tx("ram:Reason", a.Reason),
			ciiTax("ram:CategoryTradeTax", a.Category, a.Rate),
		))
	}
	var due *node
	if !inv.DueDate.IsZero() {
		due = el("ram:DueDateDateTime", ciiDate("udt:DateTimeString", inv.DueDate))
	}
	var taxHome, allowanceTotal *node
	if inv.TaxCurrency != "" {
		taxHome = tx("ram:TaxTotalAmount", amount(inv.TaxHome, inv.TaxDigits), "currencyID", inv.TaxCurrency)
	}
	if len(inv.Allowances) > 0 {
		allowanceTotal = tx("ram:AllowanceTotalAmount", inv.amt(inv.AllowanceTotal))
	}
	var preceding *node
	if len(inv.Preceding) > 0 {
		// CII carries one preceding invoice (BG-3 is 0..1 here).
		p := inv.Preceding[0]
		preceding = el("ram:InvoiceReferencedDocument", tx("ram:IssuerAssignedID", p.Number),
			el("ram:FormattedIssueDateTime", ciiDate("qdt:DateTimeString", p.Date)))
	}
	kids := []*node{
		tx("ram:PaymentReference", inv.Number),
		tx("ram:TaxCurrencyCode", inv.TaxCurrency),
		tx("ram:InvoiceCurrencyCode", inv.Currency),
		means,
	}
	kids = append(kids, taxes...)
	kids = append(kids, period)
	kids = append(kids, allowances...)
	kids = append(kids,
		el("ram:SpecifiedTradePaymentTerms", tx("ram:Description", inv.Terms), due),
		el("ram:SpecifiedTradeSettlementHeaderMonetarySummation",
			tx("ram:LineTotalAmount", inv.amt(inv.LineTotal)),
			allowanceTotal,
			tx("ram:TaxBasisTotalAmount", inv.amt(inv.TaxBasis)),
			tx("ram:TaxTotalAmount", inv.amt(inv.TaxTotal), "currencyID", inv.Currency),
			taxHome,
			tx("ram:GrandTotalAmount", inv.amt(inv.Grand)),
			tx("ram:TotalPrepaidAmount", prepaid(inv)),
			tx("ram:DuePayableAmount", inv.amt(inv.Due)),
		),
		preceding,
	)
	return el("ram:ApplicableHeaderTradeSettlement", kids...)
}

func prepaid(inv *Invoice) string {
	if inv.Prepaid == 0 {
		return ""
	}
	return inv.amt(inv.Prepaid)
}

func accountName(m *Means) string {
	if m.IBAN == "" && m.Account == "" {
		return ""
	}
	return m.Holder
}

func bic(m *Means) string {
	if m.IBAN == "" {
		return ""
	}
	return m.BIC
}

func line(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}

func compact(ns ...*node) []*node {
	var out []*node
	for _, n := range ns {
		if n != nil {
			out = append(out, n)
		}
	}
	return out
}
