package bank

import (
	"fmt"
	"strings"
	"time"

	"paidup/ledger"
)

// ParseCamt reads an ISO 20022 bank-to-customer statement (camt.053) or
// debit/credit notification (camt.054), versions .001.02 to .001.08, by
// local element names. Booked entries become lines (pending and
// information-only ones are not money yet); an entry that batches several
// transactions becomes one line per transaction.
func ParseCamt(data []byte) (Statement, error) {
	root, err := parseXMLTree(data)
	if err != nil {
		return Statement{}, fmt.Errorf("camt %w", err)
	}
	if root.name != "Document" {
		return Statement{}, fmt.Errorf("camt: %s: the root element is not Document", root.name)
	}
	msg := root.child("BkToCstmrStmt")
	kind := "Stmt"
	if msg == nil {
		msg, kind = root.child("BkToCstmrDbtCdtNtfctn"), "Ntfctn"
	}
	if msg == nil {
		return Statement{}, fmt.Errorf("camt: Document: neither BkToCstmrStmt (camt.053) nor BkToCstmrDbtCdtNtfctn (camt.054)")
	}
	st := Statement{Format: FormatCamt}
	var where []string
	for _, s := range msg.all(kind) {
		acct := normAcct(s.first([]string{"Acct", "Id", "IBAN"}, []string{"Acct", "Id", "Othr", "Id"}))
		if st.Account == "" {
			st.Account = acct
		}
		for _, b := range s.all("Bal") {
			bal, ok, err := camtBalance(b, acct)
			if err != nil {
				return Statement{}, fmt.Errorf("camt %w", err)
			}
			if ok {
				st.Balances = append(st.Balances, bal)
			}
		}
		entries := s.all("Ntry")
		// Each entry's path is its statement's and its place: pathOf per
		// entry counts its siblings, quadratic in a statement's length.
		base := "camt " + pathOf(s) + "/Ntry"
		for k, e := range entries {
			lines, err := camtEntry(e, acct)
			if err != nil {
				return Statement{}, fmt.Errorf("camt %w", err)
			}
			at := base
			if len(entries) > 1 {
				at = fmt.Sprintf("%s[%d]", base, k+1)
			}
			for range lines {
				where = append(where, at)
			}
			st.Lines = append(st.Lines, lines...)
		}
	}
	if err := finish(&st, where); err != nil {
		return Statement{}, err
	}
	return st, nil
}

func camtEntry(e *node, acct string) ([]ledger.BankLine, error) {
	status := e.first([]string{"Sts", "Cd"}, []string{"Sts"})
	if status != "" && status != "BOOK" {
		return nil, nil
	}
	amt, err := camtAmount(e, e.child("Amt"))
	if err != nil {
		return nil, err
	}
	sign, err := camtSign(e)
	if err != nil {
		return nil, err
	}
	date, err := camtDate(e)
	if err != nil {
		return nil, err
	}
	ref := e.str("AcctSvcrRef")
	var txs []*node
	for _, d := range e.all("NtryDtls") {
		txs = append(txs, d.all("TxDtls")...)
	}
	if len(txs) == 0 {
		return []ledger.BankLine{{Account: acct, BankID: clean(ref, 200), Date: date, Amount: signed(amt, sign),
			Text: clean(e.str("AddtlNtryInf"), 1000)}}, nil
	}
	var out []ledger.BankLine
	for i, tx := range txs {
		l := ledger.BankLine{Account: acct, Date: date, Amount: signed(amt, sign)}
		if len(txs) > 1 {
			// A batch: each transaction has its own amount.
			an := tx.child("Amt")
			if an == nil {
				an = tx.child("AmtDtls", "TxAmt", "Amt")
			}
			if an == nil {
				return nil, fmt.Errorf("%s: a batched transaction has no Amt", pathOf(tx))
			}
			a, err := camtAmount(tx, an)
			if err != nil {
				return nil, err
			}
			txSign := sign
			if ind := tx.str("CdtDbtInd"); ind != "" {
				if txSign, err = indicator(tx, ind); err != nil {
					return nil, err
				}
			}
			l.Amount = signed(a, txSign)
		}
		l.BankID = tx.str("Refs", "AcctSvcrRef")
		if l.BankID == "" && ref != "" {
			l.BankID = ref
			if len(txs) > 1 {
				l.BankID = fmt.Sprintf("%s/%d", ref, i+1)
			}
		}
		l.BankID = clean(l.BankID, 200)
		if e2e := tx.str("Refs", "EndToEndId"); e2e != "NOTPROVIDED" {
			l.EndToEnd = clean(e2e, 200)
		}
		party, acctName := "Dbtr", "DbtrAcct"
		if l.Amount.Minor < 0 {
			party, acctName = "Cdtr", "CdtrAcct"
		}
		rp := tx.child("RltdPties")
		// v08 wraps the party in Pty; earlier versions do not.
		l.Name = clean(rp.first([]string{party, "Pty", "Nm"}, []string{party, "Nm"}), 200)
		l.IBAN = normAcct(rp.str(acctName, "Id", "IBAN"))
		ri := tx.child("RmtInf")
		var texts, refs []string
		for _, u := range ri.all("Ustrd") {
			texts = append(texts, u.text)
		}
		for _, s := range ri.all("Strd") {
			if r := s.str("CdtrRefInf", "Ref"); r != "" {
				refs = append(refs, r)
			}
			for _, a := range s.all("AddtlRmtInf") {
				texts = append(texts, a.text)
			}
		}
		l.Text = clean(strings.Join(texts, " "), 1000)
		l.Structured = clean(strings.Join(refs, " "), 200)
		out = append(out, l)
	}
	return out, nil
}

