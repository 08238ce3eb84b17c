package bank

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"paidup/ledger"
)

// ParseMT940 reads a SWIFT MT940 customer statement: :25: account, :60F:
// opening balance (its currency is every line's), :61: a line, :86: its
// details over as many lines as the bank writes. The :86: of German banks
// (?20…?29 text, ?32/?33 name, ?31 IBAN, SVWZ+/EREF+) and of Dutch banks
// (/EREF/…/REMI/…/NAME/…) are taken apart; any other is kept as text.
func ParseMT940(data []byte) (Statement, error) {
	st := Statement{Format: FormatMT940}
	var where []string
	type field struct {
		tag, value string
		line       int
	}
	var fields []field
	for n, raw := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		ln := strings.TrimRight(raw, "\r ")
		n++
		switch {
		case ln == "" || ln == "-" || ln == "-}" || strings.HasPrefix(ln, "{1:") || strings.HasPrefix(ln, "{2:") || strings.HasPrefix(ln, "{4:"):
			// SWIFT envelope and block ends carry nothing we read.
			if i := strings.Index(ln, "{4:"); i >= 0 && strings.TrimSpace(ln[i+3:]) != "" {
				return Statement{}, fmt.Errorf("mt940 line %d: text after the block mark {4", n)
			}
		case strings.HasPrefix(ln, ":") && strings.Count(ln, ":") >= 2 && mtTag.MatchString(ln):
			m := mtTag.FindStringSubmatch(ln)
			fields = append(fields, field{tag: m[1], value: ln[len(m[0]):], line: n})
		case len(fields) > 0:
			// A continuation: :86: runs over lines, :61: may have a second.
			fields[len(fields)-1].value += "\n" + ln
		default:
			return Statement{}, fmt.Errorf("mt940 line %d: %q is not part of a field", n, clean(ln, 40))
		}
	}
	cur, acct := "", ""
	var last *ledger.BankLine
	for _, f := range fields {
		switch f.tag {
		case "20":
			cur, last = "", nil
		case "25":
			acct = normAcct(strings.SplitN(f.value, "\n", 2)[0])
			if i := strings.IndexByte(acct, '/'); i >= 0 {
				acct = acct[i+1:] // BLZ/account: the account
			}
			if st.Account == "" {
				st.Account = acct
			}
		case "60F", "60M":
			v := strings.TrimSpace(f.value)
			if len(v) < 10 {
				return Statement{}, fmt.Errorf("mt940 line %d: :%s: %q is too short for a balance", f.line, f.tag, v)
			}
			cur = strings.ToUpper(v[7:10])
			if !ledger.ValidCurrency(cur) {
				return Statement{}, fmt.Errorf("mt940 line %d: :%s: unknown currency %q", f.line, f.tag, cur)
			}
			b, err := mtBalance(v, "opening", acct)
			if err != nil {
				return Statement{}, fmt.Errorf("mt940 line %d: :%s: %w", f.line, f.tag, err)
			}
			st.Balances = append(st.Balances, b)
		case "62F", "62M":
			b, err := mtBalance(strings.TrimSpace(f.value), "closing", acct)
			if err != nil {
				return Statement{}, fmt.Errorf("mt940 line %d: :%s: %w", f.line, f.tag, err)
			}
			st.Balances = append(st.Balances, b)
		case "61":
			if cur == "" {
				return Statement{}, fmt.Errorf("mt940 line %d: :61: before the opening balance :60F: that gives its currency", f.line)
			}
			l, err := mt61(f.value, cur)
			if err != nil {
				return Statement{}, fmt.Errorf("mt940 line %d: :61: %w", f.line, err)
			}
			l.Account = acct
			st.Lines = append(st.Lines, l)
			where = append(where, fmt.Sprintf("mt940 line %d", f.line))
			last = &st.Lines[len(st.Lines)-1]
		case "86":
			if last != nil {
				mt86(last, f.value)
				last = nil
			}
		}
	}
	if len(fields) == 0 {
		return Statement{}, fmt.Errorf("mt940: no fields")
	}
	if err := finish(&st, where); err != nil {
		return Statement{}, err
	}
	return st, nil
}

var (
	mtTag = regexp.MustCompile(`^:([0-9]{2}[A-Z]?):`)
	// :61: value date, optional entry date, C/D/RC/RD, funds code, amount,
	// transaction type, customer reference, //bank reference.
	mt61re = regexp.MustCompile(`^([0-9]{6})([0-9]{4})?(RC|RD|C|D)([A-Z])?([0-9]+,[0-9]*)([NFS][A-Z0-9]{3})([^/\n]*)(?://([^\n]*))?`)
)

// mtBalance reads a balance field: C or D, YYMMDD, currency, amount with
// a decimal comma ("C260331EUR11481,50").
func mtBalance(v, kind, acct string) (ledger.BankBalance, error) {
	if len(v) < 11 || (v[0] != 'C' && v[0] != 'D') {
		return ledger.BankBalance{}, fmt.Errorf("%q is not C or D, date, currency and amount", clean(v, 40))
	}
	d, err := time.Parse("060102", v[1:7])
	if err != nil {
		return ledger.BankBalance{}, fmt.Errorf("date %q: %w", v[1:7], err)
	}
	cur := strings.ToUpper(v[7:10])
	m, err := amount(strings.TrimSpace(v[10:]), cur)
	if err != nil {
		return ledger.BankBalance{}, err
	}
	if v[0] == 'D' {
		m.Minor = -m.Minor
	}
	return ledger.BankBalance{Account: acct, Kind: kind, Date: d, Amount: m}, nil
}

