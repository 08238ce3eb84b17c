package bank

import (
	"fmt"
	"strings"
	"time"

	"paidup/ledger"
)

// ParseOFX reads an OFX, QFX or QBO statement: version 1 (SGML, whose leaf
// elements are not closed) and version 2 (XML) alike, with one tokenizer
// that treats an element followed by text as a leaf whether or not its
// end tag follows. Each STMTTRN is a line; its FITID is the bank's id.
func ParseOFX(data []byte) (Statement, error) {
	toks, err := ofxTokens(string(data))
	if err != nil {
		return Statement{}, err
	}
	st := Statement{Format: FormatOFX}
	var where []string
	cur, acct := "", ""
	var tr map[string]string
	var trLine, balLine int
	bal := map[string]string{}
	lines := map[string]int{} // where each field of the transaction stands
	var stack []string        // open aggregates: where a leaf sits (PAYEE/NAME vs NAME)
	for _, t := range toks {
		switch {
		case t.end:
			// Close the aggregate and anything SGML left open inside it.
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i] == t.name {
					stack = stack[:i]
					break
				}
			}
			if t.name == "STMTTRN" {
				if tr == nil {
					return Statement{}, fmt.Errorf("ofx line %d: </STMTTRN> without its start", t.line)
				}
				l, err := ofxLine(tr, lines, cur, acct, trLine)
				if err != nil {
					return Statement{}, err
				}
				st.Lines = append(st.Lines, l)
				where = append(where, fmt.Sprintf("ofx line %d", trLine))
				tr = nil
			}
		case t.leaf:
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			switch {
			case tr != nil:
				key := t.name
				if parent != "STMTTRN" {
					key = parent + "/" + t.name
				}
				tr[key], lines[key] = t.text, t.line
			case parent == "LEDGERBAL" && (t.name == "BALAMT" || t.name == "DTASOF"):
				// The closing balance, kept once both its parts are read.
				bal[t.name], balLine = t.text, t.line
				if bal["BALAMT"] != "" && bal["DTASOF"] != "" {
					b, err := ofxBalance(bal, cur, acct)
					if err != nil {
						return Statement{}, fmt.Errorf("ofx line %d: LEDGERBAL: %w", balLine, err)
					}
					st.Balances = append(st.Balances, b)
					bal = map[string]string{}
				}
			case t.name == "CURDEF":
				cur = strings.ToUpper(t.text)
			case t.name == "ACCTID":
				// A file may hold several accounts' statements: each line is
				// of the account whose statement it stands in.
				acct = normAcct(t.text)
				if st.Account == "" {
					st.Account = acct
				}
			}
		default:
			if t.name == "STMTTRN" {
				if tr != nil {
					return Statement{}, fmt.Errorf("ofx line %d: STMTTRN inside the STMTTRN of line %d", t.line, trLine)
				}
				tr, trLine = map[string]string{}, t.line
			}
			stack = append(stack, t.name)
			if len(stack) > maxXMLDepth {
				return Statement{}, fmt.Errorf("ofx line %d: nested too deep", t.line)
			}
		}
	}
	if tr != nil {
		return Statement{}, fmt.Errorf("ofx line %d: STMTTRN not closed", trLine)
	}
	if len(st.Lines) == 0 && !strings.Contains(strings.ToUpper(string(data)), "<BANKTRANLIST>") {
		return Statement{}, fmt.Errorf("ofx: no BANKTRANLIST: not a bank statement")
	}
	if err := finish(&st, where); err != nil {
		return Statement{}, err
	}
	return st, nil
}

func ofxLine(tr map[string]string, lines map[string]int, cur, acct string, line int) (ledger.BankLine, error) {
	if c := tr["CURRENCY/CURSYM"]; c != "" {
		cur = strings.ToUpper(c)
	}
	if cur == "" {
		return ledger.BankLine{}, fmt.Errorf("ofx line %d: no CURDEF before the transaction", line)
	}
	amt, ok := tr["TRNAMT"]
	if !ok {
		return ledger.BankLine{}, fmt.Errorf("ofx line %d: the transaction has no TRNAMT", line)
	}
	m, err := amount(amt, cur)
	if err != nil {
		return ledger.BankLine{}, fmt.Errorf("ofx line %d: TRNAMT: %w", lines["TRNAMT"], err)
	}
	posted := tr["DTPOSTED"]
	d, err := ofxDate(posted)
	if err != nil {
		return ledger.BankLine{}, fmt.Errorf("ofx line %d: DTPOSTED %q: %w", max(line, lines["DTPOSTED"]), posted, err)
	}
	name := tr["NAME"]
	if name == "" {
		name = tr["PAYEE/NAME"]
	}
	return ledger.BankLine{Account: acct, BankID: clean(tr["FITID"], 200), Date: d, Amount: m,
		Name: clean(name, 200), Text: clean(tr["MEMO"], 1000), EndToEnd: clean(tr["REFNUM"], 200)}, nil
}

