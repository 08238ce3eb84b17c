package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
)

// AuditProblem is something verify found that no longer matches.
type AuditProblem struct {
	// Kind: entry_changed, entry_missing, chain_cut (the chain does not
	// reach a head remembered elsewhere), chain_rewritten (it reaches it
	// with another hash), document_changed, document_deleted,
	// document_inserted, rows_orphaned.
	Kind     string `json:"kind"`
	Entry    int64  `json:"entry,omitempty"`
	Document string `json:"document,omitempty"`
	Message  string `json:"message"`
}

// AuditReport is what VerifyAudit found.
type AuditReport struct {
	Intact    bool           `json:"intact"`
	Entries   int64          `json:"entries"`
	Documents int            `json:"documents"` // documents held to a digest
	Head      AuditHead      `json:"head"`
	Anchors   []string       `json:"anchors"` // the heads it was held to, and where they come from
	Problems  []AuditProblem `json:"problems"`
}

// AuditAnchor is a head remembered elsewhere: in a backup, on paper.
type AuditAnchor struct {
	Head   AuditHead
	Source string // "backup paidup-2026-03-01-120000.db", "the head file", "--head"
}

// restoreMark is a restore's entry: the chain before it was another one,
// whose head it names.
type restoreMark struct {
	seq      int64
	replaced AuditHead
}

// expected is what the chain says a document's rows hash to.
type expected struct {
	digest digest
	seq    int64
	number string
	v1     bool // the entry's digests leave out the e-invoice columns
}

