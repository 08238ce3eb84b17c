package reports

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"paidup/ledger"
)

// A book of statements: a long one (three pages) between two short ones
// (one page each). Each starts on its own page, numbers its pages on its
// own, and reads as its own PDF does, page for page.
func TestStatementBook(t *testing.T) {
	fx := newFixture(t)
	fx.statementHistory(t) // MUL: one page
	for i := range 120 {   // JP: enough open invoices for three pages
		fx.invoice(t, "JP", fmt.Sprintf("2026-02-%02d", 1+i%28), "", ledger.Line{Description: fmt.Sprintf("Item %d", i+1), Quantity: qty("1"), UnitPrice: 1000 + int64(i)})
	}
	fx.invoice(t, "US", "2026-03-01", "PO-1", ledger.Line{Description: "Consulting", Quantity: qty("2"), UnitPrice: 15000})
	o := StatementOptions{Kind: OpenItem, To: day("2026-03-31"), Edges: []int{30, 60, 90}}
	r, err := LoadRenderer(fx.ctx, fx.st)
	if err != nil {
		t.Fatal(err)
	}
	codes := []string{"MUL", "JP", "US"}
	book := r.NewStatementBook(o.To)
	var alone [][]byte
	for _, code := range codes {
		sd, pdf := fx.statement(t, code, o)
		alone = append(alone, pdf)
		if err := book.Add(sd); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := book.Finish(&b); err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, b.Bytes())
	page := 0
	for i, code := range codes {
		n := strings.Count(pdfText(t, alone[i], 0), "Page ")
		if code == "JP" && n < 3 {
			t.Fatalf("JP's statement has %d pages, want at least 3 to test with", n)
		}
		for p := 1; p <= n; p++ {
			page++
			got, want := pdfText(t, b.Bytes(), page), pdfText(t, alone[i], p)
			if got != want {
				t.Errorf("page %d of the book (%s's page %d of %d) differs from its own PDF:\n%s\n--- want ---\n%s", page, code, p, n, got, want)
			}
			if !strings.Contains(got, fmt.Sprintf("Page %d of %d", p, n)) {
				t.Errorf("page %d of the book does not say Page %d of %d", page, p, n)
			}
		}
	}
	if strings.Count(pdfText(t, b.Bytes(), 0), "Page ") != page {
		t.Errorf("the book has more pages than its %d statements", page)
	}
	if err := r.NewStatementBook(o.To).Finish(&b); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("an empty book: %v", err)
	}
}
