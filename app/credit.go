package app

import (
	"context"
	"fmt"

	"paidup/ledger"
)

// CreditWarning says that invoicing takes a customer over its credit
// limit: a warning, not a refusal (the user may go on).
type CreditWarning struct {
	Customer string
	Balance  ledger.Money // with the invoice
	Limit    ledger.Money
	Over     ledger.Money
}

func (w *CreditWarning) String() string {
	return fmt.Sprintf("%s's balance is %s with this invoice, over its credit limit of %s by %s", w.Customer, w.Balance, w.Limit, w.Over)
}

// CreditCheck says, before an invoice of amount is issued to the
// customer, whether it would take them over their limit, and the hold
// they are on (nil: none): the window asks before it issues.
func (a *App) CreditCheck(ctx context.Context, code string, amount ledger.Money) (*CreditWarning, *ledger.Hold, error) {
	p, err := a.CreditPosition(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	return warning(p, amount), p.Hold, nil
}

func warning(p ledger.CreditPosition, add ledger.Money) *CreditWarning {
	over := p.Over(add)
	if !over.IsPositive() {
		return nil
	}
	return &CreditWarning{Customer: p.CustomerCode, Balance: ledger.NewMoney(p.Balance.Minor+add.Minor, p.Balance.Currency), Limit: p.Limit, Over: over}
}

// IssueDraftChecked issues a draft invoice, overriding the customer's
// hold with a reason when one is given, and says whether the customer is
// now over its credit limit.
func (a *App) IssueDraftChecked(ctx context.Context, id int64, overrideHold string) (ledger.Document, *CreditWarning, error) {
	doc, err := a.IssueDraftOverride(ctx, id, overrideHold)
	if err != nil {
		return doc, nil, err
	}
	p, err := a.CreditPosition(ctx, doc.CustomerCode)
	if err != nil {
		return doc, nil, nil // issued: the warning is what could not be read
	}
	return doc, warning(p, ledger.Money{Currency: p.Balance.Currency}), nil
}
