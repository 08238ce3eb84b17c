package app

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// latinBase are the Latin letters that carry their mark inside the letter,
// so that taking marks off (NFD) leaves them as they are.
var latinBase = strings.NewReplacer("Đ", "D", "Ð", "D", "Ł", "L", "Ø", "O", "Æ", "AE", "Œ", "OE", "Þ", "TH", "ẞ", "SS", "ß", "SS", "İ", "I", "ı", "I")

// codeOf makes a customer code of a name, for systems that give none: its
// letters and digits, upper case, at most 20 and 60 bytes (a suffix such
// as -2 must still fit the ledger's 64). Latin letters lose their marks,
// "Công ty Nguyễn Đức" is CONGTYNGUYENDUC, so the code types on any
// keyboard; a name with no Latin letter or digit (北京贸易有限公司,
// شركة النور) keeps its own letters: a code that names the customer, not
// CUSTOMER-7.
func codeOf(name string) string {
	plain, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), strings.ToUpper(name))
	if err != nil {
		plain = strings.ToUpper(name)
	}
	plain = latinBase.Replace(plain)
	code := keep(plain, func(r rune) bool { return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) })
	if code == "" {
		// Marks kept: a Devanagari vowel sign is part of the word.
		code = keep(strings.ToUpper(name), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) })
	}
	if code == "" {
		return "CUSTOMER"
	}
	return code
}

// keep is the runes of s that ok takes, at most 20 runes and 60 bytes.
func keep(s string, ok func(rune) bool) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if !ok(r) {
			continue
		}
		if n == 20 || b.Len()+len(string(r)) > 60 {
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
