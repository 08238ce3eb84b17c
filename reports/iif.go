package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"paidup/ledger"
)

// IIF writes a period's journal as a QuickBooks Desktop Intuit
// Interchange Format file: tab-separated, Windows-1252, CRLF. First the
// accounts (!ACCNT: the mapped chart) and the customers of the period
// (!CUST), then every journal entry as one transaction: a TRNS line, an
// SPL line for each other posting, ENDTRNS. Amounts are signed (debit
// positive), so each transaction's lines sum to zero, as IIF requires. An
// invoice's or a charge's entry is an INVOICE (its TRNS line the receivable), a credit
// note's a CREDIT MEMO, a payment's a PAYMENT (its TRNS line the bank);
// applications, write-offs and voids (the exact reversing entries) are
// GENERAL JOURNAL transactions. IIF has no currency: a file holds one
// currency's postings, and a second currency stops the export.
type IIF struct {
	w        *bufio.Writer
	a        *ansiWriter
	accounts ledger.AccountMap
	names    map[string]string // customer code → the NAME it has in the file
	used     map[string]bool
	currency string
	entries  int
	postings int
	begun    bool
}

// iifAccountType is the QuickBooks account type of an account: by the
// chart's ranges (1 assets, 2 liabilities, 4 income, else expense).
func iifAccountType(a ledger.Account) string {
	switch {
	case a == ledger.AccBank:
		return "BANK"
	case a == ledger.AccReceivable:
		return "AR"
	case a < 2000:
		return "OCASSET"
	case a < 3000:
		return "OCLIAB"
	case a >= 4000 && a < 5000:
		return "INC"
	}
	return "EXP"
}

// iifNameMax is QuickBooks's longest name (customers, accounts).
const iifNameMax = 41

// NewIIF writes the accounts list.
func NewIIF(w io.Writer, accounts ledger.AccountMap) *IIF {
	bw := bufio.NewWriterSize(w, 64<<10)
	f := &IIF{w: bw, a: newANSIWriter(bw), accounts: accounts, names: map[string]string{}, used: map[string]bool{}}
	f.row("!ACCNT", "NAME", "ACCNTTYPE", "ACCNUM", "DESC")
	for _, acc := range ledger.Accounts {
		m := accounts.Of(acc)
		f.row("ACCNT", iifText(m.Name, iifNameMax), iifAccountType(acc), iifText(m.Code, 7), iifText(acc.Name(), 200))
	}
	f.row("!CUST", "NAME", "BADDR1", "BADDR2", "BADDR3", "BADDR4", "BADDR5", "EMAIL", "PHONE1", "TERMS")
	return f
}

func (f *IIF) row(fields ...string) {
	f.a.WriteString(strings.Join(fields, "\t") + "\r\n")
}

// iifText is one field: flat, no double quotes (QuickBooks reads a quote
// as the start of a quoted field), at most n characters.
func iifText(s string, n int) string {
	s = strings.ReplaceAll(flatText(s), `"`, "'")
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n])
	}
	return s
}

// Customer lists a customer (before the first entry). Its NAME is its
// name, unless an earlier customer of the file has that name: then the
// code is added, so no two customers share a QuickBooks account.
func (f *IIF) Customer(c ledger.Customer) error {
	name := iifText(c.Name, iifNameMax)
	if f.used[strings.ToLower(name)] || name == "" {
		suffix := " (" + c.Code + ")"
		name = iifText(c.Name, max(iifNameMax-utf8.RuneCountInString(suffix), 0)) + suffix
		name = iifText(name, iifNameMax)
	}
	f.used[strings.ToLower(name)] = true
	f.names[c.Code] = name
	addr := strings.Split(strings.ReplaceAll(c.Address, "\r\n", "\n"), "\n")
	baddr := make([]string, 5)
	baddr[0] = iifText(c.Name, 41)
	for i, l := range addr {
		if i+1 < 5 {
			baddr[i+1] = iifText(l, 41)
		} else {
			baddr[4] = iifText(baddr[4]+", "+l, 41)
		}
	}
	terms := ""
	if c.TermsDays > 0 {
		terms = fmt.Sprintf("Net %d", c.TermsDays)
	}
	f.row(append(append([]string{"CUST", name}, baddr...), iifText(c.Email, 99), iifText(c.Phone, 21), terms)...)
	return f.a.err
}

