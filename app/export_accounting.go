package app

import (
	"context"
	"io"
	"math/big"
	"strconv"
	"strings"
	"time"

	"paidup/ledger"
	"paidup/reports"
)

// The accountant's exports besides the general journal: QuickBooks
// Desktop IIF, DATEV's Buchungsstapel and Xero's import files. Each reads
// its period in one snapshot (ledger.Store.Export) and streams: the
// 1M-invoice ledger's year goes through without being held in memory.

// homeRates converts amounts to the home currency at the rate of their
// day, looking each currency's rate up once a day.
type homeRates struct {
	a     *App
	ctx   context.Context
	home  string
	rates map[homeRateKey]ledger.Rate
}

type homeRateKey struct {
	cur string
	day time.Time
}

func (a *App) homeRates(ctx context.Context) (*homeRates, error) {
	cur, err := a.Setting(ctx, "business.currency", "")
	if err != nil {
		return nil, err
	}
	if cur == "" {
		return nil, ledger.Errorf(ledger.EINVALID, "no home currency: set business.currency first")
	}
	return &homeRates{a: a, ctx: ctx, home: cur, rates: map[homeRateKey]ledger.Rate{}}, nil
}

// convert is m in the home currency at the rate of day, and that rate.
func (h *homeRates) convert(m ledger.Money, day time.Time) (ledger.Money, ledger.Rate, error) {
	k := homeRateKey{m.Currency, day}
	r, ok := h.rates[k]
	if !ok {
		var err error
		if r, err = h.a.RateOn(h.ctx, k.cur, k.day); err != nil {
			return ledger.Money{}, ledger.Rate{}, err
		}
		h.rates[k] = r
	}
	v, err := ledger.Convert(m, r, h.home)
	return v, r, err
}

// ExportCounts says what an export wrote.
type ExportCounts struct {
	Entries  int // journal entries (IIF transactions) or documents (Xero)
	Postings int // postings carried
	Rows     int // DATEV bookings, Xero invoice rows
	Payments int // Xero payments
}

// ExportIIF writes the period's journal as a QuickBooks Desktop IIF file
// (reports.IIF): accounts, customers, every entry a transaction. IIF has
// no currency: a period of several needs p.Currency.
func (a *App) ExportIIF(ctx context.Context, w io.Writer, p ledger.ExportPeriod) (ExportCounts, error) {
	accounts, err := a.AccountMap(ctx)
	if err != nil {
		return ExportCounts{}, err
	}
	var c ExportCounts
	err = a.Export(ctx, p, func(x *ledger.ExportReader) error {
		f := reports.NewIIF(w, accounts)
		if err := x.EachCustomer(f.Customer); err != nil {
			return err
		}
		if err := x.EachEntry(f.Entry); err != nil {
			return err
		}
		var err error
		c.Entries, c.Postings, err = f.Close()
		return err
	})
	return c, err
}

