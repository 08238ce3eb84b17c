// Package cli is Paidup's command line: one file per command, named after
// it. A command parses its flags, calls the application layer (package app)
// and prints the result as a table or, with --format json, as JSON.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"paidup/app"
	"paidup/ledger"
	"paidup/reports"
)

// Version is the release; set with -ldflags "-X paidup/cli.Version=…".
var Version = "0.1.0"

// Exit statuses (docs/DESIGN.md): 0 success, 1 an error, 2 a usage error.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// usageError is a mistake in the command line itself.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// command is one subcommand.
type command struct {
	name, args, summary string
	// flags declares the subcommand's flags on fs; the returned function runs it.
	setup func(fs *flag.FlagSet, env *env) func(ctx context.Context, args []string) error
}

// env is what every subcommand shares.
type env struct {
	stdin          io.Reader // passwords and policies piped in
	stdout, stderr io.Writer
	db             string
}

// Options are what main hands the command line.
type Options struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Window opens the desktop window on the ledger at path; it is called
	// when no command is given. main supplies it so that only main imports
	// Fyne's app package.
	Window func(ctx context.Context, path string) error
}

// open opens the ledger named by --db, PAIDUP_DB or the default path; it
// must exist.
func (e *env) open(ctx context.Context) (*app.App, error) {
	return e.openWith(ctx, app.Open)
}

// create opens the ledger as open does, making it when nothing is there:
// for the commands that mean to make one (demo, import).
func (e *env) create(ctx context.Context) (*app.App, error) {
	return e.openWith(ctx, app.Create)
}

func (e *env) openWith(ctx context.Context, open func(context.Context, string) (*app.App, error)) (*app.App, error) {
	path, err := e.path()
	if err != nil {
		return nil, err
	}
	a, err := open(ctx, path)
	if err != nil {
		return nil, err
	}
	// A write waiting on another Paidup (the window, a cron'd reminder
	// run) says so instead of seeming to hang.
	a.OnBusy = func() {
		fmt.Fprintf(e.stderr, "paidup: waiting for another Paidup to finish with %s…\n", a.Path())
	}
	return a, nil
}

func (e *env) path() (string, error) {
	if e.db != "" {
		return e.db, nil
	}
	if p := os.Getenv("PAIDUP_DB"); p != "" {
		return p, nil
	}
	return ledger.DefaultPath()
}

// progress reports on stderr, only when it is a terminal.
func (e *env) progress(format string, args ...any) {
	if f, ok := e.stderr.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprintf(f, "\r"+format+"\033[K", args...)
		}
	}
}

func (e *env) progressDone() { e.progress("%s", "") }

func commands() []command {
	return []command{
		demoCommand(),
		importCommand(),
		agingCommand(),
		metricsCommand(),
		customerCommand(),
		invoiceCommand(),
		paymentCommand(),
		creditNoteCommand(),
		writeOffCommand(),
		refundCommand(),
		recurCommand(),
		chargesCommand(),
		noteCommand(),
		riskCommand(),
		promiseCommand(),
		planCommand(),
		bankCommand(),
		dossierCommand(),
		exportCommand(),
		ratesCommand(),
		fxCommand(),
		statementCommand(),
		settingsCommand(),
		remindCommand(),
		disputeCommand(),
		voidCommand(),
		checkCommand(),
		auditCommand(),
		migrateCommand(),
		officeCommand(),
		backupCommand(),
		restoreCommand(),
		versionCommand(),
	}
}

