package gnucash

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// GnuCash's XML (the file format with <gnc-v2> at its root): the book's
// objects follow one another under <gnc:book>; each is decoded whole.
// Element names are matched by their local part (cust:name is "name").

type xCmdty struct {
	Space string `xml:"space"`
	ID    string `xml:"id"`
}

type xSlot struct {
	Key   string `xml:"key"`
	Value struct {
		Type  string  `xml:"type,attr"`
		Text  string  `xml:",chardata"`
		Date  string  `xml:"date"`
		Slots []xSlot `xml:"slot"`
	} `xml:"value"`
}

// slotValue finds the slot at path ("gncOwner/owner-guid") in slots.
func slotValue(slots []xSlot, path string) (string, string, bool) {
	key, rest, nested := strings.Cut(path, "/")
	for _, s := range slots {
		if s.Key != key {
			continue
		}
		if nested {
			return slotValue(s.Value.Slots, rest)
		}
		if s.Value.Type == "timespec" || s.Value.Type == "gdate" {
			return strings.TrimSpace(s.Value.Date), s.Value.Type, true
		}
		return strings.TrimSpace(s.Value.Text), s.Value.Type, true
	}
	return "", "", false
}

type xAccount struct {
	Name   string `xml:"name"`
	ID     string `xml:"id"`
	Type   string `xml:"type"`
	Cmdty  xCmdty `xml:"commodity"`
	Lots   []xLot `xml:"lots>lot"`
	Parent string `xml:"parent"`
}

type xLot struct {
	ID    string  `xml:"id"`
	Slots []xSlot `xml:"slots>slot"`
}

type xTransaction struct {
	ID          string   `xml:"id"`
	Currency    xCmdty   `xml:"currency"`
	Num         string   `xml:"num"`
	Posted      string   `xml:"date-posted>date"`
	Description string   `xml:"description"`
	Slots       []xSlot  `xml:"slots>slot"`
	Splits      []xSplit `xml:"splits>split"`
}

type xSplit struct {
	ID       string `xml:"id"`
	Memo     string `xml:"memo"`
	Action   string `xml:"action"`
	Value    string `xml:"value"`
	Quantity string `xml:"quantity"`
	Account  string `xml:"account"`
	Lot      string `xml:"lot"`
}

type xCustomer struct {
	GUID string `xml:"guid"`
	Name string `xml:"name"`
	ID   string `xml:"id"`
	Addr struct {
		Name  string `xml:"name"`
		Addr1 string `xml:"addr1"`
		Addr2 string `xml:"addr2"`
		Addr3 string `xml:"addr3"`
		Addr4 string `xml:"addr4"`
		Phone string `xml:"phone"`
		Email string `xml:"email"`
	} `xml:"addr"`
	Terms    string `xml:"terms"`
	Active   string `xml:"active"`
	Notes    string `xml:"notes"`
	Currency xCmdty `xml:"currency"`
}

type xInvoice struct {
	GUID  string `xml:"guid"`
	ID    string `xml:"id"`
	Owner struct {
		Type string `xml:"type"`
		ID   string `xml:"id"`
	} `xml:"owner"`
	Opened    string  `xml:"opened>date"`
	Posted    string  `xml:"posted>date"`
	Terms     string  `xml:"terms"`
	Active    string  `xml:"active"`
	PostTxn   string  `xml:"posttxn"`
	PostLot   string  `xml:"postlot"`
	PostAcc   string  `xml:"postacc"`
	Currency  xCmdty  `xml:"currency"`
	Notes     string  `xml:"notes"`
	BillingID string  `xml:"billing_id"`
	Slots     []xSlot `xml:"slots>slot"`
}

type xEntry struct {
	GUID        string `xml:"guid"`
	Date        string `xml:"date>date"`
	Description string `xml:"description"`
	Qty         string `xml:"qty"`
	Price       string `xml:"i-price"`
	Discount    string `xml:"i-discount"`
	Invoice     string `xml:"invoice"`
	DiscType    string `xml:"i-disc-type"`
	DiscHow     string `xml:"i-disc-how"`
	Taxable     string `xml:"i-taxable"`
	TaxIncluded string `xml:"i-taxincluded"`
	TaxTable    string `xml:"i-taxtable"`
}