// ofxDate reads YYYYMMDD[HHMMSS[.XXX]][[±H:TZ]]: the day as the bank wrote it.
// ofxBalance is a LEDGERBAL: the account's balance as of DTASOF.
func ofxBalance(bal map[string]string, cur, acct string) (ledger.BankBalance, error) {
	if cur == "" {
		return ledger.BankBalance{}, fmt.Errorf("no CURDEF before it")
	}
	d, err := ofxDate(bal["DTASOF"])
	if err != nil {
		return ledger.BankBalance{}, fmt.Errorf("DTASOF %q: %w", bal["DTASOF"], err)
	}
	v := strings.TrimSpace(bal["BALAMT"])
	neg := strings.HasPrefix(v, "-")
	m, err := amount(strings.TrimPrefix(strings.TrimPrefix(v, "-"), "+"), cur)
	if err != nil {
		return ledger.BankBalance{}, fmt.Errorf("BALAMT: %w", err)
	}
	if neg {
		m.Minor = -m.Minor
	}
	return ledger.BankBalance{Account: acct, Kind: "closing", Date: d, Amount: m}, nil
}

func ofxDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) < 8 {
		return time.Time{}, fmt.Errorf("not a date")
	}
	d, err := time.Parse("20060102", s[:8])
	if err != nil {
		return time.Time{}, fmt.Errorf("not a date")
	}
	return d, nil
}

type ofxToken struct {
	name, text string
	end, leaf  bool
	line       int
}

// ofxTokens splits OFX after its header into start tags (a leaf when text
// follows), end tags and nothing else; comments and processing
// instructions are skipped.
func ofxTokens(s string) ([]ofxToken, error) {
	i := indexASCIIFold(s, "<OFX>")
	if i < 0 {
		return nil, fmt.Errorf("ofx: no <OFX> element")
	}
	line := 1 + strings.Count(s[:i], "\n")
	s = s[i:]
	var out []ofxToken
	for len(s) > 0 {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			if strings.TrimSpace(s) != "" {
				return nil, fmt.Errorf("ofx line %d: text after the last element", line)
			}
			break
		}
		if strings.TrimSpace(s[:lt]) != "" {
			return nil, fmt.Errorf("ofx line %d: text %q outside an element", line, clean(s[:lt], 40))
		}
		line += strings.Count(s[:lt], "\n")
		s = s[lt:]
		if strings.HasPrefix(s, "<!--") || strings.HasPrefix(s, "<?") {
			end := "-->"
			if s[1] == '?' {
				end = "?>"
			}
			j := strings.Index(s, end)
			if j < 0 {
				return nil, fmt.Errorf("ofx line %d: not closed", line)
			}
			line += strings.Count(s[:j], "\n")
			s = s[j+len(end):]
			continue
		}
		gt := strings.IndexByte(s, '>')
		if gt < 0 {
			return nil, fmt.Errorf("ofx line %d: a tag is not closed with >", line)
		}
		tag := s[1:gt]
		s = s[gt+1:]
		t := ofxToken{line: line}
		if strings.HasPrefix(tag, "/") {
			t.end, tag = true, tag[1:]
		}
		tag = strings.ToUpper(strings.TrimSpace(tag))
		if tag == "" || strings.ContainsAny(tag, " \t\r\n<\"'=") {
			return nil, fmt.Errorf("ofx line %d: %q is not an element name", line, clean(tag, 40))
		}
		t.name = tag
		if !t.end {
			next := strings.IndexByte(s, '<')
			if next < 0 {
				next = len(s)
			}
			if text := strings.TrimSpace(s[:next]); text != "" {
				t.leaf, t.text = true, xmlUnescape(text)
				line += strings.Count(s[:next], "\n")
				s = s[next:]
				// XML (version 2) closes the leaf; SGML does not.
				if closing := "</" + tag + ">"; len(s) >= len(closing) && strings.EqualFold(s[:len(closing)], closing) {
					s = s[len(closing):]
				}
			}
		}
		out = append(out, t)
	}
	return out, nil
}

var xmlEntities = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'", "&nbsp;", " ")

func xmlUnescape(s string) string { return xmlEntities.Replace(s) }

// indexASCIIFold is the byte offset in s of the first sub (ASCII) in any
// case, or -1. Not strings.ToUpper(s): it widens each invalid UTF-8 byte
// to three, and the offset found there cut s in the wrong place (a
// panic on "\xf9\xe8\x94<OFX>", found by FuzzOFX).
func indexASCIIFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}
