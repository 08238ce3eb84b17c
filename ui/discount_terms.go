package ui

import (
	"context"
	"fmt"
	"strings"

	"paidup/ledger"
)

// discountLedger reads and sets early-payment discount terms
// (ledger/discount.go). The screens ask for it by type assertion, so a
// ledger that has none (a test's fake) shows no terms.
type discountLedger interface {
	InvoiceDiscountByID(ctx context.Context, id int64) (ledger.DiscountOffer, error)
}

// discountHint is the placeholder of a discount terms field.
const discountHint = "e.g. 2/10: 2 % if paid within 10 days; none"

// parseDiscountField reads a discount terms field: blank is nil (the
// customer's terms), "none" no discount.
func parseDiscountField(s string) (*ledger.DiscountTerms, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	t, err := ledger.ParseDiscountTerms(s)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// discountText is an invoice's terms as the invoice view shows them: what
// paying by the discount date takes off, or the discount taken.
func discountText(o ledger.DiscountOffer) string {
	switch {
	case o.Terms.IsZero():
		return ""
	case !o.Taken.IsZero():
		return fmt.Sprintf("Discount  %s: taken, %s", o.Terms, o.Taken)
	}
	return fmt.Sprintf("Discount  %s: %s %% (%s) if paid by %s: pay %s", o.Terms, o.Terms.Percent(), o.Amount, fmtDate(o.Until), o.Pay)
}
