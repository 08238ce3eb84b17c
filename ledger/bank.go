package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Bank statements (migration 0013). Lines are imported once per account and
// bank id; matching (package bank) decides each credit line and records its
// decision here; a posted match is an ordinary payment, written by the same
// path as one typed in.

// BankStatus is where a statement line stands.
type BankStatus string

const (
	BankUnmatched BankStatus = "unmatched"
	BankReview    BankStatus = "review"
	BankMatched   BankStatus = "matched"
	BankIgnored   BankStatus = "ignored"
)

// BankLine is one line of a bank statement.
type BankLine struct {
	ID         int64 // the row's id once stored
	Account    string
	BankID     string // AcctSvcrRef, FITID, the MT940 bank reference, or a hash of the line
	Date       time.Time
	Amount     Money // money in positive, money out negative
	Name       string
	IBAN       string
	EndToEnd   string
	Structured string // the structured creditor reference (RF …)
	Text       string // free remittance text
	Status     BankStatus
	Invoices   []string // applied to, or in review the best suggestion
	Confidence int      // percent
	Reason     string
	Payment    string // the payment's number once matched
}

// BankImport is what an import added.
type BankImport struct {
	Added, Repeated int
}

// BankBalance is a balance a statement states: the account's at the
// start (opening) or end (closing) of a statement, on its date.
type BankBalance struct {
	Account string
	Kind    string // "opening" or "closing"
	Date    time.Time
	Amount  Money // overdrawn negative
}

// ImportBankLines stores a statement's lines in one transaction; a line
// already stored (same account and bank id) is counted as repeated and left
// as it is. Every line is checked before anything is written.
func (s *Store) ImportBankLines(ctx context.Context, source string, lines []BankLine) (BankImport, error) {
	return s.ImportBankStatement(ctx, source, lines, nil)
}

// ImportBankStatement is ImportBankLines with the balances the statement
// states, kept (once per account, currency, date and kind) for the
// reconciliation.
func (s *Store) ImportBankStatement(ctx context.Context, source string, lines []BankLine, balances []BankBalance) (BankImport, error) {
	var res BankImport
	for i, l := range lines {
		if err := validBankLine(l); err != nil {
			return res, fmt.Errorf("statement line %d: %w", i+1, err)
		}
	}
	for _, b := range balances {
		switch {
		case strings.TrimSpace(b.Account) == "" || (b.Kind != "opening" && b.Kind != "closing") || !ValidCurrency(b.Amount.Currency):
			return res, Errorf(EINVALID, "statement balance %+v: no account, kind or currency", b)
		case checkRange(b.Amount.Minor) != nil || DateInRange(b.Date) != nil:
			return res, Errorf(EINVALID, "statement balance of %s on %s: amount or date out of range", b.Account, fmtDate(b.Date))
		}
		if err := validText("account", b.Account); err != nil {
			return res, err
		}
	}
	err := s.write(ctx, func(t *tx) error {
		res = BankImport{}
		for _, b := range balances {
			if _, err := t.exec(`INSERT INTO bank_balances (account, currency, date, kind, amount, source) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (account, currency, date, kind) DO NOTHING`, b.Account, b.Amount.Currency, fmtDate(b.Date), b.Kind, b.Amount.Minor, source); err != nil {
				return fmt.Errorf("write statement balance: %w", err)
			}
		}
		for _, l := range lines {
			r, err := t.exec(`INSERT INTO bank_lines (account, bank_id, date, amount, currency, name, iban, end_to_end, structured, remittance, source, imported_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, bank_id) DO NOTHING`,
				l.Account, l.BankID, fmtDate(l.Date), l.Amount.Minor, l.Amount.Currency, l.Name, normIBAN(l.IBAN),
				l.EndToEnd, l.Structured, l.Text, source, t.stamp())
			if err != nil {
				return fmt.Errorf("write statement line %s: %w", l.BankID, err)
			}
			if n, _ := r.RowsAffected(); n == 1 {
				res.Added++
			} else {
				res.Repeated++
			}
		}
		return nil
	})
	if err != nil {
		return BankImport{}, fmt.Errorf("import statement: %w", err)
	}
	return res, nil
}

