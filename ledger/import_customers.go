package ledger

import (
	"context"
	"io"
	"strconv"
	"strings"
)

// ImportCustomers reads customers from CSV (docs/DESIGN.md: code, name, email,
// currency, terms_days, credit_limit; optional phone, address, tax_id,
// notes, language, discount_terms ("2/10"), and for e-invoices postcode,
// city, country, buyer_reference) in one transaction.
func (s *Store) ImportCustomers(ctx context.Context, r io.Reader, name string, opts ImportOptions) (*ImportResult, error) {
	required := []string{"code", "name", "currency"}
	optional := []string{"email", "terms_days", "credit_limit", "phone", "address", "tax_id", "notes",
		"postcode", "city", "country", "buyer_reference", "language", "discount_terms"}
	return s.runImport(ctx, r, name, opts, required, optional, func(t *tx, im *importer) error {
		f := im.f
		seen := map[string]int{}
		terms, err := t.defaultTerms()
		if err != nil {
			return err
		}
		return im.rows(func() (bool, error) {
			c, probs := parseCustomerRow(f, terms)
			probs = append(f.textProbs, probs...)
			if len(probs) == 0 {
				if first, dup := seen[c.Code]; dup {
					probs = append(probs, f.problem("code", "customer code %s appears twice in the file (first at line %d)", c.Code, first))
				} else if _, err := t.customerByCode(c.Code); err == nil {
					probs = append(probs, f.problem("code", "customer code %s is in the ledger already", c.Code))
				} else if ErrorCode(err) != ENOTFOUND {
					return true, err
				}
			}
			if len(probs) > 0 {
				return im.bad(probs...), nil
			}
			seen[c.Code] = f.line
			if im.failed {
				return false, nil
			}
			if _, err := t.createCustomer(&c); err != nil {
				if ErrorCode(err) == EINTERNAL {
					return true, err
				}
				return im.bad(rowProblem(f, "", err)), nil
			}
			im.res.Imported++
			return false, nil
		})
	})
}

// parseCustomerRow reads one row; terms are the customer's when the file
// leaves terms_days out or empty.
func parseCustomerRow(f *csvFile, terms int) (Customer, []Problem) {
	var probs []Problem
	c := Customer{
		Code: f.get("code"), Name: f.get("name"), Email: f.get("email"),
		Currency: strings.ToUpper(f.get("currency")), TermsDays: terms,
		Phone: f.get("phone"), Address: f.get("address"), TaxID: f.get("tax_id"), Notes: f.get("notes"),
		Postcode: f.get("postcode"), City: f.get("city"), Country: strings.ToUpper(f.get("country")), BuyerReference: f.get("buyer_reference"),
		Language: strings.ToLower(f.get("language")),
	}
	if c.Code == "" {
		probs = append(probs, f.problem("code", "customer code is empty"))
	}
	if c.Name == "" {
		probs = append(probs, f.problem("name", "name is empty"))
	}
	if !ValidCurrency(c.Currency) {
		probs = append(probs, f.problem("currency", "unknown currency %q (want an ISO 4217 code such as USD)", f.get("currency")))
	}
	if c.Email != "" && (!strings.Contains(c.Email, "@") || strings.ContainsAny(c.Email, " ,;")) {
		probs = append(probs, f.problem("email", "%q is not an email address", c.Email))
	}
	if v := f.get("discount_terms"); v != "" {
		d, err := ParseDiscountTerms(v)
		if err != nil {
			probs = append(probs, f.problem("discount_terms", "%v", err))
		}
		c.Discount = d
	}
	if c.Language != "" {
		if _, err := checkDocumentLanguage(c.Language); err != nil {
			probs = append(probs, f.problem("language", "%v", err))
		}
	}
	if c.Country != "" && !ValidCountry(c.Country) {
		probs = append(probs, f.problem("country", "%q is not an ISO 3166 two-letter country code such as DE or FR", f.get("country")))
	}
	if v := f.get("terms_days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxTermsDays {
			probs = append(probs, f.problem("terms_days", "%q is not a number of days from 0 to %d", v, maxTermsDays))
		}
		c.TermsDays = n
	}
	if v := f.get("credit_limit"); v != "" && ValidCurrency(c.Currency) {
		m, err := ParseMoney(v, c.Currency)
		if err != nil {
			probs = append(probs, f.problem("credit_limit", "%v", err))
		} else if m.Minor < 0 {
			probs = append(probs, f.problem("credit_limit", "credit limit cannot be negative"))
		}
		c.CreditLimit = m
	}
	c.CreditLimit.Currency = c.Currency
	return c, probs
}
