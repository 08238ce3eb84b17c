package bank

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paidup/ledger"
)

// The mappings a user would set for each bank's export.
var (
	sparkasseMapping = ledger.BankCSVMapping{Name: "sparkasse", Encoding: "windows-1252", Date: "Buchungstag", DateFormat: "DD.MM.YY",
		Amount: "Betrag", DecimalComma: true, CurrencyCol: "Waehrung", Counterparty: "Beguenstigter/Zahlungspflichtiger",
		IBAN: "Kontonummer/IBAN", Reference: "Kundenreferenz (End-to-End)", Text: "Verwendungszweck", Account: "Sparkasse"}
	dkbMapping = ledger.BankCSVMapping{Name: "dkb", SkipLines: 4, Date: "Buchungsdatum", DateFormat: "DD.MM.YY", Amount: "Betrag (€)",
		DecimalComma: true, Currency: "EUR", Counterparty: "Zahlungspflichtige*r", IBAN: "IBAN", Reference: "Kundenreferenz",
		Text: "Verwendungszweck"}
	chaseMapping = ledger.BankCSVMapping{Name: "chase", Date: "Posting Date", DateFormat: "MM/DD/YYYY", Amount: "Amount",
		Currency: "USD", Text: "Description,Check or Slip #"}
	ukMapping = ledger.BankCSVMapping{Name: "nationwide", SkipLines: 4, Date: "Date", DateFormat: "DD/MM/YYYY", Credit: "Paid in",
		Debit: "Paid out", Currency: "GBP", Text: "Description"}
)

func readCSV(t *testing.T, name string, m ledger.BankCSVMapping) (Statement, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return ParseCSV(data, name, m)
}

func TestCSVSparkasse(t *testing.T) {
	st, err := readCSV(t, "sparkasse.csv", sparkasseMapping)
	if err != nil {
		t.Fatal(err)
	}
	if st.Format != FormatCSV || st.Account != "Sparkasse" || st.Lines[0].Account != "Sparkasse" {
		t.Fatalf("format %s account %q", st.Format, st.Account)
	}
	check(t, st, []want{
		{"", "2026-03-31", "1190.00", "EUR", "Müller & Söhne GmbH", "DE02120300000000202051", "E2E-ACME-0042", "", "RF18 5390 0754 7034"},
		{"", "2026-03-30", "-250.50", "EUR", "Stadtwerke Köln", "DE44500105175407324931", "NOTPROVIDED", "", "Strom 03/2026 Kd-Nr 44711"},
		{"", "2026-03-30", "2000.00", "EUR", "Café Größe KG", "AT611904300234573201", "", "", "Rechnung INV 000 43 und INV-000044 Danke"},
	})
	// The same file read again gives the same ids: imported twice, no line twice.
	again, _ := readCSV(t, "sparkasse.csv", sparkasseMapping)
	for i := range st.Lines {
		if st.Lines[i].BankID != again.Lines[i].BankID || !strings.HasPrefix(st.Lines[i].BankID, "H") {
			t.Errorf("line %d: ids %q, %q", i+1, st.Lines[i].BankID, again.Lines[i].BankID)
		}
	}
}

// Windows-1252 read as UTF-8 is refused, saying what it is and what to set.
func TestCSVWrongEncoding(t *testing.T) {
	m := sparkasseMapping
	m.Encoding = ""
	_, err := readCSV(t, "sparkasse.csv", m)
	if err == nil || !strings.Contains(err.Error(), "sparkasse.csv: line 2: not UTF-8: byte 0xFC") ||
		!strings.Contains(err.Error(), "--encoding windows-1252") {
		t.Fatalf("err = %v", err)
	}
	utf16 := append([]byte{0xFF, 0xFE}, []byte("D\x00a\x00t\x00e\x00")...)
	if _, err := ParseCSV(utf16, "u.csv", chaseMapping); err == nil || !strings.Contains(err.Error(), "UTF-16") {
		t.Fatalf("UTF-16: %v", err)
	}
}

func TestCSVDKB(t *testing.T) {
	st, err := readCSV(t, "dkb.csv", dkbMapping)
	if err != nil {
		t.Fatal(err)
	}
	check(t, st, []want{
		{"", "2026-03-31", "1190.00", "EUR", "Müller & Söhne GmbH", "DE02120300000000202051", "E2E-0042", "", "RE INV-000042 vielen Dank"},
		{"", "2026-03-28", "-59.49", "EUR", "Nordlicht Design", "IE12BOFI90000112345678", "", "", "Creative Cloud 03/2026"},
		{"", "2026-03-28", "-59.49", "EUR", "Nordlicht Design", "IE12BOFI90000112345678", "", "", "Creative Cloud 03/2026"},
	})
	// Two equal payments on one day stay two lines.
	if st.Lines[1].BankID == st.Lines[2].BankID {
		t.Errorf("two equal lines share the id %s", st.Lines[1].BankID)
	}
	if st.Account != "" {
		t.Errorf("account %q: the mapping names none", st.Account)
	}
}

