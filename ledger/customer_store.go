package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// custRow is what posting needs to know of a customer.
type custRow struct {
	id       int64
	code     string
	currency string
	terms    int
}

func validateCustomer(c *Customer) error {
	c.Code = strings.TrimSpace(c.Code)
	c.Name = strings.TrimSpace(c.Name)
	c.Currency = strings.ToUpper(strings.TrimSpace(c.Currency))
	switch {
	case c.Code == "":
		return Errorf(EINVALID, "customer code is required")
	case len(c.Code) > 64:
		return Errorf(EINVALID, "customer code %q is longer than 64 characters", c.Code)
	case c.Name == "":
		return Errorf(EINVALID, "customer %s: name is required", c.Code)
	case !ValidCurrency(c.Currency):
		return Errorf(EINVALID, "customer %s: unknown currency %q (want an ISO 4217 code such as USD)", c.Code, c.Currency)
	case c.TermsDays < 0 || c.TermsDays > maxTermsDays:
		return Errorf(EINVALID, "customer %s: payment terms must be 0 to %d days", c.Code, maxTermsDays)
	case c.CreditLimit.Minor < 0:
		return Errorf(EINVALID, "customer %s: credit limit cannot be negative", c.Code)
	case c.CreditLimit.Minor != 0 && c.CreditLimit.Currency != c.Currency:
		return Errorf(EINVALID, "customer %s: credit limit must be in %s", c.Code, c.Currency)
	case c.Email != "" && !strings.Contains(c.Email, "@"):
		return Errorf(EINVALID, "customer %s: %q is not an email address", c.Code, c.Email)
	}
	for _, f := range []struct{ name, v string }{
		{"code", c.Code}, {"name", c.Name}, {"email", c.Email}, {"phone", c.Phone},
		{"address", c.Address}, {"tax_id", c.TaxID}, {"notes", c.Notes},
	} {
		if err := validText(f.name, f.v); err != nil {
			return Errorf(EINVALID, "customer %s: %v", c.Code, err)
		}
	}
	c.CreditLimit.Currency = c.Currency
	if err := c.Discount.check(); err != nil {
		return Errorf(EINVALID, "customer %s: %v", c.Code, err)
	}
	if c.Language = strings.ToLower(strings.TrimSpace(c.Language)); c.Language != "" {
		if _, err := checkDocumentLanguage(c.Language); err != nil {
			return Errorf(EINVALID, "customer %s: %v", c.Code, err)
		}
	}
	return checkCustomerEInvoice(c)
}

// CreateCustomer adds a customer; the code must be new.
func (s *Store) CreateCustomer(ctx context.Context, c Customer) (Customer, error) {
	err := s.write(ctx, func(t *tx) error {
		id, err := t.createCustomer(&c)
		c.ID = id
		return err
	})
	return c, err
}

func (t *tx) createCustomer(c *Customer) (int64, error) {
	if err := validateCustomer(c); err != nil {
		return 0, err
	}
	if _, err := t.customerByCode(c.Code); err == nil {
		return 0, Errorf(ECONFLICT, "customer code %s is taken already", c.Code)
	} else if ErrorCode(err) != ENOTFOUND {
		return 0, err
	}
	c.CreatedAt = t.now
	id, err := t.insertID(`INSERT INTO customers (code, name, email, currency, terms_days, credit_limit, phone, address, tax_id, notes, created_at,
		postcode, city, country, buyer_reference, einvoice_format, language, discount_bp, discount_days)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Code, c.Name, c.Email, c.Currency, c.TermsDays, c.CreditLimit.Minor, c.Phone, c.Address, c.TaxID, c.Notes, t.stamp(),
		c.Postcode, c.City, c.Country, c.BuyerReference, c.EInvoiceFormat, c.Language, c.Discount.BP, c.Discount.Days)
	if err != nil {
		return 0, fmt.Errorf("create customer %s: %w", c.Code, err)
	}
	return id, nil
}

// UpdateCustomer changes a customer's details. The currency is fixed once
// the customer has documents: their amounts are in it.
func (s *Store) UpdateCustomer(ctx context.Context, c Customer) error {
	return s.write(ctx, func(t *tx) error {
		if err := validateCustomer(&c); err != nil {
			return err
		}
		old, err := t.customerByCode(c.Code)
		if err != nil {
			return err
		}
		if old.currency != c.Currency {
			var n int
			if err := t.queryRow(`SELECT count(*) FROM documents WHERE customer_id = ?`, old.id).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return Errorf(ECONFLICT, "customer %s has documents in %s; its currency cannot change", c.Code, old.currency)
			}
		}
		_, err = t.exec(`UPDATE customers SET name = ?, email = ?, currency = ?, terms_days = ?, credit_limit = ?,
			phone = ?, address = ?, tax_id = ?, notes = ?, postcode = ?, city = ?, country = ?, buyer_reference = ?, einvoice_format = ?,
			language = ?, discount_bp = ?, discount_days = ? WHERE id = ?`,
			c.Name, c.Email, c.Currency, c.TermsDays, c.CreditLimit.Minor, c.Phone, c.Address, c.TaxID, c.Notes,
			c.Postcode, c.City, c.Country, c.BuyerReference, c.EInvoiceFormat, c.Language, c.Discount.BP, c.Discount.Days, old.id)
		return err
	})
}

func (t *tx) customerByCode(code string) (custRow, error) {
	var c custRow
	err := t.queryRow(`SELECT id, code, currency, terms_days FROM customers WHERE code = ?`, code).
		Scan(&c.id, &c.code, &c.currency, &c.terms)
	if errors.Is(err, sql.ErrNoRows) {
		return c, Errorf(ENOTFOUND, "no customer with code %q", code)
	}
	return c, err
}

const customerCols = `id, code, name, email, currency, terms_days, credit_limit, phone, address, tax_id, notes, created_at, postcode, city, country, buyer_reference, einvoice_format, language, discount_bp, discount_days`

func scanCustomer(sc interface{ Scan(...any) error }) (Customer, error) {
	var c Customer
	err := sc.Scan(&c.ID, &c.Code, &c.Name, &c.Email, &c.Currency, &c.TermsDays, &c.CreditLimit.Minor,
		&c.Phone, &c.Address, &c.TaxID, &c.Notes, scanStamp(&c.CreatedAt),
		&c.Postcode, &c.City, &c.Country, &c.BuyerReference, &c.EInvoiceFormat, &c.Language, &c.Discount.BP, &c.Discount.Days)
	c.CreditLimit.Currency = c.Currency
	return c, err
}

// CustomerByCode finds one customer.
func (s *Store) CustomerByCode(ctx context.Context, code string) (Customer, error) {
	c, err := scanCustomer(s.r.QueryRowContext(ctx, `SELECT `+customerCols+` FROM customers WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return c, Errorf(ENOTFOUND, "no customer with code %q", code)
	}
	return c, err
}

