package ledger

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Account is a number in Paidup's fixed chart of accounts.
type Account int

const (
	AccBank          Account = 1000
	AccReceivable    Account = 1100 // AR control: the sum of open invoice amounts
	AccCredits       Account = 2100 // customer credits: unapplied payments and credit notes
	AccTaxPayable    Account = 2200
	AccSales         Account = 4000
	AccLateFees      Account = 4100 // late-payment compensation (charges)
	AccInterest      Account = 4110 // late-payment interest (charges)
	AccDiscounts     Account = 4900
	AccBadDebts      Account = 6100
	accountUndefined Account = 0
)

// Accounts lists the chart in order.
var Accounts = []Account{AccBank, AccReceivable, AccFXAdjust, AccCredits, AccTaxPayable, AccSales, AccLateFees, AccInterest, AccDiscounts, AccFXResult, AccBadDebts}

func (a Account) Name() string {
	switch a {
	case AccBank:
		return "Bank"
	case AccReceivable:
		return "Accounts receivable"
	case AccCredits:
		return "Customer credits (unapplied)"
	case AccTaxPayable:
		return "Sales tax payable"
	case AccSales:
		return "Sales"
	case AccLateFees:
		return "Late fees"
	case AccInterest:
		return "Late-payment interest"
	case AccDiscounts:
		return "Discounts given"
	case AccBadDebts:
		return "Bad debts"
	case AccFXAdjust:
		return "Exchange differences on receivables"
	case AccFXResult:
		return "Exchange differences"
	}
	return fmt.Sprintf("account %d", int(a))
}

// Posting is one line of a journal entry: positive is a debit, negative a
// credit. Customer is set on the sub-ledger accounts 1100 and 2100.
type Posting struct {
	Account  Account
	Customer int64
	Amount   int64
}

// Entry is a balanced journal entry in one currency.
type Entry struct {
	ID       int64
	Date     time.Time
	Document int64
	Kind     string
	Memo     string
	Currency string
	Postings []Posting
}

// entryBuilder collects postings, merging lines of the same account and
// customer and dropping zero lines, so reversals and applications stay short.
type entryBuilder struct {
	lines []Posting
}

func (b *entryBuilder) add(acc Account, customer int64, amount int64) {
	if amount == 0 {
		return
	}
	if acc != AccReceivable && acc != AccCredits {
		customer = 0
	}
	for i := range b.lines {
		if b.lines[i].Account == acc && b.lines[i].Customer == customer {
			b.lines[i].Amount += amount
			return
		}
	}
	b.lines = append(b.lines, Posting{Account: acc, Customer: customer, Amount: amount})
}

func (b *entryBuilder) debit(acc Account, customer, amount int64)  { b.add(acc, customer, amount) }
func (b *entryBuilder) credit(acc Account, customer, amount int64) { b.add(acc, customer, -amount) }

// postings returns the non-zero lines and checks that they balance.
func (b *entryBuilder) postings() ([]Posting, error) {
	var sum int64
	out := b.lines[:0]
	for _, p := range b.lines {
		if p.Amount != 0 {
			out = append(out, p)
			sum += p.Amount
		}
	}
	if sum != 0 {
		return nil, Errorf(EINTERNAL, "journal entry does not balance: off by %d", sum)
	}
	return out, nil
}

// post writes a balanced journal entry for a document.
func (t *tx) post(date time.Time, docID int64, kind, memo, currency string, b *entryBuilder) error {
	ps, err := b.postings()
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return nil
	}
	day := fmtDate(date)
	id, err := t.insertID(`INSERT INTO journal_entries (date, document_id, kind, memo, created_at) VALUES (?, ?, ?, ?, ?)`,
		day, docID, kind, memo, t.stamp())
	if err != nil {
		return fmt.Errorf("write journal entry: %w", err)
	}
	// One INSERT for all the lines: an entry has two to five, and the
	// per-statement cost dominates bulk posting.
	q := postingInsert(len(ps))
	args := make([]any, 0, 7*len(ps))
	for i, p := range ps {
		var cust any
		if p.Customer != 0 {
			cust = p.Customer
		}
		args = append(args, id, i+1, day, int(p.Account), cust, currency, p.Amount)
	}
	if _, err := t.exec(q, args...); err != nil {
		return fmt.Errorf("write postings: %w", err)
	}
	if kind == "issue" || kind == "payment" || kind == "write_off" || kind == "discount" {
		// A document's first entry: it keeps its booked rate (fx.go).
		return t.bookRate(&docRow{id: docID, currency: currency, date: day})
	}
	return nil
}

