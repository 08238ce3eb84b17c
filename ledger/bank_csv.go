package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// BankCSVMapping says how one bank's CSV statements read (migration 0019):
// set once per bank, kept by name, given to `bank import --mapping NAME`.
// A column is named by its header ("Buchungstag") or by its number
// counted from 1 ("3"); with NoHeader only numbers.
type BankCSVMapping struct {
	Name      string `json:"name"`
	Separator string `json:"separator,omitempty"`  // ",", ";", "\t" or "|"; empty: the header line's most frequent
	SkipLines int    `json:"skip_lines,omitempty"` // lines before the header (a bank's preamble)
	NoHeader  bool   `json:"no_header,omitempty"`  // the first line after the skipped ones is a row
	Encoding  string `json:"encoding,omitempty"`   // "windows-1252", "ISO-8859-1"…; empty: UTF-8
	Account   string `json:"account,omitempty"`    // the bank account the lines are of, unless --account

	Date         string `json:"date"`
	DateFormat   string `json:"date_format"` // DD.MM.YYYY, YYYY-MM-DD, MM/DD/YYYY, D.M.YY…
	Amount       string `json:"amount,omitempty"`
	Credit       string `json:"credit,omitempty"` // money in, when credit and debit are two columns
	Debit        string `json:"debit,omitempty"`  // money out (its sign ignored)
	DecimalComma bool   `json:"decimal_comma,omitempty"`
	Currency     string `json:"currency,omitempty"`        // every line's currency, or
	CurrencyCol  string `json:"currency_column,omitempty"` // the column holding it
	Counterparty string `json:"counterparty,omitempty"`
	IBAN         string `json:"iban,omitempty"`
	Reference    string `json:"reference,omitempty"` // structured reference or end-to-end id
	Text         string `json:"text,omitempty"`      // remittance text; several columns joined: "Verwendungszweck,Info"
	ID           string `json:"id,omitempty"`        // the bank's own id for a line; else a hash of it
}

// Check refuses a mapping that cannot read a statement.
func (m BankCSVMapping) Check() error {
	m.Name = strings.TrimSpace(m.Name)
	switch {
	case m.Name == "":
		return Errorf(EINVALID, "a mapping needs a name")
	case len(m.Name) > 100 || strings.ContainsAny(m.Name, "\r\n\t"):
		return Errorf(EINVALID, "mapping name %q: at most 100 characters on one line", m.Name)
	case m.Date == "":
		return Errorf(EINVALID, "mapping %s: which column holds the date (--date)?", m.Name)
	case m.DateFormat == "":
		return Errorf(EINVALID, "mapping %s: the date format (--date-format, e.g. DD.MM.YYYY)", m.Name)
	case m.Amount == "" && (m.Credit == "" || m.Debit == ""):
		return Errorf(EINVALID, "mapping %s: an amount column (--amount), or credit and debit columns (--credit, --debit)", m.Name)
	case m.Amount != "" && (m.Credit != "" || m.Debit != ""):
		return Errorf(EINVALID, "mapping %s: an amount column or credit and debit columns, not both", m.Name)
	case m.Currency == "" && m.CurrencyCol == "":
		return Errorf(EINVALID, "mapping %s: the currency (--currency EUR) or its column (--currency-column)", m.Name)
	case m.Currency != "" && !ValidCurrency(strings.ToUpper(m.Currency)):
		return Errorf(EINVALID, "mapping %s: unknown currency %q", m.Name, m.Currency)
	case m.SkipLines < 0 || m.SkipLines > 1000:
		return Errorf(EINVALID, "mapping %s: skip lines must be 0 to 1000", m.Name)
	}
	switch m.Separator {
	case "", ",", ";", "\t", "|":
	default:
		return Errorf(EINVALID, "mapping %s: separator %q: use , ; | or tab", m.Name, m.Separator)
	}
	if _, err := DateLayoutOf(m.DateFormat); err != nil {
		return Errorf(EINVALID, "mapping %s: %v", m.Name, err)
	}
	if m.Encoding != "" {
		if _, err := lookupEncoding(m.Encoding); err != nil {
			return Errorf(EINVALID, "mapping %s: %v", m.Name, err)
		}
	}
	for _, c := range []struct{ flag, v string }{{"date", m.Date}, {"amount", m.Amount}, {"credit", m.Credit}, {"debit", m.Debit},
		{"currency-column", m.CurrencyCol}, {"counterparty", m.Counterparty}, {"iban", m.IBAN}, {"reference", m.Reference},
		{"text", m.Text}, {"id", m.ID}, {"account", m.Account}} {
		if err := validText(c.flag, c.v); err != nil {
			return Errorf(EINVALID, "mapping %s: %v", m.Name, err)
		}
		if m.NoHeader && c.v != "" && c.flag != "account" {
			for _, col := range strings.Split(c.v, ",") {
				if n, err := strconv.Atoi(strings.TrimSpace(col)); err != nil || n < 1 {
					return Errorf(EINVALID, "mapping %s: --%s %q: a file without a header names columns by number", m.Name, c.flag, c.v)
				}
			}
		}
	}
	return nil
}

