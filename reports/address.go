package reports

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"paidup/ledger"
)

// postal is an address as printed: the street lines, then the postcode
// and town, then the country's name (in the documents' language) when it
// is not the business's own. Addresses kept whole in the street lines, as
// before e-invoices needed them apart, print as they are.
func (r *Renderer) postal(street, postcode, city, country string) string {
	lines := []string{strings.TrimRight(street, "\n")}
	if pc := strings.TrimSpace(postcode + " " + city); pc != "" {
		lines = append(lines, pc)
	}
	if country != "" && country != r.p.Country {
		name := country
		if reg, err := language.ParseRegion(country); err == nil {
			if n := display.Regions(language.Make(r.st.locale)).Name(reg); n != "" {
				name = n
			}
		}
		lines = append(lines, name)
	}
	return strings.TrimLeft(strings.Join(lines, "\n"), "\n")
}

// customerPostal is a customer's printed address.
func (r *Renderer) customerPostal(c ledger.Customer) string {
	return r.postal(c.Address, c.Postcode, c.City, c.Country)
}
