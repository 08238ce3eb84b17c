package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
)

// fileSHA256 returns the SHA-256 of everything r holds, and a reader of
// the same bytes from the start: r itself rewound when it can seek (a
// file), else the bytes kept in memory.
func fileSHA256(r io.Reader) (io.Reader, string, error) {
	h := sha256.New()
	if rs, ok := r.(io.ReadSeeker); ok {
		start, err := rs.Seek(0, io.SeekCurrent)
		if err == nil {
			if _, err := io.Copy(h, rs); err != nil {
				return nil, "", fmt.Errorf("read: %w", err)
			}
			if _, err := rs.Seek(start, io.SeekStart); err != nil {
				return nil, "", fmt.Errorf("read: %w", err)
			}
			return rs, hex.EncodeToString(h.Sum(nil)), nil
		}
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, "", fmt.Errorf("read: %w", err)
	}
	h.Write(b)
	return bytes.NewReader(b), hex.EncodeToString(h.Sum(nil)), nil
}

// payKey is what tells two payments apart when they have no reference.
type payKey struct {
	cust   int64
	date   string
	amount int64
}

// repeats finds the rows of a payments file that repeat a payment: of the
// ledger, imported before from the same file, or of the file itself.
type repeats struct {
	// before are the payments without a reference imported before from
	// a file with the same SHA-256, by key, their numbers in order.
	before map[payKey][]string
	// again counts the rows without a reference read so far, by key: the
	// n-th such row repeats the n-th payment imported before.
	again map[payKey]int
	// refs are the rows with a reference read so far: key and reference
	// → the row's line.
	refs        map[refKey]int
	newPayments bool
}

type refKey struct {
	payKey
	ref string
}

// newRepeats reads, before the import writes anything, the payments that
// came in a file with this SHA-256.
func newRepeats(t *tx, sum string, newPayments bool) (*repeats, error) {
	rp := &repeats{before: map[payKey][]string{}, again: map[payKey]int{}, refs: map[refKey]int{}, newPayments: newPayments}
	rows, err := t.QueryContext(t.ctx, `SELECT d.customer_id, d.date, d.total, d.number FROM payment_sources s
		JOIN documents d ON d.id = s.document_id
		WHERE s.file_sha256 = ? AND d.kind = 'payment' AND d.status = 'issued' AND d.reference = ''
		ORDER BY d.id`, sum)
	if err != nil {
		return nil, fmt.Errorf("payments imported from this file before: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k payKey
		var num string
		if err := rows.Scan(&k.cust, &k.date, &k.amount, &num); err != nil {
			return nil, fmt.Errorf("payments imported from this file before: %w", err)
		}
		rp.before[k] = append(rp.before[k], num)
	}
	return rp, rows.Err()
}

// check returns the problem of a row, checked otherwise, that repeats a
// payment.
func (rp *repeats) check(f *csvFile, cust *custRow, in PaymentInput) []Problem {
	k := payKey{cust.id, fmtDate(in.Date), in.Amount.Minor}
	if in.Reference != "" {
		rk := refKey{k, in.Reference}
		if first, ok := rp.refs[rk]; ok {
			return []Problem{f.problem("reference", "this row repeats line %d of the file (same customer, date, amount and reference)", first)}
		}
		rp.refs[rk] = f.line
		return nil
	}
	n := rp.again[k]
	rp.again[k] = n + 1
	if prev := rp.before[k]; n < len(prev) && !rp.newPayments {
		return []Problem{f.problem("amount", "looks like payment %s, imported before from this very file (same customer, date and amount, no reference, same file SHA-256): "+
			"a file imported twice is refused; if it is a new payment, import with --new-payments", prev[n])}
	}
	return nil
}
