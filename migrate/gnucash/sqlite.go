package gnucash

import (
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" driver, pure Go
)

// readSQLite reads a book saved in GnuCash's SQLite format, read-only and
// immutable: the file is left exactly as it was.
func readSQLite(path string) (*Book, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	u := url.URL{Scheme: "file", Path: abs, RawQuery: "mode=ro&immutable=1"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('customers','invoices','entries','splits','lots','slots','transactions','accounts','commodities')`).Scan(&n); err != nil {
		return nil, err
	}
	if n != 9 {
		return nil, fmt.Errorf("an SQLite file but not a GnuCash book (no customers, invoices, splits… tables)")
	}
	r := &sqliteReader{db: db, b: &Book{Format: "SQLite", Accounts: map[string]*Account{}, Terms: map[string]*Term{},
		TaxTables: map[string]*TaxTable{}, Lots: map[string]*Lot{}, Jobs: map[string]*Job{}}}
	for _, step := range []func() error{r.commodities, r.accounts, r.terms, r.taxTables, r.customers, r.invoices,
		r.entries, r.transactions, r.lots, r.jobs} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return r.b, nil
}

type sqliteReader struct {
	db   *sql.DB
	b    *Book
	curr map[string]string // commodity GUID → mnemonic
}

// each runs q and calls scan on every row.
func (r *sqliteReader) each(q string, scan func(*sql.Rows) error) error {
	rows, err := r.db.Query(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// sqlTime reads GnuCash's "YYYY-MM-DD HH:MM:SS" (UTC); empty is zero.
func sqlTime(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02 15:04:05", strings.TrimSpace(s.String), time.UTC)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a GnuCash date", s.String)
	}
	return t, nil
}

func rat(num, den sql.NullInt64) Rational {
	if !num.Valid || !den.Valid || den.Int64 == 0 {
		return Rational{0, 1}
	}
	return Rational{num.Int64, den.Int64}
}

func (r *sqliteReader) commodities() error {
	r.curr = map[string]string{}
	return r.each(`SELECT guid, mnemonic FROM commodities`, func(rows *sql.Rows) error {
		var g, m string
		if err := rows.Scan(&g, &m); err != nil {
			return err
		}
		r.curr[g] = m
		return nil
	})
}

func (r *sqliteReader) accounts() error {
	return r.each(`SELECT guid, name, account_type, COALESCE(commodity_guid, '') FROM accounts`, func(rows *sql.Rows) error {
		a := &Account{}
		var c string
		if err := rows.Scan(&a.GUID, &a.Name, &a.Type, &c); err != nil {
			return err
		}
		a.Currency = r.curr[c]
		r.b.Accounts[a.GUID] = a
		return nil
	})
}

func (r *sqliteReader) terms() error {
	return r.each(`SELECT guid, name, type, COALESCE(duedays, 0), COALESCE(cutoff, 0) FROM billterms`, func(rows *sql.Rows) error {
		t := &Term{}
		if err := rows.Scan(&t.GUID, &t.Name, &t.Type, &t.DueDays, &t.Cutoff); err != nil {
			return err
		}
		r.b.Terms[t.GUID] = t
		return nil
	})
}

func (r *sqliteReader) taxTables() error {
	if err := r.each(`SELECT guid, name FROM taxtables`, func(rows *sql.Rows) error {
		t := &TaxTable{}
		if err := rows.Scan(&t.GUID, &t.Name); err != nil {
			return err
		}
		r.b.TaxTables[t.GUID] = t
		return nil
	}); err != nil {
		return err
	}
	return r.each(`SELECT taxtable, amount_num, amount_denom, type FROM taxtable_entries ORDER BY id`, func(rows *sql.Rows) error {
		var g string
		var num, den sql.NullInt64
		var typ int
		if err := rows.Scan(&g, &num, &den, &typ); err != nil {
			return err
		}
		if t := r.b.TaxTables[g]; t != nil {
			// GncAmountType: 1 VALUE, 2 PERCENT.
			t.Entries = append(t.Entries, TaxEntry{Amount: rat(num, den), Percent: typ == 2})
		}
		return nil
	})
}

func (r *sqliteReader) customers() error {
	return r.each(`SELECT guid, id, name, COALESCE(currency, ''), COALESCE(terms, ''), active, COALESCE(notes, ''),
		COALESCE(addr_name, ''), COALESCE(addr_addr1, ''), COALESCE(addr_addr2, ''), COALESCE(addr_addr3, ''), COALESCE(addr_addr4, ''),
		COALESCE(addr_phone, ''), COALESCE(addr_email, '') FROM customers ORDER BY id`, func(rows *sql.Rows) error {
		c := &Customer{}
		var cur string
		var active int
		var a [4]string
		if err := rows.Scan(&c.GUID, &c.ID, &c.Name, &cur, &c.Terms, &active, &c.Notes, &c.AddrName, &a[0], &a[1], &a[2], &a[3], &c.Phone, &c.Email); err != nil {
			return err
		}
		c.Currency, c.Active = r.curr[cur], active != 0
		for _, l := range a {
			if l != "" {
				c.Addr = append(c.Addr, l)
			}
		}
		r.b.Customers = append(r.b.Customers, c)
		return nil
	})
}

func (r *sqliteReader) invoices() error {
	cn := map[string]bool{}
	if err := r.each(`SELECT obj_guid FROM slots WHERE name = 'credit-note' AND int64_val <> 0`, func(rows *sql.Rows) error {
		var g string
		if err := rows.Scan(&g); err != nil {
			return err
		}
		cn[g] = true
		return nil
	}); err != nil {
		return err
	}
	owners := map[int]string{2: "gncCustomer", 3: "gncJob", 4: "gncVendor", 5: "gncEmployee"}
	return r.each(`SELECT guid, id, date_opened, date_posted, COALESCE(notes, ''), active, COALESCE(currency, ''), COALESCE(owner_type, 0),
		COALESCE(owner_guid, ''), COALESCE(terms, ''), COALESCE(billing_id, ''), COALESCE(post_txn, ''), COALESCE(post_lot, ''), COALESCE(post_acc, '')
		FROM invoices ORDER BY id`, func(rows *sql.Rows) error {
		in := &Invoice{}
		var opened, posted sql.NullString
		var active, ot int
		var cur string
		if err := rows.Scan(&in.GUID, &in.ID, &opened, &posted, &in.Notes, &active, &cur, &ot, &in.Owner, &in.Terms, &in.BillingID,
			&in.PostTxn, &in.PostLot, &in.PostAcc); err != nil {
			return err
		}
		var err error
		if in.Opened, err = sqlTime(opened); err != nil {
			return err
		}
		if in.Posted, err = sqlTime(posted); err != nil {
			return err
		}
		if in.PostTxn == "" {
			in.Posted = time.Time{} // a draft: GnuCash leaves a date there
		}
		in.Active, in.Currency, in.OwnerType, in.CreditNote = active != 0, r.curr[cur], owners[ot], cn[in.GUID]
		r.b.Invoices = append(r.b.Invoices, in)
		return nil
	})
}

func (r *sqliteReader) entries() error {
	byGUID := map[string]*Invoice{}
	for _, in := range r.b.Invoices {
		byGUID[in.GUID] = in
	}
	return r.each(`SELECT guid, COALESCE(invoice, ''), date, COALESCE(description, ''), quantity_num, quantity_denom,
		i_price_num, i_price_denom, i_discount_num, i_discount_denom, COALESCE(i_disc_type, ''), COALESCE(i_disc_how, ''),
		COALESCE(i_taxable, 0), COALESCE(i_taxincluded, 0), COALESCE(i_taxtable, '')
		FROM entries WHERE invoice IS NOT NULL ORDER BY date_entered, guid`, func(rows *sql.Rows) error {
		e := &Entry{}
		var date sql.NullString
		var qn, qd, pn, pd, dn, dd sql.NullInt64
		var taxable, incl int
		if err := rows.Scan(&e.GUID, &e.Invoice, &date, &e.Description, &qn, &qd, &pn, &pd, &dn, &dd, &e.DiscType, &e.DiscHow,
			&taxable, &incl, &e.TaxTable); err != nil {
			return err
		}
		var err error
		if e.Date, err = sqlTime(date); err != nil {
			return err
		}
		e.Quantity, e.Price, e.Discount = rat(qn, qd), rat(pn, pd), rat(dn, dd)
		e.Taxable, e.TaxIncluded = taxable != 0, incl != 0
		if in := byGUID[e.Invoice]; in != nil {
			in.Entries = append(in.Entries, e)
		}
		return nil
	})
}

func (r *sqliteReader) transactions() error {
	byGUID := map[string]*Transaction{}
	if err := r.each(`SELECT guid, COALESCE(currency_guid, ''), COALESCE(num, ''), post_date, COALESCE(description, '') FROM transactions ORDER BY post_date, guid`, func(rows *sql.Rows) error {
		t := &Transaction{}
		var cur string
		var posted sql.NullString
		if err := rows.Scan(&t.GUID, &cur, &t.Num, &posted, &t.Description); err != nil {
			return err
		}
		var err error
		if t.Posted, err = sqlTime(posted); err != nil {
			return err
		}
		t.Currency = r.curr[cur]
		byGUID[t.GUID] = t
		r.b.Transactions = append(r.b.Transactions, t)
		return nil
	}); err != nil {
		return err
	}
	if err := r.each(`SELECT obj_guid, name, COALESCE(string_val, ''), timespec_val FROM slots WHERE name IN ('trans-txn-type', 'trans-date-due')`, func(rows *sql.Rows) error {
		var g, name, s string
		var ts sql.NullString
		if err := rows.Scan(&g, &name, &s, &ts); err != nil {
			return err
		}
		t := byGUID[g]
		if t == nil {
			return nil
		}
		if name == "trans-txn-type" {
			t.Type = s
			return nil
		}
		var err error
		t.Due, err = sqlTime(ts)
		return err
	}); err != nil {
		return err
	}
	return r.each(`SELECT guid, tx_guid, account_guid, COALESCE(memo, ''), COALESCE(action, ''), value_num, value_denom,
		quantity_num, quantity_denom, COALESCE(lot_guid, '') FROM splits ORDER BY tx_guid, guid`, func(rows *sql.Rows) error {
		s := &Split{}
		var tx string
		var vn, vd, qn, qd sql.NullInt64
		if err := rows.Scan(&s.GUID, &tx, &s.Account, &s.Memo, &s.Action, &vn, &vd, &qn, &qd, &s.Lot); err != nil {
			return err
		}
		s.Value, s.Quantity = rat(vn, vd), rat(qn, qd)
		if t := byGUID[tx]; t != nil {
			t.Splits = append(t.Splits, s)
		}
		return nil
	})
}

func (r *sqliteReader) lots() error {
	if err := r.each(`SELECT guid, COALESCE(account_guid, '') FROM lots`, func(rows *sql.Rows) error {
		l := &Lot{}
		if err := rows.Scan(&l.GUID, &l.Account); err != nil {
			return err
		}
		r.b.Lots[l.GUID] = l
		return nil
	}); err != nil {
		return err
	}
	// A lot's slots gncInvoice and gncOwner are frames: a slot of the lot
	// whose guid_val names the frame, whose own slots are keyed by path.
	return r.each(`SELECT f.obj_guid, s.name, COALESCE(s.guid_val, ''), COALESCE(s.int64_val, 0)
		FROM slots f JOIN slots s ON s.obj_guid = f.guid_val
		WHERE f.slot_type = 9 AND s.name IN ('gncInvoice/invoice-guid', 'gncOwner/owner-guid', 'gncOwner/owner-type')`, func(rows *sql.Rows) error {
		var g, name, gv string
		var iv int64
		if err := rows.Scan(&g, &name, &gv, &iv); err != nil {
			return err
		}
		l := r.b.Lots[g]
		if l == nil {
			return nil
		}
		switch name {
		case "gncInvoice/invoice-guid":
			l.Invoice = gv
		case "gncOwner/owner-guid":
			l.Owner = gv
		case "gncOwner/owner-type":
			l.OwnerType = map[int64]string{2: "gncCustomer", 3: "gncJob", 4: "gncVendor", 5: "gncEmployee"}[iv]
		}
		return nil
	})
}

func (r *sqliteReader) jobs() error {
	return r.each(`SELECT guid, id, name, COALESCE(owner_type, 0), COALESCE(owner_guid, '') FROM jobs`, func(rows *sql.Rows) error {
		j := &Job{}
		var ot int
		if err := rows.Scan(&j.GUID, &j.ID, &j.Name, &ot, &j.Owner); err != nil {
			return err
		}
		j.OwnerType = map[int]string{2: "gncCustomer", 3: "gncJob", 4: "gncVendor", 5: "gncEmployee"}[ot]
		r.b.Jobs[j.GUID] = j
		return nil
	})
}