func validBankLine(l BankLine) error {
	switch {
	case strings.TrimSpace(l.Account) == "":
		return Errorf(EINVALID, "no account")
	case strings.TrimSpace(l.BankID) == "":
		return Errorf(EINVALID, "no bank id")
	case !ValidCurrency(l.Amount.Currency):
		return Errorf(EINVALID, "unknown currency %q", l.Amount.Currency)
	case l.Amount.Minor == 0:
		return Errorf(EINVALID, "amount is zero")
	}
	if err := checkRange(l.Amount.Minor); err != nil {
		return Errorf(EINVALID, "amount: %v", err)
	}
	if err := DateInRange(l.Date); err != nil {
		return Errorf(EINVALID, "date %s: %v", fmtDate(l.Date), err)
	}
	for _, f := range []struct{ name, v string }{{"account", l.Account}, {"bank id", l.BankID}, {"name", l.Name},
		{"IBAN", l.IBAN}, {"end-to-end id", l.EndToEnd}, {"reference", l.Structured}, {"remittance text", l.Text}} {
		if err := validText(f.name, f.v); err != nil {
			return err
		}
	}
	return nil
}

// normIBAN is an IBAN as stored and compared: upper case, no spaces.
func normIBAN(s string) string { return strings.ToUpper(strings.ReplaceAll(s, " ", "")) }

// BankLineFilter selects statement lines; zero selects all.
type BankLineFilter struct {
	Status  []BankStatus
	BankID  string // one line by the bank's id (any account)
	Credits bool   // money in only
	Account string // one bank account's lines
	// Offset and Limit page the list (Limit 0: all), for the window's
	// virtual table.
	Offset, Limit int
}

const bankLineCols = `b.id, b.account, b.bank_id, b.date, b.amount, b.currency, b.name, b.iban, b.end_to_end, b.structured,
	b.remittance, b.status, b.invoices, b.confidence, b.reason, COALESCE(p.number, '')`

