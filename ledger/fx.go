package ledger

import (
	"database/sql"
	"errors"
	"fmt"
	"math/big"
)

// Booked rates and realized exchange differences (migration 0020).
//
// Each currency keeps its own books: a document's postings are in its
// currency, and 1100 equals the open items currency by currency. The home
// currency (business.currency) sees them through rates. A document in
// another currency keeps its booked rate, the rate to the home currency
// on its date (documents.booked_rate). When a payment, credit note or
// write-off settles an invoice, the settled amount is worth one thing at
// the invoice's booked rate and another at the credit's: the difference
// is realized, and posted in the same transaction as the allocation, in
// the home currency, to its own account:
//
//	gain: Dr 1190 Exchange differences on receivables, Cr 4950 Exchange differences
//	loss: Dr 4950, Cr 1190
//
// 1190 holds the home-currency side of the receivables' differences, so
// 1100 stays equal to the open items in each currency; 4950 is the
// result. Each allocation keeps its difference (allocations.fx), and a
// void that undoes the allocation posts it back. Each side is converted
// once (Convert: half away from zero) and the difference taken of the two
// rounded amounts, so the home amounts of a settled invoice add up.
//
// A currency the rate table has no rate of at all is not followed in the
// home currency: its documents book no rate and realize nothing (a ledger
// that never uses rates posts as it always did). Once a currency has
// rates, a document of it dated before its first rate is refused at the
// allocation, naming currency and date: never a silent 1.
//
// Booked rates are stored when the document is posted if the table has
// the rate then; a document posted before its rate was entered (or before
// migration 0020) gets it the first time it is needed, from the table as
// it is then: at an allocation (stored), or by paidup fx (read only).

const (
	AccFXAdjust Account = 1190 // the receivables' exchange differences, in the home currency
	AccFXResult Account = 4950 // realized exchange gains (credit) and losses (debit)
)

// homeCurrency is business.currency ("" when unset).
func (t *tx) homeCurrency() (string, error) {
	var v string
	err := t.queryRow(`SELECT value FROM settings WHERE key = 'business.currency'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// bookedRate is d's booked rate, and whether d's currency is followed in
// the home currency at all (false: the home currency itself, no home
// currency set, or a currency with no rates). A rate not yet stored is
// looked up on d's date and stored.
func (t *tx) bookedRate(d *docRow, home string) (*big.Rat, bool, error) {
	if home == "" || d.currency == home {
		return nil, false, nil
	}
	var booked sql.NullString
	if err := t.queryRow(`SELECT booked_rate FROM documents WHERE id = ?`, d.id).Scan(&booked); err != nil {
		return nil, false, fmt.Errorf("booked rate of %s: %w", docRef(d.kind, d.number), err)
	}
	if booked.Valid {
		v, err := parseRate(booked.String)
		if err != nil {
			return nil, false, Errorf(EINVALID, "stored booked rate of %s: %v", docRef(d.kind, d.number), err)
		}
		return v, true, nil
	}
	var value string
	err := t.queryRow(`SELECT rate FROM exchange_rates WHERE currency = ? AND date <= ? ORDER BY date DESC LIMIT 1`, d.currency, d.date).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		var any int
		err := t.queryRow(`SELECT COUNT(*) FROM (SELECT 1 FROM exchange_rates WHERE currency = ? LIMIT 1) x`, d.currency).Scan(&any)
		if err != nil || any == 0 {
			return nil, false, err
		}
		return nil, false, Errorf(ENOTFOUND, "no exchange rate from %s to %s on or before %s (the booked rate of %s): add one (paidup rates set %s %s RATE) or import the ECB's file",
			d.currency, home, d.date, docRef(d.kind, d.number), d.currency, d.date)
	}
	if err != nil {
		return nil, false, fmt.Errorf("rate of %s on %s: %w", d.currency, d.date, err)
	}
	v, err := parseRate(value)
	if err != nil {
		return nil, false, Errorf(EINVALID, "stored rate of %s on or before %s: %v", d.currency, d.date, err)
	}
	if _, err := t.exec(`UPDATE documents SET booked_rate = ? WHERE id = ?`, Rate{Value: v}.String(), d.id); err != nil {
		return nil, false, fmt.Errorf("book the rate of %s: %w", docRef(d.kind, d.number), err)
	}
	return v, true, nil
}

// bookRate stores d's booked rate when it is posted, if the table has it
// (a missing one waits until it is needed).
func (t *tx) bookRate(d *docRow) error {
	home, err := t.homeCurrency()
	if err != nil || home == "" || d.currency == home {
		return err
	}
	_, _, err = t.bookedRate(d, home)
	var e *Error
	if errors.As(err, &e) && e.Code == ENOTFOUND {
		return nil
	}
	return err
}

// allocationFX is the realized difference, in home minor units, of amount
// of invoice inv settled by credit: the amount at the credit's booked rate
// less the amount at the invoice's.
func (t *tx) allocationFX(credit, inv *docRow, amount int64) (int64, error) {
	home, err := t.homeCurrency()
	if err != nil || home == "" || credit.currency == home {
		return 0, err
	}
	rc, ok, err := t.bookedRate(credit, home)
	if err != nil || !ok {
		return 0, err
	}
	ri, ok, err := t.bookedRate(inv, home)
	if err != nil || !ok {
		return 0, err
	}
	m := NewMoney(amount, credit.currency)
	at, err := Convert(m, Rate{Value: rc}, home)
	if err != nil {
		return 0, err
	}
	was, err := Convert(m, Rate{Value: ri}, home)
	if err != nil {
		return 0, err
	}
	return at.Minor - was.Minor, nil
}

// postFX posts the realized difference fx of document d (positive: a
// gain), dated date, in the home currency.
func (t *tx) postFX(d *docRow, fx int64, date string, memo string) error {
	if fx == 0 {
		return nil
	}
	home, err := t.homeCurrency()
	if err != nil {
		return err
	}
	if home == "" {
		return Errorf(EINVALID, "no home currency: set business.currency first")
	}
	var b entryBuilder
	b.debit(AccFXAdjust, 0, fx)
	b.credit(AccFXResult, 0, fx)
	day, err := storedDate("date", date)
	if err != nil {
		return err
	}
	return t.post(day, d.id, "fx", memo, home, &b)
}