func camtAmount(at, n *node) (ledger.Money, error) {
	if n == nil {
		return ledger.Money{}, fmt.Errorf("%s: no Amt", pathOf(at))
	}
	cur := n.attrs["Ccy"]
	if cur == "" {
		return ledger.Money{}, fmt.Errorf("%s: the amount has no Ccy", pathOf(n))
	}
	m, err := amount(n.text, cur)
	if err != nil {
		return ledger.Money{}, fmt.Errorf("%s: %w", pathOf(n), err)
	}
	if m.Minor <= 0 {
		return ledger.Money{}, fmt.Errorf("%s: amount %q: camt amounts are positive, the sign is CdtDbtInd", pathOf(n), n.text)
	}
	return m, nil
}

// camtBalance reads a Bal: OPBD (or PRCD, the previous closing) is the
// opening balance, CLBD the closing; interim and available balances are
// not kept (ok false).
func camtBalance(b *node, acct string) (ledger.BankBalance, bool, error) {
	kind := map[string]string{"OPBD": "opening", "PRCD": "opening", "CLBD": "closing"}[b.first([]string{"Tp", "CdOrPrtry", "Cd"})]
	if kind == "" {
		return ledger.BankBalance{}, false, nil
	}
	n := b.child("Amt")
	if n == nil || n.attrs["Ccy"] == "" {
		return ledger.BankBalance{}, false, fmt.Errorf("%s: a balance needs Amt with Ccy", pathOf(b))
	}
	m, err := amount(n.text, n.attrs["Ccy"])
	if err != nil {
		return ledger.BankBalance{}, false, fmt.Errorf("%s: %w", pathOf(n), err)
	}
	sign, err := camtSign(b)
	if err != nil {
		return ledger.BankBalance{}, false, err
	}
	s := b.first([]string{"Dt", "Dt"}, []string{"Dt", "DtTm"})
	if len(s) < 10 {
		return ledger.BankBalance{}, false, fmt.Errorf("%s: a balance needs Dt", pathOf(b))
	}
	d, err := ledger.ParseDate(s[:10])
	if err != nil {
		return ledger.BankBalance{}, false, fmt.Errorf("%s: %w", pathOf(b), err)
	}
	return ledger.BankBalance{Account: acct, Kind: kind, Date: d, Amount: signed(m, sign)}, true, nil
}

func camtSign(e *node) (int64, error) {
	ind := e.child("CdtDbtInd")
	if ind == nil {
		return 0, fmt.Errorf("%s: no CdtDbtInd", pathOf(e))
	}
	s, err := indicator(ind, ind.text)
	if err != nil {
		return 0, err
	}
	// A reversal turns the indicator round.
	if e.str("RvslInd") == "true" {
		s = -s
	}
	return s, nil
}

func indicator(at *node, s string) (int64, error) {
	switch s {
	case "CRDT":
		return 1, nil
	case "DBIT":
		return -1, nil
	}
	return 0, fmt.Errorf("%s: CdtDbtInd %q is neither CRDT nor DBIT", pathOf(at), s)
}

func camtDate(e *node) (time.Time, error) {
	for _, el := range []string{"BookgDt", "ValDt"} {
		n := e.child(el)
		if n == nil {
			continue
		}
		s := n.first([]string{"Dt"}, []string{"DtTm"})
		if len(s) < 10 {
			return time.Time{}, fmt.Errorf("%s: no date", pathOf(n))
		}
		d, err := ledger.ParseDate(s[:10])
		if err != nil {
			return time.Time{}, fmt.Errorf("%s: %w", pathOf(n), err)
		}
		return d, nil
	}
	return time.Time{}, fmt.Errorf("%s: neither BookgDt nor ValDt", pathOf(e))
}

func signed(m ledger.Money, sign int64) ledger.Money {
	return ledger.Money{Minor: m.Minor * sign, Currency: m.Currency}
}

// normAcct is an account number or IBAN as compared: upper case, no spaces.
func normAcct(s string) string { return clean(strings.ToUpper(strings.ReplaceAll(s, " ", "")), 64) }
