package reports

import (
	"time"

	"golang.org/x/text/language"

	"paidup/ledger"
)

// DefaultLocale formats amounts and dates when invoice.locale is unset.
const DefaultLocale = "en"

// style is how a business's documents write numbers and dates.
type style struct {
	locale string // a BCP 47 tag Money.Format understands
	date   string // a time layout
	paper  string // fpdf's size name: "A4" or "Letter"
	// lang and region choose the CJK face drawn first (fonts.Chain).
	lang, region string
	// words is the language of the document's own words (labels,
	// headings, sentences): one of DocumentLanguages.
	words string
}

// letterRegions use US Letter paper; everyone else uses A4.
var letterRegions = map[string]bool{"US": true, "CA": true, "MX": true, "PH": true, "CL": true, "CO": true,
	"VE": true, "PR": true, "GT": true, "CR": true, "PA": true, "DO": true, "SV": true, "NI": true, "HN": true}

func newStyle(p ledger.BusinessProfile) style {
	tag, err := language.Parse(p.Locale)
	if p.Locale == "" || err != nil {
		tag = language.MustParse(DefaultLocale)
	}
	s := style{locale: tag.String(), date: dateLayout(tag), paper: "A4"}
	base, _ := tag.Base()
	s.lang = base.String()
	s.words = documentLanguage(s.lang)
	if p.Language != "" {
		s.words = documentLanguage(p.Language)
	}
	if r, conf := tag.Region(); conf != language.No {
		s.region = r.String()
	}
	switch p.Paper {
	case "letter":
		s.paper = "Letter"
	case "":
		// Only a region the user named (en-US), not one guessed from
		// the language alone (en), picks Letter.
		if r, conf := tag.Region(); conf == language.Exact && letterRegions[r.String()] {
			s.paper = "Letter"
		}
	}
	return s
}

// dateLayout is the short date of a locale. CLDR's patterns are not in
// the standard library; these cover the locales small businesses use,
// with English month names only for English, and ISO dates otherwise.
func dateLayout(tag language.Tag) string {
	base, _ := tag.Base()
	region, conf := tag.Region()
	if conf != language.Exact {
		region = language.Region{}
	}
	switch base.String() {
	case "en":
		if region.String() == "US" || region.String() == "PH" {
			return "Jan 2, 2006"
		}
		if region.String() == "CA" {
			return "2006-01-02"
		}
		return "2 Jan 2006"
	case "de", "pl", "ru", "cs", "sk", "fi", "nb", "nn", "no", "da", "tr", "ro", "uk", "et", "sr", "bg", "be", "is", "kk", "az", "lv":
		return "02.01.2006"
	case "fr":
		if region.String() == "CA" {
			return "2006-01-02"
		}
		return "02/01/2006"
	case "es", "it", "pt", "el", "ca", "gl", "vi", "id", "ga", "cy", "he", "ms", "mt", "ar":
		return "02/01/2006"
	case "nl":
		return "02-01-2006"
	case "hr", "sl":
		return "02. 01. 2006."
	case "hu":
		return "2006. 01. 02."
	case "ja", "zh":
		return "2006/01/02"
	case "ko":
		return "2006. 01. 02."
	}
	return "2006-01-02"
}

func (s style) day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(s.date)
}

func (s style) money(m ledger.Money) string { return clean(m.Format(s.locale)) }
