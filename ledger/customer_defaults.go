package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
)

const (
	// maxTermsDays bounds payment terms: ten years.
	maxTermsDays = 3650
	// defaultTermsDays are a new customer's terms when neither the import
	// file nor the setting customer.terms_days says otherwise.
	defaultTermsDays = 30
)

// CustomerDefaults are what a new customer starts with.
type CustomerDefaults struct {
	Currency  string // business.currency; empty when not set
	TermsDays int    // customer.terms_days, else 30
}

// CustomerDefaults reads the settings a new customer starts from.
func (s *Store) CustomerDefaults(ctx context.Context) (CustomerDefaults, error) {
	cur, err := s.Setting(ctx, "business.currency", "")
	if err != nil {
		return CustomerDefaults{}, err
	}
	v, err := s.Setting(ctx, "customer.terms_days", "")
	if err != nil {
		return CustomerDefaults{}, err
	}
	return CustomerDefaults{Currency: cur, TermsDays: termsOrDefault(v)}, nil
}

// defaultTerms reads customer.terms_days inside a transaction, so an
// import uses the value in force when it started.
func (t *tx) defaultTerms() (int, error) {
	var v string
	err := t.queryRow(`SELECT value FROM settings WHERE key = 'customer.terms_days'`).Scan(&v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("read setting customer.terms_days: %w", err)
	}
	return termsOrDefault(v), nil
}

// termsOrDefault reads a stored setting; ChangeSetting checked it, so
// anything else is a value never set.
func termsOrDefault(v string) int {
	if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= maxTermsDays {
		return n
	}
	return defaultTermsDays
}
