package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"paidup/app"
	"paidup/ledger"
	"paidup/reports"
)

// bankMappingFlags are the flags of `bank mapping set`: each sets one
// field of a CSV statement's column mapping.
type bankMappingFlags struct {
	fs *flag.FlagSet
	m  ledger.BankCSVMapping
}

func newBankMappingFlags(fs *flag.FlagSet) *bankMappingFlags {
	f := &bankMappingFlags{fs: fs}
	m := &f.m
	fs.StringVar(&m.Date, "date", "", "mapping set: the `COLUMN` (header or number from 1) holding the booking date")
	fs.StringVar(&m.DateFormat, "date-format", "", "mapping set: how dates are written, e.g. `DD.MM.YYYY`, YYYY-MM-DD, MM/DD/YYYY, DD.MM.YY")
	fs.StringVar(&m.Amount, "amount", "", "mapping set: the `COLUMN` holding the signed amount (money out negative)")
	fs.StringVar(&m.Credit, "credit", "", "mapping set: the `COLUMN` holding money in, when credit and debit are two columns")
	fs.StringVar(&m.Debit, "debit", "", "mapping set: the `COLUMN` holding money out")
	fs.BoolVar(&m.DecimalComma, "decimal-comma", false, "mapping set: amounts are written 1.234,56")
	fs.StringVar(&m.Currency, "currency", "", "mapping set: every line's `CODE` (EUR)")
	fs.StringVar(&m.CurrencyCol, "currency-column", "", "mapping set: the `COLUMN` holding each line's currency")
	fs.StringVar(&m.Counterparty, "counterparty", "", "mapping set: the `COLUMN` holding the payer's (or payee's) name")
	fs.StringVar(&m.IBAN, "iban", "", "mapping set: the `COLUMN` holding the payer's IBAN")
	fs.StringVar(&m.Reference, "reference", "", "mapping set: the `COLUMN` holding the structured reference (RF…) or end-to-end id")
	fs.StringVar(&m.Text, "text", "", "mapping set: the `COLUMNS` holding the remittance text (several: comma-separated)")
	fs.StringVar(&m.ID, "id", "", "mapping set: the `COLUMN` holding the bank's own id for a line (default: a hash of the line)")
	fs.StringVar(&m.Separator, "separator", "", "mapping set: `, ; | or tab` (default: the header line's most frequent)")
	fs.IntVar(&m.SkipLines, "skip", 0, "mapping set: `N` lines before the header to skip (a bank's preamble)")
	fs.BoolVar(&m.NoHeader, "no-header", false, "mapping set: the file has no header line: columns by number")
	fs.StringVar(&m.Encoding, "encoding", "", "mapping set: the files' `ENCODING` when not UTF-8 (windows-1252, ISO-8859-1)")
	return f
}

// merged is the stored mapping with the flags given laid over it, so
// `mapping set NAME --encoding windows-1252` changes just that.
func (f *bankMappingFlags) merged(old ledger.BankCSVMapping, name, account string) ledger.BankCSVMapping {
	m := old
	m.Name = name
	f.fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "date":
			m.Date = f.m.Date
		case "date-format":
			m.DateFormat = f.m.DateFormat
		case "amount":
			m.Amount = f.m.Amount
		case "credit":
			m.Credit = f.m.Credit
		case "debit":
			m.Debit = f.m.Debit
		case "decimal-comma":
			m.DecimalComma = f.m.DecimalComma
		case "currency":
			m.Currency = f.m.Currency
		case "currency-column":
			m.CurrencyCol = f.m.CurrencyCol
		case "counterparty":
			m.Counterparty = f.m.Counterparty
		case "iban":
			m.IBAN = f.m.IBAN
		case "reference":
			m.Reference = f.m.Reference
		case "text":
			m.Text = f.m.Text
		case "id":
			m.ID = f.m.ID
		case "separator":
			m.Separator = f.m.Separator
			if strings.EqualFold(m.Separator, "tab") || m.Separator == `\t` {
				m.Separator = "\t"
			}
		case "skip":
			m.SkipLines = f.m.SkipLines
		case "no-header":
			m.NoHeader = f.m.NoHeader
		case "encoding":
			m.Encoding = f.m.Encoding
		case "account":
			m.Account = account
		}
	})
	return m
}

// bankMapping runs `bank mapping set|show|list|delete`.
func bankMapping(ctx context.Context, e *env, a *app.App, f app.Format, mf *bankMappingFlags, account string, args []string) error {
	switch args[1] {
	case "set":
		old, err := a.Store.BankCSVMappingNamed(ctx, args[2])
		if err != nil && !(ledger.ErrorCode(err) == ledger.ENOTFOUND) {
			return err
		}
		m := mf.merged(old, args[2], account)
		if err := a.Store.SaveBankCSVMapping(ctx, m); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "mapping %s saved: paidup bank import FILE.csv --mapping %s\n", m.Name, m.Name)
		return nil
	case "delete":
		if err := a.Store.DeleteBankCSVMapping(ctx, args[2]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "mapping %s deleted\n", args[2])
		return nil
	case "show":
		m, err := a.Store.BankCSVMappingNamed(ctx, args[2])
		if err != nil {
			return err
		}
		return printMappings(e, f, []ledger.BankCSVMapping{m})
	default:
		ms, err := a.Store.BankCSVMappings(ctx)
		if err != nil {
			return err
		}
		return printMappings(e, f, ms)
	}
}

func printMappings(e *env, f app.Format, ms []ledger.BankCSVMapping) error {
	if f == app.FormatJSON {
		if ms == nil {
			ms = []ledger.BankCSVMapping{}
		}
		return reports.WriteJSON(e.stdout, ms)
	}
	if len(ms) == 0 {
		fmt.Fprintln(e.stdout, "no CSV mappings: define one with paidup bank mapping set NAME --date COLUMN --date-format DD.MM.YYYY --amount COLUMN --currency EUR …")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tDATE\tAMOUNT\tCOUNTERPARTY\tREFERENCE\tTEXT\tOPTIONS")
	for _, m := range ms {
		amt := m.Amount
		if amt == "" {
			amt = "+" + m.Credit + " -" + m.Debit
		}
		var opts []string
		add := func(cond bool, s string) {
			if cond {
				opts = append(opts, s)
			}
		}
		add(m.Currency != "", m.Currency)
		add(m.CurrencyCol != "", "currency from "+m.CurrencyCol)
		add(m.DecimalComma, "decimal comma")
		add(m.Separator != "", fmt.Sprintf("separator %q", m.Separator))
		add(m.SkipLines > 0, fmt.Sprintf("skip %d", m.SkipLines))
		add(m.NoHeader, "no header")
		add(m.Encoding != "", m.Encoding)
		add(m.IBAN != "", "iban "+m.IBAN)
		add(m.ID != "", "id "+m.ID)
		add(m.Account != "", "account "+m.Account)
		fmt.Fprintf(tw, "%s\t%s (%s)\t%s\t%s\t%s\t%s\t%s\n", m.Name, m.Date, m.DateFormat, amt, m.Counterparty, m.Reference, m.Text,
			strings.Join(opts, ", "))
	}
	return tw.Flush()
}
