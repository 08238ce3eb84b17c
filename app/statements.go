package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"paidup/ledger"
	"paidup/reports"
)

// StatementOptions choose customer statements; see reports.StatementOptions.
type StatementOptions = reports.StatementOptions

// Statement kinds.
const (
	OpenItem = reports.OpenItem
	Activity = reports.Activity
)

// NormalizeStatement fills in the defaults the window and the command line
// share and checks the rest: the date is today, an activity statement
// starts on the first of the date's month, and From is not after To.
func (a *App) NormalizeStatement(ctx context.Context, o StatementOptions) (StatementOptions, error) {
	switch o.Kind {
	case "":
		o.Kind = OpenItem
	case OpenItem, Activity:
	default:
		return o, ledger.Errorf(ledger.EINVALID, "statement type %q: use open-item or activity", o.Kind)
	}
	o.To = a.orToday(o.To)
	if o.Kind == Activity && o.From.IsZero() {
		o.From = time.Date(o.To.Year(), o.To.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	if o.Kind == OpenItem && !o.From.IsZero() {
		return o, ledger.Errorf(ledger.EINVALID, "an open-item statement shows what is open on its date; a start date is for an activity statement")
	}
	if !o.From.IsZero() && o.From.After(o.To) {
		return o, ledger.Errorf(ledger.EINVALID, "the start %s is after the statement date %s", o.From.Format(ledger.DateLayout), o.To.Format(ledger.DateLayout))
	}
	if len(o.Edges) == 0 {
		var err error
		if o.Edges, err = a.AgingEdges(ctx, ""); err != nil {
			return o, err
		}
	}
	return o, nil
}

// StatementWriter writes the statement of one customer; written is false
// when the customer has nothing open on the statement date (nothing is
// written: see Statements). It is safe to call from several goroutines.
type StatementWriter func(ctx context.Context, w io.Writer, code string) (written bool, err error)

// Statements prepares statements of one kind and date (the business
// profile and the aging edges are read once) and returns what writes them.
// The rule of who gets a statement is here and only here: a customer with
// something open on the statement date, whatever the kind. A customer who
// owes nothing is not sent an account of it.
func (a *App) Statements(ctx context.Context, o StatementOptions) (StatementWriter, error) {
	o, err := a.NormalizeStatement(ctx, o)
	if err != nil {
		return nil, err
	}
	r, err := reports.LoadRenderer(ctx, a.st)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, w io.Writer, code string) (bool, error) {
		sd, err := reports.LoadStatement(ctx, a.st, code, o)
		if err != nil {
			return false, err
		}
		if len(sd.Open.Items) == 0 {
			return false, nil
		}
		return true, r.Statement(w, sd)
	}, nil
}

// StatementPDF writes one customer's statement, whether or not anything is
// open: a customer asked for is always answered.
func (a *App) StatementPDF(ctx context.Context, w io.Writer, code string, o StatementOptions) error {
	o, err := a.NormalizeStatement(ctx, o)
	if err != nil {
		return err
	}
	r, err := reports.LoadRenderer(ctx, a.st)
	if err != nil {
		return err
	}
	sd, err := reports.LoadStatement(ctx, a.st, code, o)
	if err != nil {
		return err
	}
	return r.Statement(w, sd)
}

// StatementFileName is the default file of a customer's statement.
func StatementFileName(code string, date time.Time) string {
	return reports.StatementFileName(code, date)
}

// StatementBookFileName is the default file of all statements in one PDF.
func StatementBookFileName(date time.Time) string {
	return "statements-" + date.Format(ledger.DateLayout) + ".pdf"
}

// StatementsRun is what statements for all did.
type StatementsRun struct {
	Dir      string
	Kind     reports.StatementKind
	To       time.Time
	Total    int               // customers with something open by the index
	Written  int               // files written
	Empty    int               // settled on the day after all: nothing written
	Failed   map[string]string // customer code -> what went wrong
	Failures []string          // the codes of Failed, in order
	// Errors are the errors of Failed themselves, for a caller that words
	// them for its user (the window shows a ledger's message but keeps an
	// internal one in the log).
	Errors map[string]error
	// Warnings are the statements written with characters no font has
	// (reports.MissingGlyphs): code → the warning.
	Warnings map[string]string
}

// Err summarises a run's failures as one error, nil when there were none.
func (r *StatementsRun) Err() error {
	if len(r.Failed) == 0 {
		return nil
	}
	return fmt.Errorf("%d of %d statements failed; %d written to %s", len(r.Failed), r.Written+len(r.Failed), r.Written, r.Dir)
}

// StatementsForAll writes a statement for every customer with something
// open on o.To into dir, rendering on every core: loading one customer's
// data takes a millisecond or two, laying out and compressing its PDF
// several times that, so each worker does both for its customers. progress
// (optional) hears how many customers are done of how many; it is called
// from the workers, one at a time. A cancelled ctx stops the run and
// returns what was written with the context's error.
func (a *App) StatementsForAll(ctx context.Context, o StatementOptions, dir string, progress func(done, total int)) (*StatementsRun, error) {
	o, err := a.NormalizeStatement(ctx, o)
	if err != nil {
		return nil, err
	}
	codes, err := a.customersOpenAsOf(ctx, o.To)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("statements folder: %w", err)
	}
	sw, err := a.Statements(ctx, o)
	if err != nil {
		return nil, err
	}
	run := &StatementsRun{Dir: dir, Kind: o.Kind, To: o.To, Total: len(codes), Failed: map[string]string{}, Errors: map[string]error{}}
	type job struct{ code, path string }
	jobs := make(chan job)
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	finish := func(code string, written bool, err error) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil && isWarning(err):
			run.Written++
			if run.Warnings == nil {
				run.Warnings = map[string]string{}
			}
			run.Warnings[code] = err.Error()
		case err != nil && ctx.Err() != nil:
			// Cut short by the cancel: not the customer's failure, and
			// WriteFile left no file.
		case err != nil:
			run.Failed[code] = err.Error()
			run.Errors[code] = err
			run.Failures = append(run.Failures, code)
		case written:
			run.Written++
		default:
			run.Empty++
		}
		if progress != nil {
			progress(run.Written+run.Empty+len(run.Failed), run.Total)
		}
	}
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if ctx.Err() != nil {
					continue // interrupted: drain, the feed has stopped
				}
				var written bool
				err := WriteFile(j.path, func(w io.Writer) error {
					var err error
					if written, err = sw(ctx, w, j.code); err == nil && !written {
						return errNothingOpen // found open by the index but settled on the day
					}
					return err
				})
				if errors.Is(err, errNothingOpen) {
					err = nil
				}
				finish(j.code, written, err)
			}
		}()
	}
	used := map[string]bool{}
