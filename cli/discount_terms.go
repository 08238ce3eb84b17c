package cli

import (
	"context"
	"fmt"
	"io"

	"paidup/app"
	"paidup/ledger"
	"paidup/reports"
)

// discountFlag is --discount-terms PERCENT/DAYS ("2/10", or none): early-
// payment discount terms (ledger/discount.go). The name is not --discount:
// on invoice new that is the lines' discount percent already.
type discountFlag struct {
	v   string
	set bool
}

func (d *discountFlag) String() string     { return d.v }
func (d *discountFlag) Set(s string) error { d.v, d.set = s, true; return nil }

// terms are the terms given, nil when the flag was not.
func (d *discountFlag) terms() (*ledger.DiscountTerms, error) {
	if !d.set {
		return nil, nil
	}
	t, err := ledger.ParseDiscountTerms(d.v)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

const discountUsage = "early-payment discount `PERCENT/DAYS`, such as 2/10 (2 % if paid within 10 days of the issue date), or none"

// discountLine says what an invoice's terms offer, as the PDF does.
func discountLine(o ledger.DiscountOffer) string {
	if o.Terms.IsZero() {
		return ""
	}
	s := fmt.Sprintf("%s %% discount (%s) if paid by %s: pay %s", o.Terms.Percent(), o.Amount, day(o.Until), o.Pay)
	if !o.Taken.IsZero() {
		s += fmt.Sprintf("; discount taken %s", o.Taken)
	}
	return s
}

// termsLine is a customer's default terms in words.
func termsLine(t ledger.DiscountTerms) string {
	if t.IsZero() {
		return "none"
	}
	return fmt.Sprintf("%s %% within %d days (%s)", t.Percent(), t.Days, t)
}

// discountJSON is an invoice's early-payment discount in JSON.
type discountJSON struct {
	Terms  string `json:"discount_terms"` // "2/10", "" none
	Amount string `json:"discount_amount,omitempty"`
	Until  string `json:"discount_until,omitempty"`
	Pay    string `json:"discount_pay,omitempty"`
	Taken  string `json:"discount_taken,omitempty"`
}

func toDiscountJSON(o ledger.DiscountOffer) discountJSON {
	if o.Terms.IsZero() {
		return discountJSON{}
	}
	return discountJSON{Terms: o.Terms.String(), Amount: o.Amount.Plain(), Until: day(o.Until), Pay: o.Pay.Plain(), Taken: o.Taken.Plain()}
}

func printDiscountLine(w io.Writer, o ledger.DiscountOffer) {
	if s := discountLine(o); s != "" {
		fmt.Fprintf(w, "Early-payment discount %s: %s\n", o.Terms, s)
	}
}

// customerDiscount is `paidup customer set CODE --discount-terms P/D`.
func customerDiscount(ctx context.Context, e *env, args []string, t ledger.DiscountTerms) error {
	if len(args) != 1 {
		return usagef("customer set --discount-terms needs one customer CODE")
	}
	a, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.SetCustomerDiscount(ctx, args[0], t); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "customer %s: early-payment discount %s (invoices issued from now on)\n", args[0], termsLine(t))
	return nil
}

// printCustomerTerms prints a customer with their discount terms.
func printCustomerTerms(ctx context.Context, w io.Writer, f app.Format, a *app.App, c ledger.Customer, done string) error {
	t, err := a.CustomerDiscount(ctx, c.Code)
	if err != nil {
		return err
	}
	if f == app.FormatJSON {
		return reports.WriteJSON(w, struct {
			customerJSON
			DiscountTerms string `json:"discount_terms"`
		}{toCustomerJSON(c), t.String()})
	}
	if err := printCustomer(w, f, c, done); err != nil {
		return err
	}
	if !t.IsZero() {
		fmt.Fprintf(w, "Early-payment discount:  %s\n", termsLine(t))
	}
	return nil
}