func mt61(v, cur string) (ledger.BankLine, error) {
	m := mt61re.FindStringSubmatch(v)
	if m == nil {
		return ledger.BankLine{}, fmt.Errorf("%q is not date, C or D, amount and type", clean(v, 60))
	}
	d, err := time.Parse("060102", m[1])
	if err != nil {
		return ledger.BankLine{}, fmt.Errorf("value date %q: %w", m[1], err)
	}
	a, err := amount(m[5], cur)
	if err != nil {
		return ledger.BankLine{}, err
	}
	if m[3] == "D" || m[3] == "RC" { // a reversal of a credit is money out
		a.Minor = -a.Minor
	}
	l := ledger.BankLine{Date: d, Amount: a}
	if ref := strings.TrimSpace(m[8]); ref != "" && !strings.EqualFold(ref, "NONREF") {
		l.BankID = clean(ref, 200)
	}
	if ref := strings.TrimSpace(m[7]); ref != "" && !strings.EqualFold(ref, "NONREF") {
		l.EndToEnd = clean(ref, 200)
	}
	return l, nil
}

// mt86 takes the details apart into name, IBAN, references and text.
func mt86(l *ledger.BankLine, v string) {
	joined := strings.ReplaceAll(v, "\n", "")
	switch {
	case strings.Contains(joined, "?20") || strings.Contains(joined, "?00"):
		sub := map[string]string{}
		parts := strings.Split(joined, "?")
		for _, p := range parts[1:] {
			if len(p) >= 2 {
				sub[p[:2]] += p[2:]
			}
		}
		var text strings.Builder
		for i := 20; i <= 29; i++ {
			text.WriteString(sub[fmt.Sprint(i)])
		}
		for i := 60; i <= 63; i++ {
			text.WriteString(sub[fmt.Sprint(i)])
		}
		t := text.String()
		// SEPA fields inside the text: EREF+ end-to-end, SVWZ+ purpose.
		if e := sepaField(t, "EREF+"); e != "" && e != "NOTPROVIDED" {
			l.EndToEnd = clean(e, 200)
		}
		if p := sepaField(t, "SVWZ+"); p != "" {
			t = p
		}
		l.Text = clean(t, 1000)
		l.Name = clean(sub["32"]+sub["33"], 200)
		l.IBAN = normAcct(sub["31"])
	case strings.HasPrefix(joined, "/"):
		kv := dutch86(joined)
		l.Text = clean(kv["REMI"], 1000)
		if e := kv["EREF"]; e != "" && e != "NOTPROVIDED" {
			l.EndToEnd = clean(e, 200)
		}
		l.Name = clean(kv["NAME"], 200)
		l.IBAN = normAcct(kv["IBAN"])
		if l.IBAN == "" {
			l.IBAN = normAcct(kv["CNTP"])
		}
		if r := kv["CREF"]; r != "" && ledger.ValidRF(r) {
			l.Structured = clean(r, 200)
		}
	default:
		l.Text = clean(v, 1000)
	}
}

// sepaField is the value after a SEPA key (EREF+, SVWZ+) up to the next key.
func sepaField(t, key string) string {
	i := strings.Index(t, key)
	if i < 0 {
		return ""
	}
	rest := t[i+len(key):]
	if j := sepaKey.FindStringIndex(rest); j != nil {
		rest = rest[:j[0]]
	}
	return strings.TrimSpace(rest)
}

var sepaKey = regexp.MustCompile(`(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC)\+`)

// dutch86 reads /KEY/value/KEY/value…; /CNTP/ holds IBAN/BIC/NAME/CITY.
func dutch86(s string) map[string]string {
	out := map[string]string{}
	parts := strings.Split(strings.TrimPrefix(s, "/"), "/")
	known := map[string]bool{"EREF": true, "REMI": true, "NAME": true, "IBAN": true, "CNTP": true, "CREF": true,
		"TRCD": true, "BENM": true, "ORDP": true, "MARF": true, "CSID": true, "PURP": true, "ULTD": true, "ULTC": true,
		"BIC": true, "ADDR": true, "RTRN": true, "ISDT": true, "SVCL": true, "CUR": true}
	for i := 0; i < len(parts); {
		k := parts[i]
		i++
		if k == "CNTP" {
			// IBAN, BIC, name, city: positional.
			vals := make([]string, 4)
			for j := 0; j < 4 && i < len(parts); j++ {
				vals[j] = parts[i]
				i++
			}
			out["IBAN"], out["NAME"] = vals[0], vals[2]
			continue
		}
		var vs []string
		for i < len(parts) && !known[parts[i]] {
			if parts[i] != "" { // "//" separates fields in some banks' layouts
				vs = append(vs, parts[i])
			}
			i++
		}
		if k == "REMI" && len(vs) > 0 && (vs[0] == "USTD" || vs[0] == "STRD") {
			vs = vs[1:]
		}
		out[k] = strings.Join(vs, "/")
	}
	return out
}
