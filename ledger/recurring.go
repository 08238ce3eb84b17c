package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Recurring invoices. A template names a customer, lines and a schedule;
// RunRecurring issues, for each active template, every invoice whose date
// has come, oldest first: each invoice and the record of its period
// (recurring_issued, one row per period, ever) in one transaction, so a
// period is never issued twice — not by two runs at once, not by a run
// after a crash — and a run killed midway leaves whole invoices only.

// RecurringStatus is where a template is in its life.
type RecurringStatus string

const (
	RecurringActive RecurringStatus = "active"
	RecurringPaused RecurringStatus = "paused" // skipped by runs until resumed; missed periods then catch up
	RecurringEnded  RecurringStatus = "ended"  // for good: by hand, or its end date or count reached
)

// Recurring is a recurring invoice's template.
type Recurring struct {
	ID           int64
	Name         string // unique, chosen by the user: "ACME hosting"
	CustomerCode string
	CustomerName string
	Currency     string
	Schedule     Schedule
	TermsDays    int // -1: the customer's terms at each issue
	Reference    string
	Notes        string
	Lines        []Line
	Status       RecurringStatus
	Issued       int       // periods issued so far
	Next         time.Time // the next period's date; zero when there is none
}

// RecurringInput is a new template.
type RecurringInput struct {
	Name         string
	CustomerCode string
	Schedule     Schedule
	TermsDays    int // -1: the customer's
	Reference    string
	Notes        string
	Lines        []Line
}

// CreateRecurring stores a new template; it issues nothing (RunRecurring
// does, the first time on its start date).
func (s *Store) CreateRecurring(ctx context.Context, in RecurringInput) (Recurring, error) {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		return Recurring{}, Errorf(EINVALID, "name: give the recurring invoice a name, e.g. \"ACME hosting\"")
	}
	if err := validText("name", in.Name); err != nil {
		return Recurring{}, err
	}
	if err := in.Schedule.validate(); err != nil {
		return Recurring{}, err
	}
	if len(in.Lines) == 0 {
		return Recurring{}, Errorf(EINVALID, "a recurring invoice needs at least one line")
	}
	if _, _, _, err := computeLines(in.Lines); err != nil {
		return Recurring{}, err
	}
	if in.TermsDays < -1 || in.TermsDays > maxTermsDays {
		return Recurring{}, Errorf(EINVALID, "terms: from 0 to %d days", maxTermsDays)
	}
	for _, f := range []struct{ name, v string }{{"reference", in.Reference}, {"notes", in.Notes}} {
		if err := validText(f.name, f.v); err != nil {
			return Recurring{}, err
		}
	}
	err := s.write(ctx, func(t *tx) error {
		cust, err := t.customerByCode(in.CustomerCode)
		if err != nil {
			return err
		}
		var taken int
		if err := t.queryRow(`SELECT count(*) FROM recurring WHERE name = ?`, in.Name).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return Errorf(ECONFLICT, "there is a recurring invoice named %q already", in.Name)
		}
		var terms any
		if in.TermsDays >= 0 {
			terms = in.TermsDays
		}
		end := ""
		if !in.Schedule.End.IsZero() {
			end = fmtDate(in.Schedule.End)
		}
		id, err := t.insertID(`INSERT INTO recurring (name, customer_id, every, interval, start, end_date, max_count, terms_days, reference, notes, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.Name, cust.id, string(in.Schedule.Every), in.Schedule.Interval,
			fmtDate(in.Schedule.Start), end, in.Schedule.Count, terms, in.Reference, in.Notes, t.stamp())
		if err != nil {
			return err
		}
		for i, l := range in.Lines {
			if _, err := t.exec(`INSERT INTO recurring_lines (recurring_id, line_no, description, quantity, unit_price, discount, tax_rate)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, id, i+1, l.Description, int64(l.Quantity), l.UnitPrice, int64(l.Discount), int64(l.TaxRate)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Recurring{}, fmt.Errorf("new recurring invoice %s: %w", in.Name, err)
	}
	return s.RecurringByName(ctx, in.Name)
}

// Recurrings lists the templates by name, with each one's next date.
func (s *Store) Recurrings(ctx context.Context) ([]Recurring, error) {
	var out []Recurring
	err := s.readTx(ctx, func(rtx *sql.Tx) error {
		var err error
		out, err = readRecurring(ctx, rtx, "")
		return err
	})
	return out, err
}

// RecurringByName reads one template.
func (s *Store) RecurringByName(ctx context.Context, name string) (Recurring, error) {
	var rs []Recurring
	err := s.readTx(ctx, func(rtx *sql.Tx) error {
		var err error
		rs, err = readRecurring(ctx, rtx, name)
		return err
	})
	if err != nil {
		return Recurring{}, err
	}
	if len(rs) == 0 {
		return Recurring{}, Errorf(ENOTFOUND, "no recurring invoice is named %q (paidup recur list shows them)", name)
	}
	return rs[0], nil
}