type xTaxTable struct {
	GUID    string `xml:"guid"`
	Name    string `xml:"name"`
	Entries []struct {
		Amount string `xml:"amount"`
		Type   string `xml:"type"`
	} `xml:"entries>GncTaxTableEntry"`
}

type xJob struct {
	GUID  string `xml:"guid"`
	ID    string `xml:"id"`
	Name  string `xml:"name"`
	Owner struct {
		Type string `xml:"type"`
		ID   string `xml:"id"`
	} `xml:"owner"`
}

type xBillTerm struct {
	GUID string `xml:"guid"`
	Name string `xml:"name"`
	Days *struct {
		DueDays int `xml:"due-days"`
	} `xml:"days"`
	Proximo *struct {
		DueDay int `xml:"due-day"`
		Cutoff int `xml:"cutoff-day"`
	} `xml:"proximo"`
}

func xmlTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02 15:04:05 -0700", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a GnuCash date", s)
	}
	return t.UTC(), nil
}

func xmlRat(s string) (Rational, error) {
	if strings.TrimSpace(s) == "" {
		return Rational{0, 1}, nil
	}
	return ParseRational(s)
}

// readXML reads GnuCash's XML from r.
func readXML(r io.Reader) (*Book, error) {
	b := &Book{Format: "XML", Accounts: map[string]*Account{}, Terms: map[string]*Term{},
		TaxTables: map[string]*TaxTable{}, Lots: map[string]*Lot{}, Jobs: map[string]*Job{}}
	dec := xml.NewDecoder(r)
	root := false
	byGUID := map[string]*Invoice{}
	var entries []*Entry
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not GnuCash XML: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !root {
			if se.Name.Local != "gnc-v2" {
				return nil, fmt.Errorf("an XML file but not a GnuCash book (its root is <%s>, not <gnc-v2>)", se.Name.Local)
			}
			root = true
			continue
		}
		if !strings.HasSuffix(se.Name.Space, "/gnc") && se.Name.Space != "gnc" {
			continue
		}
		var derr error
		switch se.Name.Local {
		case "account":
			var x xAccount
			if derr = dec.DecodeElement(&x, &se); derr == nil {
				b.Accounts[x.ID] = &Account{GUID: x.ID, Name: x.Name, Type: x.Type, Currency: x.Cmdty.ID}
				for _, xl := range x.Lots {
					l := &Lot{GUID: xl.ID, Account: x.ID}
					l.Invoice, _, _ = slotValue(xl.Slots, "gncInvoice/invoice-guid")
					l.Owner, _, _ = slotValue(xl.Slots, "gncOwner/owner-guid")
					if ot, _, ok := slotValue(xl.Slots, "gncOwner/owner-type"); ok {
						n, _ := strconv.Atoi(ot)
						l.OwnerType = map[int]string{2: "gncCustomer", 3: "gncJob", 4: "gncVendor", 5: "gncEmployee"}[n]
					}
					b.Lots[l.GUID] = l
				}
			}
		case "transaction":
			var x xTransaction
			if derr = dec.DecodeElement(&x, &se); derr == nil {
				t := &Transaction{GUID: x.ID, Currency: x.Currency.ID, Num: x.Num, Description: x.Description}
				if t.Posted, derr = xmlTime(x.Posted); derr != nil {
					break
				}
				t.Type, _, _ = slotValue(x.Slots, "trans-txn-type")
				if due, _, ok := slotValue(x.Slots, "trans-date-due"); ok {
					if t.Due, derr = xmlTime(due); derr != nil {
						break
					}
				}
				for _, xs := range x.Splits {
					s := &Split{GUID: xs.ID, Account: xs.Account, Lot: xs.Lot, Memo: xs.Memo, Action: xs.Action}
					if s.Value, derr = xmlRat(xs.Value); derr != nil {
						break
					}
					if s.Quantity, derr = xmlRat(xs.Quantity); derr != nil {
						break
					}
					t.Splits = append(t.Splits, s)
				}
				b.Transactions = append(b.Transactions, t)
			}
		case "GncCustomer":
			var x xCustomer
			if derr = dec.DecodeElement(&x, &se); derr == nil {
				c := &Customer{GUID: x.GUID, ID: x.ID, Name: x.Name, Currency: x.Currency.ID, Terms: x.Terms, Active: x.Active == "1",
					Notes: x.Notes, AddrName: x.Addr.Name, Phone: x.Addr.Phone, Email: x.Addr.Email}
				for _, l := range []string{x.Addr.Addr1, x.Addr.Addr2, x.Addr.Addr3, x.Addr.Addr4} {
					if l != "" {
						c.Addr = append(c.Addr, l)
					}
				}
				b.Customers = append(b.Customers, c)
			}
		case "GncInvoice":
			var x xInvoice
			if derr = dec.DecodeElement(&x, &se); derr == nil {
				in := &Invoice{GUID: x.GUID, ID: x.ID, Currency: x.Currency.ID, Notes: x.Notes, BillingID: x.BillingID,
					OwnerType: x.Owner.Type, Owner: x.Owner.ID, Terms: x.Terms, Active: x.Active == "1",
					PostTxn: x.PostTxn, PostLot: x.PostLot, PostAcc: x.PostAcc}
				cn, _, _ := slotValue(x.Slots, "credit-note")
				in.CreditNote = cn != "" && cn != "0"
				if in.Opened, derr = xmlTime(x.Opened); derr != nil {
					break
				}
				if in.Posted, derr = xmlTime(x.Posted); derr != nil {
					break
				}
				if in.PostTxn == "" {
					in.Posted = time.Time{}
				}
				b.Invoices = append(b.Invoices, in)
				byGUID[in.GUID] = in
			}
		case "GncEntry":
			var x xEntry
			if derr = dec.DecodeElement(&x, &se); derr == nil && x.Invoice != "" {
				e := &Entry{GUID: x.GUID, Invoice: x.Invoice, Description: x.Description, DiscType: x.DiscType, DiscHow: x.DiscHow,
					Taxable: x.Taxable == "1", TaxIncluded: x.TaxIncluded == "1", TaxTable: x.TaxTable}
				if e.Date, derr = xmlTime(x.Date); derr != nil {
					break
				}
				for _, f := range []struct {
					s string
					r *Rational
				}{{x.Qty, &e.Quantity}, {x.Price, &e.Price}, {x.Discount, &e.Discount}} {
					if *f.r, derr = xmlRat(f.s); derr != nil {
						break
					}
				}
				entries = append(entries, e)
			}
		case "GncTaxTable":
			var x xTaxTable
			if derr = dec.DecodeElement(&x, &se); derr == nil {
				t := &TaxTable{GUID: x.GUID, Name: x.Name}
				for _, xe := range x.Entries {
					var a Rational
					if a, derr = xmlRat(xe.Amount); derr != nil {
						break
					}
					t.Entries = append(t.Entries, TaxEntry{Amount: a, Percent: xe.Type == "PERCENT"})
				}
				b.TaxTables[t.GUID] = t
			}
		case "GncJob":
			var x xJob
			if derr = dec.DecodeElement(&x, &se); derr == nil {
				b.Jobs[x.GUID] = &Job{GUID: x.GUID, ID: x.ID, Name: x.Name, OwnerType: x.Owner.Type, Owner: x.Owner.ID}
			}
		case "GncBillTerm":
			var x xBillTerm
			if derr = dec.DecodeElement(&x, &se); derr == nil {
				t := &Term{GUID: x.GUID, Name: x.Name, Type: "GNC_TERM_TYPE_PROXIMO"}
				if x.Days != nil {
					t.Type, t.DueDays = "GNC_TERM_TYPE_DAYS", x.Days.DueDays
				} else if x.Proximo != nil {
					t.DueDays, t.Cutoff = x.Proximo.DueDay, x.Proximo.Cutoff
				}
				b.Terms[t.GUID] = t
			}
		}
		if derr != nil {
			line, _ := dec.InputPos()
			return nil, fmt.Errorf("line %d: <%s>: %w", line, se.Name.Local, derr)
		}
	}
	if !root {
		return nil, fmt.Errorf("an empty file, not a GnuCash book")
	}
	for _, e := range entries {
		if in := byGUID[e.Invoice]; in != nil {
			in.Entries = append(in.Entries, e)
		}
	}
	return b, nil
}
