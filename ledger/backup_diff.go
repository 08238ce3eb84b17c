package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// BackupDiff is what restoring a backup would undo: what the ledger holds
// now that the backup does not. Posted documents are never deleted and
// their ids only grow, so what was written after the backup is what has a
// higher id than the backup's last, and what changed since (a void, a
// payment applied) shows in the voids and allocations.
type BackupDiff struct {
	NewDocuments []KindCount // posted since the backup, by kind
	NewCustomers int
	VoidedSince  int // documents the backup has, voided since
	IssuedSince  int // drafts the backup has, issued since
	AppliedSince int // payments, credits and write-offs applied since
	// Unknown counts documents of the backup this ledger does not have:
	// the backup comes from another history (another ledger, or one
	// restored since), so the counts above say little.
	Unknown int
}

// KindCount is how many documents of a kind, with the first and last
// number, in number order.
type KindCount struct {
	Kind        Kind
	Count       int
	First, Last string
}

// Empty says whether restoring undoes nothing.
func (d BackupDiff) Empty() bool {
	return len(d.NewDocuments) == 0 && d.NewCustomers == 0 && d.VoidedSince == 0 && d.IssuedSince == 0 && d.AppliedSince == 0 && d.Unknown == 0
}

// String says it in a sentence: "Restoring would undo 12 invoices
// (INV-000120 … INV-000131), 4 payments, 1 new customer, 3 voids and 7
// applications of payments or credits."
func (d BackupDiff) String() string {
	if d.Empty() {
		return "Restoring undoes nothing: the ledger holds nothing the backup does not."
	}
	var parts []string
	for _, k := range d.NewDocuments {
		p := Plural(k.Count, strings.ReplaceAll(strings.ReplaceAll(string(k.Kind), "write_off", "write-off"), "_", " "))
		if k.First != "" && k.First != k.Last {
			p += fmt.Sprintf(" (%s … %s)", k.First, k.Last)
		} else if k.First != "" {
			p += " (" + k.First + ")"
		}
		parts = append(parts, p)
	}
	if d.NewCustomers > 0 {
		parts = append(parts, Plural(d.NewCustomers, "new customer"))
	}
	if d.IssuedSince > 0 {
		parts = append(parts, Plural(d.IssuedSince, "draft")+" issued")
	}
	if d.VoidedSince > 0 {
		parts = append(parts, Plural(d.VoidedSince, "void"))
	}
	if d.AppliedSince > 0 {
		parts = append(parts, Plural(d.AppliedSince, "application")+" of payments or credits")
	}
	s := ""
	if len(parts) > 0 {
		s = "Restoring would undo " + strings.Join(parts, ", ") + "."
	}
	if d.Unknown > 0 {
		s = strings.TrimSpace(s + fmt.Sprintf(" The backup also holds %s this ledger does not have: it comes from another history of the ledger.", Plural(d.Unknown, "document")))
	}
	return s
}

// Plural is "1 document", "2 documents", "3 entries": n and an English
// noun, made plural the regular way.
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// DiffBackup compares the ledger with a backup file (a SQLite ledger,
// read without changing it) and says what restoring it would undo. It
// reads by id through the tables' keys: milliseconds on a million
// documents.
func (s *Store) DiffBackup(ctx context.Context, backup string) (BackupDiff, error) {
	var d BackupDiff
	b, err := sql.Open("sqlite", fileURI(backup)+"?mode=ro")
	if err != nil {
		return d, fmt.Errorf("compare with %s: %w", backup, err)
	}
	defer b.Close()
	var maxDoc, maxCust, maxAlloc, voids, docs int64
	err = b.QueryRowContext(ctx, `SELECT COALESCE((SELECT MAX(id) FROM documents), 0), COALESCE((SELECT MAX(id) FROM customers), 0),
		COALESCE((SELECT MAX(id) FROM allocations), 0), (SELECT count(*) FROM documents WHERE status = 'void'),
		(SELECT count(*) FROM documents WHERE status <> 'draft')`).Scan(&maxDoc, &maxCust, &maxAlloc, &voids, &docs)
	if err != nil {
		return d, fmt.Errorf("compare with %s: not a Paidup ledger: %w", backup, err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT kind, count(*), COALESCE(MIN(number), ''), COALESCE(MAX(number), '')
		FROM documents WHERE id > ? AND status <> 'draft' GROUP BY kind`, maxDoc)
	if err != nil {
		return d, fmt.Errorf("compare with %s: %w", backup, err)
	}
	defer rows.Close()
	for rows.Next() {
		var k KindCount
		if err := rows.Scan(&k.Kind, &k.Count, &k.First, &k.Last); err != nil {
			return d, fmt.Errorf("compare with %s: %w", backup, err)
		}
		d.NewDocuments = append(d.NewDocuments, k)
	}
	if err := rows.Err(); err != nil {
		return d, fmt.Errorf("compare with %s: %w", backup, err)
	}
	sort.Slice(d.NewDocuments, func(i, j int) bool { return d.NewDocuments[i].Kind < d.NewDocuments[j].Kind })
	var oldVoids, oldDocs int64
	err = s.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM customers WHERE id > ?1),
		(SELECT count(*) FROM allocations WHERE id > ?2),
		(SELECT count(*) FROM documents WHERE id <= ?3 AND status = 'void'),
		(SELECT count(*) FROM documents WHERE id <= ?3 AND status <> 'draft')`, maxCust, maxAlloc, maxDoc).
		Scan(&d.NewCustomers, &d.AppliedSince, &oldVoids, &oldDocs)
	if err != nil {
		return d, fmt.Errorf("compare with %s: %w", backup, err)
	}
	// A void of a document older than the backup, or one the backup has
	// that is gone here (another history).
	d.VoidedSince = int(max(oldVoids-voids, 0))
	d.IssuedSince = int(max(oldDocs-docs, 0))
	d.Unknown = int(max(docs-oldDocs, 0))
	return d, nil
}