// VerifyAudit walks the whole chain and every document's rows, in one
// snapshot, and holds the chain to the head file beside a ledger file and
// to anchors. The report lists what no longer matches, the first first:
// entries (by number), heads remembered elsewhere, then documents (in the
// order of the entries that last covered them).
func (s *Store) VerifyAudit(ctx context.Context, anchors []AuditAnchor) (*AuditReport, error) {
	if path := s.headPath(); path != "" {
		if h, err := ReadHeadFile(path); err == nil {
			anchors = append([]AuditAnchor{{Head: h, Source: "the head file " + path}}, anchors...)
		}
	}
	rep := &AuditReport{Anchors: []string{}, Problems: []AuditProblem{}}
	err := s.auditSnapshot(ctx, func(rtx *sql.Tx) error {
		want := map[int64]string{} // seq → hash, for the anchors
		for _, a := range anchors {
			want[a.Head.Count] = ""
		}
		var maxID int64
		if err := rtx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM documents`).Scan(&maxID); err != nil {
			return fmt.Errorf("audit verify: %w", err)
		}
		exp, restores, err := walkChain(ctx, rtx, rep, want, maxID)
		if err != nil {
			return err
		}
		holdToAnchors(rep, anchors, want, restores)
		set, err := digestDocs(ctx, rtx, nil, false)
		if err != nil {
			return fmt.Errorf("audit verify: %w", err)
		}
		compareDocs(rep, exp, set, func(id int64) string {
			var n sql.NullString
			if err := rtx.QueryRowContext(ctx, `SELECT number FROM documents WHERE id = ?`, id).Scan(&n); err != nil || !n.Valid {
				return fmt.Sprintf("(id %d)", id)
			}
			return n.String
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep.Intact = len(rep.Problems) == 0
	return rep, nil
}

// walkChain reads the chain in order, checking each entry's hash and link,
// and returns what it says each document's digest is.
func walkChain(ctx context.Context, db queryer, rep *AuditReport, want map[int64]string, maxDoc int64) ([]expected, []restoreMark, error) {
	exp := make([]expected, maxDoc+1)
	var restores []restoreMark
	prev := AuditHead{Hash: zeroHash}
	err := eachEntry(ctx, db, `ORDER BY seq`, nil, func(e *AuditEntry) error {
		switch {
		case e.Seq != prev.Count+1:
			if e.Seq > prev.Count+1 {
				rep.Problems = append(rep.Problems, AuditProblem{Kind: "entry_missing", Entry: prev.Count + 1,
					Message: fmt.Sprintf("audit entries %d to %d are missing: entry %d follows entry %d", prev.Count+1, e.Seq-1, e.Seq, prev.Count)})
			}
		case e.PrevHash != prev.Hash:
			rep.Problems = append(rep.Problems, AuditProblem{Kind: "entry_changed", Entry: e.Seq,
				Message: fmt.Sprintf("audit entry %d does not follow entry %d: it names another entry before it (an entry was replaced or the chain rebuilt)", e.Seq, prev.Count)})
		}
		if !checkEntryHash(e) {
			rep.Problems = append(rep.Problems, AuditProblem{Kind: "entry_changed", Entry: e.Seq,
				Message: fmt.Sprintf("audit entry %d (%s %s) was changed: its content no longer hashes to its hash", e.Seq, e.Action, e.Subject)})
		}
		if _, ok := want[e.Seq]; ok {
			want[e.Seq] = e.Hash
		}
		if e.Action == "restore" {
			var d struct {
				Replaced string `json:"replaced"`
			}
			if json.Unmarshal(e.Detail, &d) == nil {
				if h, err := ParseAuditHead(d.Replaced); err == nil {
					restores = append(restores, restoreMark{seq: e.Seq, replaced: h})
				}
			}
		}
		err := eachUnit(e.units, func(u auditUnit) error {
			if u.id <= 0 {
				return fmt.Errorf("a document id %d", u.id)
			}
			if int(u.id) >= len(exp) {
				exp = append(exp, make([]expected, max(int(u.id)+1, 2*len(exp))-len(exp))...)
			}
			exp[u.id] = expected{digest: u.digest, seq: e.Seq, number: u.number, v1: e.v1}
			return nil
		})
		if err != nil {
			rep.Problems = append(rep.Problems, AuditProblem{Kind: "entry_changed", Entry: e.Seq,
				Message: fmt.Sprintf("audit entry %d was changed: %v", e.Seq, err)})
		}
		prev = AuditHead{Count: e.Seq, Hash: e.Hash}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("audit verify: %w", err)
	}
	rep.Entries, rep.Head = prev.Count, prev
	return exp, restores, nil
}

// holdToAnchors checks that the chain reaches every head remembered
// elsewhere with the same hash. A head of the ledger a restore replaced
// (of as many entries as the restore says it replaced, or fewer, and
// at or after where the restored chain parts from it) is not this chain's.
func holdToAnchors(rep *AuditReport, anchors []AuditAnchor, got map[int64]string, restores []restoreMark) {
	for _, a := range anchors {
		rep.Anchors = append(rep.Anchors, a.Head.String()+" ("+a.Source+")")
		if a.Head.Count == 0 {
			continue
		}
		if h := got[a.Head.Count]; h == a.Head.Hash {
			continue
		}
		superseded := false
		for _, r := range restores {
			if r.seq <= a.Head.Count+1 && r.replaced.Count >= a.Head.Count {
				superseded = true
			}
		}
		if superseded {
			continue
		}
		if a.Head.Count > rep.Entries {
			rep.Problems = append(rep.Problems, AuditProblem{Kind: "chain_cut", Entry: rep.Entries + 1,
				Message: fmt.Sprintf("the audit chain ends at entry %d but %s remembers entry %d: entries were cut off its end, or an older copy of the ledger replaced it", rep.Entries, a.Source, a.Head.Count)})
		} else {
			rep.Problems = append(rep.Problems, AuditProblem{Kind: "chain_rewritten", Entry: a.Head.Count,
				Message: fmt.Sprintf("audit entry %d is not the one %s remembers (hash %s…): the chain was rewritten from there or before", a.Head.Count, a.Source, a.Head.Hash[:12])})
		}
	}
}

// compareDocs holds every document's rows to the digest the chain last
// gave them.
func compareDocs(rep *AuditReport, exp []expected, set *docSet, numberOf func(id int64) string) {
	var probs []AuditProblem
	var order []int64 // the entry each problem is about, for sorting
	inserted := 0     // documents no entry covers: the first are named by number
	n := max(len(exp), len(set.dense))
	for id := 1; id < n; id++ {
		var e expected
		if id < len(exp) {
			e = exp[id]
		}
		var d *docInfo
		if id < len(set.dense) {
			d = &set.dense[id]
		}
		present := d != nil && d.present
		switch {
		case e.seq > 0:
			rep.Documents++
			if !present {
				probs = append(probs, AuditProblem{Kind: "document_deleted", Entry: e.seq, Document: e.number,
					Message: fmt.Sprintf("document %s was deleted outside Paidup (audit entry %d covers it)", e.number, e.seq)})
				// Before the documents of the same entry whose
				// allocations went with it.
				order = append(order, 2*e.seq)
			} else if d.digestAs(e.v1) != e.digest {
				num := e.number
				probs = append(probs, AuditProblem{Kind: "document_changed", Entry: e.seq, Document: num,
					Message: fmt.Sprintf("document %s no longer matches audit entry %d: its row, lines, postings or allocations were changed outside Paidup", num, e.seq)})
				order = append(order, 2*e.seq+1)
			}
		case present && !d.draft:
			num := fmt.Sprintf("(id %d)", id)
			if inserted++; inserted <= 100 {
				num = numberOf(int64(id))
			}
			probs = append(probs, AuditProblem{Kind: "document_inserted", Document: num,
				Message: fmt.Sprintf("document %s is in no audit entry: it was written outside Paidup", num)})
			order = append(order, 1<<62)
		case d != nil && !present && d.digest != (digest{}):
			probs = append(probs, AuditProblem{Kind: "rows_orphaned",
				Message: fmt.Sprintf("lines, postings or allocations name document id %d, which does not exist", id)})
			order = append(order, 1<<62)
		}
	}
	if len(set.dense) > 0 && set.dense[0].digest != (digest{}) {
		probs = append(probs, AuditProblem{Kind: "rows_orphaned", Message: "postings of a journal entry that does not exist"})
		order = append(order, 1<<62)
	}
	idx := make([]int, len(probs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return order[idx[i]] < order[idx[j]] })
	for _, i := range idx {
		rep.Problems = append(rep.Problems, probs[i])
	}
}

// eachEntry streams audit entries (tail: the SQL after FROM audit_log).
func eachEntry(ctx context.Context, db queryer, tail string, args []any, fn func(*AuditEntry) error) error {
	rows, err := db.QueryContext(ctx, `SELECT seq, at, os_user, action, subject, COALESCE(customer_id, 0), detail, units, prev_hash, hash FROM audit_log `+tail, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e AuditEntry
		var detail string
		if err := rows.Scan(&e.Seq, &e.At, &e.User, &e.Action, &e.Subject, &e.CustomerID, &detail, &e.units, &e.PrevHash, &e.Hash); err != nil {
			return err
		}
		e.Detail = json.RawMessage(detail)
		_ = eachUnit(e.units, func(auditUnit) error { e.Documents++; return nil })
		if err := fn(&e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// VerifyAuditTail checks the last n entries of the chain (their hashes
// and links) and the head file beside a ledger file: `check --quick`.
func (s *Store) VerifyAuditTail(ctx context.Context, n int) ([]AuditProblem, error) {
	var entries []*AuditEntry
	err := eachEntry(ctx, s.r, `ORDER BY seq DESC LIMIT ?`, []any{n + 1}, func(e *AuditEntry) error {
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("audit tail: %w", err)
	}
	var probs []AuditProblem
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		if i == len(entries)-1 && len(entries) == n+1 {
			continue // the entry before the tail: only its hash is needed
		}
		if i < len(entries)-1 || e.Seq == 1 {
			prev := AuditHead{Hash: zeroHash}
			if i < len(entries)-1 {
				prev = AuditHead{Count: entries[i+1].Seq, Hash: entries[i+1].Hash}
			}
			if e.Seq != prev.Count+1 {
				probs = append(probs, AuditProblem{Kind: "entry_missing", Entry: prev.Count + 1,
					Message: fmt.Sprintf("audit entries %d to %d are missing", prev.Count+1, e.Seq-1)})
			} else if e.PrevHash != prev.Hash {
				probs = append(probs, AuditProblem{Kind: "entry_changed", Entry: e.Seq,
					Message: fmt.Sprintf("audit entry %d does not follow entry %d", e.Seq, prev.Count)})
			}
		}
		if !checkEntryHash(e) {
			probs = append(probs, AuditProblem{Kind: "entry_changed", Entry: e.Seq,
				Message: fmt.Sprintf("audit entry %d (%s %s) was changed", e.Seq, e.Action, e.Subject)})
		}
	}
	if path := s.headPath(); path != "" {
		if h, err := ReadHeadFile(path); err == nil && h.Count > 0 {
			var last int64
			if len(entries) > 0 {
				last = entries[0].Seq
			}
			var hash string
			err := s.r.QueryRowContext(ctx, `SELECT hash FROM audit_log WHERE seq = ?`, h.Count).Scan(&hash)
			switch {
			case h.Count > last:
				probs = append(probs, AuditProblem{Kind: "chain_cut", Entry: last + 1,
					Message: fmt.Sprintf("the audit chain ends at entry %d but the head file remembers entry %d", last, h.Count)})
			case err == nil && hash != h.Hash:
				probs = append(probs, AuditProblem{Kind: "chain_rewritten", Entry: h.Count,
					Message: fmt.Sprintf("audit entry %d is not the one the head file remembers", h.Count)})
			}
		}
	}
	return probs, nil
}

// auditSnapshot runs fn in a read-only transaction that sees one state
// of the ledger throughout (REPEATABLE READ on PostgreSQL).
func (s *Store) auditSnapshot(ctx context.Context, fn func(*sql.Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == postgresDialect {
		opts.Isolation = sql.LevelRepeatableRead
	}
	rtx, err := s.r.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer rtx.Rollback()
	return fn(rtx)
}

// auditChainProblems walks the whole chain (hashes and links, not the
// documents) and holds it to the head file: the full check's part.
func (s *Store) auditChainProblems(ctx context.Context, db queryer) ([]AuditProblem, error) {
	rep := &AuditReport{}
	var anchors []AuditAnchor
	if path := s.headPath(); path != "" {
		if h, err := ReadHeadFile(path); err == nil {
			anchors = append(anchors, AuditAnchor{Head: h, Source: "the head file"})
		}
	}
	want := map[int64]string{}
	for _, a := range anchors {
		want[a.Head.Count] = ""
	}
	_, restores, err := walkChain(ctx, db, rep, want, 0)
	if err != nil {
		return nil, err
	}
	holdToAnchors(rep, anchors, want, restores)
	return rep.Problems, nil
}
