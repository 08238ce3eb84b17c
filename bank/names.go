package bank

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Payers' banks print names as they like: upper case, without accents,
// with or without "GmbH". A name is compared as the set of its words, lower
// case, accents and legal forms dropped; a payer whose words include every
// word of exactly one customer's name is taken for that customer (for
// review only: a name is never proof of who paid).

// legalForms are the company suffixes dropped before names are compared.
var legalForms = map[string]bool{"gmbh": true, "ag": true, "kg": true, "ohg": true, "ug": true, "ltd": true, "limited": true,
	"inc": true, "llc": true, "plc": true, "co": true, "corp": true, "sa": true, "sas": true, "sarl": true, "srl": true, "spa": true,
	"bv": true, "nv": true, "ab": true, "as": true, "oy": true, "sp": true, "z": true, "o": true, "oo": true, "ltda": true, "und": true,
	"and": true, "the": true, "e": true, "k": true, "mbh": true}

var umlauts = strings.NewReplacer("ue", "u", "oe", "o", "ae", "a")

// nameWords is the sorted set of a name's significant words.
func nameWords(name string) []string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// accents go: banks often drop them
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, w := range strings.Fields(strings.NewReplacer("ß", "ss", "ø", "o", "æ", "ae", "ł", "l").Replace(b.String())) {
		// German spelt without umlauts: Mueller is Müller (ü lost its
		// dots above), so "ue", "oe", "ae" are read as the bare vowel on
		// both sides.
		w = umlauts.Replace(w)
		if !legalForms[w] && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}

// byName finds the one customer whose name's words the payer's name holds.
func (x *Index) byName(payer string) string {
	words := nameWords(payer)
	if len(words) == 0 {
		return ""
	}
	has := map[string]bool{}
	for _, w := range words {
		has[w] = true
	}
	found := ""
	// Only customers sharing a word with the payer can fit: the index of
	// words keeps this from reading every customer's name per line.
	cands := map[string]bool{}
	for _, w := range words {
		for _, code := range x.nameIndex[w] {
			cands[code] = true
		}
	}
	for code := range cands {
		cw := x.names[code]
		all := true
		for _, w := range cw {
			if !has[w] {
				all = false
				break
			}
		}
		if all {
			if found != "" {
				return "" // two customers fit: a name does not decide
			}
			found = code
		}
	}
	return found
}
