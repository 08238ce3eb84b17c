package reports

import (
	"fmt"
	"io"
	"time"

	"paidup/ledger"
)

// StatementBook writes many statements into one PDF to print in one go:
// each starts on a new page, numbers its own pages ("Page 2 of 3" is the
// customer's second page of three) and is laid out exactly as its own
// PDF. Add them one at a time (memory grows with the pages, not with the
// ledger), then Finish.
type StatementBook struct {
	r *Renderer
	d *doc
	n int
}

// NewStatementBook starts a book of statements dated date.
func (r *Renderer) NewStatementBook(date time.Time) *StatementBook {
	return &StatementBook{r: r, d: r.newDoc("Statements "+ledger.Day(date).Format(ledger.DateLayout), r.p.Name, date)}
}

// Add lays out one customer's statement. Its page count is found first
// by laying it out alone (layout is deterministic), so that every page
// can say "of N" as it is drawn.
func (b *StatementBook) Add(sd StatementData) error {
	r := b.r.forCustomer(sd.Open.Customer)
	alone := r.newDoc("", "", sd.Open.AsOf)
	r.statementBody(alone, sd)
	if err := alone.f.Error(); err != nil {
		return fmt.Errorf("statement of %s: %w", sd.Open.Customer.Code, err)
	}
	d := b.d
	d.nextSection, d.nextR = alone.f.PageNo(), r
	d.stamp, d.afterBreak = "", nil
	r.statementBody(d, sd)
	if got := d.page(); got != d.sectionPages {
		return fmt.Errorf("statement of %s: laid out on %d pages alone but %d in the book", sd.Open.Customer.Code, d.sectionPages, got)
	}
	b.n++
	return d.f.Error()
}

// Len is the number of statements added.
func (b *StatementBook) Len() int { return b.n }

// Finish writes the book; like every document, a *MissingGlyphs after
// the whole file is written says which characters no font had.
func (b *StatementBook) Finish(w io.Writer) error {
	if b.n == 0 {
		return ledger.Errorf(ledger.EINVALID, "no statement to print")
	}
	if err := b.d.finish(w); err != nil {
		return fmt.Errorf("statements PDF: %w", err)
	}
	return nil
}
