package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"paidup/app"

	"paidup/ledger"
	"paidup/reports"
)

// statementFlags are the options shared by one statement and --all.
type statementFlags struct {
	kind     string
	from, to time.Time
	out      string
	all      bool
	oneFile  bool // with all: one PDF to print instead of a folder of them
	// email sends the open-item statement through the outbox instead of
	// writing a file; queueOnly leaves it there for the next send.
	email, queueOnly bool
}

func statementCommand() command {
	return command{
		name: "statement", args: "CUSTOMER_CODE [--type open-item|activity] [--from DATE] [--to DATE] [-o FILE]  |  statement CUSTOMER_CODE --email [--to DATE] [--queue-only]  |  statement --all -o DIR  |  statement --all --one-file -o FILE",
		summary: "print a customer statement as a PDF, or one for every customer with something open",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var sf statementFlags
			fs.StringVar(&sf.kind, "type", "", "`kind`: open-item (what is open on --to) or activity (balance forward from --from to --to); default activity when --from is given, else open-item")
			fs.Var(dateValue{&sf.from}, "from", "activity from `YYYY-MM-DD` (default: the first day of --to's month)")
			fs.Var(dateValue{&sf.to}, "to", "statement date `YYYY-MM-DD` (default today)")
			fs.StringVar(&sf.out, "o", "", "write to `FILE` (default statement-CODE-DATE.pdf; - for stdout), or with --all into the folder DIR")
			fs.BoolVar(&sf.all, "all", false, "one statement per customer with anything open on --to, written into the -o folder")
			fs.BoolVar(&sf.oneFile, "one-file", false, "with --all: every statement in one PDF, -o FILE, to print in one go (each on new pages, numbering its own)")
			fs.BoolVar(&sf.email, "email", false, "email the customer's open-item statement as of --to through the outbox (once per customer and day) instead of writing a file")
			fs.BoolVar(&sf.queueOnly, "queue-only", false, "with --email: leave it in the outbox for the next paidup remind --send")
			return func(ctx context.Context, args []string) error {
				o, err := sf.options(args)
				if err != nil {
					return err
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				if o, err = a.NormalizeStatement(ctx, o); err != nil {
					return err
				}
				if sf.all {
					return allStatements(ctx, e, a, o, sf.out, sf.oneFile)
				}
				if sf.email {
					return emailStatement(ctx, e, a, args[0], o.To, !sf.queueOnly)
				}
				out := sf.out
				if out == "" {
					out = app.StatementFileName(args[0], o.To)
				}
				return e.write(out, func(w io.Writer) error { return a.StatementPDF(ctx, w, args[0], o) })
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
	case sf.oneFile && !sf.all:
		return o, usagef("--one-file goes with --all")
	case sf.oneFile && (sf.out == "" || sf.out == "-"):
		return o, usagef("--all --one-file needs -o FILE, the PDF to write")
	case sf.all && (sf.out == "" || sf.out == "-"):
		return o, usagef("--all needs -o DIR, the folder to write the statements into")
	case !sf.all && len(args) != 1:
		return o, usagef("statement needs one CUSTOMER_CODE (or --all -o DIR)")
	case sf.email && (sf.all || sf.out != "" || sf.kind == string(reports.Activity) || !sf.from.IsZero()):
		return o, usagef("--email sends one customer's open-item statement as of --to: it takes no --all, -o, --from or --type activity")
	case sf.queueOnly && !sf.email:
		return o, usagef("--queue-only goes with --email")
	}
	if !sf.from.IsZero() && !sf.to.IsZero() && sf.from.After(sf.to) {
		return o, usagef("--from %s is after --to %s", sf.from.Format(ledger.DateLayout), sf.to.Format(ledger.DateLayout))
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

// allStatements writes a statement for every customer with anything open
// on o.To into dir (app.StatementsForAll), or all into the one PDF dir
// names (app.StatementsInOneFile), showing progress on a terminal.
func allStatements(ctx context.Context, e *env, a *app.App, o reports.StatementOptions, dir string, oneFile bool) error {
	progress := func(done, total int) { e.progress("statements: %d of %d customers", done, total) }
	write := a.StatementsForAll
	if oneFile {
		write = a.StatementsInOneFile
	}
	run, err := write(ctx, o, dir, progress)
	e.progressDone()
	if run != nil {
		// Ten lines say enough; a full disk would say it 10,000 times.
		for i, code := range run.Failures {
			if i == 10 {
				fmt.Fprintf(e.stderr, "paidup statement: … and %d more\n", len(run.Failures)-10)
				break
			}
			fmt.Fprintf(e.stderr, "paidup statement: %s: %s\n", code, run.Failed[code])
		}
		codes := slices.Sorted(maps.Keys(run.Warnings))
		for i, code := range codes {
			if i == 10 {
				fmt.Fprintf(e.stderr, "paidup statement: warning: … and %d more\n", len(codes)-10)
				break
			}
			fmt.Fprintf(e.stderr, "paidup statement: warning: %s: %s\n", code, run.Warnings[code])
		}
	}
	if err != nil {
		return err
	}
	if err := run.Err(); err != nil {
		return err
	}
	var note string
	if run.Empty > 0 {
		note = fmt.Sprintf("; %d customer(s) had nothing open", run.Empty)
	}
	fmt.Fprintf(e.stdout, "wrote %d %s statements to %s (as of %s%s)\n", run.Written, o.Kind, dir, o.To.Format(ledger.DateLayout), note)
	return nil
}

// emailStatement is `paidup statement CODE --email [--to DATE] [--queue-only]`.
func emailStatement(ctx context.Context, e *env, a *app.App, code string, asOf time.Time, send bool) error {
	rep, err := a.EmailStatement(ctx, code, asOf, send)
	if err != nil {
		return err
	}
	return printSentOnDemand(e, rep, "statement --email", "the statement of "+code+" as of "+asOf.Format(ledger.DateLayout))
}
