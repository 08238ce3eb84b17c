package ledger

import (
	"strings"
)

// RF creditor references (ISO 11649): "RF", two check digits and up to 21
// letters or digits. An invoice's reference is made of its number, so a
// payment that carries it back names the invoice exactly, and the check
// digits catch a payer's typing mistake.

// RFReference returns the RF creditor reference of an invoice number: its
// letters and digits, upper case, after "RF" and the check digits. ok is
// false when the number has none, or more than 21 of them.
func RFReference(number string) (string, bool) {
	body := rfBody(number)
	if body == "" || len(body) > 21 {
		return "", false
	}
	check := 98 - rfMod97(body+"RF00")
	return "RF" + string(rune('0'+check/10)) + string(rune('0'+check%10)) + body, true
}

// ValidRF reports whether s (spaces allowed, any case) is a well-formed RF
// reference whose check digits hold.
func ValidRF(s string) bool {
	s = strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(s) < 5 || len(s) > 25 || !strings.HasPrefix(s, "RF") || !isDigit(s[2]) || !isDigit(s[3]) {
		return false
	}
	body := s[4:]
	if rfBody(body) != body {
		return false
	}
	return rfMod97(body+s[:4]) == 1
}

// FormatRF prints a reference in groups of four, as on a payment slip.
func FormatRF(ref string) string {
	var b strings.Builder
	for i := 0; i < len(ref); i++ {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(ref[i])
	}
	return b.String()
}

// rfBody keeps the ASCII letters (upper-cased) and digits of s.
func rfBody(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c), c >= 'A' && c <= 'Z':
			b.WriteByte(c)
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		}
	}
	return b.String()
}

// rfMod97 is the ISO 7064 MOD 97-10 remainder of s with letters as 10…35,
// computed digit by digit so no length overflows.
func rfMod97(s string) int {
	m := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isDigit(c) {
			m = (m*10 + int(c-'0')) % 97
		} else {
			v := int(c-'A') + 10
			m = (m*100 + v) % 97
		}
	}
	return m
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
