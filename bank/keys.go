package bank

import (
	"strings"

	"paidup/ledger"
)

// numberKey is how an invoice number is compared with what payers write:
// its digits without leading zeros ("INV-000123", "inv 123", "No. 0123"
// are all "123"). Letters are dropped since payers drop or misspell
// prefixes; the amount then has to agree before anything is certain.
func numberKey(number string) string {
	var b strings.Builder
	for i := 0; i < len(number); i++ {
		if c := number[i]; c >= '0' && c <= '9' {
			if b.Len() == 0 && c == '0' {
				continue
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// maxGroups bounds the digit groups joined into one key ("2026 000 123").
const maxGroups = 4

// textKeys lists the number keys a payer's text may hold: each run of
// digit groups separated only by spaces or separators ("INV 000 123",
// "2026-0012") gives the keys of every contiguous stretch of its groups,
// since a separator may sit inside the number or between two numbers.
func textKeys(s string) []string {
	var keys []string
	seen := map[string]bool{}
	add := func(k string) {
		if k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	var groups []string
	flush := func() {
		for i := range groups {
			joined := ""
			for j := i; j < len(groups) && j < i+maxGroups; j++ {
				joined += groups[j]
				add(numberKey(joined))
			}
		}
		groups = groups[:0]
	}
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			groups = append(groups, s[i:j])
			i = j
		case strings.IndexByte(" -./_#:", c) >= 0 && len(groups) > 0:
			i++
		default:
			flush()
			i++
		}
		if len(keys) > 200 {
			break
		}
	}
	flush()
	return keys
}

// rfRefs finds RF references in s: "RF" with check digits that hold,
// spaces inside allowed (printed in groups of four), longest first.
func rfRefs(s string) []string {
	up := strings.ToUpper(s)
	var out []string
	for i := strings.Index(up, "RF"); i >= 0 && len(out) < 10; {
		var b strings.Builder
		b.WriteString("RF")
		for j := i + 2; j < len(up) && b.Len() < 25; j++ {
			c := up[j]
			if c == ' ' {
				continue
			}
			if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
				break
			}
			b.WriteByte(c)
		}
		cand := b.String()
		for n := len(cand); n >= 5; n-- {
			if ledger.ValidRF(cand[:n]) {
				out = append(out, cand[:n])
				break
			}
		}
		next := strings.Index(up[i+2:], "RF")
		if next < 0 {
			break
		}
		i += 2 + next
	}
	return out
}
