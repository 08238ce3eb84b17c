package ledger

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

// fingerprint is everything an import could change.
func fingerprint(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT count(*) FROM customers`, `SELECT count(*) FROM documents`, `SELECT count(*) FROM document_lines`,
		`SELECT count(*) FROM journal_entries`, `SELECT count(*) FROM postings`, `SELECT count(*) FROM allocations`,
		`SELECT COALESCE(SUM(open), 0) FROM documents`, `SELECT COALESCE(SUM(next), 0) FROM sequences`,
	} {
		var n int64
		if err := s.r.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s = %d\n", q, n)
	}
	return b.String()
}

func importFile(t *testing.T, s *Store, kind, path string, opts ImportOptions) (*ImportResult, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return importKind(s, kind, f, path, opts)
}

func importKind(s *Store, kind string, r interface{ Read([]byte) (int, error) }, name string, opts ImportOptions) (*ImportResult, error) {
	ctx := context.Background()
	switch kind {
	case "customers":
		return s.ImportCustomers(ctx, r, name, opts)
	case "invoices":
		return s.ImportInvoices(ctx, r, name, opts)
	default:
		return s.ImportPayments(ctx, r, name, opts)
	}
}

// fixtureStore imports the good fixtures in testdata.
func fixtureStore(t *testing.T) *Store {
	s := newTestStore(t)
	for _, k := range []string{"customers", "invoices", "payments"} {
		res, err := importFile(t, s, k, "testdata/"+k+".csv", ImportOptions{})
		if err != nil {
			t.Fatalf("%s: %v %v", k, err, res.Problems)
		}
	}
	return s
}

func TestImportGoodFiles(t *testing.T) {
	ctx := context.Background()
	s := fixtureStore(t)
	c, err := s.CustomerByCode(ctx, "MUL")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Müller Łódź Sp. z o.o." || c.CreditLimit.Minor != 500000 || c.Phone != "+48 42 000" {
		t.Fatalf("customer %+v", c)
	}
	tests := []struct {
		number      string
		total, open int64
		due         string
	}{
		// 10 × 95.00 at 23% = 950.00 + 218.50 tax, + 120.50 → 1289.00; 500 paid.
		{"0001001", 128900, 78900, "2026-02-04"},
		// 3 × 19.99 = 59.97 at 8.875% = 5.322… → 5.32; 100 paid, 34.71 credit.
		{"0001002", 6529, 0, "2026-02-10"},
		{"0001003", 165000, 0, "2026-03-18"},
		{"0001004", 1250125, 250125, "2026-03-03"},
	}
	for _, tt := range tests {
		d, err := s.Document(ctx, tt.number)
		if err != nil {
			t.Fatal(err)
		}
		if d.Total.Minor != tt.total || d.Open.Minor != tt.open || fmtDate(d.DueDate) != tt.due {
			t.Errorf("%s: total %v open %v due %s; want %d %d %s", tt.number, d.Total, d.Open, fmtDate(d.DueDate), tt.total, tt.open, tt.due)
		}
	}
	rep := mustCheck(t, s)
	if rep.Credits["USD"] != 3471 || rep.Credits["JPY"] != 35000 {
		t.Fatalf("credits %v", rep.Credits)
	}
}

func TestImportNoticeExcessPayment(t *testing.T) {
	s := fixtureStore(t)
	res, err := importKind(s, "payments", strings.NewReader("customer_code,date,amount,reference,invoice_number\nKW,2026-03-05,3000.000,X,0001004\n"), "more.csv", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notices) != 1 || !strings.Contains(res.Notices[0].String(), "749.875 kept as unapplied credit") {
		t.Fatalf("notices %v", res.Notices)
	}
	mustCheck(t, s)
}

func TestImportRefusesBadInput(t *testing.T) {
	const custHdr = "code,name,email,currency,terms_days,credit_limit\n"
	const invHdr = "number,customer_code,issue_date,due_date,amount,currency,description\n"
	const payHdr = "customer_code,date,amount,reference,invoice_number\n"
	tests := []struct {
		name, kind, csv string
		want            []string // each must appear in one problem, in order
	}{
		{"ErrDuplicateCustomerInLedger", "customers", custHdr + "ACME,Again,,USD,30,\n", []string{":2: column 1 (code): customer code ACME is in the ledger already"}},
		{"ErrDuplicateCustomerInFile", "customers", custHdr + "NEW,A,,USD,30,\nNEW,B,,USD,30,\n", []string{":3: column 1 (code): customer code NEW appears twice in the file (first at line 2)"}},
		{"ErrBadCurrency", "customers", custHdr + "NEW,A,,usd1,30,\n", []string{"column 4 (currency): unknown currency"}},
		{"ErrBadTerms", "customers", custHdr + "NEW,A,,USD,thirty,\n", []string{"column 5 (terms_days)"}},
		{"ErrBadEmail", "customers", custHdr + "NEW,A,not-an-email,USD,30,\n", []string{"column 3 (email)"}},
		{"ErrMissingColumn", "customers", "code,currency\nX,USD\n", []string{`:1: missing column "name"`}},
		{"ErrEmptyFile", "customers", "", []string{"the file is empty"}},
		{"ErrBadQuotes", "customers", custHdr + "NEW,\"A,,USD,30,\n", []string{"not valid CSV"}},
		{"ErrUnknownCustomer", "invoices", invHdr + "9001,NOBODY,2026-01-01,,10.00,USD,x\n", []string{`column 2 (customer_code): unknown customer "NOBODY"`}},
		{"ErrDuplicateInvoiceInLedger", "invoices", invHdr + "0001002,ACME,2026-01-01,,10.00,USD,x\n", []string{"invoice number 0001002 is in the ledger already"}},
		{"ErrDuplicateInvoiceInFile", "invoices", invHdr + "9001,ACME,2026-01-01,,10.00,USD,x\n9002,ACME,2026-01-01,,10.00,USD,x\n9001,ACME,2026-01-01,,10.00,USD,x\n", []string{":4: column 1 (number): invoice 9001 appears again (first at line 2)"}},
		{"ErrBadDate", "invoices", invHdr + "9001,ACME,01/02/2026,,10.00,USD,x\n", []string{`column 3 (issue_date): date "01/02/2026": want YYYY-MM-DD`}},
		{"ErrBadAmount", "invoices", invHdr + "9001,ACME,2026-01-01,,10.001,USD,x\n", []string{"column 5 (amount): amount \"10.001\" in USD: more than 2 decimals"}},
		{"ErrAmountWithComma", "invoices", invHdr + "9001,ACME,2026-01-01,,\"1,000.00\",USD,x\n", []string{"column 5 (amount)"}},
		{"ErrCurrencyMismatch", "invoices", invHdr + "9001,ACME,2026-01-01,,10.00,EUR,x\n", []string{"column 6 (currency): invoice is in EUR but customer ACME deals in USD"}},
		{"ErrDueBeforeIssue", "invoices", invHdr + "9001,ACME,2026-02-01,2026-01-01,10.00,USD,x\n", []string{"column 4 (due_date): due date 2026-01-01 is before the issue date"}},
		{"ErrLinesDisagree", "invoices", invHdr + "9001,ACME,2026-01-01,,10.00,USD,x\n9001,MUL,2026-01-01,,10.00,USD,y\n", []string{":3: column 2 (customer_code)"}},
		{"ErrJPYDecimals", "invoices", invHdr + "9001,SATO,2026-01-01,,10.5,JPY,x\n", []string{"this currency has no decimals"}},
		{"ErrManyProblems", "invoices", invHdr + "9001,NOBODY,2026-01-01,,10.00,USD,x\n9002,ACME,2026-13-01,,10.00,USD,x\n9003,ACME,2026-01-01,,ten,USD,x\n", []string{":2:", ":3:", ":4:"}},
		{"ErrPaymentUnknownInvoice", "payments", payHdr + "ACME,2026-03-01,10.00,R,NOPE\n", []string{`column 5 (invoice_number): no invoice numbered "NOPE"`}},
		{"ErrPaymentOtherCustomer", "payments", payHdr + "ACME,2026-03-01,10.00,R,0001001\n", []string{"belongs to another customer"}},
		{"ErrPaymentNegative", "payments", payHdr + "ACME,2026-03-01,-10.00,R,\n", []string{"column 3 (amount): a payment must be more than zero"}},
		{"ErrPaymentTwice", "payments", payHdr + "ACME,2026-02-15,100.00,BANK-2,\n", []string{"column 4 (reference): looks like payment PAY-000002, already in the ledger"}},
		{"ErrPaymentCurrency", "payments", "customer_code,date,amount,currency\nACME,2026-03-01,10.00,EUR\n", []string{"column 4 (currency): payment is in EUR"}},
		{"ErrPaymentBeforeInvoice", "payments", payHdr + "ACME,2026-01-01,10.00,R,0001002\n", []string{"column 2 (date): payment dated 2026-01-01 is before invoice 0001002"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixtureStore(t)
			before := fingerprint(t, s)
			// A good row before the bad one must not be written either.
			res, err := importKind(s, tt.kind, strings.NewReader(tt.csv), tt.kind+".csv", ImportOptions{})
			if !errors.Is(err, ErrImportRefused) {
				t.Fatalf("err = %v, want refusal", err)
			}
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.String())
			}
			all := strings.Join(got, "\n")
			pos := 0
			for _, w := range tt.want {
				i := strings.Index(all[pos:], w)
				if i < 0 {
					t.Fatalf("problems\n%s\ndo not contain %q", all, w)
				}
				pos += i + len(w)
			}
			if !strings.HasPrefix(all, tt.kind+".csv:") {
				t.Fatalf("problem does not name the file: %s", all)
			}
			if after := fingerprint(t, s); after != before {
				t.Fatalf("ledger changed:\n%s\n%s", before, after)
			}
			mustCheck(t, s)
		})
	}
}

func TestImportGoodRowsBeforeBadAreNotWritten(t *testing.T) {
	s := fixtureStore(t)
	before := fingerprint(t, s)
	csv := "number,customer_code,issue_date,amount,currency\n9001,ACME,2026-01-01,10.00,USD\n9002,ACME,2026-01-01,x,USD\n9003,ACME,2026-01-01,10.00,USD\n"
	if _, err := importKind(s, "invoices", strings.NewReader(csv), "i.csv", ImportOptions{}); !errors.Is(err, ErrImportRefused) {
		t.Fatal(err)
	}
	if fingerprint(t, s) != before {
		t.Fatal("ledger changed")
	}
}

func TestImportSkipBadAndDryRun(t *testing.T) {
	ctx := context.Background()
	s := fixtureStore(t)
	csv := "number,customer_code,issue_date,amount,currency\n9001,ACME,2026-01-01,10.00,USD\n9002,ACME,2026-01-01,x,USD\n9003,ACME,2026-01-01,20.00,USD\n"
	before := fingerprint(t, s)
	res, err := importKind(s, "invoices", strings.NewReader(csv), "i.csv", ImportOptions{DryRun: true})
	if !errors.Is(err, ErrImportRefused) || len(res.Problems) != 1 {
		t.Fatalf("dry run with a bad row: %v %v", err, res.Problems)
	}
	res, err = importKind(s, "invoices", strings.NewReader(csv), "i.csv", ImportOptions{DryRun: true, SkipBad: true})
	if err != nil || res.Imported != 2 || len(res.Skipped) != 1 || res.Totals["USD"] != 3000 {
		t.Fatalf("dry run skip-bad: %v %+v", err, res)
	}
	if fingerprint(t, s) != before {
		t.Fatal("dry run changed the ledger")
	}
	res, err = importKind(s, "invoices", strings.NewReader(csv), "i.csv", ImportOptions{SkipBad: true})
	if err != nil || res.Imported != 2 || len(res.Skipped) != 1 || res.Skipped[0].Line != 3 {
		t.Fatalf("skip-bad: %v %+v", err, res)
	}
	if _, err := s.Document(ctx, "9002"); ErrorCode(err) != ENOTFOUND {
		t.Fatal("skipped invoice imported")
	}
	if _, err := s.Document(ctx, "9003"); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
}

func TestImportQuotedMultilineField(t *testing.T) {
	s := fixtureStore(t)
	// A line break is taken in notes and addresses, not in a name.
	csv := "code,name,currency,notes\nML,Name,USD,\"Line one\nline two\"\nBAD,,USD,\n"
	res, err := importKind(s, "customers", strings.NewReader(csv), "c.csv", ImportOptions{})
	if !errors.Is(err, ErrImportRefused) || len(res.Problems) != 1 || res.Problems[0].Line != 4 {
		t.Fatalf("%v %v", err, res.Problems)
	}
}

func TestImportSyntaxErrorRefusesEvenWithSkipBad(t *testing.T) {
	s := fixtureStore(t)
	before := fingerprint(t, s)
	csv := "customer_code,date,amount\nACME,2026-03-01,1.00\nACME,\"2026-03-02,2.00\nACME,2026-03-03,3.00\n"
	res, err := importKind(s, "payments", strings.NewReader(csv), "p.csv", ImportOptions{SkipBad: true})
	if !errors.Is(err, ErrImportRefused) || len(res.Problems) != 1 || !strings.Contains(res.Problems[0].String(), "not valid CSV") {
		t.Fatalf("%v %+v", err, res)
	}
	if fingerprint(t, s) != before {
		t.Fatal("ledger changed")
	}
}
