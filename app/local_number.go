package app

import (
	"regexp"
	"strings"

	"golang.org/x/text/language"
)

// commaLanguages write a decimal comma ("1.234,56"); the others a point.
var commaLanguages = map[string]bool{"de": true, "fr": true, "es": true, "it": true, "nl": true, "pl": true,
	"pt": true, "da": true, "sv": true, "nb": true, "nn": true, "no": true, "fi": true, "cs": true, "sk": true,
	"sl": true, "hr": true, "hu": true, "ro": true, "bg": true, "ru": true, "uk": true, "tr": true, "el": true,
	"lt": true, "lv": true, "et": true, "id": true, "vi": true}

// DecimalComma says whether the locale (a BCP 47 tag such as de-DE)
// writes a decimal comma.
func DecimalComma(locale string) bool {
	tag, err := language.Parse(strings.ReplaceAll(locale, "_", "-"))
	if err != nil {
		return false
	}
	base, _ := tag.Base()
	return commaLanguages[base.String()]
}

var (
	// Thousands grouped by a point, a space (plain, no-break or narrow),
	// or an apostrophe, in a decimal-comma locale: "1.234.567".
	commaGroups = regexp.MustCompile(`^-?\d{1,3}([. \x{00A0}\x{202F}\'’]\d{3})+$`)
	// Thousands grouped by a comma in a decimal-point locale.
	pointGroups = regexp.MustCompile(`^-?\d{1,3}(,\d{3})+$`)
)

// LocalNumber turns a number as people type it in locale into the plain
// form the ledger parses ("1234.56"): in de-DE "1.234,56" and "1,5" are
// 1234.56 and 1.5; in en "1,234.56" is 1234.56. A separator that does not
// group thousands is left for the parser to refuse with its reason, so
// nothing is guessed ("1,5" in en stays "1,5"), and "1.234" without a
// comma is read with a decimal point (amounts the window fills in are
// plain). Empty locale: as typed.
func LocalNumber(s, locale string) string {
	s = strings.TrimSpace(s)
	if s == "" || locale == "" {
		return s
	}
	if DecimalComma(locale) {
		intPart, frac, hasComma := strings.Cut(s, ",")
		if hasComma && strings.Contains(frac, ",") {
			return s // two commas: not a number, as typed
		}
		// One group and no comma ("1.234") stays as typed: the window
		// fills amounts in plain form, and 1.234 KWD must not become
		// 1,234 KWD; "1.234,56" and "1.234.567" are thousands.
		if commaGroups.MatchString(intPart) && (hasComma || strings.Count(intPart, ".")+strings.Count(intPart, " ") > 1 ||
			strings.ContainsAny(intPart, "\u00a0\u202f'’ ")) {
			intPart = strings.NewReplacer(".", "", " ", "", "\u00a0", "", "\u202f", "", "'", "", "’", "").Replace(intPart)
		}
		if hasComma {
			if strings.Contains(intPart, ".") {
				return s // "1.5,3": not grouped thousands
			}
			return intPart + "." + frac
		}
		return intPart
	}
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if pointGroups.MatchString(intPart) {
		intPart = strings.ReplaceAll(intPart, ",", "")
	}
	if hasPoint {
		return intPart + "." + frac
	}
	return intPart
}
