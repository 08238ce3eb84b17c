package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"paidup/ledger"
)

// JournalCSV writes the general journal for an accountant, a posting a
// row as the ledger streams them: date, entry, entry kind, document,
// account and its name, debit, credit, currency, customer, memo. Text
// that a spreadsheet would take for a formula is neutralised (SafeText).
type JournalCSV struct {
	cw   *csv.Writer
	rows int
	// home, when set, adds the posting in the home currency at the rate
	// of its date (home_amount, debit positive).
	home func(l ledger.JournalLine) (ledger.Money, error)
}

// NewJournalCSV writes the header; with home, a home_amount column too.
func NewJournalCSV(w io.Writer, home func(ledger.JournalLine) (ledger.Money, error)) *JournalCSV {
	j := &JournalCSV{cw: csv.NewWriter(w), home: home}
	h := []string{"date", "entry", "entry_kind", "document_kind", "document", "line", "account", "account_name",
		"debit", "credit", "currency", "customer_code", "customer_name", "memo"}
	if home != nil {
		h = append(h, "home_amount", "home_currency")
	}
	j.cw.Write(h)
	return j
}

// Line writes one posting: a debit or a credit, never both.
func (j *JournalCSV) Line(l ledger.JournalLine) error {
	debit, credit := "", ""
	if l.Amount.Minor >= 0 {
		debit = l.Amount.Plain()
	} else {
		credit = ledger.NewMoney(-l.Amount.Minor, l.Amount.Currency).Plain()
	}
	j.rows++
	rec := []string{l.Date.Format(ledger.DateLayout), strconv.FormatInt(l.EntryID, 10), l.EntryKind, string(l.DocKind),
		SafeText(l.DocNumber), strconv.Itoa(l.Line), strconv.Itoa(int(l.Account)), l.Account.Name(), debit, credit, l.Amount.Currency,
		SafeText(l.CustomerCode), SafeText(l.CustomerName), SafeText(l.Memo)}
	if j.home != nil {
		m, err := j.home(l)
		if err != nil {
			return err
		}
		rec = append(rec, m.Plain(), m.Currency)
	}
	return j.cw.Write(rec)
}

// Close flushes what is buffered and returns how many postings were
// written.
func (j *JournalCSV) Close() (int, error) {
	j.cw.Flush()
	if err := j.cw.Error(); err != nil {
		return j.rows, fmt.Errorf("write journal csv: %w", err)
	}
	return j.rows, nil
}
