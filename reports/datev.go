package reports

import (
	"bufio"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"paidup/ledger"
)

// DATEV writes a period's journal as DATEV's Buchungsstapel (format
// "EXTF", version 700, category 21, format version 13): Windows-1252,
// semicolons, CRLF, decimal comma. Line 1 is the header (consultant,
// client, fiscal year, period), line 2 the 125 column names, then one
// booking a row. A DATEV booking moves an amount from one account (Konto,
// debited: "S") to another (Gegenkonto); a journal entry of more lines is
// split into such pairs, each debit line against the credit lines in
// order, so every posting's amount is booked once, whole, and each entry's
// bookings add up to its lines. Customers with a numeric code of the
// debtor length (account length + 1 digits) book to that debtor account;
// the others to the mapped receivable account, their name in the text.
// An amount in another currency than the home currency carries it (WKZ
// Umsatz), the rate (Kurs: units of it per home unit) and the home amount
// (Basis-Umsatz) at the rate of the booking's date.
type DATEV struct {
	w        *bufio.Writer
	a        *ansiWriter
	h        DATEVHeader
	home     func(ledger.Money, time.Time) (ledger.Money, *big.Rat, error)
	bookings int
	postings int
	fields   []string
}

// DATEVHeader is what the header line says.
type DATEVHeader struct {
	Created       time.Time // Erzeugt am
	Consultant    int       // Beraternummer
	Client        int       // Mandantennummer
	FiscalStart   time.Time // WJ-Beginn
	AccountLength int       // Sachkontenlänge
	From, To      time.Time
	Label         string // Bezeichnung
	Currency      string // WKZ: the home currency
	Accounts      ledger.AccountMap
}

// DATEVColumns are the Buchungsstapel's 125 columns, as DATEV names them.
var DATEVColumns = strings.Split("Umsatz (ohne Soll/Haben-Kz);Soll/Haben-Kennzeichen;WKZ Umsatz;Kurs;Basis-Umsatz;WKZ Basis-Umsatz;"+
	"Konto;Gegenkonto (ohne BU-Schlüssel);BU-Schlüssel;Belegdatum;Belegfeld 1;Belegfeld 2;Skonto;Buchungstext;Postensperre;"+
	"Diverse Adressnummer;Geschäftspartnerbank;Sachverhalt;Zinssperre;Beleglink;"+
	"Beleginfo - Art 1;Beleginfo - Inhalt 1;Beleginfo - Art 2;Beleginfo - Inhalt 2;Beleginfo - Art 3;Beleginfo - Inhalt 3;"+
	"Beleginfo - Art 4;Beleginfo - Inhalt 4;Beleginfo - Art 5;Beleginfo - Inhalt 5;Beleginfo - Art 6;Beleginfo - Inhalt 6;"+
	"Beleginfo - Art 7;Beleginfo - Inhalt 7;Beleginfo - Art 8;Beleginfo - Inhalt 8;KOST1 - Kostenstelle;KOST2 - Kostenstelle;"+
	"Kost-Menge;EU-Land u. UStID (Bestimmung);EU-Steuersatz (Bestimmung);Abw. Versteuerungsart;Sachverhalt L+L;"+
	"Funktionsergänzung L+L;BU 49 Hauptfunktionstyp;BU 49 Hauptfunktionsnummer;BU 49 Funktionsergänzung;"+
	datevZusatz()+
	"Stück;Gewicht;Zahlweise;Forderungsart;Veranlagungsjahr;Zugeordnete Fälligkeit;Skontotyp;Auftragsnummer;Buchungstyp;"+
	"USt-Schlüssel (Anzahlungen);EU-Land (Anzahlungen);Sachverhalt L+L (Anzahlungen);EU-Steuersatz (Anzahlungen);"+
	"Erlöskonto (Anzahlungen);Herkunft-Kz;Buchungs GUID;KOST-Datum;SEPA-Mandatsreferenz;Skontosperre;Gesellschaftername;"+
	"Beteiligtennummer;Identifikationsnummer;Zeichnernummer;Postensperre bis;Bezeichnung SoBil-Sachverhalt;"+
	"Kennzeichen SoBil-Buchung;Festschreibung;Leistungsdatum;Datum Zuord. Steuerperiode;Fälligkeit;Generalumkehr (GU);"+
	"Steuersatz;Land;Abrechnungsreferenz;BVV-Position;EU-Land u. UStID (Ursprung);EU-Steuersatz (Ursprung);Abw. Skontokonto", ";")

func datevZusatz() string {
	var b strings.Builder
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&b, "Zusatzinformation - Art %d;Zusatzinformation- Inhalt %d;", i, i)
	}
	return b.String()
}