func TestCSVChase(t *testing.T) {
	st, err := readCSV(t, "chase.csv", chaseMapping)
	if err != nil {
		t.Fatal(err)
	}
	check(t, st, []want{
		{"", "2026-03-31", "1190.00", "USD", "", "", "", "", "ORIG CO NAME:ACME CORP ORIG ID:1234567890 DESC DATE:260331 CO ENTRY DESCR:PAYMENT INV-000042"},
		{"", "2026-03-30", "-45.20", "USD", "", "", "", "", "OFFICE DEPOT #1234 03/29"},
		{"", "2026-03-27", "-1250.00", "USD", "", "", "", "", "CHECK 1043 1043"},
		{"", "2026-03-26", "3500.00", "USD", "", "", "", "", "REMOTE ONLINE DEPOSIT # 1"},
	})
}

func TestCSVCreditDebit(t *testing.T) {
	st, err := readCSV(t, "nationwide.csv", ukMapping)
	if err != nil {
		t.Fatal(err)
	}
	check(t, st, []want{
		{"", "2026-03-31", "1190.00", "GBP", "", "", "", "", "ACME LTD INV000042"},
		{"", "2026-03-30", "-82.10", "GBP", "", "", "", "", "BRITISH GAS"},
		{"", "2026-03-29", "20.00", "GBP", "", "", "", "", "ACME LTD RF18539007547034"},
	})
}

// A malformed row refuses the file, naming its line and column.
func TestCSVBadRows(t *testing.T) {
	m := ledger.BankCSVMapping{Name: "x", Date: "Date", DateFormat: "YYYY-MM-DD", Amount: "Amount", Currency: "EUR", Counterparty: "Payer", Text: "Text"}
	if _, err := readCSV(t, "bad_amount.csv", m); err == nil || err.Error() != `bad_amount.csv:3: column 2 (Amount): amount "12.3x" is not a number` {
		t.Fatalf("err = %v", err)
	}
	for name, c := range map[string]struct{ file, want string }{
		"date":       {"Date,Amount\n2026-03-31,1.00\n31.03.2026,2.00\n", `f.csv:3: column 1 (Date): "31.03.2026" is not a date in the format YYYY-MM-DD`},
		"comma":      {"Date,Amount\n2026-03-31,\"1,5\"\n", `f.csv:2: column 2 (Amount): amount "1,5" has a decimal comma: set the mapping's --decimal-comma`},
		"decimals":   {"Date,Amount\n2026-03-31,1.005\n", `f.csv:2: column 2 (Amount): amount "1.005"`},
		"short":      {"Date,Amount\n2026-03-31\n", `f.csv:2: column 2 (Amount): the row has only 1 columns`},
		"quote":      {"Date,Amount\n2026-03-31,\"1.00\n", `f.csv:2: column`},
		"no column":  {"Datum,Amount\n2026-03-31,1.00\n", `f.csv:1: the mapping's date column "Date" is not in the header (Datum, Amount)`},
		"zero":       {"Date,Amount\n2026-03-31,0.00\n", `f.csv:2: the amount is zero`},
		"empty":      {"Date,Amount\n", `f.csv: no statement lines after the header`},
		"date range": {"Date,Amount\n1800-01-01,1.00\n", `f.csv:2: date 1800-01-01`},
	} {
		m := ledger.BankCSVMapping{Name: "x", Date: "Date", DateFormat: "YYYY-MM-DD", Amount: "Amount", Currency: "EUR"}
		if _, err := ParseCSV([]byte(c.file), "f.csv", m); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %s…", name, err, c.want)
		}
	}
}

func TestCSVAmount(t *testing.T) {
	for _, c := range []struct {
		in    string
		comma bool
		want  string
	}{
		{"1.234,56", true, "1234.56"}, {"-1.234,56", true, "-1234.56"}, {"1.234,56-", true, "-1234.56"},
		{"1 234,56 €", true, "1234.56"}, {"+12,00 EUR", true, "12.00"}, {"(45.20)", false, "-45.20"},
		{"1,234.56", false, "1234.56"}, {"£1,190.00", false, "1190.00"}, {"1'234.50", false, "1234.50"},
		{"−7.10", false, "-7.10"}, {"12", false, "12.00"}, {"1.50", false, "1.50"},
	} {
		cur := "EUR"
		m, err := csvAmount(c.in, cur, c.comma)
		if err != nil || m.Plain() != c.want {
			t.Errorf("csvAmount(%q, comma %v) = %s, %v; want %s", c.in, c.comma, m.Plain(), err, c.want)
		}
	}
	for _, in := range []string{"", "abc", "1,2,3", "1.2.3", "12 34x"} {
		if m, err := csvAmount(in, "EUR", true); err == nil {
			t.Errorf("csvAmount(%q) = %s, want an error", in, m.Plain())
		}
	}
}

func FuzzCSV(f *testing.F) {
	for _, name := range []string{"dkb.csv", "chase.csv", "bad_amount.csv"} {
		if data, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(data)
		}
	}
	m := ledger.BankCSVMapping{Name: "f", Date: "1", DateFormat: "DD.MM.YYYY", Amount: "2", DecimalComma: true, Currency: "EUR",
		Text: "3,4", Counterparty: "5", NoHeader: true}
	fuzzParser(f, func(data []byte) (Statement, error) { return ParseCSV(data, "f.csv", m) })
}
