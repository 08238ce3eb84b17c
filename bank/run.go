package bank

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"paidup/ledger"
)

// ImportResult is what importing a statement file did.
type ImportResult struct {
	Format  Format
	Account string
	Lines   int
	ledger.BankImport
}

// ImportFile parses a statement file and stores its lines in one
// transaction. account names the bank account when the file does not
// (or overrides it); a malformed file imports nothing.
func ImportFile(ctx context.Context, st *ledger.Store, path, account string) (ImportResult, error) {
	return ImportFileWith(ctx, st, path, ImportOptions{Account: account})
}

// ImportOptions are what `bank import` is told beside the file.
type ImportOptions struct {
	Account string // the bank account's name, over the statement's own
	Mapping string // a stored CSV mapping's name: the file is a CSV statement read by it
}

// ImportFileWith is ImportFile with a CSV mapping.
func ImportFileWith(ctx context.Context, st *ledger.Store, path string, o ImportOptions) (ImportResult, error) {
	account := o.Account
	data, err := os.ReadFile(path)
	if err != nil {
		return ImportResult{}, fmt.Errorf("read statement: %w", err)
	}
	var s Statement
	if o.Mapping != "" {
		m, err := st.BankCSVMappingNamed(ctx, o.Mapping)
		if err != nil {
			return ImportResult{}, err
		}
		if isZip(data) {
			return ImportResult{}, fmt.Errorf("%s: a ZIP archive: --mapping reads one CSV statement; unpack it", path)
		}
		// ParseCSV names the file and line itself.
		if s, err = ParseCSV(data, path, m); err != nil {
			return ImportResult{}, err
		}
	} else if isZip(data) {
		// An archive is one import: all its statements or none.
		sts, err := parseZip(data)
		if err != nil {
			return ImportResult{}, fmt.Errorf("%s: %w", path, err)
		}
		s = Statement{Format: "zip of " + sts[0].Format, Account: sts[0].Account}
		for _, st := range sts {
			if st.Format != sts[0].Format {
				s.Format = "zip"
			}
			for i := range st.Lines {
				if st.Lines[i].Account == "" {
					st.Lines[i].Account = st.Account
				}
			}
			for i := range st.Balances {
				if st.Balances[i].Account == "" {
					st.Balances[i].Account = st.Account
				}
			}
			s.Lines = append(s.Lines, st.Lines...)
			s.Balances = append(s.Balances, st.Balances...)
		}
	} else if s, err = Parse(data); err != nil {
		return ImportResult{}, fmt.Errorf("%s: %w", path, err)
	}
	if account = strings.TrimSpace(account); account != "" {
		for i := range s.Lines {
			s.Lines[i].Account = account
		}
		for i := range s.Balances {
			s.Balances[i].Account = account
		}
		s.Account = account
	}
	// A balance of no account named (a statement without one, read by
	// --account) is of the statement's; else it says nothing and is left.
	var bals []ledger.BankBalance
	for _, b := range s.Balances {
		if b.Account == "" {
			b.Account = s.Account
		}
		if b.Account != "" {
			bals = append(bals, b)
		}
	}
	for i := range s.Lines {
		if s.Lines[i].Account == "" {
			return ImportResult{}, fmt.Errorf("%s: the statement names no account: give one with --account NAME", path)
		}
	}
	sum := sha256.Sum256(data)
	res, err := st.ImportBankStatement(ctx, hex.EncodeToString(sum[:]), s.Lines, bals)
	if err != nil {
		return ImportResult{}, fmt.Errorf("%s: %w", path, err)
	}
	return ImportResult{Format: s.Format, Account: s.Account, Lines: len(s.Lines), BankImport: res}, nil
}

// ToleranceSetting is the setting holding the short-payment tolerance, a
// decimal in each line's currency ("5.00"); unset, nothing is written off.
const ToleranceSetting = "bank.fee_tolerance"

// AutoPostSetting turns automatic posting of certain matches off ("false").
const AutoPostSetting = "bank.auto_post"

// LoadOptions reads the matching settings of a ledger.
func LoadOptions(ctx context.Context, st *ledger.Store, currency string) (Options, error) {
	var o Options
	tol, err := st.Setting(ctx, ToleranceSetting, "")
	if err != nil {
		return o, err
	}
	if tol != "" && currency != "" {
		m, err := ledger.ParseMoney(tol, currency)
		if err != nil {
			return o, fmt.Errorf("setting %s: %w", ToleranceSetting, err)
		}
		o.Tolerance = m.Minor
	}
	auto, err := st.Setting(ctx, AutoPostSetting, "on")
	if err != nil {
		return o, err
	}
	o.NoAutoPost = auto == "false" || auto == "off"
	return o, nil
}

// Outcome is a decision and, once posted, the payment it became.
type Outcome struct {
	Decision
	Payment string // the payment's number when posted
	Err     error  // posting failed: the line stays for review
}

