package einvoice

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"paidup/ledger"
)

// Source is what an e-invoice is built from: the ledger's document and
// what it refers to. Load reads it from a ledger.
type Source struct {
	Doc      ledger.Document
	Customer ledger.Customer
	Business ledger.BusinessProfile
	// Preceding are the invoices a credit note was applied to (BT-25/26).
	Preceding []Ref
	// Rate converts the document's currency to the home currency
	// (business.currency) when they differ: VAT is then also stated in the
	// home currency (BT-6, BT-111). Nil when they are the same.
	Rate *ledger.Rate
}

// Ref names an earlier document.
type Ref struct {
	Number string
	Date   time.Time
}

// Party is the seller or the buyer.
type Party struct {
	Name     string
	Street   []string // up to three lines (BT-35/36/162, BT-50/51/163)
	Postcode string
	City     string
	Country  string // ISO 3166-1 alpha-2
	VATID    string // with its country prefix (BT-31, BT-48)
	TaxNo    string // a tax number without a country prefix (BT-32)
	Email    string // electronic address (BT-34/49, scheme EM) and contact email
	Phone    string
	LegalID  string // legal registration id (BT-30), seller only
}

// Line is an invoice line (BG-25). Amounts are minor units of the
// document's currency.
type Line struct {
	ID       string
	Name     string
	Quantity ledger.Decimal4
	Unit     string
	Price    int64 // net price of one unit (BT-146)
	Net      int64 // the ledger's line net (BT-131)
	// A percentage discount on the line is a line allowance (BG-27):
	// Base × Percent, rounded the ledger's way, is Base − Net.
	Allowance        int64
	AllowanceBase    int64
	AllowancePercent ledger.Decimal4
	Category         string
	Rate             ledger.Decimal4
}

// Allowance is a document level allowance (BG-20): the ledger's discount
// lines (a line with a negative price) become these, in their line's VAT
// category and rate, since an item's price may not be negative (BR-27).
type Allowance struct {
	Amount   int64 // positive
	Reason   string
	Category string
	Rate     ledger.Decimal4
}

// TaxGroup is one VAT breakdown (BG-23): a category at a rate.
type TaxGroup struct {
	Category   string
	Rate       ledger.Decimal4
	Basis      int64
	Tax        int64
	Reason     string // BT-120
	ReasonCode string // BT-121
}

// Means is how the invoice is paid (BG-16).
type Means struct {
	Code    string // UNCL4461: 58 SEPA credit transfer, 30 credit transfer, 48 card, 59 direct debit, 10 cash, 1 other
	Name    string // the ledger's name of it
	IBAN    string
	BIC     string
	Account string // a proprietary account id where IBANs are not used
	Holder  string
}

// Invoice is an e-invoice's content, in the ledger's own figures.
type Invoice struct {
	Number      string
	Credit      bool // a credit note (381) rather than an invoice (380)
	IssueDate   time.Time
	DueDate     time.Time // invoices only
	Currency    string
	Digits      int
	TaxCurrency string // the home currency when it differs (BT-6)
	TaxDigits   int
	TaxHome     int64 // the VAT total in TaxCurrency (BT-111)

	Notes          []string
	BuyerReference string
	OrderReference string
	Preceding      []Ref

	Seller, Buyer  Party
	DeliverCountry string // for an intra-community supply (BT-80)
	ServiceFrom    time.Time
	ServiceTo      time.Time
	Means          *Means // nil: none given
	MeansProblem   string // why an asked-for means cannot be written
	Terms          string

	Lines      []Line
	Allowances []Allowance
	Groups     []TaxGroup

	LineTotal, AllowanceTotal, TaxBasis, TaxTotal, Grand, Prepaid, Due int64

	customerCode string
	sellerTaxRaw string
	buyerTaxRaw  string
	hasO         bool
}

