package ledger

import (
	"context"
	"fmt"
	"strings"
)

// CustomerRef is a customer as a picker offers it.
type CustomerRef struct {
	Code, Name, Email, Currency string
}

// SuggestCustomers lists up to limit customers whose code, name or email
// contains search, case-insensitive in any script (fold): the code
// typed exactly first, then names that begin with it, then by name. The
// customers table is small beside the documents (10,000 customers on a
// million invoices), so the scan costs a few milliseconds.
func (s *Store) SuggestCustomers(ctx context.Context, search string, limit int) ([]CustomerRef, error) {
	q := strings.TrimSpace(search)
	if q == "" {
		return nil, nil
	}
	if limit <= 0 || limit > 100 {
		limit = 10
	}
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	prefix := r.Replace(q) + "%"
	rows, err := s.r.QueryContext(ctx, `SELECT code, name, email, currency FROM customers
		WHERE fold(code) LIKE fold(?1) ESCAPE '\' OR fold(name) LIKE fold(?1) ESCAPE '\' OR fold(email) LIKE fold(?1) ESCAPE '\'
		ORDER BY CASE WHEN fold(code) = fold(?2) THEN 0 WHEN fold(name) LIKE fold(?3) ESCAPE '\' THEN 1 ELSE 2 END,
			name COLLATE NOCASE, code
		LIMIT ?4`, likePattern(q), q, prefix, limit)
	if err != nil {
		return nil, fmt.Errorf("suggest customers: %w", err)
	}
	defer rows.Close()
	var out []CustomerRef
	for rows.Next() {
		var c CustomerRef
		if err := rows.Scan(&c.Code, &c.Name, &c.Email, &c.Currency); err != nil {
			return nil, fmt.Errorf("suggest customers: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
