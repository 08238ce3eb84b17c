// Package bank reads bank statements (camt.053/054, OFX/QFX, MT940) into
// ledger.BankLine values and matches their credit lines to open invoices.
// The parsers are written on encoding/xml and our own code: no outside
// library, so no licence question enters the binary.
package bank

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"paidup/ledger"
)

// Format is a statement file's format.
type Format string

const (
	FormatCamt  Format = "camt"
	FormatOFX   Format = "ofx"
	FormatMT940 Format = "mt940"
)

// Statement is what a file holds: its lines, and the account they are of
// when the file names it.
type Statement struct {
	Format  Format
	Account string // the statement's own account (IBAN or number); empty when the file has none
	Lines   []ledger.BankLine
	// Balances are the opening and closing balances the file states.
	Balances []ledger.BankBalance
}

// Parse detects the format of data and parses it. A file that is not
// whole and well formed is refused with the line or XML path of the first
// fault; no partial statement is returned.
func Parse(data []byte) (Statement, error) {
	f, err := Detect(data)
	if err != nil {
		return Statement{}, err
	}
	switch f {
	case FormatCamt:
		return ParseCamt(data)
	case FormatOFX:
		return ParseOFX(data)
	default:
		return ParseMT940(data)
	}
}

// Detect tells the format by the file's first bytes.
func Detect(data []byte) (Format, error) {
	head := data[:min(len(data), 4096)]
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	s := strings.TrimSpace(string(head))
	switch {
	case strings.Contains(s, "OFXHEADER") || strings.Contains(strings.ToUpper(s), "<OFX>"):
		return FormatOFX, nil
	case strings.HasPrefix(s, "<") && (strings.Contains(s, "camt.05") || strings.Contains(s, "BkToCstmr")):
		return FormatCamt, nil
	case strings.HasPrefix(s, ":20:") || strings.HasPrefix(s, "{1:") || strings.Contains(s, "\n:20:") || strings.Contains(s, ":61:"):
		return FormatMT940, nil
	case strings.HasPrefix(s, "PK"):
		return "", fmt.Errorf("a ZIP archive: import it with paidup bank import, which reads each statement in it")
	}
	return "", fmt.Errorf("not a statement Paidup reads (camt.053/054, OFX/QFX or MT940); a CSV statement is read by its bank's mapping: --mapping NAME (paidup bank mapping set NAME …)")
}

// lineHash is the bank id of a line whose bank gives none: the line's
// content, with its occurrence among identical lines of the file, so two
// equal payments on one day stay two lines while the same statement
// imported again adds neither.
func lineHash(l *ledger.BankLine, seen map[string]int) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s", l.Date.Format(ledger.DateLayout), l.Amount.Currency,
		l.Amount.Minor, l.Name, l.IBAN, l.EndToEnd, l.Structured, l.Text, l.Account)
	sum := hex.EncodeToString(h.Sum(nil))[:24]
	seen[sum]++
	return fmt.Sprintf("H%s-%d", sum, seen[sum])
}

// clean makes outside text storable: valid UTF-8, control characters and
// runs of white space as one space, trimmed, at most max bytes.
func clean(s string, limit int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == ' ' || r == '\u00a0' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := b.String()
	if len(out) > limit {
		out = out[:limit]
		for !utf8.ValidString(out) {
			out = out[:len(out)-1]
		}
	}
	return out
}

// amount parses a bank's decimal ("1234.50", MT940's "1234,50") in cur,
// exactly: more decimals than the currency has are refused unless zeros.
func amount(s, cur string) (ledger.Money, error) {
	s = strings.TrimSpace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	if strings.Count(s, ".") > 1 {
		return ledger.Money{}, fmt.Errorf("amount %q: not a decimal number", s)
	}
	s = strings.TrimSuffix(s, ".")
	if i := strings.IndexByte(s, '.'); i >= 0 {
		digits, err := ledger.Digits(cur)
		if err != nil {
			return ledger.Money{}, err
		}
		for len(s)-i-1 > digits && strings.HasSuffix(s, "0") {
			s = s[:len(s)-1]
		}
		s = strings.TrimSuffix(s, ".")
	}
	m, err := ledger.ParseMoney(s, strings.ToUpper(cur))
	if err != nil {
		return ledger.Money{}, err
	}
	return m, nil
}

// finish fills each line's account and missing bank id, and checks the
// lines as the ledger will, so a file is refused whole before import.
func finish(st *Statement, where []string) error {
	seen := map[string]int{}
	for i := range st.Lines {
		l := &st.Lines[i]
		if l.Account == "" {
			l.Account = st.Account
		}
		if l.BankID == "" {
			l.BankID = lineHash(l, seen)
		}
		if err := ledger.DateInRange(l.Date); err != nil {
			return fmt.Errorf("%s: date %s: %w", where[i], l.Date.Format(ledger.DateLayout), err)
		}
		if l.Amount.Minor == 0 {
			return fmt.Errorf("%s: the amount is zero", where[i])
		}
	}
	return nil
}