// The notes EN 16931 requires with a 0% category (BR-AE-10, BR-IC-10,
// BR-G-10, BR-O-10), with their VATEX codes; an exemption (E) states the
// user's own reason.
var exemption = map[string][2]string{
	ledger.VATReverseCharge: {"VATEX-EU-AE", "Reverse charge"},
	ledger.VATIntraEU:       {"VATEX-EU-IC", "Intra-community supply"},
	ledger.VATExport:        {"VATEX-EU-G", "Export outside the EU"},
	ledger.VATOutOfScope:    {"VATEX-EU-O", "Not subject to VAT"},
}

// Build turns a ledger document into an e-invoice's content. It refuses
// what no e-invoice can say (a draft, a 0% line without a VAT category);
// Require then names the fields a format needs that are empty.
func Build(src Source) (*Invoice, error) {
	d := src.Doc
	switch {
	case d.Kind != ledger.KindInvoice && d.Kind != ledger.KindCreditNote:
		return nil, ledger.Errorf(ledger.EINVALID, "%s is a %s: only invoices and credit notes are e-invoices", d.Number, strings.ReplaceAll(string(d.Kind), "_", " "))
	case d.Status == ledger.StatusDraft:
		return nil, ledger.Errorf(ledger.EINVALID, "draft %d is not issued: issue it first", d.ID)
	case d.Status == ledger.StatusVoid:
		return nil, ledger.Errorf(ledger.EINVALID, "%s is void: a void document is not sent", d.Number)
	}
	cur := d.Total.Currency
	digits, err := ledger.Digits(cur)
	if err != nil {
		return nil, err
	}
	if digits > 2 {
		// BR-DEC-*: amounts carry at most two decimals.
		return nil, ledger.Errorf(ledger.EINVALID, "%s is in %s, which has %d decimals; EN 16931 e-invoices carry at most 2", d.Number, cur, digits)
	}
	inv := &Invoice{
		Number: d.Number, Credit: d.Kind == ledger.KindCreditNote, IssueDate: d.Date, Currency: cur, Digits: digits,
		BuyerReference: src.Customer.BuyerReference, OrderReference: d.Reference, Preceding: src.Preceding,
		ServiceFrom: d.ServiceFrom, ServiceTo: d.ServiceTo, customerCode: src.Customer.Code,
		sellerTaxRaw: src.Business.TaxID, buyerTaxRaw: src.Customer.TaxID,
	}
	if !inv.Credit {
		inv.DueDate = d.DueDate
	}
	for _, n := range []string{d.Notes, src.Business.Notes} {
		if n = strings.TrimSpace(n); n != "" {
			inv.Notes = append(inv.Notes, n)
		}
	}
	inv.Seller = Party{Name: src.Business.Name, Street: street(src.Business.Address), Postcode: src.Business.Postcode,
		City: src.Business.City, Country: src.Business.Country, Email: src.Business.Email, Phone: src.Business.Phone,
		LegalID: src.Business.Registration}
	inv.Seller.VATID, inv.Seller.TaxNo = taxIDs(src.Business.TaxID)
	c := src.Customer
	inv.Buyer = Party{Name: c.Name, Street: street(c.Address), Postcode: c.Postcode, City: c.City, Country: c.Country, Email: c.Email, Phone: c.Phone}
	inv.Buyer.VATID, _ = taxIDs(c.TaxID)

	if err := inv.lines(d); err != nil {
		return nil, err
	}
	inv.means(d, src.Business)
	if inv.Credit {
		inv.Terms = "Credit note: the amount is credited to your account."
		inv.Due = inv.Grand
	} else {
		// As the PDF says it (reports' Terms), with the date.
		if days := ledger.DaysBetween(d.Date, d.DueDate); days > 0 {
			inv.Terms = fmt.Sprintf("Net %d days: payable by %s.", days, d.DueDate.Format(ledger.DateLayout))
		} else {
			inv.Terms = "Due on receipt."
		}
		inv.Prepaid = d.Total.Minor - d.Open.Minor
		inv.Due = d.Open.Minor
	}
	if src.Rate != nil && src.Business.Currency != "" && src.Business.Currency != cur {
		home, err := ledger.Convert(d.Tax, *src.Rate, src.Business.Currency)
		if err != nil {
			return nil, fmt.Errorf("%s: VAT in %s: %w", d.Number, src.Business.Currency, err)
		}
		if inv.TaxDigits, err = ledger.Digits(home.Currency); err != nil {
			return nil, err
		}
		if inv.TaxDigits > 2 {
			return nil, ledger.Errorf(ledger.EINVALID, "the home currency %s has %d decimals; EN 16931 e-invoices carry at most 2", home.Currency, inv.TaxDigits)
		}
		inv.TaxCurrency, inv.TaxHome = home.Currency, home.Minor
	}
	return inv, nil
}

