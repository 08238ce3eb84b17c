package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paidup/internal/pgtest"
	"paidup/ledger"
)

// A statement in, matched, listed for scripts, and the rest decided by
// hand: paidup bank end to end, on the backend under test.
func TestCLIBank(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "bank.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "customer", "add", "ACME", "--name", "Acme Widgets GmbH", "--currency", "EUR", "--terms", "14")
	run(0, "invoice", "new", "--customer", "ACME", "--line", "Design;1;1000.00", "--date", "2026-03-02", "--issue")
	run(0, "invoice", "new", "--customer", "ACME", "--line", "Print;1;250.00", "--date", "2026-03-03", "--issue")
	var rows []documentRowJSON
	mustJSON(t, run(0, "invoice", "list", "--format", "json"), &rows)
	if len(rows) != 2 {
		t.Fatalf("%d invoices", len(rows))
	}
	first, second := rows[0].Number, rows[1].Number
	ref, _ := ledger.RFReference(first)
	stmt := strings.NewReplacer("{RF}", ledger.FormatRF(ref), "{INV2}", second).Replace(cliCamt)
	file := filepath.Join(t.TempDir(), "statement.xml")
	if err := os.WriteFile(file, []byte(stmt), 0o600); err != nil {
		t.Fatal(err)
	}
	wantIn(t, run(0, "bank", "import", file), "camt statement of DE89370400440532013000: 4 lines, 4 new, 0 imported before")
	wantIn(t, run(0, "bank", "import", file), "4 lines, 0 new, 4 imported before")
	wantIn(t, run(0, "bank", "match", "--dry-run"), "T-1 2026-03-31 1,000.00 EUR Acme Widgets GmbH: would post → "+first+" (100%)",
		"4 lines: 1 matched, 1 for review, 2 unmatched")
	var lines []bankLineJSON
	mustJSON(t, run(0, "bank", "lines", "--format", "json"), &lines)
	for _, l := range lines {
		if l.Status != "unmatched" {
			t.Fatalf("a dry run decided %s: %s", l.ID, l.Status)
		}
	}
	wantIn(t, run(0, "bank", "match"), "T-1 2026-03-31 1,000.00 EUR Acme Widgets GmbH: posted PAY-")

	// The contract: id (the bank's reference), date, amount, status,
	// invoices, reason.
	out := run(0, "bank", "lines", "--format", "json")
	var raw []map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "date", "amount", "status", "invoices", "reason"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("bank lines JSON lacks %q: %s", k, out)
		}
	}
	mustJSON(t, out, &lines)
	got := map[string]bankLineJSON{}
	for _, l := range lines {
		got[l.ID] = l
	}
	if l := got["T-1"]; l.Status != "matched" || strings.Join(l.Invoices, " ") != first || l.Amount != "1000.00" || l.Date != "2026-03-31" || l.Payment == "" {
		t.Errorf("T-1: %+v", l)
	}
	if l := got["T-2"]; l.Status != "review" || strings.Join(l.Invoices, " ") != second || !strings.Contains(l.Reason, "part payment") {
		t.Errorf("T-2: %+v", l)
	}
	if l := got["T-3"]; l.Status != "unmatched" || l.Amount != "-80.00" {
		t.Errorf("T-3: %+v", l)
	}
	mustJSON(t, run(0, "bank", "lines", "--unmatched", "--format", "json"), &lines)
	if len(lines) != 3 {
		t.Errorf("--unmatched: %d lines, want 3", len(lines))
	}
	wantIn(t, run(0, "bank", "undo", "T-1", "--reason", "test"), "T-1: match undone")
	wantIn(t, run(1, "bank", "undo", "T-1"), "only a matched line is undone")
	wantIn(t, run(0, "bank", "accept", "T-1"), "T-1: payment PAY-", "from ACME")
	wantIn(t, run(0, "bank", "accept", "T-2"), "T-2: payment PAY-", "from ACME")
	wantIn(t, run(1, "bank", "accept", "T-2"), "matched already")
	wantIn(t, run(1, "bank", "accept", "T-4"), "no suggestion: name the invoices")
	wantIn(t, run(0, "bank", "ignore", "T-4", "--reason", "owner's transfer"), "T-4: ignored")
	wantIn(t, run(0, "bank", "lines"), "T-4", "ignored", "owner's transfer")
	mustJSON(t, run(0, "invoice", "list", "--format", "json"), &rows)
	if rows[0].Open != "0.00" || rows[1].Open != "50.00" {
		t.Errorf("open after the statement: %s and %s", rows[0].Open, rows[1].Open)
	}

	// MT940 into a named account; a malformed file imports nothing.
	wantIn(t, run(0, "bank", "import", "../bank/testdata/statement.sta", "--account", "Giro"), "mt940 statement of Giro: 3 lines, 3 new")
	bad := filepath.Join(t.TempDir(), "bad.ofx")
	data, err := os.ReadFile("../bank/testdata/statement_v1.ofx")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(strings.Replace(string(data), "<TRNAMT>75", "<TRNAMT>7.5.0", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	wantIn(t, run(1, "bank", "import", bad), "ofx line 58: TRNAMT")
	mustJSON(t, run(0, "bank", "lines", "--format", "json"), &lines)
	if len(lines) != 7 {
		t.Errorf("%d lines after a refused file, want 7", len(lines))
	}
	run(0, "check")
	for _, args := range [][]string{{"bank"}, {"bank", "frobnicate"}, {"bank", "import"}, {"bank", "accept"}, {"bank", "lines", "x"}} {
		if code, _, _ := paidup(t, append([]string{"--db", db}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

const cliCamt = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04">
 <BkToCstmrStmt>
  <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-31T22:00:00</CreDtTm></GrpHdr>
  <Stmt>
   <Id>1</Id>
   <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
   <Ntry><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-31</Dt></BookgDt>
    <AcctSvcrRef>T-1</AcctSvcrRef>
    <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Acme Widgets GmbH</Nm></Dbtr><DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>
     <RmtInf><Strd><CdtrRefInf><Ref>{RF}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>
   <Ntry><Amt Ccy="EUR">200.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-31</Dt></BookgDt>
    <AcctSvcrRef>T-2</AcctSvcrRef>
    <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Acme Widgets GmbH</Nm></Dbtr></RltdPties>
     <RmtInf><Ustrd>part of {INV2}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
   <Ntry><Amt Ccy="EUR">80.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-31</Dt></BookgDt>
    <AcctSvcrRef>T-3</AcctSvcrRef></Ntry>
   <Ntry><Amt Ccy="EUR">5000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-31</Dt></BookgDt>
    <AcctSvcrRef>T-4</AcctSvcrRef>
    <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>The Owner</Nm></Dbtr></RltdPties><RmtInf><Ustrd>Einlage</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>
`

// The matching settings: automatic posting off, then on; --format json
// prints each decision with the lines' fields.
func TestCLIBankSettings(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "bankset.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "customer", "add", "ACME", "--name", "Acme Widgets GmbH", "--currency", "EUR")
	run(0, "invoice", "new", "--customer", "ACME", "--line", "Design;1;1000.00", "--date", "2026-03-02", "--issue")
	run(0, "invoice", "new", "--customer", "ACME", "--line", "Print;1;250.00", "--date", "2026-03-03", "--issue")
	var rows []documentRowJSON
	mustJSON(t, run(0, "invoice", "list", "--format", "json"), &rows)
	ref, _ := ledger.RFReference(rows[0].Number)
	file := filepath.Join(t.TempDir(), "statement.xml")
	stmt := strings.NewReplacer("{RF}", ref, "{INV2}", rows[1].Number).Replace(cliCamt)
	if err := os.WriteFile(file, []byte(stmt), 0o600); err != nil {
		t.Fatal(err)
	}
	run(0, "bank", "import", file)
	run(0, "settings", "set", "bank.auto_post", "false")
	run(0, "settings", "set", "bank.fee_tolerance", "60")
	run(1, "settings", "set", "bank.fee_tolerance", "lots")
	wantIn(t, run(0, "bank", "match"), "T-1 2026-03-31 1,000.00 EUR Acme Widgets GmbH: review → "+rows[0].Number+" (95%)", "automatic posting is off",
		"T-2 2026-03-31 200.00 EUR Acme Widgets GmbH: review → "+rows[1].Number+" (85%)", "50.00 short of "+rows[1].Number)
	run(0, "settings", "set", "bank.auto_post", "true")
	var out []bankLineJSON
	mustJSON(t, run(0, "bank", "match", "--format", "json"), &out)
	if len(out) != 4 || out[0].ID != "T-1" || out[0].Status != "matched" || out[0].Payment == "" || out[1].Status != "review" {
		t.Fatalf("match --format json: %+v", out)
	}
	wantIn(t, run(0, "bank", "accept", "T-2"), "T-2: payment PAY-", "written off as bank charges")
	mustJSON(t, run(0, "invoice", "list", "--format", "json", "--open"), &rows)
	if len(rows) != 0 {
		t.Errorf("open after the fee was written off: %+v", rows)
	}
	run(0, "check")
}

// A CSV statement: its bank's mapping set once and kept, the file imported
// by it (twice: no line twice), a wrong encoding and a bad row refused
// with where, and the mapping changed by one flag.
func TestCLIBankCSV(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "bankcsv.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "customer", "add", "ACME", "--name", "Müller & Söhne GmbH", "--currency", "EUR", "--terms", "14")
	run(0, "invoice", "new", "--customer", "ACME", "--line", "Design;1;1190.00", "--date", "2026-03-02", "--issue")
	var rows []documentRowJSON
	mustJSON(t, run(0, "invoice", "list", "--format", "json"), &rows)
	ref, _ := ledger.RFReference(rows[0].Number)
	dir := t.TempDir()
	file := filepath.Join(dir, "umsatz.csv")
	csv := "\"Buchungstag\";\"Verwendungszweck\";\"Beguenstigter/Zahlungspflichtiger\";\"Kontonummer/IBAN\";\"Betrag\"\r\n" +
		"\"31.03.26\";\"" + ledger.FormatRF(ref) + "\";\"M\xfcller & S\xf6hne GmbH\";\"DE02120300000000202051\";\"1.190,00\"\r\n" +
		"\"30.03.26\";\"Miete M\xe4rz\";\"Hausverwaltung\";\"DE44500105175407324931\";\"-800,00\"\r\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	wantIn(t, run(1, "bank", "import", file, "--mapping", "sparkasse"), `no CSV mapping "sparkasse"`)
	wantIn(t, run(1, "bank", "import", file), "--mapping NAME")
	wantIn(t, run(1, "bank", "mapping", "set", "sparkasse", "--date", "Buchungstag", "--amount", "Betrag"), "date format")
	wantIn(t, run(0, "bank", "mapping", "set", "sparkasse", "--date", "Buchungstag", "--date-format", "DD.MM.YY", "--amount", "Betrag",
		"--decimal-comma", "--currency", "EUR", "--counterparty", "Beguenstigter/Zahlungspflichtiger", "--iban", "Kontonummer/IBAN",
		"--text", "Verwendungszweck", "--separator", ";", "--account", "Sparkasse Giro"), "mapping sparkasse saved")
	// Windows-1252 read as UTF-8: refused, the line and what to set said.
	wantIn(t, run(1, "bank", "import", file, "--mapping", "sparkasse"), "umsatz.csv: line 2: not UTF-8", "--encoding windows-1252")
	run(0, "bank", "mapping", "set", "sparkasse", "--encoding", "windows-1252")
	wantIn(t, run(0, "bank", "mapping", "list"), "sparkasse", "decimal comma", "windows-1252", "account Sparkasse Giro")
	var ms []ledger.BankCSVMapping
	mustJSON(t, run(0, "bank", "mapping", "show", "sparkasse", "--format", "json"), &ms)
	if len(ms) != 1 || ms[0].Date != "Buchungstag" || ms[0].Encoding != "windows-1252" || ms[0].Separator != ";" {
		t.Fatalf("show: %+v", ms)
	}
	wantIn(t, run(0, "bank", "import", file, "--mapping", "sparkasse"), "csv statement of Sparkasse Giro: 2 lines, 2 new, 0 imported before")
	wantIn(t, run(0, "bank", "import", file, "--mapping", "sparkasse"), "2 lines, 0 new, 2 imported before")
	wantIn(t, run(0, "bank", "match"), "posted PAY-", "→ "+rows[0].Number+" (100%)")
	var lines []bankLineJSON
	mustJSON(t, run(0, "bank", "lines", "--format", "json"), &lines)
	if len(lines) != 2 || lines[1].Name != "Müller & Söhne GmbH" || lines[1].Status != "matched" || lines[0].Text != "Miete März" {
		t.Fatalf("lines: %+v", lines)
	}
	// A bad row refuses the file whole, naming file, line and column.
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte(strings.Replace(csv, "-800,00", "-800,0x", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	wantIn(t, run(1, "bank", "import", bad, "--mapping", "sparkasse"), `bad.csv:3: column 5 (Betrag): amount "-800,0x" is not a number`)
	run(0, "bank", "mapping", "delete", "sparkasse")
	wantIn(t, run(0, "bank", "mapping", "list"), "no CSV mappings")
	wantIn(t, run(2, "bank", "mapping", "set"), "bank mapping takes")
}

// paidup refund pays credit back; the debit line on the statement is
// matched to it by its number, taken back, and accepted by hand.
func TestCLIRefund(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "refund.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "customer", "add", "ACME", "--name", "Acme Widgets GmbH", "--currency", "EUR", "--terms", "14")
	run(0, "invoice", "new", "--customer", "ACME", "--line", "Design;1;100.00", "--date", "2026-03-02", "--issue")
	run(0, "payment", "record", "ACME", "150.00", "--date", "2026-03-05")
	wantIn(t, run(1, "refund", "ACME", "60.00", "--date", "2026-03-20"), "ACME has 50.00 EUR of unapplied credit")
	wantIn(t, run(2, "refund", "ACME"), "refund needs a customer CODE and an AMOUNT")
	wantIn(t, run(0, "refund", "ACME", "50.00", "--date", "2026-03-20", "--reference", "overpaid"), "refund REF-000001 of 50.00 EUR to ACME on 2026-03-20")
	wantIn(t, run(0, "check"), "every entry balances")
	stmt := `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2026-03-31T22:00:00</CreDtTm></GrpHdr>
<Stmt><Id>1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
<Ntry><Amt Ccy="EUR">50.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-21</Dt></BookgDt><AcctSvcrRef>D-1</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Cdtr><Nm>Acme Widgets GmbH</Nm></Cdtr><CdtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></CdtrAcct></RltdPties>
<RmtInf><Ustrd>Erstattung ref 000001</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">50.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-21</Dt></BookgDt><AcctSvcrRef>D-2</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Cdtr><Nm>Stadtwerke</Nm></Cdtr></RltdPties><RmtInf><Ustrd>Strom</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>`
	file := filepath.Join(t.TempDir(), "out.xml")
	if err := os.WriteFile(file, []byte(stmt), 0o600); err != nil {
		t.Fatal(err)
	}
	run(0, "bank", "import", file)
	// D-1 names the refund; D-2 has its amount, but the refund is D-1's.
	wantIn(t, run(0, "bank", "match", "--dry-run"), "D-1 2026-03-21 -50.00 EUR Acme Widgets GmbH: would post → REF-000001 (100%): refund number REF-000001 in the line",
		"D-2 2026-03-21 -50.00 EUR Stadtwerke: unmatched (0%): money out: no refund of this amount waits to be matched")
	wantIn(t, run(0, "bank", "match"), "D-1 2026-03-21 -50.00 EUR Acme Widgets GmbH: posted REF-000001 → REF-000001 (100%)")
	var lines []bankLineJSON
	mustJSON(t, run(0, "bank", "lines", "--format", "json"), &lines)
	if len(lines) != 2 || lines[0].Status != "matched" || strings.Join(lines[0].Invoices, " ") != "REF-000001" || lines[1].Status != "unmatched" {
		t.Fatalf("lines %+v", lines)
	}
	wantIn(t, run(1, "bank", "accept", "D-2", "REF-000001"), "matched to statement line D-1 already")
	wantIn(t, run(0, "bank", "undo", "D-1"), "match undone")
	wantIn(t, run(0, "bank", "ignore", "D-2", "--reason", "electricity"), "ignored")
	wantIn(t, run(0, "bank", "accept", "D-1"), "D-1: refund REF-000001 of 50.00 EUR to ACME")
	wantIn(t, run(0, "check"), "every entry balances")
	wantIn(t, run(1, "void", "PAY-000001", "--reason", "bounced"), "void the refund first")
	// Money in from no one known: accepted as a customer's credit.
	in := filepath.Join(t.TempDir(), "in.xml")
	if err := os.WriteFile(in, []byte(strings.NewReplacer("DBIT", "CRDT", "D-1", "C-1", "D-2", "C-2").Replace(stmt)), 0o600); err != nil {
		t.Fatal(err)
	}
	run(0, "bank", "import", in)
	wantIn(t, run(2, "bank", "accept", "C-2", "INV-000001", "--customer", "ACME"), "not both")
	wantIn(t, run(1, "bank", "accept", "C-2", "--customer", "NOBODY"), "NOBODY")
	wantIn(t, run(0, "bank", "accept", "C-2", "--customer", "ACME"), "C-2: payment PAY-000002 of 50.00 EUR from ACME: accepted as ACME's unapplied credit")
	wantIn(t, run(0, "check"), "every entry balances", "2100 credits 50.00 EUR")
}
