package ledger

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// invoiceCSV is an invoice file of n invoices numbered prefix000001…, for
// the fixture customers, with what the import has to get right: invoices
// of one to four lines, quantities, discounts and tax rates, a discount
// line, invoices of nothing, empty due dates and descriptions, references,
// multi-line notes and blank rows. bad, if set, may replace invoice i when
// it has one row (i%4 == 0); "NUM" stands for its number.
func invoiceCSV(prefix string, n int, bad func(i int) string) string {
	var b strings.Builder
	b.WriteString("number,customer_code,issue_date,due_date,amount,currency,description,quantity,unit_price,tax_rate,discount,reference,notes\n")
	custs := []struct{ code, cur string }{{"ACME", "USD"}, {"MUL", "EUR"}, {"SATO", "JPY"}, {"KW", "KWD"}}
	for i := range n {
		c := custs[i%len(custs)]
		money := func(minor int) string {
			switch c.cur {
			case "JPY":
				return fmt.Sprint(minor)
			case "KWD":
				return fmt.Sprintf("%d.%03d", minor/1000, minor%1000)
			}
			return fmt.Sprintf("%d.%02d", minor/100, minor%100)
		}
		num := fmt.Sprintf("%s%06d", prefix, i+1)
		d := day("2025-01-01").AddDate(0, 0, i%500)
		due := ""
		if i%3 != 0 {
			due = fmtDate(d.AddDate(0, 0, i%45))
		}
		head := fmt.Sprintf("%s,%s,%s,%s", num, c.code, fmtDate(d), due)
		for l := range 1 + i%4 {
			var row string
			switch {
			case i%97 == 5:
				row = fmt.Sprintf("%s,0,%s,Nothing,,,,,,\n", head, c.cur)
			case l == 3:
				row = fmt.Sprintf("%s,-%s,%s,Discount,,,,,,\n", head, money(50+i%7), c.cur)
			case l == 1:
				row = fmt.Sprintf("%s,,%s,\"Hours, %d\",%d.25,%s,%s,%d,REF-%d,\"note\nline two\"\n",
					head, c.cur, i, 1+i%9, money(1000+i%777), []string{"0", "20", "8.875", "7%"}[i%4], i%3*5, i)
			default:
				row = fmt.Sprintf("%s,%s,%s,,,,%s,,R%d,\n", head, money(100+i*13%100000), c.cur, []string{"0", "20", "8.875", "10"}[(i+l)%4], i)
			}
			if bad != nil && i%4 == 0 {
				if r := bad(i); r != "" {
					row = strings.Replace(r, "NUM", num, 1)
				}
			}
			b.WriteString(row)
		}
		if i%50 == 49 {
			b.WriteString(",,,,,,,,,,,,\n")
		}
	}
	return b.String()
}