// Match decides every unmatched and review line that is money in; unless
// dryRun, certain matches are posted (one transaction each) and every other
// decision recorded (one transaction). opts nil reads the ledger's settings.
func Match(ctx context.Context, st *ledger.Store, dryRun bool, opts *Options) ([]Outcome, error) {
	lines, err := st.BankLines(ctx, ledger.BankLineFilter{Status: []ledger.BankStatus{ledger.BankUnmatched, ledger.BankReview}})
	if err != nil {
		return nil, err
	}
	open, err := st.OpenInvoices(ctx)
	if err != nil {
		return nil, err
	}
	payers, err := st.BankPayers(ctx)
	if err != nil {
		return nil, err
	}
	refunds, err := st.UnmatchedRefunds(ctx)
	if err != nil {
		return nil, err
	}
	x := NewIndex(open, payers).WithRefunds(refunds)
	byCur := map[string]Options{}
	var out []Outcome
	var rest []ledger.BankDecision
	// Certain matches are posted in batches, one transaction each (see
	// ledger.PostBankLines). The index learns of a match as it is decided,
	// so the lines after it are decided as if it were posted; a line whose
	// posting fails waits for review.
	var pending []int // indexes into out
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		ps := make([]ledger.BankPosting, len(pending))
		for i, k := range pending {
			ps[i] = posting(out[k].Decision)
		}
		docs, errs, err := st.PostBankLines(ctx, ps)
		if err != nil {
			return err
		}
		for i, k := range pending {
			oc := &out[k]
			if errs[i] != nil {
				// Someone changed the ledger meanwhile: a person looks.
				d := oc.Decision
				oc.Err = errs[i]
				d.Status, d.Confidence = ledger.BankReview, 50
				d.Reasons = append(d.Reasons, "posting failed: "+errs[i].Error())
				oc.Decision = d
				rest = append(rest, ledger.BankDecision{LineID: d.Line.ID, Status: d.Status, Invoices: d.Invoices(),
					Confidence: d.Confidence, Reason: d.Reason()})
				continue
			}
			oc.Payment = docs[i].Number
		}
		pending = pending[:0]
		return nil
	}
	const batch = 1000
	for _, l := range lines {
		o, ok := byCur[l.Amount.Currency]
		if !ok {
			if opts != nil {
				o = *opts
			} else if o, err = LoadOptions(ctx, st, l.Amount.Currency); err != nil {
				return nil, err
			}
			byCur[l.Amount.Currency] = o
		}
		d := x.Decide(l, o)
		out = append(out, Outcome{Decision: d})
		if d.Status == ledger.BankMatched && d.Refund != "" {
			// Money out for a refund: linked, nothing posted (refunds are
			// few: one transaction each).
			x.Posted(d)
			if !dryRun {
				if err := st.MatchBankRefund(ctx, l.ID, d.Refund, d.Confidence, d.Reason()); err != nil {
					oc := &out[len(out)-1]
					oc.Err = err
					d.Status, d.Confidence = ledger.BankReview, 50
					d.Reasons = append(d.Reasons, "matching failed: "+err.Error())
					oc.Decision = d
					rest = append(rest, ledger.BankDecision{LineID: l.ID, Status: d.Status, Invoices: d.Invoices(),
						Confidence: d.Confidence, Reason: d.Reason()})
				} else {
					out[len(out)-1].Payment = d.Refund
				}
			}
			continue
		}
		if d.Status == ledger.BankMatched {
			// What is (or, in a dry run, would be) posted and learned.
			x.Posted(d)
			if !dryRun {
				if pending = append(pending, len(out)-1); len(pending) == batch {
					if err := flush(); err != nil {
						return out, err
					}
				}
			}
			continue
		}
		rest = append(rest, ledger.BankDecision{LineID: l.ID, Status: d.Status, Invoices: d.Invoices(),
			Confidence: d.Confidence, Reason: d.Reason()})
	}
	if !dryRun {
		if err := flush(); err != nil {
			return out, err
		}
	}
	if !dryRun && len(rest) > 0 {
		if err := st.SetBankDecisions(ctx, rest); err != nil {
			return out, err
		}
	}
	return out, nil
}

func posting(d Decision) ledger.BankPosting {
	return ledger.BankPosting{LineID: d.Line.ID, Customer: d.Customer, Apply: d.Apply, WriteOffs: d.WriteOffs,
		Confidence: d.Confidence, Reason: d.Reason()}
}

