package app

import (
	"context"
	"time"

	"paidup/ledger"
)

// RefundRequest is money paid back to a customer out of their credit.
type RefundRequest struct {
	CustomerCode string
	Amount       string // a decimal in the customer's currency
	Date         time.Time
	Reference    string
	From         []string // payments and credit notes to pay out; none: oldest credits first
}

// Refund records a refund (ledger.IssueRefund): Dr 2100, Cr 1000 in
// effect, the credits it pays out allocated to it, in one transaction.
func (a *App) Refund(ctx context.Context, req RefundRequest) (ledger.Document, error) {
	c, err := a.st.CustomerByCode(ctx, req.CustomerCode)
	if err != nil {
		return ledger.Document{}, err
	}
	amt, err := ParseAmount(req.Amount, c.Currency, "refund amount")
	if err != nil {
		return ledger.Document{}, err
	}
	return a.st.IssueRefund(ctx, ledger.RefundInput{CustomerCode: c.Code, Amount: amt, Date: a.orToday(req.Date),
		Reference: req.Reference, From: req.From})
}