// TestImportInvoicesMatchesRealPaths imports the same files through
// invoiceWriter and through t.issueInvoice, one statement at a time with
// foreign keys checked, and wants the same result and the same file, row
// for row: invoiceWriter stands in for t.issueInvoice, so a change to it
// that the writer does not follow shows here.
func TestImportInvoicesMatchesRealPaths(t *testing.T) {
	sqliteOnly(t) // the multi-row writer it holds to the real path is SQLite's
	ctx := context.Background()
	// Numbers taken in the ledger (and then repeated), bad amounts, and
	// invoices planInvoice refuses.
	bad := func(i int) string {
		switch j := i / 4; {
		case j%23 == 1:
			return "0001002,ACME,2026-01-01,,10.00,USD,,,,,,,\n"
		case j%29 == 2:
			return "NUM,ACME,2026-01-01,,ten,USD,,,,,,,\n"
		case j%31 == 3:
			return "NUM,ACME,2026-01-01,,-10.00,USD,,,,,,,\n"
		}
		return ""
	}
	files := []struct {
		name string
		csv  string
		opts ImportOptions
	}{
		{"good.csv", invoiceCSV("G", 1500, nil), ImportOptions{}},
		{"refused.csv", invoiceCSV("F", 300, bad), ImportOptions{}},
		{"dry.csv", invoiceCSV("D", 300, bad), ImportOptions{DryRun: true, SkipBad: true}},
		{"skip.csv", invoiceCSV("S", 700, bad), ImportOptions{SkipBad: true}},
	}
	run := func(realPaths bool) (*Store, []string) {
		s := newTestStore(t)
		for _, k := range []string{"customers", "invoices", "payments"} {
			f, err := os.Open("testdata/" + k + ".csv")
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var res *ImportResult
			if k == "invoices" {
				res, err = s.importInvoices(ctx, f, k, ImportOptions{}, realPaths)
			} else {
				res, err = importKind(s, k, f, k, ImportOptions{})
			}
			if err != nil {
				t.Fatalf("%s: %v %v", k, err, res.Problems)
			}
		}
		// A discarded draft had the largest id: the next document takes it again.
		mustInvoice(t, s, "ACME", "2026-01-05", line(2, 5000, 20))
		id, err := s.SaveDraft(ctx, 0, InvoiceInput{CustomerCode: "MUL", Lines: []Line{line(1, 100, 0)}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DiscardDraft(ctx, id); err != nil {
			t.Fatal(err)
		}
		var results []string
		for _, f := range files {
			res, err := s.importInvoices(ctx, strings.NewReader(f.csv), f.name, f.opts, realPaths)
			results = append(results, fmt.Sprintf("%v %+v", err, *res))
			if f.name == "good.csv" && (err != nil || res.Imported != 1500) {
				t.Fatalf("%s: %v %+v", f.name, err, res)
			}
		}
		return s, results
	}
	paths, rp := run(true)
	writer, rw := run(false)
	if !slices.Equal(rp, rw) {
		t.Fatalf("results differ:\nreal paths %v\nwriter     %v", rp, rw)
	}
	if !strings.Contains(rp[1], "nothing was imported") || strings.Contains(rp[2], "Skipped:[]") || strings.Contains(rp[3], "Skipped:[]") {
		t.Fatalf("the bad files should be refused and skipped: %v", rp[1:])
	}
	for _, q := range []string{
		`SELECT * FROM sequences ORDER BY kind`,
		`SELECT * FROM documents ORDER BY id`,
		`SELECT * FROM document_lines ORDER BY document_id, line_no`,
		`SELECT * FROM journal_entries ORDER BY id`,
		`SELECT * FROM postings ORDER BY entry_id, line`,
		`SELECT * FROM allocations ORDER BY id`,
	} {
		sameRows(t, paths, writer, q)
	}
	var zero int
	if err := writer.r.QueryRow(`SELECT count(*) FROM documents d WHERE total = 0 AND kind = 'invoice'
		AND NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.document_id = d.id)`).Scan(&zero); err != nil || zero == 0 {
		t.Fatalf("want invoices of nothing, without a journal entry: %d, %v", zero, err)
	}
	mustCheck(t, writer)
	if fk := dumpRows(t, writer, `PRAGMA foreign_key_check`); len(fk) != 0 {
		t.Fatalf("foreign keys: %v", fk)
	}
	// The writer's connection checks foreign keys again.
	var on int
	if err := writer.w.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&on); err != nil || on != 1 {
		t.Fatalf("foreign_keys %d, %v", on, err)
	}
}

// TestImportInvoicesStopsWhereItDid: numbers are looked up in the ledger
// many at a time, after their invoices were read, yet the import reports
// the same problems, in the same order, and stops reading at the same row
// as when it looked each one up as it came: after MaxProblems problems, at
// the row that follows the invoice of the last one.
func TestImportInvoicesStopsWhereItDid(t *testing.T) {
	s := fixtureStore(t)
	const n = 40
	var taken []int // data rows (1-based) of invoices whose number is taken
	var b strings.Builder
	b.WriteString("number,customer_code,issue_date,amount,currency\n")
	for i := 1; i <= n; i++ {
		num := fmt.Sprintf("T%03d", i)
		if i%3 == 1 {
			num = "0001002"
			taken = append(taken, i)
			if i == 13 {
				num = "0001003" // taken, and a bad amount too: two problems
			}
		}
		amount := "1.00"
		if i == 13 {
			amount = "x"
		}
		fmt.Fprintf(&b, "%s,ACME,2026-01-01,%s,USD\n", num, amount)
	}
	csv := b.String()
	// The repeats of 0001002 after the first are repeats within the file.
	for max := 1; max <= 20; max++ {
		t.Run(fmt.Sprintf("max%d", max), func(t *testing.T) {
			before := fingerprint(t, s)
			res, err := importKind(s, "invoices", strings.NewReader(csv), "t.csv", ImportOptions{MaxProblems: max})
			if !errors.Is(err, ErrImportRefused) {
				t.Fatal(err)
			}
			// Each invoice with a problem adds one, the one at row 13 two.
			var want []string
			rows := n
			for _, r := range taken {
				reason := "invoice 0001002 appears again (first at line 2): the rows of one invoice must be next to each other, and numbers unique"
				switch r {
				case 1:
					reason = "invoice number 0001002 is in the ledger already"
				case 13:
					reason = "invoice number 0001003 is in the ledger already"
				}
				want = append(want, fmt.Sprintf("t.csv:%d: column 1 (number): %s", r+1, reason))
				if r == 13 {
					want = append(want, `t.csv:14: column 4 (amount): amount "x" in USD: not a plain decimal number (use digits and '.', no thousands separators)`)
				}
				if len(want) >= max {
					rows = min(r+1, n)
					break
				}
			}
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.String())
			}
			if !slices.Equal(got, want) || res.Rows != rows {
				t.Fatalf("rows %d, problems\n%s\nwant rows %d, problems\n%s", res.Rows, strings.Join(got, "\n"), rows, strings.Join(want, "\n"))
			}
			if fingerprint(t, s) != before {
				t.Fatal("ledger changed")
			}
		})
	}
	// A syntax error comes after the problems of the rows before it, and
	// is not reached when they are enough to stop. (An invoice is done when
	// the row after it is read, so a row of its own sits between the last
	// taken number and the syntax error.)
	bad := "number,customer_code,issue_date,amount,currency\n" +
		"A1,ACME,2026-01-01,1.00,USD\n0001002,ACME,2026-01-01,1.00,USD\nA3,ACME,2026-01-01,1.00,USD\n" +
		"0001003,ACME,2026-01-01,1.00,USD\nA5,ACME,2026-01-01,1.00,USD\nA6,ACME,2026-01-01,\"1.00,USD\nA7,ACME,2026-01-01,1.00,USD\n"
	taken2 := "t.csv:3: column 1 (number): invoice number 0001002 is in the ledger already"
	taken4 := "t.csv:5: column 1 (number): invoice number 0001003 is in the ledger already"
	syntax := `t.csv:7: not valid CSV at line 8, character 29: extraneous or missing " in quoted-field`
	for _, tt := range []struct {
		opts          ImportOptions
		rows          int
		want, skipped []string
	}{
		{ImportOptions{MaxProblems: 1}, 3, []string{taken2}, nil},
		{ImportOptions{MaxProblems: 2}, 5, []string{taken2, taken4}, nil},
		{ImportOptions{MaxProblems: 3}, 5, []string{taken2, taken4, syntax}, nil},
		{ImportOptions{MaxProblems: 1, SkipBad: true}, 5, []string{syntax}, []string{taken2, taken4}},
	} {
		res, err := importKind(s, "invoices", strings.NewReader(bad), "t.csv", tt.opts)
		var got, skipped []string
		for _, p := range res.Problems {
			got = append(got, p.String())
		}
		for _, p := range res.Skipped {
			skipped = append(skipped, p.String())
		}
		if !errors.Is(err, ErrImportRefused) || res.Rows != tt.rows || !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(skipped, tt.skipped) {
			t.Errorf("%+v: %v, rows %d\n%s\nskipped %v", tt.opts, err, res.Rows, strings.Join(got, "\n"), skipped)
		}
	}
}

