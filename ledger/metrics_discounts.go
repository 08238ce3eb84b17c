package ledger

import "context"

// discountSums is what early-payment discounts (discount.go) came to in a
// period: how many were taken and their amount.
type discountSums struct{ n, amount int64 }

// discountsIn sums, per currency, the discounts taken from first to end
// and still in force (a discount voided with its payment was never taken).
func (s *Store) discountsIn(ctx context.Context, first, end string, cid int64) (map[string]discountSums, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT currency, count(*), SUM(total) FROM documents
		WHERE kind = 'discount' AND status = 'issued' AND date BETWEEN ?1 AND ?2 AND (?3 = 0 OR customer_id = ?3)
		GROUP BY currency`, first, end, cid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]discountSums{}
	for rows.Next() {
		var cur string
		var d discountSums
		if err := rows.Scan(&cur, &d.n, &d.amount); err != nil {
			return nil, err
		}
		out[cur] = d
	}
	return out, rows.Err()
}