// BankLines lists statement lines by date and id.
func (s *Store) BankLines(ctx context.Context, f BankLineFilter) ([]BankLine, error) {
	where, args := f.where()
	q := `SELECT ` + bankLineCols + ` FROM bank_lines b LEFT JOIN documents p ON p.id = b.payment_id WHERE 1 = 1` + where + ` ORDER BY b.date, b.id`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, max(f.Offset, 0))
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("statement lines: %w", err)
	}
	defer rows.Close()
	var out []BankLine
	for rows.Next() {
		l, err := scanBankLine(rows)
		if err != nil {
			return nil, fmt.Errorf("statement lines: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// CountBankLines counts the lines f selects (its Offset and Limit aside).
func (s *Store) CountBankLines(ctx context.Context, f BankLineFilter) (int, error) {
	where, args := f.where()
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM bank_lines b WHERE 1 = 1`+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count statement lines: %w", err)
	}
	return n, nil
}

// where is the filter's SQL condition on bank_lines b.
func (f BankLineFilter) where() (string, []any) {
	q := ""
	var args []any
	if len(f.Status) > 0 {
		q += ` AND b.status IN (?` + strings.Repeat(`, ?`, len(f.Status)-1) + `)`
		for _, st := range f.Status {
			args = append(args, string(st))
		}
	}
	if f.BankID != "" {
		q += ` AND b.bank_id = ?`
		args = append(args, f.BankID)
	}
	if f.Credits {
		q += ` AND b.amount > 0`
	}
	if f.Account != "" {
		q += ` AND b.account = ?`
		args = append(args, f.Account)
	}
	return q, args
}

func scanBankLine(sc interface{ Scan(...any) error }) (BankLine, error) {
	var l BankLine
	var date, status, invoices string
	if err := sc.Scan(&l.ID, &l.Account, &l.BankID, &date, &l.Amount.Minor, &l.Amount.Currency, &l.Name, &l.IBAN,
		&l.EndToEnd, &l.Structured, &l.Text, &status, &invoices, &l.Confidence, &l.Reason, &l.Payment); err != nil {
		return l, err
	}
	d, err := ParseDate(date)
	if err != nil {
		return l, fmt.Errorf("statement line %d: date %q: %w", l.ID, date, err)
	}
	l.Date, l.Status, l.Invoices = d, BankStatus(status), strings.Fields(invoices)
	return l, nil
}

// BankLineByRef finds one line by the bank's id, or by its row id written
// "#N" when the bank's id is not unique across accounts.
func (s *Store) BankLineByRef(ctx context.Context, ref string) (BankLine, error) {
	var lines []BankLine
	var err error
	if n, ok := strings.CutPrefix(ref, "#"); ok {
		var row BankLine
		row, err = scanBankLine(s.r.QueryRowContext(ctx, `SELECT `+bankLineCols+` FROM bank_lines b
			LEFT JOIN documents p ON p.id = b.payment_id WHERE CAST(b.id AS TEXT) = ?`, n))
		if errors.Is(err, sql.ErrNoRows) {
			return row, Errorf(ENOTFOUND, "no statement line %s", ref)
		}
		return row, err
	}
	if lines, err = s.BankLines(ctx, BankLineFilter{BankID: ref}); err != nil {
		return BankLine{}, err
	}
	switch len(lines) {
	case 0:
		return BankLine{}, Errorf(ENOTFOUND, "no statement line %q", ref)
	case 1:
		return lines[0], nil
	}
	return BankLine{}, Errorf(ECONFLICT, "%d accounts have a line %q: name it by its row, #%d or #%d", len(lines), ref, lines[0].ID, lines[1].ID)
}

// OpenInvoice is an invoice with something open, as matching sees it.
type OpenInvoice struct {
	ID       int64
	Number   string
	Customer string // code
	Name     string // the customer's name
	Open     Money
	Date     time.Time // issued on: a payment dated before it is not for it
	Due      time.Time
}

// OpenInvoices lists every issued invoice with something open, oldest due
// first: the candidates of a match run, read once.
func (s *Store) OpenInvoices(ctx context.Context) ([]OpenInvoice, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT d.id, d.number, c.code, c.name, d.open, d.currency, d.date, d.due_date
		FROM documents d JOIN customers c ON c.id = d.customer_id
		WHERE d.kind IN ('invoice', 'charge') AND d.status = 'issued' AND d.closed_on = '9999-12-31' AND d.open > 0
		ORDER BY d.due_date, d.id`)
	if err != nil {
		return nil, fmt.Errorf("open invoices: %w", err)
	}
	defer rows.Close()
	var out []OpenInvoice
	for rows.Next() {
		var o OpenInvoice
		var date, due string
		if err := rows.Scan(&o.ID, &o.Number, &o.Customer, &o.Name, &o.Open.Minor, &o.Open.Currency, &date, &due); err != nil {
			return nil, fmt.Errorf("open invoices: %w", err)
		}
		if o.Date, err = ParseDate(date); err != nil {
			return nil, fmt.Errorf("open invoice %s: date %q: %w", o.Number, date, err)
		}
		if o.Due, err = ParseDate(due); err != nil {
			return nil, fmt.Errorf("open invoice %s: due date %q: %w", o.Number, due, err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// BankPayers maps each IBAN learned from accepted matches to its customer's code.
func (s *Store) BankPayers(ctx context.Context) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.iban, c.code FROM bank_payers p JOIN customers c ON c.id = p.customer_id`)
	if err != nil {
		return nil, fmt.Errorf("bank payers: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var iban, code string
		if err := rows.Scan(&iban, &code); err != nil {
			return nil, fmt.Errorf("bank payers: %w", err)
		}
		out[iban] = code
	}
	return out, rows.Err()
}
