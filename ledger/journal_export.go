package ledger

import (
	"context"
	"time"
)

// JournalLine is one posting with what an accountant needs to book it:
// its entry, the document it comes from, and the customer of the
// sub-ledger accounts (1100, 2100).
type JournalLine struct {
	Date         time.Time
	EntryID      int64
	EntryKind    string // issue, payment, apply, void, write_off…
	Memo         string
	DocKind      Kind
	DocNumber    string
	Line         int
	Account      Account
	Amount       Money // debit positive, credit negative
	CustomerCode string
	CustomerName string
}

// EachJournalLine calls fn for every posting of the journal entries dated
// from..to (both included), by date, entry and line, streaming: every
// posting exactly once, each entry whole (its lines sum to zero), voids as
// the reversing entries they are.
func (s *Store) EachJournalLine(ctx context.Context, from, to time.Time, fn func(JournalLine) error) error {
	return s.Export(ctx, ExportPeriod{From: from, To: to}, func(x *ExportReader) error {
		return x.EachJournalLine(fn)
	})
}
