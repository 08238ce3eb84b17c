package ledger

import (
	"context"
	"fmt"
	"sort"
)

// BankAccountSummary reconciles one bank account's statement lines in one
// currency: what the lines add up to (the statement's movement) against
// what is accounted for (matched to payments, or ignored as not a
// customer's) and what still waits (in review or unmatched).
type BankAccountSummary struct {
	Account, Currency string
	First, Last       string // the first and last line's dates, YYYY-MM-DD
	Lines             int
	In, Out           Money // money in, money out (negative)
	Net               Money // the statement's movement over the lines: In + Out
	Status            map[BankStatus]BankStatusSum
	// The balances the statements state, when they do: the earliest
	// opening and the latest closing (HasOpening, HasClosing). Opening plus
	// every line imported should make the closing; a difference means a
	// statement (or lines of one) not imported.
	Opening, Closing       Money
	OpeningOn, ClosingOn   string
	HasOpening, HasClosing bool
}

// Expected is the opening balance plus every line imported: what the
// closing balance should be.
func (b BankAccountSummary) Expected() Money {
	return NewMoney(b.Opening.Minor+b.Net.Minor, b.Currency)
}

// BankStatusSum is how many lines of a status and what they add up to.
type BankStatusSum struct {
	Lines  int
	Amount Money
}

// Accounted is the part of the movement matched or ignored.
func (b BankAccountSummary) Accounted() Money {
	return NewMoney(b.Status[BankMatched].Amount.Minor+b.Status[BankIgnored].Amount.Minor, b.Currency)
}

// Waiting is the part still to decide: in review or unmatched.
func (b BankAccountSummary) Waiting() Money {
	return NewMoney(b.Status[BankReview].Amount.Minor+b.Status[BankUnmatched].Amount.Minor, b.Currency)
}

// BankReconciliation summarises every account's statement lines, by
// account and currency: one aggregate query over bank_lines.
func (s *Store) BankReconciliation(ctx context.Context) ([]BankAccountSummary, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT account, currency, status, count(*), COALESCE(sum(amount), 0),
		COALESCE(sum(CASE WHEN amount > 0 THEN amount ELSE 0 END), 0), min(date), max(date)
		FROM bank_lines GROUP BY account, currency, status`)
	if err != nil {
		return nil, fmt.Errorf("bank reconciliation: %w", err)
	}
	defer rows.Close()
	byKey := map[[2]string]*BankAccountSummary{}
	for rows.Next() {
		var acct, cur, status, first, last string
		var n int
		var sum, in int64
		if err := rows.Scan(&acct, &cur, &status, &n, &sum, &in, &first, &last); err != nil {
			return nil, fmt.Errorf("bank reconciliation: %w", err)
		}
		k := [2]string{acct, cur}
		b := byKey[k]
		if b == nil {
			b = &BankAccountSummary{Account: acct, Currency: cur, First: first, Last: last, In: NewMoney(0, cur), Out: NewMoney(0, cur),
				Net: NewMoney(0, cur), Status: map[BankStatus]BankStatusSum{}}
			byKey[k] = b
		}
		b.Lines += n
		b.In.Minor += in
		b.Out.Minor += sum - in
		b.Net.Minor += sum
		b.First, b.Last = min(b.First, first), max(b.Last, last)
		b.Status[BankStatus(status)] = BankStatusSum{Lines: n, Amount: NewMoney(sum, cur)}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	bal, err := s.r.QueryContext(ctx, `SELECT account, currency, kind, date, amount FROM bank_balances ORDER BY account, currency, kind, date`)
	if err != nil {
		return nil, fmt.Errorf("bank reconciliation: balances: %w", err)
	}
	defer bal.Close()
	for bal.Next() {
		var acct, cur, kind, date string
		var amount int64
		if err := bal.Scan(&acct, &cur, &kind, &date, &amount); err != nil {
			return nil, fmt.Errorf("bank reconciliation: balances: %w", err)
		}
		b := byKey[[2]string{acct, cur}]
		if b == nil {
			continue // balances of an account with no line imported say nothing yet
		}
		switch {
		case kind == "opening" && !b.HasOpening: // the earliest: ordered by date
			b.Opening, b.OpeningOn, b.HasOpening = NewMoney(amount, cur), date, true
		case kind == "closing": // the latest wins
			b.Closing, b.ClosingOn, b.HasClosing = NewMoney(amount, cur), date, true
		}
	}
	if err := bal.Err(); err != nil {
		return nil, err
	}
	out := make([]BankAccountSummary, 0, len(byKey))
	for _, b := range byKey {
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Account != out[j].Account {
			return out[i].Account < out[j].Account
		}
		return out[i].Currency < out[j].Currency
	})
	return out, nil
}
