package einvoice

import (
	"context"
	"fmt"

	"paidup/ledger"
)

// Load reads what an e-invoice of the document numbered number is built
// from: the document, its customer, the business profile, for a credit
// note the invoices it was applied to, and the exchange rate of its day
// when it charges VAT in another currency than the home currency.
func Load(ctx context.Context, st *ledger.Store, number string) (Source, error) {
	d, err := st.Document(ctx, number)
	if err != nil {
		return Source{}, err
	}
	src := Source{Doc: d}
	if src.Customer, err = st.CustomerByCode(ctx, d.CustomerCode); err != nil {
		return Source{}, fmt.Errorf("%s: %w", number, err)
	}
	if src.Business, err = st.BusinessProfile(ctx); err != nil {
		return Source{}, fmt.Errorf("%s: %w", number, err)
	}
	if d.Kind == ledger.KindCreditNote {
		allocs, err := st.Allocations(ctx, d.ID)
		if err != nil {
			return Source{}, fmt.Errorf("%s: %w", number, err)
		}
		seen := map[string]bool{}
		for _, a := range allocs {
			if a.CreditID != d.ID || !a.VoidDate.IsZero() || seen[a.InvoiceNumber] {
				continue
			}
			seen[a.InvoiceNumber] = true
			inv, err := st.Document(ctx, a.InvoiceNumber)
			if err != nil {
				return Source{}, fmt.Errorf("%s: the invoice it credits: %w", number, err)
			}
			src.Preceding = append(src.Preceding, Ref{Number: inv.Number, Date: inv.Date})
		}
	}
	// VAT charged in a foreign currency is also stated in the home
	// currency (Art. 230 of the VAT directive; BT-6, BT-111).
	if home := src.Business.Currency; home != "" && home != d.Total.Currency && d.Tax.Minor != 0 {
		r, err := st.RateOn(ctx, d.Total.Currency, d.Date)
		if err != nil {
			return Source{}, fmt.Errorf("%s is in %s: its VAT is also stated in %s (BT-111): %w", number, d.Total.Currency, home, err)
		}
		src.Rate = &r
	}
	return src, nil
}

// Of loads and builds the e-invoice of a document.
func Of(ctx context.Context, st *ledger.Store, number string) (*Invoice, error) {
	src, err := Load(ctx, st, number)
	if err != nil {
		return nil, err
	}
	return Build(src)
}