// lines maps the document's lines and builds the VAT breakdown from the
// ledger's own tax per rate.
func (inv *Invoice) lines(d ledger.Document) error {
	type key struct {
		cat  string
		rate ledger.Decimal4
	}
	basis := map[key]int64{}
	reasons := map[key][]string{}
	var probs []string
	for i, l := range d.Lines {
		cat := l.LineCategory()
		if cat == "" {
			probs = append(probs, fmt.Sprintf("line %d (%s) is at 0%% and names no VAT category: give it Z, E, AE, K, G or O", i+1, l.Description))
			continue
		}
		rate := l.TaxRate
		k := key{cat, rate}
		basis[k] += l.Net
		if l.VATReason != "" && !slices.Contains(reasons[k], l.VATReason) {
			reasons[k] = append(reasons[k], l.VATReason)
		}
		if l.UnitPrice < 0 {
			inv.Allowances = append(inv.Allowances, Allowance{Amount: -l.Net, Reason: l.Description, Category: cat, Rate: rate})
			inv.AllowanceTotal += -l.Net
			continue
		}
		ln := Line{ID: fmt.Sprint(i + 1), Name: l.Description, Quantity: l.Quantity, Unit: l.UnitOrDefault(), Price: l.UnitPrice,
			Net: l.Net, Category: cat, Rate: rate}
		if l.Discount != 0 {
			gross, err := ledger.LineNet(l.Quantity, l.UnitPrice, 0)
			if err != nil {
				return fmt.Errorf("%s line %d: %w", d.Number, i+1, err)
			}
			ln.AllowanceBase, ln.Allowance, ln.AllowancePercent = gross, gross-l.Net, l.Discount
		}
		inv.Lines = append(inv.Lines, ln)
		inv.LineTotal += l.Net
	}
	if len(probs) > 0 {
		return ledger.Errorf(ledger.EINVALID, "%s cannot be an e-invoice: %s", d.Number, strings.Join(probs, "; "))
	}
	if len(inv.Lines) == 0 {
		return ledger.Errorf(ledger.EINVALID, "%s has only discount lines: an e-invoice needs at least one line with a price", d.Number)
	}
	keys := make([]key, 0, len(basis))
	for k := range basis {
		keys = append(keys, k)
	}
	order := func(c string) int { return slices.Index(ledger.VATCategories, c) }
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].cat != keys[j].cat {
			return order(keys[i].cat) < order(keys[j].cat)
		}
		return keys[i].rate < keys[j].rate
	})
	var tax int64
	for _, k := range keys {
		g := TaxGroup{Category: k.cat, Rate: k.rate, Basis: basis[k]}
		if k.cat == ledger.VATStandard {
			// The ledger's tax at this rate: every line above 0% is S,
			// so its TaxLine covers exactly this group.
			found := false
			for _, t := range d.Taxes {
				if t.Rate == k.rate {
					if t.Net != g.Basis {
						return fmt.Errorf("%s: the ledger's net at %s%% is %d, its lines sum to %d", d.Number, k.rate, t.Net, g.Basis)
					}
					g.Tax, found = t.Tax, true
				}
			}
			if !found {
				return fmt.Errorf("%s: the ledger has no tax at %s%%", d.Number, k.rate)
			}
		}
		if ex, ok := exemption[k.cat]; ok {
			g.ReasonCode, g.Reason = ex[0], ex[1]
		}
		if rs := reasons[k]; len(rs) > 0 {
			g.Reason = strings.Join(rs, "; ")
		}
		if k.cat == ledger.VATOutOfScope {
			inv.hasO = true
		}
		if k.cat == ledger.VATIntraEU {
			inv.DeliverCountry = "buyer"
		}
		tax += g.Tax
		inv.TaxBasis += g.Basis
		inv.Groups = append(inv.Groups, g)
	}
	if inv.hasO && len(inv.Groups) > 1 {
		return ledger.Errorf(ledger.EINVALID, "%s: lines outside the scope of VAT (O) cannot share an invoice with other VAT categories (EN 16931 BR-O-11 to BR-O-14)", d.Number)
	}
	// One computation: what the groups say must be what the ledger posted.
	if tax != d.Tax.Minor || inv.TaxBasis != d.Net.Minor || inv.LineTotal-inv.AllowanceTotal != d.Net.Minor {
		return fmt.Errorf("%s: the VAT breakdown (net %d, tax %d) differs from the ledger's (net %d, tax %d)", d.Number, inv.TaxBasis, tax, d.Net.Minor, d.Tax.Minor)
	}
	inv.TaxTotal, inv.Grand = d.Tax.Minor, d.Total.Minor
	if inv.hasO {
		// BR-O-02 to BR-O-04: no VAT identifiers on an invoice outside
		// the scope of VAT.
		inv.Seller.VATID, inv.Buyer.VATID = "", ""
	}
	if inv.DeliverCountry != "" {
		inv.DeliverCountry = inv.Buyer.Country
	}
	return nil
}

