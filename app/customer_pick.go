package app

import (
	"context"
	"strings"

	"paidup/ledger"
)

// PickCustomer finds the customer a user means by what they typed: the
// code in any case, else the one customer whose code, name or email
// contains it. Several matches are refused with the first few named, so
// that a picker can offer them; none is ENOTFOUND.
func (a *App) PickCustomer(ctx context.Context, typed string) (ledger.CustomerRef, error) {
	q := strings.TrimSpace(typed)
	if q == "" {
		return ledger.CustomerRef{}, ledger.Errorf(ledger.EINVALID, "type a customer's name, code or email")
	}
	refs, err := a.st.SuggestCustomers(ctx, q, 6)
	if err != nil {
		return ledger.CustomerRef{}, err
	}
	switch {
	case len(refs) == 0:
		return ledger.CustomerRef{}, ledger.Errorf(ledger.ENOTFOUND, "no customer's name, code or email contains %q", q)
	case strings.EqualFold(refs[0].Code, q) || len(refs) == 1:
		return refs[0], nil
	}
	names := make([]string, 0, len(refs))
	for _, r := range refs[:min(len(refs), 5)] {
		names = append(names, r.Name+" ("+r.Code+")")
	}
	more := ""
	if len(refs) > 5 {
		more = ", …"
	}
	return ledger.CustomerRef{}, ledger.Errorf(ledger.ECONFLICT, "%q matches several customers: %s%s", q, strings.Join(names, ", "), more)
}
