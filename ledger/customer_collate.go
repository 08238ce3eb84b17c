package ledger

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Customer names in the order of a locale's rules (CLDR collation): in
// Czech, Řeznictví after every R and before S; in Swedish, Å Ä Ö after Z;
// in German, Ä with A; Latin before Greek before Cyrillic unless the
// locale says otherwise. Neither database can be asked for it alike
// (SQLite knows no locale, and PostgreSQL's ICU collations depend on how
// it was built), and an index on a collation of our own would make the
// ledger file unreadable to the sqlite3 shell and its integrity_check. So
// a list by name reads the customers it matches (id, code and name: 10,000
// of them in a few milliseconds), orders them here by their collation
// keys, and reads the balances of the page's customers by id.

// Collator sorts by the rules of locale (a BCP 47 tag such as "cs-CZ"); a
// bad or empty locale sorts by the root rules. Not safe for concurrent
// use: one per sort.
func Collator(locale string) *collate.Collator {
	tag, err := language.Parse(locale)
	if locale == "" || err != nil {
		tag = language.Und
	}
	return collate.New(tag, collate.IgnoreWidth)
}

// nameKeys are the collation keys of the names seen, for one locale: a
// key depends on the name and the locale alone, and computing it is most
// of what ordering costs.
type nameKeys struct {
	mu   sync.Mutex
	coll *collate.Collator
	buf  collate.Buffer
	keys map[string][]byte
}

// maxNameKeys bounds a locale's cache; past it, it starts again.
const maxNameKeys = 1 << 20

var localeKeys sync.Map // locale → *nameKeys

func keysOf(locale string) *nameKeys {
	if k, ok := localeKeys.Load(locale); ok {
		return k.(*nameKeys)
	}
	k, _ := localeKeys.LoadOrStore(locale, &nameKeys{coll: Collator(locale), keys: map[string][]byte{}})
	return k.(*nameKeys)
}

// key is name's collation key; k.mu is held.
func (k *nameKeys) key(name string) []byte {
	if b, ok := k.keys[name]; ok {
		return b
	}
	if len(k.keys) >= maxNameKeys {
		clear(k.keys)
	}
	b := bytes.Clone(k.coll.KeyFromString(&k.buf, name))
	k.buf.Reset()
	k.keys[name] = b
	return b
}

// namedCustomer is a customer as a list by name orders it.
type namedCustomer struct {
	id         int64
	code, name string
	key        []byte
}

// customersInOrder are the customers search matches (empty: all) in
// locale's order of their names, then codes.
func (s *Store) customersInOrder(ctx context.Context, locale, search string) ([]namedCustomer, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT c.id, c.code, c.name FROM customers c WHERE `+customerSearch,
		strings.TrimSpace(search), likePattern(search))
	if err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	var all []namedCustomer
	for rows.Next() {
		var e namedCustomer
		if err := rows.Scan(&e.id, &e.code, &e.name); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list customers: %w", err)
		}
		all = append(all, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	k := keysOf(locale)
	k.mu.Lock()
	for i := range all {
		all[i].key = k.key(all[i].name)
	}
	k.mu.Unlock()
	slices.SortFunc(all, func(a, b namedCustomer) int {
		if d := bytes.Compare(a.key, b.key); d != 0 {
			return d
		}
		return strings.Compare(a.code, b.code)
	})
	return all, nil
}

// findCustomersCollated is FindCustomers by name in f.Locale's order.
func (s *Store) findCustomersCollated(ctx context.Context, f CustomerListFilter) ([]CustomerBalance, error) {
	all, err := s.customersInOrder(ctx, f.Locale, f.Search)
	if err != nil {
		return nil, err
	}
	if f.Desc {
		slices.Reverse(all)
	}
	page := all[min(f.Offset, len(all)):min(f.Offset+f.Limit, len(all))]
	if len(page) == 0 {
		return nil, nil
	}
	// The page's ids are our own integers, written into the SQL: a page
	// holds at most 1,000.
	ids := make([]string, len(page))
	for i, e := range page {
		ids[i] = strconv.FormatInt(e.id, 10)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT code, name, currency, open, credits, oldest FROM (`+customerBalanceCols+`
		FROM customers c WHERE c.id IN (`+strings.Join(ids, ",")+`)) x`)
	if err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	got, err := scanBalances(rows, Day(s.Now()))
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]CustomerBalance, len(got))
	for _, b := range got {
		byCode[b.Code] = b
	}
	out := make([]CustomerBalance, 0, len(page))
	for _, e := range page {
		if b, ok := byCode[e.code]; ok { // renamed meanwhile, a customer keeps its code
			out = append(out, b)
		}
	}
	return out, nil
}

// customerRanks is a WITH clause naming r (id, place): every customer's
// place in locale's order, a VALUES list of our own integers, so that a
// query streaming many rows can be sorted by it in the database (join r
// ON r.id = c.id). Materialized, so that SQLite indexes it for the join
// instead of walking it for every row.
func (s *Store) customerRanks(ctx context.Context, locale string) (string, error) {
	all, err := s.customersInOrder(ctx, locale, "")
	if err != nil || len(all) == 0 {
		return "", err
	}
	var b strings.Builder
	b.WriteString("WITH r (id, place) AS MATERIALIZED (VALUES ")
	for i, e := range all {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + strconv.FormatInt(e.id, 10) + ", " + strconv.Itoa(i) + ")")
	}
	b.WriteString(")\n")
	return b.String(), nil
}

// InNameOrder puts customer codes in locale's order of their customers'
// names (then codes); codes of no customer are left out.
func (s *Store) InNameOrder(ctx context.Context, locale string, codes []string) ([]string, error) {
	want := make(map[string]bool, len(codes))
	for _, c := range codes {
		want[c] = true
	}
	all, err := s.customersInOrder(ctx, locale, "")
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(codes))
	for _, e := range all {
		if want[e.code] {
			out = append(out, e.code)
		}
	}
	return out, nil
}