// Entry writes one journal entry as a transaction.
func (f *IIF) Entry(lines []ledger.JournalLine) error {
	if len(lines) == 0 {
		return nil
	}
	cur := lines[0].Amount.Currency
	if f.currency == "" {
		f.currency = cur
	}
	for _, l := range lines {
		if l.Amount.Currency != f.currency {
			return ledger.Errorf(ledger.EINVALID, "the period has postings in %s and %s, and an IIF file has no currency: export each currency on its own (--currency %s, then --currency %s)",
				f.currency, l.Amount.Currency, f.currency, l.Amount.Currency)
		}
	}
	if !f.begun {
		f.begun = true
		f.row("!TRNS", "TRNSID", "TRNSTYPE", "DATE", "ACCNT", "NAME", "AMOUNT", "DOCNUM", "MEMO")
		f.row("!SPL", "SPLID", "TRNSTYPE", "DATE", "ACCNT", "NAME", "AMOUNT", "DOCNUM", "MEMO")
		f.row("!ENDTRNS")
	}
	typ, head := iifType(lines)
	customer := ""
	for _, l := range lines {
		if l.CustomerCode != "" {
			customer = f.name(l)
			break
		}
	}
	write := func(tag string, l ledger.JournalLine) {
		name := f.name(l)
		if tag == "TRNS" && name == "" {
			name = customer
		}
		f.row(tag, "", typ, l.Date.Format("01/02/2006"), iifText(f.accounts.Of(l.Account).Name, iifNameMax), name,
			l.Amount.Plain(), iifText(l.DocNumber, 21), iifText(l.Memo, 4000))
	}
	write("TRNS", lines[head])
	for i, l := range lines {
		if i != head {
			write("SPL", l)
		}
	}
	f.row("ENDTRNS")
	f.entries++
	f.postings += len(lines)
	return f.a.err
}

// name is the NAME of a line's customer ("" for a line of no customer).
func (f *IIF) name(l ledger.JournalLine) string {
	if l.CustomerCode == "" {
		return ""
	}
	if n, ok := f.names[l.CustomerCode]; ok {
		return n
	}
	return iifText(l.CustomerName, iifNameMax)
}

// iifType is the transaction type of an entry and which of its lines is
// the TRNS line.
func iifType(lines []ledger.JournalLine) (string, int) {
	find := func(acc ledger.Account) int {
		for i, l := range lines {
			if l.Account == acc {
				return i
			}
		}
		return -1
	}
	switch {
	case lines[0].EntryKind == "issue" && lines[0].DocKind.Receivable():
		if i := find(ledger.AccReceivable); i >= 0 {
			return "INVOICE", i
		}
	case lines[0].EntryKind == "issue" && lines[0].DocKind == ledger.KindCreditNote:
		if i := find(ledger.AccReceivable); i >= 0 {
			return "CREDIT MEMO", i
		}
	case lines[0].EntryKind == "payment":
		if i := find(ledger.AccBank); i >= 0 {
			return "PAYMENT", i
		}
	}
	return "GENERAL JOURNAL", 0
}

// Close flushes the file and says how many transactions and postings it
// holds.
func (f *IIF) Close() (entries, postings int, err error) {
	if f.a.err != nil {
		return f.entries, f.postings, fmt.Errorf("write iif: %w", f.a.err)
	}
	if err := f.w.Flush(); err != nil {
		return f.entries, f.postings, fmt.Errorf("write iif: %w", err)
	}
	return f.entries, f.postings, nil
}