// means turns the document's payment means (or the default: a credit
// transfer to the business's account) into BG-16.
func (inv *Invoice) means(d ledger.Document, b ledger.BusinessProfile) {
	m := &Means{Name: d.PaymentMeans, IBAN: strings.ReplaceAll(b.IBAN, " ", ""), BIC: b.BIC, Holder: b.Name}
	if m.IBAN == "" {
		m.Account = b.Account
	}
	switch d.PaymentMeans {
	case "":
		switch {
		case m.IBAN != "":
			m.Code = "58"
		case m.Account != "":
			m.Code = "30"
		default:
			return // none known: Require says so where a format needs one
		}
	case "sepa":
		m.Code = "58"
		if m.IBAN == "" {
			inv.MeansProblem = "payment.iban (the IBAN for a SEPA credit transfer, BT-84)"
		}
	case "transfer":
		m.Code = "30"
		if m.IBAN == "" && m.Account == "" {
			inv.MeansProblem = "payment.iban or payment.account (the account to pay into, BT-84)"
		}
	case "card":
		m = &Means{Name: d.PaymentMeans, Code: "48"}
	case "direct-debit":
		m = &Means{Name: d.PaymentMeans, Code: "59"}
	case "cash":
		m = &Means{Name: d.PaymentMeans, Code: "10"}
	default:
		m = &Means{Name: d.PaymentMeans, Code: "1"}
	}
	inv.Means = m
}

// street splits an address into at most three street lines; a longer
// address keeps its last lines together in the third.
func street(addr string) []string {
	var lines []string
	for _, l := range strings.Split(addr, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > 3 {
		lines = append(lines[:2], strings.Join(lines[2:], ", "))
	}
	return lines
}

// taxIDs reads a tax id: with a two-letter country prefix (DE…, EL… for
// Greece) it is a VAT id (BR-CO-09), else a tax number (BT-32).
func taxIDs(s string) (vat, taxNo string) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) > 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' {
		return s, ""
	}
	return "", s
}

// categories says which VAT categories the invoice has.
func (inv *Invoice) has(cat string) bool {
	for _, g := range inv.Groups {
		if g.Category == cat {
			return true
		}
	}
	return false
}
