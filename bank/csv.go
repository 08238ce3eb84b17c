package bank

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"paidup/ledger"
)

// FormatCSV is a CSV statement read by a stored column mapping.
const FormatCSV Format = "csv"

// ParseCSV reads a CSV statement by the mapping set for its bank. file
// names it in messages, which say where: "FILE:LINE: column N (name):
// reason". A file not in the mapping's encoding (UTF-8 unless it names
// one) is refused saying what it looks like; any bad row refuses the file.
func ParseCSV(data []byte, file string, m ledger.BankCSVMapping) (Statement, error) {
	if err := m.Check(); err != nil {
		return Statement{}, err
	}
	text, err := ledger.DecodeStatementText(data, m.Encoding)
	if err != nil {
		return Statement{}, fmt.Errorf("%s: %w", file, err)
	}
	body, skipped := text, 0
	for skipped < m.SkipLines && len(body) > 0 {
		i := bytes.IndexByte(body, '\n')
		if i < 0 {
			body = nil
		} else {
			body = body[i+1:]
		}
		skipped++
	}
	layout, err := ledger.DateLayoutOf(m.DateFormat)
	if err != nil {
		return Statement{}, err
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = separator(m.Separator, body)
	r.FieldsPerRecord = -1
	csvErr := func(err error) error {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return fmt.Errorf("%s:%d: column %d: %v", file, pe.Line+skipped, pe.Column, pe.Err)
		}
		return fmt.Errorf("%s: %w", file, err)
	}
	var header []string
	if !m.NoHeader {
		if header, err = r.Read(); err != nil {
			if err == io.EOF {
				return Statement{}, fmt.Errorf("%s:%d: no header line (skip lines %d)", file, skipped+1, m.SkipLines)
			}
			return Statement{}, csvErr(err)
		}
		header = append([]string(nil), header...)
		for i := range header {
			header[i] = strings.TrimSpace(header[i])
		}
	}
	c := csvColumns{header: header, file: file, line: skipped + 1}
	cols := struct{ date, amount, credit, debit, cur, name, iban, ref, text, id []int }{}
	for _, f := range []struct {
		dst        *[]int
		flag, spec string
	}{{&cols.date, "date", m.Date}, {&cols.amount, "amount", m.Amount}, {&cols.credit, "credit", m.Credit},
		{&cols.debit, "debit", m.Debit}, {&cols.cur, "currency-column", m.CurrencyCol}, {&cols.name, "counterparty", m.Counterparty},
		{&cols.iban, "iban", m.IBAN}, {&cols.ref, "reference", m.Reference}, {&cols.text, "text", m.Text}, {&cols.id, "id", m.ID}} {
		if *f.dst, err = c.resolve(f.flag, f.spec); err != nil {
			return Statement{}, err
		}
	}
	st := Statement{Format: FormatCSV, Account: strings.TrimSpace(m.Account)}
	var where []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Statement{}, csvErr(err)
		}
		line, _ := r.FieldPos(0)
		line += skipped
		if blank(rec) {
			continue
		}
		row := csvRow{rec: rec, header: header, file: file, line: line}
		l := ledger.BankLine{}
		d, err := row.one(cols.date, "date")
		if err != nil {
			return Statement{}, err
		}
		if l.Date, err = time.Parse(layout, d); err != nil {
			return Statement{}, row.problem(cols.date[0], fmt.Sprintf("%q is not a date in the format %s", d, m.DateFormat))
		}
		cur := strings.ToUpper(m.Currency)
		if cols.cur != nil {
			if cur, err = row.one(cols.cur, "currency"); err != nil {
				return Statement{}, err
			}
			if cur = strings.ToUpper(cur); !ledger.ValidCurrency(cur) {
				return Statement{}, row.problem(cols.cur[0], fmt.Sprintf("unknown currency %q", cur))
			}
		}
		if l.Amount, err = row.amount(cols.amount, cols.credit, cols.debit, cur, m.DecimalComma); err != nil {
			return Statement{}, err
		}
		l.Name = clean(row.join(cols.name), 200)
		l.IBAN = clean(strings.ToUpper(strings.ReplaceAll(row.join(cols.iban), " ", "")), 50)
		if ref := clean(row.join(cols.ref), 200); ledger.ValidRF(ref) {
			l.Structured = strings.ToUpper(strings.ReplaceAll(ref, " ", ""))
		} else {
			l.EndToEnd = ref
		}
		l.Text = clean(row.join(cols.text), 1000)
		l.BankID = clean(row.join(cols.id), 200)
		st.Lines = append(st.Lines, l)
		where = append(where, fmt.Sprintf("%s:%d", file, line))
	}
	if len(st.Lines) == 0 {
		return Statement{}, fmt.Errorf("%s: no statement lines after the header", file)
	}
	if err := finish(&st, where); err != nil {
		return Statement{}, err
	}
	return st, nil
}

