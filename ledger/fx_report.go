package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// FXItem is a document open at a date in another currency than the home
// currency: an invoice or charge (Open positive) or an unapplied payment
// or credit note (Open negative), with its booked rate when it has one
// stored (nil: look it up on Date; paidup fx stores nothing).
type FXItem struct {
	CustomerCode string
	CustomerName string
	Kind         Kind
	Number       string
	Date         time.Time
	Open         Money
	Booked       *big.Rat
}

// EachForeignOpenItem calls fn for every document open at the end of asOf
// in another currency than home, by currency, customer name and code,
// date and number, streaming.
func (s *Store) EachForeignOpenItem(ctx context.Context, asOf time.Time, home string, fn func(FXItem) error) error {
	q := `SELECT c.code, c.name, i.kind, COALESCE(i.number, ''), i.date, i.currency, i.open_then, d.booked_rate
		FROM (` + asOfItems + `) i JOIN customers c ON c.id = i.customer_id JOIN documents d ON d.id = i.id
		WHERE i.open_then <> 0 AND i.currency <> ?3
		ORDER BY i.currency, c.name, c.code, i.date, i.number`
	return s.readTx(ctx, func(rtx *sql.Tx) error {
		err := each(ctx, rtx, q, func(r *sql.Rows) error {
			var it FXItem
			var cur string
			var open int64
			var booked sql.NullString
			if err := r.Scan(&it.CustomerCode, &it.CustomerName, &it.Kind, &it.Number, scanDate(&it.Date), &cur, &open, &booked); err != nil {
				return err
			}
			if !it.Kind.Receivable() {
				open = -open
			}
			it.Open = NewMoney(open, cur)
			if booked.Valid {
				v, err := parseRate(booked.String)
				if err != nil {
					return Errorf(EINVALID, "stored booked rate of %s: %v", docRef(it.Kind, it.Number), err)
				}
				it.Booked = v
			}
			return fn(it)
		}, fmtDate(Day(asOf)), 0, strings.ToUpper(home))
		if err != nil {
			return fmt.Errorf("open items in other currencies as of %s: %w", fmtDate(asOf), err)
		}
		return nil
	})
}