func mainUsage(w io.Writer) {
	fmt.Fprintf(w, "Paidup %s — get small businesses paid.\n\nUsage:\n  paidup [--db PATH]\n      open the window\n", Version)
	for _, c := range commands() {
		fmt.Fprintf(w, "  paidup %s\n      %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	fmt.Fprintf(w, "\nEvery command takes --db PATH (or PAIDUP_DB); the default ledger is %s.\n", defaultPathForHelp())
	fmt.Fprintf(w, "Dates are YYYY-MM-DD. 'paidup COMMAND --help' tells more. Exit status: 0 ok, 1 error, 2 usage error.\n")
}

func defaultPathForHelp() string {
	p, err := ledger.DefaultPath()
	if err != nil {
		return "paidup.db in your data folder"
	}
	return p
}

// Run is the whole program but for the process: testable end to end. It
// returns the exit status.
func Run(ctx context.Context, args []string, o Options) (code int) {
	stdout, stderr := o.Stdout, o.Stderr
	defer func() {
		// No panic reaches the user as a stack dump: say what happened and
		// keep the details for a bug report.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "paidup: internal error: %v\n(please report this with the lines below)\n%s", r, debug.Stack())
			code = exitError
		}
	}()
	e := &env{stdin: o.Stdin, stdout: stdout, stderr: stderr}
	if e.stdin == nil {
		e.stdin = strings.NewReader("")
	}
	global := flag.NewFlagSet("paidup", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	global.StringVar(&e.db, "db", "", "ledger file")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			mainUsage(stdout)
			return exitOK
		}
		fmt.Fprintf(stderr, "paidup: %v\n", err)
		mainUsage(stderr)
		return exitUsage
	}
	rest := global.Args()
	if len(rest) == 0 {
		if o.Window == nil {
			mainUsage(stderr)
			return exitUsage
		}
		path, err := e.path()
		if err != nil {
			return report(stderr, "", err)
		}
		return report(stderr, "", o.Window(ctx, path))
	}
	name := rest[0]
	if name == "help" {
		if len(rest) > 1 {
			return Run(ctx, []string{rest[1], "--help"}, o)
		}
		mainUsage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		fs := flag.NewFlagSet("paidup "+c.name, flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.StringVar(&e.db, "db", e.db, "ledger `file` (default: $PAIDUP_DB or "+defaultPathForHelp()+")")
		do := c.setup(fs, e)
		pos, err := parseInterspersed(fs, rest[1:])
		if errors.Is(err, flag.ErrHelp) {
			commandUsage(stdout, c, fs)
			return exitOK
		}
		if err != nil {
			fmt.Fprintf(stderr, "paidup %s: %v\n", c.name, err)
			commandUsage(stderr, c, fs)
			return exitUsage
		}
		return report(stderr, c.name, do(ctx, pos))
	}
	fmt.Fprintf(stderr, "paidup: unknown command %q\n", name)
	mainUsage(stderr)
	return exitUsage
}

// report turns a command's error into one clear line and an exit status.
func report(stderr io.Writer, name string, err error) int {
	if err == nil {
		return exitOK
	}
	prefix := "paidup"
	if name != "" {
		prefix += " " + name
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "%s: %v (see 'paidup %s --help')\n", prefix, err, name)
		return exitUsage
	}
	// A document written with characters no font has: done, with a
	// warning (the document says so too).
	if _, ok := reports.AsMissingGlyphs(err); ok {
		fmt.Fprintf(stderr, "%s: warning: %v\n", prefix, err)
		return exitOK
	}
	var silent silentError
	if !errors.As(err, &silent) {
		fmt.Fprintf(stderr, "%s: %v\n", prefix, err)
	}
	return exitError
}

// silentError fails a command whose output already said what went wrong.
type silentError struct{}

func (silentError) Error() string { return "failed" }

func commandUsage(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: paidup %s %s\n\n%s\n\nFlags (before or after the arguments):\n", c.name, c.args, c.summary)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// parseInterspersed lets flags stand before or after positional arguments,
// as docs/DESIGN.md promises: "import invoices a.csv --dry-run".
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// dateValue is an ISO date flag; zero when not given.
type dateValue struct{ t *time.Time }

func (d dateValue) String() string {
	if d.t == nil || d.t.IsZero() {
		return ""
	}
	return d.t.Format(ledger.DateLayout)
}

func (d dateValue) Set(s string) error {
	t, err := ledger.ParseDate(s)
	if err != nil {
		return err
	}
	*d.t = t
	return nil
}
