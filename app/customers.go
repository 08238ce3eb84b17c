package app

import (
	"context"
	"fmt"

	"paidup/ledger"
	"paidup/reports"
)

// AddCustomer creates a customer from a form; currency and terms left out
// come from the settings for new customers (business.currency,
// customer.terms_days).
func (a *App) AddCustomer(ctx context.Context, f CustomerForm) (ledger.Customer, error) {
	d, err := a.CustomerDefaults(ctx)
	if err != nil {
		return ledger.Customer{}, err
	}
	base := ledger.Customer{Currency: d.Currency, TermsDays: d.TermsDays}
	c, errs := f.Parse(base)
	if err := errs.Err(); err != nil {
		return ledger.Customer{}, err
	}
	// No limit typed: the one new customers start with (customer.credit_limit).
	if f.CreditLimit == nil {
		if v, err := a.Setting(ctx, "customer.credit_limit", ""); err != nil {
			return ledger.Customer{}, err
		} else if v != "" {
			if m, err := ledger.ParseMoney(v, c.Currency); err == nil {
				c.CreditLimit = m
			}
		}
	}
	return a.CreateCustomer(ctx, c)
}

// EditCustomer changes the fields the form sets and keeps the others.
func (a *App) EditCustomer(ctx context.Context, code string, f CustomerForm) (ledger.Customer, error) {
	old, err := a.CustomerByCode(ctx, code)
	if err != nil {
		return ledger.Customer{}, err
	}
	c, errs := f.Parse(old)
	if err := errs.Err(); err != nil {
		return ledger.Customer{}, err
	}
	if err := a.UpdateCustomer(ctx, c); err != nil {
		return ledger.Customer{}, fmt.Errorf("edit customer %s: %w", code, err)
	}
	return a.CustomerByCode(ctx, c.Code)
}

// FindCustomers is the ledger's customer list, a list by name in the order
// of the business's locale (invoice.locale) unless f names another.
func (a *App) FindCustomers(ctx context.Context, f ledger.CustomerListFilter) ([]ledger.CustomerBalance, error) {
	if f.Locale == "" {
		locale, err := a.locale(ctx)
		if err != nil {
			return nil, err
		}
		f.Locale = locale
	}
	return a.st.FindCustomers(ctx, f)
}

// locale is the business's locale (invoice.locale, else the default):
// the order of names in lists and reports, and the documents' formats.
func (a *App) locale(ctx context.Context) (string, error) {
	return a.st.Setting(ctx, "invoice.locale", reports.DefaultLocale)
}