// DateLayoutOf turns a date format as people write it (DD.MM.YYYY,
// YYYY-MM-DD, MM/DD/YY, D.M.YYYY) into a Go layout. Days and months read
// with or without a leading zero either way, as banks are not consistent.
func DateLayoutOf(format string) (string, error) {
	f := strings.ToUpper(strings.TrimSpace(format))
	var b strings.Builder
	var y, mo, d bool
	for i := 0; i < len(f); {
		switch {
		case strings.HasPrefix(f[i:], "YYYY"):
			b.WriteString("2006")
			i, y = i+4, true
		case strings.HasPrefix(f[i:], "YY"):
			b.WriteString("06")
			i, y = i+2, true
		case strings.HasPrefix(f[i:], "MM"), strings.HasPrefix(f[i:], "DD"):
			b.WriteString(map[byte]string{'M': "1", 'D': "2"}[f[i]])
			mo, d = mo || f[i] == 'M', d || f[i] == 'D'
			i += 2
		case f[i] == 'M' || f[i] == 'D':
			b.WriteString(map[byte]string{'M': "1", 'D': "2"}[f[i]])
			mo, d = mo || f[i] == 'M', d || f[i] == 'D'
			i++
		case strings.IndexByte("./- ", f[i]) >= 0:
			b.WriteByte(f[i])
			i++
		default:
			return "", fmt.Errorf("date format %q: write it with DD, MM, YYYY (or YY) and . / - or space, e.g. DD.MM.YYYY", format)
		}
	}
	if !y || !mo || !d {
		return "", fmt.Errorf("date format %q needs a day (DD), a month (MM) and a year (YYYY or YY)", format)
	}
	return b.String(), nil
}

// DecodeStatementText gives a text file's bytes as UTF-8: converted from
// enc when one is named; else the file must be UTF-8 (a byte-order mark is
// dropped), and one that is not is refused naming what it looks like
// (UTF-16, Windows-1252, Latin-1) and what to set, never guessed silently.
func DecodeStatementText(data []byte, enc string) ([]byte, error) {
	return decodeText(data, enc,
		func(name string) string { return "set the mapping's encoding (--encoding " + name + ")" },
		"import it with --encoding windows-1252", "set the mapping's encoding (paidup bank mapping set NAME --encoding windows-1252)")
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// SaveBankCSVMapping stores a mapping, replacing one of the same name.
func (s *Store) SaveBankCSVMapping(ctx context.Context, m BankCSVMapping) error {
	m.Name = strings.TrimSpace(m.Name)
	m.Currency = strings.ToUpper(strings.TrimSpace(m.Currency))
	if err := m.Check(); err != nil {
		return err
	}
	spec, err := json.Marshal(m)
	if err != nil {
		return err
	}
	err = s.write(ctx, func(t *tx) error {
		_, err := t.exec(`INSERT INTO bank_csv_mappings (name, spec, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at`, m.Name, string(spec), t.stamp())
		return err
	})
	if err != nil {
		return fmt.Errorf("save mapping %s: %w", m.Name, err)
	}
	return nil
}

// BankCSVMappingNamed reads a stored mapping.
func (s *Store) BankCSVMappingNamed(ctx context.Context, name string) (BankCSVMapping, error) {
	var spec string
	err := s.r.QueryRowContext(ctx, `SELECT spec FROM bank_csv_mappings WHERE name = ?`, strings.TrimSpace(name)).Scan(&spec)
	if errors.Is(err, sql.ErrNoRows) {
		return BankCSVMapping{}, Errorf(ENOTFOUND, "no CSV mapping %q: define it with paidup bank mapping set %s --date … --amount …", name, name)
	}
	if err != nil {
		return BankCSVMapping{}, fmt.Errorf("mapping %s: %w", name, err)
	}
	var m BankCSVMapping
	if err := json.Unmarshal([]byte(spec), &m); err != nil {
		return m, fmt.Errorf("mapping %s: stored spec: %w", name, err)
	}
	return m, nil
}

// BankCSVMappings lists the stored mappings by name.
func (s *Store) BankCSVMappings(ctx context.Context) ([]BankCSVMapping, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT name, spec FROM bank_csv_mappings ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("CSV mappings: %w", err)
	}
	defer rows.Close()
	var out []BankCSVMapping
	for rows.Next() {
		var name, spec string
		if err := rows.Scan(&name, &spec); err != nil {
			return nil, fmt.Errorf("CSV mappings: %w", err)
		}
		var m BankCSVMapping
		if err := json.Unmarshal([]byte(spec), &m); err != nil {
			return nil, fmt.Errorf("mapping %s: stored spec: %w", name, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// DeleteBankCSVMapping removes a mapping (the owner's right on PostgreSQL).
func (s *Store) DeleteBankCSVMapping(ctx context.Context, name string) error {
	err := s.write(ctx, func(t *tx) error {
		r, err := t.exec(`DELETE FROM bank_csv_mappings WHERE name = ?`, strings.TrimSpace(name))
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return Errorf(ENOTFOUND, "no CSV mapping %q", name)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete mapping %s: %w", name, err)
	}
	return nil
}