var postingInserts [9]string

func postingInsert(n int) string {
	if n < len(postingInserts) && postingInserts[n] != "" {
		return postingInserts[n]
	}
	q := "INSERT INTO postings (entry_id, line, date, account, customer_id, currency, amount) VALUES " +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?), ", n), ", ")
	return q
}

func init() {
	for n := 1; n < len(postingInserts); n++ {
		postingInserts[n] = postingInsert(n)
	}
}

func (t *tx) stamp() string { return t.now.UTC().Format(time.RFC3339) }

// Entries returns the journal entries written for a document, oldest first.
func (s *Store) Entries(ctx context.Context, docID int64) ([]Entry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT e.id, e.date, e.kind, e.memo, p.account, COALESCE(p.customer_id, 0), p.currency, p.amount
		FROM journal_entries e JOIN postings p ON p.entry_id = e.id
		WHERE e.document_id = ? ORDER BY e.id, p.line`, docID)
	if err != nil {
		return nil, fmt.Errorf("read journal: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var id int64
		var kind, memo, cur string
		var d time.Time
		var p Posting
		if err := rows.Scan(&id, scanDate(&d), &kind, &memo, &p.Account, &p.Customer, &cur, &p.Amount); err != nil {
			return nil, fmt.Errorf("read journal: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, Entry{ID: id, Date: d, Document: docID, Kind: kind, Memo: memo, Currency: cur})
		}
		e := &out[len(out)-1]
		e.Postings = append(e.Postings, p)
	}
	return out, rows.Err()
}

// AccountBalances sums the journal per account and currency.
func (s *Store) AccountBalances(ctx context.Context) (map[Account]map[string]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT account, currency, SUM(amount) FROM postings GROUP BY account, currency`)
	if err != nil {
		return nil, fmt.Errorf("account balances: %w", err)
	}
	defer rows.Close()
	out := map[Account]map[string]int64{}
	for rows.Next() {
		var a Account
		var cur string
		var sum int64
		if err := rows.Scan(&a, &cur, &sum); err != nil {
			return nil, err
		}
		if out[a] == nil {
			out[a] = map[string]int64{}
		}
		out[a][cur] = sum
	}
	return out, rows.Err()
}

// ControlBalances returns, per currency, the balances of 1100 (receivable)
// and 2100 (customer credits, as a positive amount) at the end of asOf.
func (s *Store) ControlBalances(ctx context.Context, asOf time.Time) (receivable, credits map[string]int64, err error) {
	return controlBalances(ctx, s.r, asOf)
}

func controlBalances(ctx context.Context, q querier, asOf time.Time) (receivable, credits map[string]int64, err error) {
	rows, err := q.QueryContext(ctx, `SELECT currency, SUM(CASE WHEN account = 1100 THEN amount ELSE 0 END),
		-SUM(CASE WHEN account = 2100 THEN amount ELSE 0 END)
		FROM postings WHERE account IN (1100, 2100) AND date <= ? GROUP BY currency`, fmtDate(asOf))
	if err != nil {
		return nil, nil, fmt.Errorf("control balances: %w", err)
	}
	defer rows.Close()
	receivable, credits = map[string]int64{}, map[string]int64{}
	for rows.Next() {
		var cur string
		var ar, cr int64
		if err := rows.Scan(&cur, &ar, &cr); err != nil {
			return nil, nil, err
		}
		receivable[cur], credits[cur] = ar, cr
	}
	return receivable, credits, rows.Err()
}