// readRecurring reads the templates (or the one named), lines and all.
func readRecurring(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, name string) ([]Recurring, error) {
	query := `SELECT r.id, r.name, c.code, c.name, c.currency, r.every, r.interval, r.start, r.end_date, r.max_count,
		COALESCE(r.terms_days, -1), r.reference, r.notes, r.status,
		(SELECT count(*) FROM recurring_issued i WHERE i.recurring_id = r.id),
		COALESCE((SELECT MAX(period) + 1 FROM recurring_issued i WHERE i.recurring_id = r.id), 0)
		FROM recurring r JOIN customers c ON c.id = r.customer_id`
	var args []any
	if name != "" {
		query += ` WHERE r.name = ?`
		args = append(args, name)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY r.name`, args...)
	if err != nil {
		return nil, fmt.Errorf("read recurring invoices: %w", err)
	}
	var out []Recurring
	for rows.Next() {
		var r Recurring
		var every, start, end string
		var next int
		if err := rows.Scan(&r.ID, &r.Name, &r.CustomerCode, &r.CustomerName, &r.Currency, &every, &r.Schedule.Interval, &start, &end,
			&r.Schedule.Count, &r.TermsDays, &r.Reference, &r.Notes, &r.Status, &r.Issued, &next); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read recurring invoices: %w", err)
		}
		r.Schedule.Every = Period(every)
		if r.Schedule.Start, err = ParseDate(start); err != nil {
			rows.Close()
			return nil, fmt.Errorf("recurring invoice %s: start: %w", r.Name, err)
		}
		if end != "" {
			if r.Schedule.End, err = ParseDate(end); err != nil {
				rows.Close()
				return nil, fmt.Errorf("recurring invoice %s: end: %w", r.Name, err)
			}
		}
		if r.Status != RecurringEnded {
			r.Next, _ = r.Schedule.Date(next)
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		lines, err := q.QueryContext(ctx, `SELECT description, quantity, unit_price, discount, tax_rate FROM recurring_lines
			WHERE recurring_id = ? ORDER BY line_no`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for lines.Next() {
			var l Line
			var qty, disc, rate int64
			if err := lines.Scan(&l.Description, &qty, &l.UnitPrice, &disc, &rate); err != nil {
				lines.Close()
				return nil, err
			}
			l.Quantity, l.Discount, l.TaxRate = Decimal4(qty), Decimal4(disc), Decimal4(rate)
			out[i].Lines = append(out[i].Lines, l)
		}
		lines.Close()
		if err := lines.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SetRecurringStatus pauses, resumes (active) or ends a template. An
// ended one stays ended.
func (s *Store) SetRecurringStatus(ctx context.Context, name string, to RecurringStatus) error {
	switch to {
	case RecurringActive, RecurringPaused, RecurringEnded:
	default:
		return Errorf(EINVALID, "a recurring invoice is active, paused or ended, not %q", to)
	}
	err := s.write(ctx, func(t *tx) error {
		var cur RecurringStatus
		err := t.queryRow(`SELECT status FROM recurring WHERE name = ?`, name).Scan(&cur)
		if errors.Is(err, sql.ErrNoRows) {
			return Errorf(ENOTFOUND, "no recurring invoice is named %q", name)
		} else if err != nil {
			return err
		}
		if cur == RecurringEnded && to != RecurringEnded {
			return Errorf(ECONFLICT, "%s has ended; make a new recurring invoice instead", name)
		}
		_, err = t.exec(`UPDATE recurring SET status = ? WHERE name = ?`, string(to), name)
		return err
	})
	if err != nil {
		return fmt.Errorf("recurring invoice %s: %w", name, err)
	}
	return nil
}

// RecurringIssue is one invoice a run issued, or would issue.
type RecurringIssue struct {
	Name     string
	Period   int // 0 for the first
	Date     time.Time
	Number   string // empty in a dry run
	Customer string
	Total    Money
}

// RecurringRun is what RunRecurring did.
type RecurringRun struct {
	Issued []RecurringIssue
	// Held are periods that have come but were not issued because the run
	// reached its cap for the template: the next run issues them.
	Held []RecurringIssue
	// Ended names the templates whose last period was issued.
	Ended []string
	// OnHold names the templates whose customer is on hold: nothing is
	// issued for them until the hold is released (then they catch up).
	OnHold []string
}

// RunRecurring issues every invoice of the active templates whose date is
// on or before asOf, oldest period first, at most maxPerTemplate per
// template in one run (catching up after weeks away stays visible; 0:
// 12). With dryRun nothing is written and the numbers are left empty.
func (s *Store) RunRecurring(ctx context.Context, asOf time.Time, maxPerTemplate int, dryRun bool) (*RecurringRun, error) {
	if maxPerTemplate <= 0 {
		maxPerTemplate = 12
	}
	asOf = Day(asOf)
	templates, err := s.Recurrings(ctx)
	if err != nil {
		return nil, err
	}
	run := &RecurringRun{}
	for _, r := range templates {
		if r.Status != RecurringActive {
			continue
		}
		if err := s.runTemplate(ctx, r, asOf, maxPerTemplate, dryRun, run); err != nil {
			return run, err
		}
	}
	return run, nil
}

// runTemplate issues (or, dryRun, lists) the periods of one template that
// have come by asOf (at most `most` of them), and notes its end.
func (s *Store) runTemplate(ctx context.Context, r Recurring, asOf time.Time, most int, dryRun bool, run *RecurringRun) error {
	n, err := s.nextPeriod(ctx, r.ID)
	if err != nil {
		return err
	}
	net, tax, err := LinesTotal(r.Lines)
	if err != nil {
		return err
	}
	for issued := 0; ; n++ {
		date, ok := r.Schedule.Date(n)
		if !ok {
			if !dryRun {
				if err := s.SetRecurringStatus(ctx, r.Name, RecurringEnded); err != nil {
					return err
				}
			}
			run.Ended = append(run.Ended, r.Name)
			return nil
		}
		if date.After(asOf) {
			return nil
		}
		item := RecurringIssue{Name: r.Name, Period: n, Date: date, Customer: r.CustomerCode, Total: NewMoney(net+tax, r.Currency)}
		if issued == most {
			run.Held = append(run.Held, item)
			return nil
		}
		if !dryRun {
			doc, err := s.issueRecurring(ctx, r, n, date)
			switch {
			case errors.Is(err, errPeriodTaken):
				// Another run issued it meanwhile: go on after what it did.
				if n, err = s.nextPeriod(ctx, r.ID); err != nil {
					return err
				}
				n--
				continue
			case errors.Is(err, ErrOnHold):
				run.OnHold = append(run.OnHold, r.Name)
				return nil
			case err != nil:
				return err
			}
			item.Number, item.Total = doc.Number, doc.Total
		}
		run.Issued = append(run.Issued, item)
		issued++
	}
}

// errPeriodTaken: the period was issued by another run.
var errPeriodTaken = errors.New("period issued already")

// nextPeriod is the number of the template's next period to issue.
func (s *Store) nextPeriod(ctx context.Context, id int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(period) + 1, 0) FROM recurring_issued WHERE recurring_id = ?`, id).Scan(&n)
	return n, err
}