func likePattern(search string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.TrimSpace(search)) + "%"
}

// CountCustomers counts the customers a search matches.
func (s *Store) CountCustomers(ctx context.Context, search string) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM customers
		WHERE ?1 = '' OR fold(code) LIKE fold(?2) ESCAPE '\' OR fold(name) LIKE fold(?2) ESCAPE '\'`, strings.TrimSpace(search), likePattern(search)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count customers: %w", err)
	}
	return n, nil
}

// CustomerBalances returns one page of customers, ordered by name, with
// what each owes now. Balances come from the partial index of open
// documents, so a page costs the same on a ledger of any size.
func (s *Store) CustomerBalances(ctx context.Context, f CustomerFilter) ([]CustomerBalance, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	// The page of customers is chosen first, so balances are computed for
	// its rows only, not for every row an OFFSET skips.
	rows, err := s.r.QueryContext(ctx, `
		SELECT c.code, c.name, c.currency,
			COALESCE((SELECT SUM(open) FROM documents WHERE customer_id = c.id AND kind IN ('invoice', 'charge') AND closed_on = '9999-12-31'), 0),
			COALESCE((SELECT SUM(open) FROM documents WHERE customer_id = c.id AND kind IN ('payment', 'credit_note') AND closed_on = '9999-12-31'), 0),
			COALESCE((SELECT MIN(due_date) FROM documents WHERE customer_id = c.id AND kind IN ('invoice', 'charge') AND closed_on = '9999-12-31'), '')
		FROM (SELECT id, code, name, currency FROM customers
			WHERE ?1 = '' OR fold(code) LIKE fold(?2) ESCAPE '\' OR fold(name) LIKE fold(?2) ESCAPE '\'
			ORDER BY name COLLATE NOCASE, code LIMIT ?3 OFFSET ?4) c
		ORDER BY c.name COLLATE NOCASE, c.code`, strings.TrimSpace(f.Search), likePattern(f.Search), f.Limit, f.Offset)
	if err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	return scanBalances(rows, Day(s.Now()))
}

// scanBalances reads rows of code, name, currency, open, credits and the
// oldest open due date (or ”) into customer balances.
func scanBalances(rows *sql.Rows, today time.Time) ([]CustomerBalance, error) {
	defer rows.Close()
	var out []CustomerBalance
	for rows.Next() {
		var b CustomerBalance
		var open, credits int64
		if err := rows.Scan(&b.Code, &b.Name, &b.Currency, &open, &credits, scanOptDate(&b.OldestDue)); err != nil {
			return nil, fmt.Errorf("list customers: %w", err)
		}
		b.Open, b.Credits, b.Balance = NewMoney(open, b.Currency), NewMoney(credits, b.Currency), NewMoney(open-credits, b.Currency)
		b.OverdueDue = !b.OldestDue.IsZero() && b.OldestDue.Before(today)
		out = append(out, b)
	}
	return out, rows.Err()
}
