package bank

import (
	"context"
	"strings"

	"paidup/ledger"
)

// Money out: a debit line is compared with the refunds issued and not yet
// matched (ledger.UnmatchedRefunds). The amount must be exactly the
// refund's; then
//   - the refund's number written in the line (any case, spaces and
//     separators ignored), or the payee's account known as the refund's
//     customer's, with no other refund of that amount to them, is certain:
//     the line is matched to the refund (nothing is posted: the refund was
//     posted when it was made);
//   - the payee's name holding the customer's name, or one refund of that
//     amount, goes to review with it suggested;
//   - several refunds of that amount, none told apart: review, ambiguous.
// Any other money out (rent, fees) stays unmatched.

// WithRefunds adds the refunds a match run compares money out with.
func (x *Index) WithRefunds(rs []ledger.BankRefund) *Index {
	x.refunds = append(x.refunds[:0], rs...)
	return x
}

// alnum is s upper case, its letters and digits only.
func alnum(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z':
			b.WriteByte(c)
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		}
	}
	return b.String()
}

// decideRefund matches a debit line to a refund.
func (x *Index) decideRefund(d Decision, o Options) Decision {
	l := d.Line
	var same []*ledger.BankRefund
	for i := range x.refunds {
		r := &x.refunds[i]
		if r.Amount.Currency == l.Amount.Currency && r.Amount.Minor == -l.Amount.Minor && !r.Date.After(l.Date) {
			same = append(same, r)
		}
	}
	if len(same) == 0 {
		d.Reasons = []string{"money out: no refund of this amount waits to be matched"}
		return d
	}
	text := alnum(l.Structured + " " + l.EndToEnd + " " + l.Text)
	var byNumber, byAccount, byName []*ledger.BankRefund
	payer := ""
	if l.IBAN != "" {
		payer = x.payers[l.IBAN]
	}
	for _, r := range same {
		if n := alnum(r.Number); n != "" && strings.Contains(text, n) {
			byNumber = append(byNumber, r)
		}
		if payer != "" && payer == r.Customer {
			byAccount = append(byAccount, r)
		}
		if nameHolds(l.Name, r.Name) {
			byName = append(byName, r)
		}
	}
	pick := func(r *ledger.BankRefund, status ledger.BankStatus, conf int, why ...string) Decision {
		d.Status, d.Confidence, d.Refund, d.Customer = status, conf, r.Number, r.Customer
		d.Reasons = append(why, "the amount is exactly refund "+r.Number+"'s to "+r.Customer)
		if status == ledger.BankMatched && o.NoAutoPost {
			d.Status, d.Confidence = ledger.BankReview, 95
			d.Reasons = append(d.Reasons, "automatic posting is off")
		}
		return d
	}
	switch {
	case len(byNumber) == 1:
		return pick(byNumber[0], ledger.BankMatched, 100, "refund number "+byNumber[0].Number+" in the line")
	case len(byNumber) == 0 && len(byAccount) == 1:
		return pick(byAccount[0], ledger.BankMatched, 100, "the payee's account "+l.IBAN+" is "+payer+"'s (learned from earlier matches)")
	case len(byNumber) == 0 && len(byAccount) == 0 && len(byName) == 1:
		return pick(byName[0], ledger.BankReview, 70, "the payee's name "+strconvQuote(l.Name)+" is "+byName[0].Customer+"'s")
	case len(same) == 1:
		return pick(same[0], ledger.BankReview, 50)
	}
	d.Status, d.Confidence, d.Ambiguous = ledger.BankReview, 30, true
	var nums []string
	for _, r := range same {
		nums = append(nums, r.Number)
	}
	d.Reasons = []string{"money out of the amount of " + plural(len(same), "one refund", "several refunds") + " (" + strings.Join(nums, ", ") + "): a person chooses"}
	return d
}

// nameHolds reports whether every word of a customer's name is in the
// payee's name (as matching compares payers' names, names.go).
func nameHolds(payee, customer string) bool {
	cw := nameWords(customer)
	if len(cw) == 0 {
		return false
	}
	has := map[string]bool{}
	for _, w := range nameWords(payee) {
		has[w] = true
	}
	for _, w := range cw {
		if !has[w] {
			return false
		}
	}
	return true
}

// postedRefund takes a matched refund out of the index.
func (x *Index) postedRefund(number string) {
	for i := range x.refunds {
		if x.refunds[i].Number == number {
			x.refunds = append(x.refunds[:i], x.refunds[i+1:]...)
			return
		}
	}
}

// acceptRefund matches a debit line a person accepted: to the refund
// named, or with none named to matching's suggestion.
func acceptRefund(ctx context.Context, st *ledger.Store, l ledger.BankLine, ref string, named []string) (ledger.Document, Decision, error) {
	d := Decision{Line: l, Status: ledger.BankMatched, Confidence: 100}
	switch len(named) {
	case 0:
		rs, err := st.UnmatchedRefunds(ctx)
		if err != nil {
			return ledger.Document{}, d, err
		}
		payers, err := st.BankPayers(ctx)
		if err != nil {
			return ledger.Document{}, d, err
		}
		o, err := LoadOptions(ctx, st, l.Amount.Currency)
		if err != nil {
			return ledger.Document{}, d, err
		}
		d = NewIndex(nil, payers).WithRefunds(rs).Decide(l, o)
		switch {
		case d.Ambiguous:
			return ledger.Document{}, d, ledger.Errorf(ledger.EINVALID, "statement line %s fits several refunds equally: name the refund", ref)
		case d.Refund == "":
			return ledger.Document{}, d, ledger.Errorf(ledger.EINVALID, "statement line %s is money out and no refund of its amount waits: name the refund, or ignore the line", ref)
		}
		d.Status, d.Confidence = ledger.BankMatched, 100
		d.Reasons = append(d.Reasons, "accepted")
	case 1:
		d.Refund = named[0]
		d.Reasons = []string{"accepted for refund " + named[0]}
	default:
		return ledger.Document{}, d, ledger.Errorf(ledger.EINVALID, "statement line %s is money out: it pays one refund, not %d documents", ref, len(named))
	}
	if err := st.MatchBankRefund(ctx, l.ID, d.Refund, d.Confidence, d.Reason()); err != nil {
		return ledger.Document{}, d, err
	}
	doc, err := st.Document(ctx, d.Refund)
	if err == nil {
		d.Customer = doc.CustomerCode
	}
	return doc, d, err
}
