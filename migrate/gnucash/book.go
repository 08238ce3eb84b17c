// Package gnucash reads a GnuCash book, in either of its file formats
// (SQLite, and XML plain or gzipped), into one model of what a
// receivables ledger needs of it: customers, bill terms, tax tables,
// invoices and credit notes with their entries, and the transactions,
// splits and lots of the receivable accounts. It reads only; mapping the
// model onto Paidup is app/migrate_gnucash.go's job.
package gnucash

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"sort"
	"time"
)

// Book is what was read of a GnuCash book.
type Book struct {
	Path         string
	Format       string // "SQLite" or "XML"
	Accounts     map[string]*Account
	Customers    []*Customer
	Terms        map[string]*Term
	TaxTables    map[string]*TaxTable
	Invoices     []*Invoice
	Transactions []*Transaction
	Lots         map[string]*Lot
	Jobs         map[string]*Job
}

// Job is a customer's (or a vendor's) job: invoices may be billed to it.
type Job struct {
	GUID, ID, Name   string
	OwnerType, Owner string
}

// CustomerOf is the GUID of the customer an owner is, or whose job it is;
// "" for a vendor, an employee or an owner not in the book.
func (b *Book) CustomerOf(ownerType, guid string) string {
	switch ownerType {
	case "gncCustomer":
		return guid
	case "gncJob":
		if j := b.Jobs[guid]; j != nil && j.OwnerType == "gncCustomer" {
			return j.Owner
		}
	}
	return ""
}

// Account is an account of the book.
type Account struct {
	GUID, Name, Type string // Type as GnuCash names it: RECEIVABLE, BANK…
	Currency         string // its commodity's mnemonic
}

// Customer is a GnuCash customer.
type Customer struct {
	GUID, ID, Name, Currency string
	Terms                    string // a bill term's GUID, or ""
	Active                   bool
	Notes                    string
	AddrName                 string
	Addr                     []string // the address lines, empty ones left out
	Phone, Email             string
}

// Term is a bill term: due DueDays after the invoice is posted when Type
// is GNC_TERM_TYPE_DAYS; when GNC_TERM_TYPE_PROXIMO, due on day DueDays
// of the next month, or of the month after for an invoice posted after
// day Cutoff (GnuCash keeps both kinds' day in the same column).
type Term struct {
	GUID, Name, Type string
	DueDays, Cutoff  int
}

// TaxTable is a named tax table.
type TaxTable struct {
	GUID, Name string
	Entries    []TaxEntry
}

// TaxEntry is one tax of a table: a percentage, or a fixed value.
type TaxEntry struct {
	Amount  Rational
	Percent bool
}

// Invoice is an invoice or, with CreditNote, a credit note. Posted is
// zero while it is a draft.
type Invoice struct {
	GUID, ID, Currency, Notes, BillingID string
	OwnerType                            string // "gncCustomer", "gncVendor", "gncEmployee", "gncJob"
	Owner                                string
	Opened, Posted                       time.Time
	Terms                                string
	Active, CreditNote                   bool
	PostTxn, PostLot, PostAcc            string
	Entries                              []*Entry
}

// Entry is a line of an invoice (its invoice side: i_…).
type Entry struct {
	GUID, Invoice, Description string
	Date                       time.Time
	Quantity, Price, Discount  Rational
	DiscType, DiscHow          string // PERCENT or VALUE; PRETAX, SAMETIME or POSTTAX
	Taxable, TaxIncluded       bool
	TaxTable                   string
}

// Transaction is a transaction with its splits. Type is GnuCash's
// trans-txn-type: I(nvoice), P(ayment), L(ink) or "".
type Transaction struct {
	GUID, Currency, Num, Description, Type string
	Posted, Due                            time.Time
	Splits                                 []*Split
}

// Split is one split of a transaction.
type Split struct {
	GUID, Account, Lot, Memo, Action string
	Value, Quantity                  Rational
}

// Lot is a lot of a receivable account: an invoice's (Invoice set) or a
// payment's (Owner set).
type Lot struct {
	GUID, Account, Invoice, Owner, OwnerType string
}

// Open reads the book at path, telling the formats apart by their first
// bytes: SQLite's header, gzip's, or XML.
func Open(path string) (*Book, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	f.Close()
	head = head[:n]
	var b *Book
	switch {
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		b, err = readSQLite(path)
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		b, err = readXMLFile(path, true)
	case bytes.Contains(head, []byte("<?xml")) || bytes.Contains(head, []byte("<gnc-v2")):
		b, err = readXMLFile(path, false)
	default:
		return nil, fmt.Errorf("%s is not a GnuCash book: neither SQLite nor XML (plain or gzipped)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the GnuCash book %s: %w", path, err)
	}
	b.Path = path
	b.sort()
	return b, nil
}

// sort puts the book in one order whatever its format: customers and
// invoices by their IDs, transactions by date (then number, then GUID).
func (b *Book) sort() {
	sort.SliceStable(b.Customers, func(i, j int) bool { return b.Customers[i].ID < b.Customers[j].ID })
	sort.SliceStable(b.Invoices, func(i, j int) bool { return b.Invoices[i].ID < b.Invoices[j].ID })
	sort.SliceStable(b.Transactions, func(i, j int) bool {
		x, y := b.Transactions[i], b.Transactions[j]
		if !x.Posted.Equal(y.Posted) {
			return x.Posted.Before(y.Posted)
		}
		if x.Num != y.Num {
			return x.Num < y.Num
		}
		return x.GUID < y.GUID
	})
}

func readXMLFile(path string, gz bool) (*Book, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if gz {
		z, err := gzip.NewReader(f)
		if err != nil {
			return nil, err
		}
		defer z.Close()
		r = z
	}
	return readXML(r)
}

// Invoice returns the invoice with that GUID, or nil.
func (b *Book) Invoice(guid string) *Invoice {
	for _, in := range b.Invoices {
		if in.GUID == guid {
			return in
		}
	}
	return nil
}
