package ledger

import (
	"context"
	"fmt"
	"strings"
)

// CustomerSort is the order of a customer list.
type CustomerSort string

const (
	CustomerByName      CustomerSort = "name" // default
	CustomerByCode      CustomerSort = "code"
	CustomerByBalance   CustomerSort = "balance"
	CustomerByOldestDue CustomerSort = "oldest_due"
)

// CustomerListFilter pages, narrows and orders a customer list.
type CustomerListFilter struct {
	Search string // code or name, case-insensitive substring
	Sort   CustomerSort
	// Locale, if set, orders by name in its rules (customer_collate.go);
	// else by name case-folded, in byte order beyond ASCII.
	Locale string
	Desc   bool
	Offset int
	Limit  int // 0 means 100; at most 1000
}

// customerBalanceCols are a customer list's columns, of customers c: what
// each owes now, from the open rows of documents_customer.
const customerBalanceCols = `SELECT c.code AS code, c.name AS name, c.currency AS currency,
			COALESCE((SELECT SUM(open) FROM documents WHERE customer_id = c.id AND kind IN ('invoice', 'charge') AND closed_on = '9999-12-31'), 0) AS open,
			COALESCE((SELECT SUM(open) FROM documents WHERE customer_id = c.id AND kind IN ('payment', 'credit_note') AND closed_on = '9999-12-31'), 0) AS credits,
			COALESCE((SELECT MIN(due_date) FROM documents WHERE customer_id = c.id AND kind IN ('invoice', 'charge') AND closed_on = '9999-12-31' AND open > 0), '') AS oldest`

// customerSearch matches customers c to ?1 (the search as typed, empty for
// all) by ?2 (its LIKE pattern) in code or name.
const customerSearch = `?1 = '' OR fold(c.code) LIKE fold(?2) ESCAPE '\' OR fold(c.name) LIKE fold(?2) ESCAPE '\'`

// FindCustomers is CustomerBalances with a choice of order. Name and code
// orders walk an index (customers_name, the code's UNIQUE index) and stop
// at the page; balance and oldest-due orders must compute every matching
// customer's balance first (from the open rows of documents_customer), so
// they cost in proportion to the customers matched, not their history.
func (s *Store) FindCustomers(ctx context.Context, f CustomerListFilter) ([]CustomerBalance, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	if f.Limit > 1000 || f.Offset < 0 {
		return nil, Errorf(EINVALID, "a page holds 1 to 1000 customers")
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	var order string
	switch f.Sort {
	case "", CustomerByName:
		order = "name COLLATE NOCASE" + dir + ", code" + dir
	case CustomerByCode:
		order = "code" + dir
	case CustomerByBalance:
		order = "open - credits" + dir + ", name COLLATE NOCASE"
	case CustomerByOldestDue:
		// Customers owing nothing have no oldest due date: last either way.
		order = "oldest = ''," + "oldest" + dir + ", name COLLATE NOCASE"
	default:
		return nil, Errorf(EINVALID, "customers cannot be sorted by %q", f.Sort)
	}
	if (f.Sort == "" || f.Sort == CustomerByName) && f.Locale != "" {
		return s.findCustomersCollated(ctx, f)
	}
	// The balances are columns of a derived table so that the order may
	// compute with them (PostgreSQL sorts by an output column only as it
	// is); SQLite flattens it and still walks customers_name for a page
	// by name. fold() on both sides of LIKE: SQLite's LIKE ignores only
	// ASCII case by itself, PostgreSQL's none (fold.go).
	rows, err := s.r.QueryContext(ctx, `
		SELECT code, name, currency, open, credits, oldest FROM (`+customerBalanceCols+`
		FROM customers c
		WHERE `+customerSearch+`) x
		ORDER BY `+order+`
		LIMIT ?3 OFFSET ?4`, strings.TrimSpace(f.Search), likePattern(f.Search), f.Limit, f.Offset)
	if err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	return scanBalances(rows, Day(s.Now()))
}