// Accept posts a line a person accepted: to the invoices named (in full,
// the last one taking what is left; a shortfall within the tolerance
// written off; any rest the customer's credit), or with none named to
// matching's own suggestion, which must be unambiguous.
func Accept(ctx context.Context, st *ledger.Store, ref string, invoices []string) (ledger.Document, Decision, error) {
	l, err := st.BankLineByRef(ctx, ref)
	if err != nil {
		return ledger.Document{}, Decision{}, err
	}
	if l.Status == ledger.BankMatched || l.Status == ledger.BankIgnored {
		return ledger.Document{}, Decision{}, ledger.Errorf(ledger.ECONFLICT, "statement line %s is %s already", ref, l.Status)
	}
	if l.Amount.Minor <= 0 {
		return acceptRefund(ctx, st, l, ref, invoices)
	}
	o, err := LoadOptions(ctx, st, l.Amount.Currency)
	if err != nil {
		return ledger.Document{}, Decision{}, err
	}
	open, err := st.OpenInvoices(ctx)
	if err != nil {
		return ledger.Document{}, Decision{}, err
	}
	payers, err := st.BankPayers(ctx)
	if err != nil {
		return ledger.Document{}, Decision{}, err
	}
	x := NewIndex(open, payers)
	var d Decision
	if len(invoices) == 0 {
		d = x.Decide(l, o)
		switch {
		case d.Ambiguous:
			return ledger.Document{}, d, ledger.Errorf(ledger.EINVALID, "statement line %s fits several invoices equally: name the invoices to accept it for", ref)
		case d.Customer == "":
			return ledger.Document{}, d, ledger.Errorf(ledger.EINVALID, "statement line %s has no suggestion: name the invoices to accept it for", ref)
		}
		d.Reasons = append(d.Reasons, "accepted")
	} else {
		if d, err = x.chosen(l, invoices, o); err != nil {
			return ledger.Document{}, d, err
		}
	}
	d.Confidence = 100
	doc, err := st.PostBankLine(ctx, posting(d))
	return doc, d, err
}

// chosen is the decision for invoices a person named.
func (x *Index) chosen(l ledger.BankLine, numbers []string, o Options) (Decision, error) {
	d := Decision{Line: l, Status: ledger.BankMatched}
	var set []*ledger.OpenInvoice
	for _, n := range numbers {
		inv := x.byNumber[n]
		if inv == nil {
			return d, ledger.Errorf(ledger.ENOTFOUND, "%s is not an open invoice", n)
		}
		if inv.Open.Currency != l.Amount.Currency {
			return d, ledger.Errorf(ledger.EINVALID, "%s is in %s; the line is in %s", n, inv.Open.Currency, l.Amount.Currency)
		}
		set = append(set, inv)
	}
	if !sameCustomer(set) {
		return d, errors.New("the invoices named are of different customers: accept a line for one customer's invoices")
	}
	var sum int64
	for _, s := range set {
		sum += s.Open.Minor
	}
	why := map[string]string{}
	for _, s := range set {
		why[s.Number] = "accepted for " + s.Number
	}
	amt := l.Amount.Minor
	switch {
	case sum > amt && sum-amt <= o.Tolerance:
		return applyShort(d, set, why), nil
	case sum >= amt:
		d = apply(d, set, why)
		d.Apply = partial(set, amt)
	default:
		d = apply(d, set, why)
		d.Credit = amt - sum
		d.Reasons = append(d.Reasons, "the rest is "+d.Customer+"'s unapplied credit")
	}
	return d, nil
}

// Ignore marks a line as not a customer's payment.
func Ignore(ctx context.Context, st *ledger.Store, ref, reason string) error {
	l, err := st.BankLineByRef(ctx, ref)
	if err != nil {
		return err
	}
	if reason == "" {
		reason = "ignored: not a customer's payment"
	}
	return st.IgnoreBankLine(ctx, l.ID, reason)
}

// Undo takes an accepted match back: its payment (and any fee written off
// with it) is voided dated the line's own date, since the payment as
// posted never happened (voided today, the ledger would refuse the line's
// money applied again on its date to the same invoice), and the line
// waits for review again.
func Undo(ctx context.Context, st *ledger.Store, ref, reason string) error {
	l, err := st.BankLineByRef(ctx, ref)
	if err != nil {
		return err
	}
	return st.UndoBankLine(ctx, l.ID, l.Date, reason)
}

// AcceptAsCredit posts a line of money in as a payment of the customer
// named, applied to nothing: all of it becomes their unapplied credit
// (a payment before its invoice, a deposit), and the payer's account is
// learned as theirs.
func AcceptAsCredit(ctx context.Context, st *ledger.Store, ref, customer string) (ledger.Document, Decision, error) {
	l, err := st.BankLineByRef(ctx, ref)
	if err != nil {
		return ledger.Document{}, Decision{}, err
	}
	d := Decision{Line: l, Status: ledger.BankMatched, Customer: strings.TrimSpace(customer), Credit: l.Amount.Minor, Confidence: 100,
		Reasons: []string{"accepted as " + strings.TrimSpace(customer) + "'s unapplied credit"}}
	switch {
	case d.Customer == "":
		return ledger.Document{}, d, ledger.Errorf(ledger.EINVALID, "name the customer whose credit statement line %s is", ref)
	case l.Status == ledger.BankMatched || l.Status == ledger.BankIgnored:
		return ledger.Document{}, d, ledger.Errorf(ledger.ECONFLICT, "statement line %s is %s already", ref, l.Status)
	case l.Amount.Minor <= 0:
		return ledger.Document{}, d, ledger.Errorf(ledger.EINVALID, "statement line %s is money out, not a customer's payment", ref)
	}
	doc, err := st.PostBankLine(ctx, posting(d))
	return doc, d, err
}
