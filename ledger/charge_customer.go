package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// CustomerChargePreview is what a charges run as of asOf would charge one
// customer, invoice by invoice (in invoice order): the interest and
// compensation accrued on their late invoices and not charged yet. It
// reaches the customer's late invoices through documents_customer, so it
// costs what the customer has, not what the ledger has; it writes nothing.
// Nothing is returned when no charge rule is set up anywhere.
func (s *Store) CustomerChargePreview(ctx context.Context, code string, asOf time.Time) ([]ChargeLine, error) {
	asOf = Day(asOf)
	cust, err := s.CustomerByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	var out []ChargeLine
	err = s.readTx(ctx, func(rtx *sql.Tx) error {
		out = nil
		// The candidates' own conditions, narrowed to the customer.
		var ids []int64
		err := each(ctx, rtx, `SELECT id FROM documents WHERE customer_id = ? AND kind = 'invoice' AND status = 'issued'
			AND due_date < ? AND closed_on > due_date ORDER BY id`, func(r *sql.Rows) error {
			var id int64
			if err := r.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			return nil
		}, cust.ID, fmtDate(asOf))
		if err != nil || len(ids) == 0 {
			return err
		}
		return computeChargesOf(ctx, rtx, asOf, ids, func(l ChargeLine) error {
			out = append(out, l)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("charges of %s as of %s: %w", code, fmtDate(asOf), err)
	}
	return out, nil
}
