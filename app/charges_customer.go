package app

import (
	"context"
	"time"

	"paidup/ledger"
)

// CustomerCharges is the charges preview of one customer as of asOf
// (zero: today): the interest and compensation their late invoices have
// accrued and that are not charged yet, invoice by invoice, as a charges
// run would post them. It reads only that customer's invoices.
func (a *App) CustomerCharges(ctx context.Context, code string, asOf time.Time) ([]ledger.ChargeLine, error) {
	if asOf.IsZero() {
		asOf = a.Today()
	}
	return a.st.CustomerChargePreview(ctx, code, asOf)
}