// ExportDATEV writes the period's journal as DATEV's Buchungsstapel
// (reports.DATEV). The period lies in one fiscal year (datev.
// fiscal_year_start), as DATEV requires; the consultant and client
// numbers come from datev.consultant and datev.client.
func (a *App) ExportDATEV(ctx context.Context, w io.Writer, p ledger.ExportPeriod) (ExportCounts, error) {
	accounts, err := a.AccountMap(ctx)
	if err != nil {
		return ExportCounts{}, err
	}
	num := func(key string, def int) (int, error) {
		v, err := a.Setting(ctx, key, "")
		if err != nil || v == "" {
			return def, err
		}
		return strconv.Atoi(v)
	}
	h := reports.DATEVHeader{Created: a.Now(), From: p.From, To: p.To, Accounts: accounts}
	if h.Consultant, err = num("datev.consultant", 0); err != nil {
		return ExportCounts{}, err
	}
	if h.Client, err = num("datev.client", 0); err != nil {
		return ExportCounts{}, err
	}
	if h.Consultant == 0 || h.Client == 0 {
		return ExportCounts{}, ledger.Errorf(ledger.EINVALID, "DATEV needs the consultant's and the client's numbers: paidup settings set datev.consultant NUMBER, and datev.client NUMBER")
	}
	if h.AccountLength, err = num("datev.account_length", 4); err != nil {
		return ExportCounts{}, err
	}
	month, err := num("datev.fiscal_year_start", 1)
	if err != nil {
		return ExportCounts{}, err
	}
	h.FiscalStart = FiscalYearStart(p.From, month)
	if next := h.FiscalStart.AddDate(1, 0, 0); !p.To.Before(next) {
		return ExportCounts{}, ledger.Errorf(ledger.EINVALID, "DATEV takes one fiscal year a file: the period crosses into the year starting %s; export up to %s, then from %s",
			next.Format(ledger.DateLayout), next.AddDate(0, 0, -1).Format(ledger.DateLayout), next.Format(ledger.DateLayout))
	}
	if h.Currency, err = a.Setting(ctx, "business.currency", ""); err != nil {
		return ExportCounts{}, err
	}
	var conv func(ledger.Money, time.Time) (ledger.Money, *big.Rat, error)
	if h.Currency == "" {
		h.Currency = "EUR"
	} else {
		rates, err := a.homeRates(ctx)
		if err != nil {
			return ExportCounts{}, err
		}
		conv = func(m ledger.Money, day time.Time) (ledger.Money, *big.Rat, error) {
			v, r, err := rates.convert(m, day)
			return v, r.Value, err
		}
	}
	h.Label = "Paidup " + p.From.Format(ledger.DateLayout) + " to " + p.To.Format(ledger.DateLayout)
	var c ExportCounts
	err = a.Export(ctx, p, func(x *ledger.ExportReader) error {
		d := reports.NewDATEV(w, h, conv)
		if err := x.EachEntry(d.Entry); err != nil {
			return err
		}
		var err error
		c.Rows, c.Postings, err = d.Close()
		return err
	})
	return c, err
}

// FiscalYearStart is the first day of the fiscal year, starting in month,
// that holds day.
func FiscalYearStart(day time.Time, month int) time.Time {
	y := day.Year()
	if int(day.Month()) < month {
		y--
	}
	return time.Date(y, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
}

// ExportXero writes the period's invoices, credit notes and write-offs in
// Xero's sales-invoice import template to invoices, and its payments as
// Xero bank statement lines to payments (reports.XeroInvoices).
func (a *App) ExportXero(ctx context.Context, invoices, payments io.Writer, p ledger.ExportPeriod) (ExportCounts, error) {
	accounts, err := a.AccountMap(ctx)
	if err != nil {
		return ExportCounts{}, err
	}
	tt, err := a.Setting(ctx, "xero.tax_types", "")
	if err != nil {
		return ExportCounts{}, err
	}
	taxTypes, err := ledger.ParseTaxTypes(tt)
	if err != nil {
		return ExportCounts{}, ledger.Errorf(ledger.EINVALID, "xero.tax_types: %v", err)
	}
	locale, err := a.Setting(ctx, "invoice.locale", "")
	if err != nil {
		return ExportCounts{}, err
	}
	layout := "02/01/2006"
	if strings.EqualFold(locale, "en-US") {
		layout = "01/02/2006"
	}
	var c ExportCounts
	err = a.Export(ctx, p, func(x *ledger.ExportReader) error {
		inv := reports.NewXeroInvoices(invoices, accounts, taxTypes, layout)
		pay := reports.NewXeroPayments(payments, layout)
		err := x.EachDocument(func(d *ledger.ExportDoc) error {
			if err := inv.Document(d); err != nil {
				return err
			}
			return pay.Document(d)
		})
		if err != nil {
			return err
		}
		if c.Entries, c.Rows, err = inv.Close(); err != nil {
			return err
		}
		c.Payments, err = pay.Close()
		return err
	})
	return c, err
}

// ExportFileName is the default file of a period's export: "IIF 2026-01-01
// to 2026-12-31.iif".
func ExportFileName(label, ext string, from, to time.Time) string {
	return label + " " + ledger.Day(from).Format(ledger.DateLayout) + " to " + ledger.Day(to).Format(ledger.DateLayout) + ext
}