// TestImportInvoicesDiscountTerms: an imported invoice takes its own
// discount_terms, else its customer's, on the multi-row writer and on the
// real path alike; terms that do not parse are refused with line and
// column, or differ between an invoice's lines.
func TestImportInvoicesDiscountTerms(t *testing.T) {
	ctx := context.Background()
	good := "number,customer_code,issue_date,currency,amount,discount_terms\n" +
		"T1,ACME,2026-03-02,USD,100.00,\n" + // the customer's 2/10
		"T2,ACME,2026-03-02,USD,100.00,none\n" +
		"T3,ACME,2026-03-02,USD,100.00,3.5/5\n" +
		"T3,ACME,2026-03-02,USD,20.00,3.5/5\n"
	want := map[string]string{"T1": "2/10", "T2": "", "T3": "3.5/5"}
	for _, realPaths := range []bool{false, true} {
		s := newTestStore(t)
		if _, err := s.CreateCustomer(ctx, Customer{Code: "ACME", Name: "Acme", Currency: "USD", TermsDays: 30}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetCustomerDiscount(ctx, "ACME", DiscountTerms{BP: 200, Days: 10}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.importInvoices(ctx, strings.NewReader(good), "terms.csv", ImportOptions{}, realPaths); err != nil {
			t.Fatalf("realPaths %v: %v", realPaths, err)
		}
		for number, terms := range want {
			o, err := s.InvoiceDiscount(ctx, number)
			if err != nil {
				t.Fatal(err)
			}
			if got := o.Terms.String(); got != terms {
				t.Errorf("realPaths %v: %s has terms %q, want %q", realPaths, number, got, terms)
			}
		}
		o, _ := s.InvoiceDiscount(ctx, "T3")
		if o.Pay.Minor != 11580 || o.Until.Format("2006-01-02") != "2026-03-07" {
			t.Errorf("realPaths %v: T3 offers pay %s by %s, want 115.80 USD by 2026-03-07", realPaths, o.Pay, o.Until.Format("2006-01-02"))
		}
		bad := "number,customer_code,issue_date,currency,amount,discount_terms\n" +
			"B1,ACME,2026-03-02,USD,100.00,2/x\n" +
			"B2,ACME,2026-03-02,USD,100.00,2/10\n" +
			"B2,ACME,2026-03-02,USD,10.00,3/10\n"
		res, err := s.importInvoices(ctx, strings.NewReader(bad), "bad.csv", ImportOptions{}, realPaths)
		if !errors.Is(err, ErrImportRefused) || len(res.Problems) != 2 {
			t.Fatalf("realPaths %v: bad terms: %v %v", realPaths, err, res.Problems)
		}
		for i, line := range []int{2, 4} {
			if p := res.Problems[i]; p.Line != line || p.Column != "discount_terms" || p.Col != 6 {
				t.Errorf("realPaths %v: problem %d: %s, want line %d, column discount_terms (6)", realPaths, i, p, line)
			}
		}
		if _, err := s.InvoiceDiscount(ctx, "B2"); ErrorCode(err) != ENOTFOUND {
			t.Errorf("realPaths %v: B2 after a refused import: %v", realPaths, err)
		}
	}
}
