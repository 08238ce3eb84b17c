package gnucash

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// summary is what a book holds, written out in a stable order, so that
// the two formats of one book (built twice by scripts/gnucash-fixture.py,
// so the GUIDs differ) can be compared by content.
func summary(b *Book) []string {
	var out []string
	for _, c := range b.Customers {
		term := b.Terms[c.Terms]
		days := -1
		if term != nil {
			days = term.DueDays
		}
		out = append(out, fmt.Sprintf("customer %s %s %s net%d %s %s", c.ID, c.Name, c.Currency, days, c.Email, strings.Join(c.Addr, "|")))
	}
	for _, in := range b.Invoices {
		var lines []string
		for _, e := range in.Entries {
			tax := ""
			if t := b.TaxTables[e.TaxTable]; t != nil && e.Taxable {
				tax = t.Name
			}
			lines = append(lines, fmt.Sprintf("%s %s×%s -%s%s %s", e.Description, e.Quantity, e.Price, e.Discount, e.DiscType, tax))
		}
		sort.Strings(lines)
		due := ""
		for _, t := range b.Transactions {
			if t.GUID == in.PostTxn {
				due = t.Due.Format("2006-01-02")
			}
		}
		out = append(out, fmt.Sprintf("invoice %s %s cn=%v posted=%s due=%s %s", in.ID, in.Currency, in.CreditNote,
			in.Posted.Format("2006-01-02"), due, strings.Join(lines, "; ")))
	}
	for _, t := range b.Transactions {
		var splits []string
		for _, s := range t.Splits {
			a := b.Accounts[s.Account]
			inv := ""
			if l := b.Lots[s.Lot]; l != nil {
				inv = "lot"
				if x := b.Invoice(l.Invoice); x != nil {
					inv = "lot of " + x.ID
				}
			}
			splits = append(splits, fmt.Sprintf("%s %s %s", a.Name, s.Value, inv))
		}
		sort.Strings(splits)
		out = append(out, fmt.Sprintf("txn %s %s %s %s", t.Posted.Format("2006-01-02"), t.Type, t.Num, strings.Join(splits, ", ")))
	}
	sort.Strings(out)
	return out
}

// The SQLite and the XML file of the fixture book read the same.
func TestFormatsReadTheSame(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "gnucash")
	s, err := Open(filepath.Join(dir, "book.gnucash"))
	if err != nil {
		t.Fatal(err)
	}
	x, err := Open(filepath.Join(dir, "book.xml.gnucash"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Format != "SQLite" || x.Format != "XML" {
		t.Fatalf("formats %s %s", s.Format, x.Format)
	}
	a, b := summary(s), summary(x)
	if len(a) < 20 {
		t.Fatalf("read little:\n%s", strings.Join(a, "\n"))
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("the formats differ:\nSQLite:\n%s\nXML:\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
	if testing.Verbose() {
		t.Log("\n" + strings.Join(a, "\n"))
	}
	// GnuCash can also save its XML uncompressed: the same book.
	z, err := os.Open(filepath.Join(dir, "book.xml.gnucash"))
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	zr, err := gzip.NewReader(z)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "plain.gnucash")
	if err := os.WriteFile(p, plain, 0o600); err != nil {
		t.Fatal(err)
	}
	x2, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(summary(x2), b) {
		t.Fatalf("the plain XML reads otherwise than the gzipped")
	}
}

// Anything else is refused with a message that says what it is.
func TestNotABook(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"text.gnucash":  "hello",
		"other.xml":     `<?xml version="1.0"?><html></html>`,
		"broken.xml":    `<?xml version="1.0"?><gnc-v2 xmlns:gnc="http://www.gnucash.org/XML/gnc"><gnc:book><gnc:transaction>`,
		"truncated.sql": "SQLite format 3\x00garbage",
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(p); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v", name, err)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}

func TestScaled(t *testing.T) {
	for _, c := range []struct {
		r      Rational
		digits int
		want   int64
		ok     bool
	}{{Rational{160049, 100}, 2, 160049, true}, {Rational{19, 1}, 4, 190000, true}, {Rational{1, 3}, 2, 0, false},
		{Rational{12345, 1000}, 2, 0, false}, {Rational{-50000, 100}, 2, -50000, true}, {Rational{150, 100}, 0, 0, false}} {
		got, err := c.r.Scaled(c.digits)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("%v scaled %d: %d %v", c.r, c.digits, got, err)
		}
	}
}

// TestProximoTerm: a proximo bill term (as GnuCash 5 writes it in XML)
// is read with its due day and cutoff, not mistaken for a number of days.
func TestProximoTerm(t *testing.T) {
	p := filepath.Join(t.TempDir(), "prox.gnucash")
	body := `<?xml version="1.0" encoding="utf-8" ?>
<gnc-v2 xmlns:gnc="http://www.gnucash.org/XML/gnc" xmlns:billterm="http://www.gnucash.org/XML/billterm" xmlns:bt-prox="http://www.gnucash.org/XML/bt-prox">
<gnc:book version="2.0.0">
<gnc:GncBillTerm version="2.0.0">
  <billterm:guid type="guid">0123456789abcdef0123456789abcdef</billterm:guid>
  <billterm:name>EOM+10</billterm:name>
  <billterm:proximo>
    <bt-prox:due-day>10</bt-prox:due-day>
    <bt-prox:cutoff-day>25</bt-prox:cutoff-day>
  </billterm:proximo>
</gnc:GncBillTerm>
</gnc:book>
</gnc-v2>
`
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	got := b.Terms["0123456789abcdef0123456789abcdef"]
	if got == nil || got.Type != "GNC_TERM_TYPE_PROXIMO" || got.DueDays != 10 || got.Cutoff != 25 || got.Name != "EOM+10" {
		t.Fatalf("term: %+v", got)
	}
}