// separator is the mapping's, or the header line's most frequent of ; , tab |.
func separator(set string, body []byte) rune {
	if set != "" {
		return []rune(set)[0]
	}
	first := body
	if i := bytes.IndexByte(body, '\n'); i >= 0 {
		first = body[:i]
	}
	best, n := ',', 0
	for _, c := range []rune{';', ',', '\t', '|'} {
		if k := bytes.Count(first, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// csvColumns finds a mapping's columns in the header.
type csvColumns struct {
	header []string
	file   string
	line   int
}

// resolve turns "Buchungstag" or "3" (or several, comma-separated) into
// column indexes; a name not in the header is refused naming the header.
func (c csvColumns) resolve(flag, spec string) ([]int, error) {
	if strings.TrimSpace(spec) == "" {
		return nil, nil
	}
	var out []int
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		found := -1
		for i, h := range c.header {
			if strings.EqualFold(h, part) {
				found = i
				break
			}
		}
		if found < 0 {
			if n, err := strconv.Atoi(part); err == nil && n >= 1 {
				found = n - 1
			}
		}
		if found < 0 {
			return nil, fmt.Errorf("%s:%d: the mapping's %s column %q is not in the header (%s)", c.file, c.line, flag, part, strings.Join(c.header, ", "))
		}
		out = append(out, found)
	}
	return out, nil
}

// csvRow is one record, for reading fields and saying where a fault is.
type csvRow struct {
	rec    []string
	header []string
	file   string
	line   int
}

func (r csvRow) problem(col int, why string) error {
	name := ""
	if col < len(r.header) {
		name = " (" + r.header[col] + ")"
	}
	return fmt.Errorf("%s:%d: column %d%s: %s", r.file, r.line, col+1, name, why)
}

func (r csvRow) field(col int) string {
	if col < len(r.rec) {
		return strings.TrimSpace(r.rec[col])
	}
	return ""
}

// one is a required single field.
func (r csvRow) one(cols []int, what string) (string, error) {
	if cols[0] >= len(r.rec) {
		return "", r.problem(cols[0], fmt.Sprintf("the row has only %d columns", len(r.rec)))
	}
	v := r.field(cols[0])
	if v == "" {
		return "", r.problem(cols[0], "no "+what)
	}
	return v, nil
}

// join is the non-empty fields of cols, space-separated.
func (r csvRow) join(cols []int) string {
	var parts []string
	for _, c := range cols {
		if v := r.field(c); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}

// amount reads the signed amount: one column, or credit (money in) and
// debit (money out, whatever its sign) of which exactly one holds a number.
func (r csvRow) amount(amt, credit, debit []int, cur string, comma bool) (ledger.Money, error) {
	if amt != nil {
		v, err := r.one(amt, "amount")
		if err != nil {
			return ledger.Money{}, err
		}
		m, err := csvAmount(v, cur, comma)
		if err != nil {
			return m, r.problem(amt[0], err.Error())
		}
		return m, nil
	}
	cv, dv := r.field(credit[0]), r.field(debit[0])
	var cm, dm ledger.Money
	var err error
	if cv != "" {
		if cm, err = csvAmount(cv, cur, comma); err != nil {
			return cm, r.problem(credit[0], err.Error())
		}
	}
	if dv != "" {
		if dm, err = csvAmount(dv, cur, comma); err != nil {
			return dm, r.problem(debit[0], err.Error())
		}
	}
	switch {
	case cm.Minor != 0 && dm.Minor != 0:
		return ledger.Money{}, r.problem(credit[0], "both credit and debit hold an amount")
	case cm.Minor != 0:
		return ledger.NewMoney(abs(cm.Minor), cur), nil
	case dm.Minor != 0:
		return ledger.NewMoney(-abs(dm.Minor), cur), nil
	}
	return ledger.Money{}, r.problem(credit[0], "no amount in the credit or the debit column")
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// csvAmount reads a bank's number: "1.234,56" with a decimal comma,
// "1,234.56" without; a sign before or after ("123,45-"), parentheses for
// negative, spaces, apostrophes (Swiss thousands) and the currency's code
// or symbol around it are allowed. Exact: more decimals than the currency
// has are refused.
func csvAmount(s, cur string, comma bool) (ledger.Money, error) {
	orig := s
	s = strings.TrimSpace(s)
	for _, sym := range []string{cur, "€", "£", "$", "¥", "CHF"} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, sym), sym))
	}
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\'', '’':
			return -1
		case '−':
			return '-'
		}
		return r
	}, s)
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = !neg, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	case strings.HasSuffix(s, "-"):
		neg, s = !neg, s[:len(s)-1]
	}
	if !comma && strings.Count(s, ",") == 1 && !strings.Contains(s, ".") && len(s)-strings.IndexByte(s, ',') != 4 {
		return ledger.Money{}, fmt.Errorf("amount %q has a decimal comma: set the mapping's --decimal-comma", orig)
	}
	thousands, dec := ",", "."
	if comma {
		thousands, dec = ".", ","
	}
	if whole, _, _ := strings.Cut(s, dec); strings.Contains(whole, thousands) {
		groups := strings.Split(whole, thousands)
		for i, g := range groups {
			if len(g) > 3 || len(g) == 0 || (i > 0 && len(g) != 3) {
				return ledger.Money{}, fmt.Errorf("amount %q: %q is not a thousands separator here", orig, thousands)
			}
		}
	}
	if comma {
		s = strings.ReplaceAll(s, ".", "")
		if strings.Count(s, ",") > 1 {
			return ledger.Money{}, fmt.Errorf("amount %q: more than one decimal comma", orig)
		}
		s = strings.Replace(s, ",", ".", 1)
	} else {
		s = strings.ReplaceAll(s, ",", "")
	}
	if s == "" || strings.Trim(s, "0123456789.") != "" {
		return ledger.Money{}, fmt.Errorf("amount %q is not a number", orig)
	}
	m, err := amount(s, cur)
	if err != nil {
		return m, fmt.Errorf("amount %q: %v", orig, err)
	}
	if neg {
		m.Minor = -m.Minor
	}
	return m, nil
}