feed:
	for _, code := range codes {
		name := StatementFileName(code, o.To)
		for n := 2; used[name]; n++ {
			// Two codes that differ only in characters a file name
			// cannot hold ("A/1", "A_1") must not overwrite each other.
			name = StatementFileName(fmt.Sprintf("%s-%d", code, n), o.To)
		}
		used[name] = true
		select {
		case jobs <- job{code: code, path: filepath.Join(dir, name)}:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return run, fmt.Errorf("stopped after %d statements: %w", run.Written, err)
	}
	return run, nil
}

func isWarning(err error) bool {
	_, ok := reports.AsMissingGlyphs(err)
	return ok
}

// errNothingOpen aborts writing a statement file that would be empty.
var errNothingOpen = errors.New("nothing open")

// StatementsInOneFile writes the statements StatementsForAll would write,
// in customer order, into one PDF at path to print in one go (each starts
// on a new page and numbers its own pages). A customer whose statement
// cannot be made is listed in the run and left out; the file is written
// (through a temporary file renamed into place) only when at least one
// statement is in it. A cancelled ctx stops the run and writes nothing.
func (a *App) StatementsInOneFile(ctx context.Context, o StatementOptions, path string, progress func(done, total int)) (*StatementsRun, error) {
	o, err := a.NormalizeStatement(ctx, o)
	if err != nil {
		return nil, err
	}
	codes, err := a.customersOpenAsOf(ctx, o.To)
	if err != nil {
		return nil, err
	}
	r, err := reports.LoadRenderer(ctx, a.st)
	if err != nil {
		return nil, err
	}
	run := &StatementsRun{Dir: path, Kind: o.Kind, To: o.To, Total: len(codes), Failed: map[string]string{}, Errors: map[string]error{}}
	book := r.NewStatementBook(o.To)
	for i, code := range codes {
		if err := ctx.Err(); err != nil {
			return run, fmt.Errorf("stopped after %d of %d statements, nothing written: %w", i, len(codes), err)
		}
		sd, err := reports.LoadStatement(ctx, a.st, code, o)
		switch {
		case err != nil:
			run.Failed[code] = err.Error()
			run.Errors[code] = err
			run.Failures = append(run.Failures, code)
		case len(sd.Open.Items) == 0:
			run.Empty++ // found open by the index but settled on the day
		default:
			if err := book.Add(sd); err != nil {
				return run, err // the book is half laid out: nothing is written
			}
			run.Written++
		}
		if progress != nil {
			progress(i+1, len(codes))
		}
	}
	if book.Len() == 0 {
		return run, run.Err()
	}
	err = WriteFile(path, book.Finish)
	if isWarning(err) {
		run.Warnings = map[string]string{filepath.Base(path): err.Error()}
		err = nil
	}
	return run, err
}

// customersOpenAsOf are the customers who may have something open at the
// end of day, in the order of the business's locale (invoice.locale): the
// order of a folder of statements and of the one-file book.
func (a *App) customersOpenAsOf(ctx context.Context, day time.Time) ([]string, error) {
	codes, err := a.st.CustomersOpenAsOf(ctx, day)
	if err != nil {
		return nil, err
	}
	locale, err := a.locale(ctx)
	if err != nil {
		return nil, err
	}
	return a.st.InNameOrder(ctx, locale, codes)
}
