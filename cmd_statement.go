package main

import (
	"context"
	"flag"
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

// statementFlags are the options shared by one statement and --all.
type statementFlags struct {
	kind     string
	from, to time.Time
	out      string
	all      bool
}

func statementCommand() command {
	return command{
		name: "statement", args: "CUSTOMER_CODE [--type open-item|activity] [--from DATE] [--to DATE] [-o FILE]  |  statement --all -o DIR",
		summary: "print a customer statement as a PDF, or one for every customer with something open",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var sf statementFlags
			fs.StringVar(&sf.kind, "type", "", "`kind`: open-item (what is open on --to) or activity (balance forward from --from to --to); default activity when --from is given, else open-item")
			fs.Var(dateValue{&sf.from}, "from", "activity from `YYYY-MM-DD` (default: the first day of --to's month)")
			fs.Var(dateValue{&sf.to}, "to", "statement date `YYYY-MM-DD` (default today)")
			fs.StringVar(&sf.out, "o", "", "write to `FILE` (default statement-CODE-DATE.pdf; - for stdout), or with --all into the folder DIR")
			fs.BoolVar(&sf.all, "all", false, "one statement per customer with anything open on --to, written into the -o folder")
			return func(ctx context.Context, args []string) error {
				o, err := sf.options(args)
				if err != nil {
					return err
				}
				st, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				if o.To.IsZero() {
					o.To = ledger.Day(st.Now())
				}
				if o.Kind == reports.Activity && o.From.IsZero() {
					o.From = time.Date(o.To.Year(), o.To.Month(), 1, 0, 0, 0, 0, time.UTC)
				}
				if o.From.After(o.To) {
					return usagef("--from %s is after --to %s", o.From.Format(ledger.DateLayout), o.To.Format(ledger.DateLayout))
				}
				r, err := reports.LoadRenderer(ctx, st)
				if err != nil {
					return err
				}
				if o.Edges, err = reports.AgingEdges(ctx, st); err != nil {
					return err
				}
				if sf.all {
					return allStatements(ctx, e, st, r, o, sf.out)
				}
				sd, err := reports.LoadStatement(ctx, st, args[0], o)
				if err != nil {
					return err
				}
				out := sf.out
				if out == "" {
					out = statementFile(args[0], o.To)
				}
				if err := writeOutput(e.stdout, out, func(w io.Writer) error { return r.Statement(w, sd) }); err != nil {
					return err
				}
				if out != "-" {
					fmt.Fprintf(e.stderr, "wrote %s\n", out)
				}
				return nil
			}
		},
	}
}

// options checks the command line and turns it into statement options.
func (sf statementFlags) options(args []string) (reports.StatementOptions, error) {
	o := reports.StatementOptions{Kind: reports.StatementKind(sf.kind), From: sf.from, To: sf.to}
	switch {
	case sf.all && len(args) > 0:
		return o, usagef("--all prints every customer's statement: give no CUSTOMER_CODE")
	case sf.all && (sf.out == "" || sf.out == "-"):
		return o, usagef("--all needs -o DIR, the folder to write the statements into")
	case !sf.all && len(args) != 1:
		return o, usagef("statement needs one CUSTOMER_CODE (or --all -o DIR)")
	}
	switch o.Kind {
	case "":
		o.Kind = reports.OpenItem
		if !sf.from.IsZero() {
			o.Kind = reports.Activity
		}
	case reports.OpenItem:
		if !sf.from.IsZero() {
			return o, usagef("--from is for --type activity; an open-item statement shows what is open on --to")
		}
	case reports.Activity:
	default:
		return o, usagef("--type must be open-item or activity")
	}
	return o, nil
}

func statementFile(code string, date time.Time) string {
	return reports.StatementFileName(code, date)
}

// allStatements writes a statement for every customer with anything open
// on o.To into dir, rendering on every core: loading one customer's data
// takes a millisecond or two, laying out and compressing its PDF several
// times that, so each worker does both for its customers.
func allStatements(ctx context.Context, e *env, st *ledger.Store, r *reports.Renderer, o reports.StatementOptions, dir string) error {
	codes, err := st.CustomersOpenAsOf(ctx, o.To)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("statements folder: %w", err)
	}
	type job struct{ code, path string }
	jobs := make(chan job)
	var (
		mu                  sync.Mutex
		written, empty, bad int
		wg                  sync.WaitGroup
	)
	done := func(ok, skipped bool, code string, err error) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil:
			bad++
			// Ten lines say enough; a full disk would say it 10,000 times.
			if bad <= 10 {
				e.progressDone()
				fmt.Fprintf(e.stderr, "paidup statement: %s: %v\n", code, err)
			}
		case skipped:
			empty++
		case ok:
			written++
		}
		e.progress("statements: %d of %d customers", written+empty+bad, len(codes))
	}
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if ctx.Err() != nil {
					continue // interrupted: drain, the feed has stopped
				}
				sd, err := reports.LoadStatement(ctx, st, j.code, o)
				if err == nil && len(sd.Open.Items) == 0 {
					// Found open by the index but settled on the day.
					done(false, true, j.code, nil)
					continue
				}
				if err == nil {
					err = writeOutput(nil, j.path, func(w io.Writer) error { return r.Statement(w, sd) })
				}
				done(err == nil, false, j.code, err)
			}
		}()
	}
	used := map[string]bool{}
feed:
	for _, code := range codes {
		name := statementFile(code, o.To)
		for n := 2; used[name]; n++ {
			// Two codes that differ only in characters a file name
			// cannot hold ("A/1", "A_1") must not overwrite each other.
			name = statementFile(fmt.Sprintf("%s-%d", code, n), o.To)
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
	e.progressDone()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("stopped after %d statements: %w", written, err)
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d statements failed (the first are listed above); %d written to %s", bad, written+bad, written, dir)
	}
	var note string
	if empty > 0 {
		note = fmt.Sprintf("; %d customer(s) had nothing open", empty)
	}
	fmt.Fprintf(e.stdout, "wrote %d %s statements to %s (as of %s%s)\n", written, o.Kind, dir, o.To.Format(ledger.DateLayout), note)
	return nil
}