// issueRecurring issues period n of template r, dated date, and records
// the period, in one transaction.
func (s *Store) issueRecurring(ctx context.Context, r Recurring, n int, date time.Time) (Document, error) {
	var id int64
	err := s.write(ctx, func(t *tx) error {
		var taken int
		if err := t.queryRow(`SELECT count(*) FROM recurring_issued WHERE recurring_id = ? AND period = ?`, r.ID, n).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return errPeriodTaken
		}
		var status RecurringStatus
		if err := t.queryRow(`SELECT status FROM recurring WHERE id = ?`, r.ID).Scan(&status); err != nil {
			return err
		}
		if status != RecurringActive {
			return Errorf(ECONFLICT, "%s was %s meanwhile", r.Name, status)
		}
		cust, err := t.customerByCode(r.CustomerCode)
		if err != nil {
			return err
		}
		in := InvoiceInput{CustomerCode: r.CustomerCode, Date: date, Reference: r.Reference, Notes: r.Notes,
			Lines: append([]Line(nil), r.Lines...)}
		if r.TermsDays >= 0 {
			in.DueDate = date.AddDate(0, 0, r.TermsDays)
		}
		if id, _, err = t.issueInvoice(cust, &in, 0); err != nil {
			return err
		}
		_, err = t.exec(`INSERT INTO recurring_issued (recurring_id, period, date, document_id) VALUES (?, ?, ?, ?)`,
			r.ID, n, fmtDate(date), id)
		if err != nil && isUniqueViolation(err) {
			return errPeriodTaken
		}
		return err
	})
	if err != nil {
		if errors.Is(err, errPeriodTaken) {
			return Document{}, err
		}
		return Document{}, fmt.Errorf("recurring invoice %s, %s: %w", r.Name, fmtDate(date), err)
	}
	return s.DocumentByID(ctx, id)
}

// LinesTotal is the net and tax an invoice of these lines would have.
func LinesTotal(lines []Line) (net, tax int64, err error) {
	net, tax, _, err = computeLines(lines)
	return net, tax, err
}
