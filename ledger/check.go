package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// CheckReport lists what Check found wrong; empty Problems means the ledger
// is sound.
type CheckReport struct {
	Problems []string
	// Figures, per currency, for the record.
	Receivable map[string]int64 // balance of 1100
	Credits    map[string]int64 // balance of 2100, as a positive amount of credit
	Entries    int64
	Documents  int64
}

func (r *CheckReport) OK() bool { return len(r.Problems) == 0 }

func (r *CheckReport) add(format string, args ...any) {
	if len(r.Problems) < 200 {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	}
}

// Check verifies the file and the ledger's invariants: the file passes
// integrity_check and foreign_key_check; every journal entry sums to zero per currency; account
// 1100 equals the open amounts of invoices, in total and per customer; 2100
// equals the unapplied payments and credit notes; every document's open
// amount equals its total less its allocations in force, and none is
// negative or over-allocated. It reads one snapshot, so it can run while
// the GUI is writing.
func (s *Store) Check(ctx context.Context) (*CheckReport, error) {
	rep := &CheckReport{Receivable: map[string]int64{}, Credits: map[string]int64{}}
	conn, err := s.r.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer sqlTx.Rollback()
	q := func(query string, each func(*sql.Rows) error, args ...any) error {
		rows, err := sqlTx.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := each(rows); err != nil {
				return fmt.Errorf("check: %w", err)
			}
		}
		return rows.Err()
	}
	// The file's own checks are SQLite's; a PostgreSQL server checks its
	// pages itself and enforces every foreign key on every write.
	if s.dialect == sqliteDialect {
		var lines []string
		err = q(`PRAGMA integrity_check`, func(r *sql.Rows) error {
			var l string
			err := r.Scan(&l)
			lines = append(lines, l)
			return err
		})
		if err != nil {
			return nil, err
		}
		if len(lines) != 1 || lines[0] != "ok" {
			rep.add("integrity_check: %s", strings.Join(lines, "; "))
		}
		// The demo and the invoice import write with foreign keys unchecked
		// (ids they hand out themselves); this is where the file vouches for
		// every reference.
		err = q(`PRAGMA foreign_key_check`, func(r *sql.Rows) error {
			var table, parent string
			var rowid sql.NullInt64
			var fk int
			if err := r.Scan(&table, &rowid, &parent, &fk); err != nil {
				return err
			}
			rep.add("%s row %d refers to a %s row that does not exist", table, rowid.Int64, parent)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if err := sqlTx.QueryRowContext(ctx, `SELECT count(*) FROM journal_entries`).Scan(&rep.Entries); err != nil {
		return nil, err
	}
	if err := sqlTx.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&rep.Documents); err != nil {
		return nil, err
	}
	checks := []struct {
		query string
		each  func(*sql.Rows) error
	}{
		{`SELECT entry_id, currency, SUM(amount) FROM postings GROUP BY entry_id, currency HAVING SUM(amount) <> 0 LIMIT 50`,
			func(r *sql.Rows) error {
				var id, sum int64
				var cur string
				err := r.Scan(&id, &cur, &sum)
				rep.add("journal entry %d does not balance in %s: off by %s", id, cur, NewMoney(sum, cur).Plain())
				return err
			}},
		{`SELECT e.id FROM journal_entries e WHERE NOT EXISTS (SELECT 1 FROM postings p WHERE p.entry_id = e.id) LIMIT 50`,
			func(r *sql.Rows) error {
				var id int64
				err := r.Scan(&id)
				rep.add("journal entry %d has no postings", id)
				return err
			}},
		// Control accounts against the sub-ledger, per currency.
		{`WITH gl AS (SELECT currency, SUM(CASE WHEN account = 1100 THEN amount ELSE 0 END) AS ar,
		                     -SUM(CASE WHEN account = 2100 THEN amount ELSE 0 END) AS cr
		              FROM postings GROUP BY currency),
		      sub AS (SELECT currency, SUM(CASE WHEN kind IN ('invoice', 'charge') THEN open ELSE 0 END) AS ar,
		                     SUM(CASE WHEN kind IN ('payment', 'credit_note') THEN open ELSE 0 END) AS cr
		              FROM documents WHERE status = 'issued' GROUP BY currency),
		      cur AS (SELECT currency FROM gl UNION SELECT currency FROM sub)
		  SELECT cur.currency, COALESCE(gl.ar, 0), COALESCE(sub.ar, 0), COALESCE(gl.cr, 0), COALESCE(sub.cr, 0)
		  FROM cur LEFT JOIN gl USING (currency) LEFT JOIN sub USING (currency) ORDER BY cur.currency`,
			func(r *sql.Rows) error {
				var cur string
				var glAR, subAR, glCR, subCR int64
				if err := r.Scan(&cur, &glAR, &subAR, &glCR, &subCR); err != nil {
					return err
				}
				rep.Receivable[cur], rep.Credits[cur] = glAR, glCR
				if glAR != subAR {
					rep.add("account 1100 in %s is %s but open invoices sum to %s", cur, NewMoney(glAR, cur).Plain(), NewMoney(subAR, cur).Plain())
				}
				if glCR != subCR {
					rep.add("account 2100 in %s is %s but unapplied credits sum to %s", cur, NewMoney(glCR, cur).Plain(), NewMoney(subCR, cur).Plain())
				}
				return nil
			}},
		// The same per customer, so a problem names who it concerns.
		{`WITH gl AS (SELECT customer_id, SUM(CASE WHEN account = 1100 THEN amount ELSE 0 END) AS ar,
		                     -SUM(CASE WHEN account = 2100 THEN amount ELSE 0 END) AS cr
		              FROM postings WHERE customer_id IS NOT NULL GROUP BY customer_id),
		      sub AS (SELECT customer_id, SUM(CASE WHEN kind IN ('invoice', 'charge') THEN open ELSE 0 END) AS ar,
		                     SUM(CASE WHEN kind IN ('payment', 'credit_note') THEN open ELSE 0 END) AS cr
		              FROM documents WHERE status = 'issued' AND open <> 0 GROUP BY customer_id)
		  SELECT c.code, COALESCE(gl.ar, 0), COALESCE(sub.ar, 0), COALESCE(gl.cr, 0), COALESCE(sub.cr, 0)
		  FROM customers c LEFT JOIN gl ON gl.customer_id = c.id LEFT JOIN sub ON sub.customer_id = c.id
		  WHERE COALESCE(gl.ar, 0) <> COALESCE(sub.ar, 0) OR COALESCE(gl.cr, 0) <> COALESCE(sub.cr, 0) LIMIT 50`,
			func(r *sql.Rows) error {
				var code string
				var glAR, subAR, glCR, subCR int64
				err := r.Scan(&code, &glAR, &subAR, &glCR, &subCR)
				rep.add("customer %s: 1100 is %d and open invoices %d; 2100 is %d and unapplied credits %d (minor units)", code, glAR, subAR, glCR, subCR)
				return err
			}},
		// Each document's open amount against its allocations in force.
		{`WITH a AS (SELECT invoice_id AS id, SUM(amount) AS used FROM allocations WHERE void_date IS NULL GROUP BY invoice_id
		             UNION ALL
		             SELECT credit_id, SUM(amount) FROM allocations WHERE void_date IS NULL GROUP BY credit_id),
		      u AS (SELECT id, SUM(used) AS used FROM a GROUP BY id)
		  SELECT d.kind, COALESCE(d.number, ''), d.status, d.total, d.open, COALESCE(u.used, 0)
		  FROM documents d LEFT JOIN u ON u.id = d.id
		  WHERE CASE
		    WHEN d.status = 'draft' THEN COALESCE(u.used, 0) <> 0 OR d.open <> 0
		    WHEN d.status = 'void' THEN d.open <> 0 OR COALESCE(u.used, 0) <> 0
		    WHEN d.kind IN ('write_off', 'discount') THEN d.open <> 0 OR COALESCE(u.used, 0) <> d.total
		    ELSE COALESCE(u.used, 0) > d.total OR d.open <> d.total - COALESCE(u.used, 0)
		  END LIMIT 50`,
			func(r *sql.Rows) error {
				var kind Kind
				var number, status string
				var total, open, used int64
				err := r.Scan(&kind, &number, &status, &total, &open, &used)
				rep.add("%s (%s): total %d, open %d, but allocations in force %d (minor units)", docRef(kind, number), status, total, open, used)
				return err
			}},
		// The as-of index: closed_on is far future while open, else not
		// before the document's latest allocation.
		{`WITH last AS (SELECT id, MAX(d) AS d FROM (
		      SELECT invoice_id AS id, MAX(date) AS d FROM allocations GROUP BY invoice_id
		      UNION ALL SELECT credit_id, MAX(date) FROM allocations GROUP BY credit_id) u GROUP BY id)
		  SELECT d.kind, COALESCE(d.number, ''), d.closed_on FROM documents d LEFT JOIN last ON last.id = d.id
		  WHERE d.status <> 'draft' AND ((d.open <> 0 AND d.closed_on <> '9999-12-31')
		     OR (d.open = 0 AND (d.closed_on < d.date OR d.closed_on < COALESCE(last.d, ''))))
		  LIMIT 50`,
			func(r *sql.Rows) error {
				var kind Kind
				var number, closed string
				err := r.Scan(&kind, &number, &closed)
				rep.add("%s: closed_on %s disagrees with its open amount or allocations", docRef(kind, number), closed)
				return err
			}},
		{`SELECT a.id, c.customer_id, i.customer_id, c.currency, i.currency FROM allocations a
		  JOIN documents c ON c.id = a.credit_id JOIN documents i ON i.id = a.invoice_id
		  WHERE c.customer_id <> i.customer_id OR c.currency <> i.currency OR i.kind NOT IN ('invoice', 'charge', 'refund')
		     OR c.kind NOT IN ('payment', 'credit_note', 'write_off', 'discount') OR a.date < i.date OR a.date < c.date LIMIT 50`,
			func(r *sql.Rows) error {
				var id, c1, c2 int64
				var cur1, cur2 string
				err := r.Scan(&id, &c1, &c2, &cur1, &cur2)
				rep.add("allocation %d joins documents that do not belong together", id)
				return err
			}},
	}
	for _, c := range checks {
		if err := q(c.query, c.each); err != nil {
			return nil, err
		}
	}
	if err := checkContent(ctx, sqlTx, rep, s.dialect); err != nil {
		return nil, err
	}
	// The audit trail: every entry's hash and link, and the head file.
	probs, err := s.auditChainProblems(ctx, sqlTx)
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	for _, p := range probs {
		rep.add("%s", p.Message)
	}
	// The aging as of today reconciles with the control accounts.
	o := AgingOptions{}
	if err := o.normalize(s.Now()); err != nil {
		return nil, err
	}
	ag, err := aging(ctx, sqlTx, o, 0)
	if err != nil {
		return nil, err
	}
	ar, cr, err := controlBalances(ctx, sqlTx, o.AsOf)
	if err != nil {
		return nil, err
	}
	for cur := range ar {
		var total int64
		if sec := ag.Section(cur); sec != nil {
			total = sec.Total.Total
		}
		if total != ar[cur]-cr[cur] {
			rep.add("aging as of %s in %s totals %s, but 1100 − 2100 then is %s", fmtDate(o.AsOf), cur,
				NewMoney(total, cur).Plain(), NewMoney(ar[cur]-cr[cur], cur).Plain())
		}
	}
	return rep, nil
}