// NewDATEV writes the header and column lines. home converts an amount
// of another currency to the home currency at the rate of a day and
// returns that rate (home units per unit); nil when all is in the home
// currency.
func NewDATEV(w io.Writer, h DATEVHeader, home func(ledger.Money, time.Time) (ledger.Money, *big.Rat, error)) *DATEV {
	bw := bufio.NewWriterSize(w, 64<<10)
	d := &DATEV{w: bw, a: newANSIWriter(bw), h: h, home: home, fields: make([]string, len(DATEVColumns))}
	ymd := func(t time.Time) string { return t.Format("20060102") }
	header := []string{`"EXTF"`, "700", "21", `"Buchungsstapel"`, "13", h.Created.UTC().Format("20060102150405") + fmt.Sprintf("%03d", h.Created.Nanosecond()/1e6),
		"", `"RE"`, `""`, `""`, strconv.Itoa(h.Consultant), strconv.Itoa(h.Client), ymd(h.FiscalStart), strconv.Itoa(h.AccountLength),
		ymd(h.From), ymd(h.To), datevQuote(h.Label, 30), `""`, "1", "0", "0", datevQuote(h.Currency, 3),
		"", `""`, "", "", `""`, "", "", `""`, `""`}
	d.a.WriteString(strings.Join(header, ";") + "\r\n")
	d.a.WriteString(strings.Join(DATEVColumns, ";") + "\r\n")
	return d
}

// datevQuote is a text field: in double quotes (doubled inside), at most
// n characters, flat and neutralised.
func datevQuote(s string, n int) string {
	s = flatText(s)
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n])
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// datevAmount is a positive amount with a decimal comma: "1234,56".
func datevAmount(m ledger.Money) string {
	return strings.Replace(m.Plain(), ".", ",", 1)
}

// datevDocNumber keeps what Belegfeld 1 allows (letters, digits and
// $&%*+-/), at most 36 characters.
func datevDocNumber(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 128 && (r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || strings.ContainsRune("$&%*+-/", r)) {
			return r
		}
		return -1
	}, s)
	if len(s) > 36 {
		s = s[:36]
	}
	return `"` + s + `"`
}

// account is the DATEV account of a posting: a customer's debtor account
// when its code is one, else the mapped account.
func (d *DATEV) account(l ledger.JournalLine) string {
	if l.CustomerCode != "" && len(l.CustomerCode) == d.h.AccountLength+1 && strings.Trim(l.CustomerCode, "0123456789") == "" && l.CustomerCode[0] != '0' {
		return l.CustomerCode
	}
	return d.h.Accounts.Of(l.Account).Code
}

// Entry writes one journal entry as bookings.
func (d *DATEV) Entry(lines []ledger.JournalLine) error {
	type side struct {
		l    ledger.JournalLine
		left int64
	}
	var debits, credits []side
	for _, l := range lines {
		if l.Amount.Minor > 0 {
			debits = append(debits, side{l, l.Amount.Minor})
		} else if l.Amount.Minor < 0 {
			credits = append(credits, side{l, -l.Amount.Minor})
		}
	}
	d.postings += len(lines)
	i, j := 0, 0
	for i < len(debits) && j < len(credits) {
		n := min(debits[i].left, credits[j].left)
		if err := d.booking(debits[i].l, credits[j].l, ledger.NewMoney(n, debits[i].l.Amount.Currency)); err != nil {
			return err
		}
		debits[i].left -= n
		credits[j].left -= n
		if debits[i].left == 0 {
			i++
		}
		if credits[j].left == 0 {
			j++
		}
	}
	if i < len(debits) || j < len(credits) {
		return ledger.Errorf(ledger.EINTERNAL, "journal entry %d does not balance", lines[0].EntryID)
	}
	return d.a.err
}

func (d *DATEV) booking(debit, credit ledger.JournalLine, m ledger.Money) error {
	f := d.fields
	for k := range f {
		f[k] = ""
	}
	f[0], f[1], f[2] = datevAmount(m), `"S"`, datevQuote(m.Currency, 3)
	if d.home != nil && m.Currency != d.h.Currency {
		base, rate, err := d.home(m, debit.Date)
		if err != nil {
			return err
		}
		// DATEV's Kurs is units of the currency per home unit (1/rate), to
		// six decimals.
		f[3] = strings.Replace(new(big.Rat).Inv(rate).FloatString(6), ".", ",", 1)
		f[4], f[5] = datevAmount(base), datevQuote(base.Currency, 3)
	}
	f[6], f[7] = d.account(debit), d.account(credit)
	f[9] = debit.Date.Format("0201")
	f[10] = datevDocNumber(debit.DocNumber)
	text := debit.Memo
	for _, l := range []ledger.JournalLine{debit, credit} {
		if l.CustomerName != "" && d.account(l) == d.h.Accounts.Of(l.Account).Code {
			text += ", " + l.CustomerName
			break
		}
	}
	f[13] = datevQuote(text, 60)
	d.bookings++
	d.a.WriteString(strings.Join(f, ";") + "\r\n")
	return d.a.err
}

// Close flushes the file and says how many bookings it holds and how many
// postings they carry.
func (d *DATEV) Close() (bookings, postings int, err error) {
	if d.a.err != nil {
		return d.bookings, d.postings, fmt.Errorf("write datev: %w", d.a.err)
	}
	if err := d.w.Flush(); err != nil {
		return d.bookings, d.postings, fmt.Errorf("write datev: %w", err)
	}
	return d.bookings, d.postings, nil
}
