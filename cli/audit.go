package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"paidup/app"
	"paidup/internal/textwidth"
	"paidup/ledger"
)

func auditCommand() command {
	return command{
		name: "audit", args: "verify [--head COUNT:HASH]… [--format json] | log [--from DATE] [--to DATE] [--customer CODE] [--limit N] [--format json] | export -o FILE [--from DATE] [--to DATE] [--customer CODE] | head",
		summary: "the tamper-evident audit trail: verify the chain and every document against it (exit 1 when tampered), list it, export it for an auditor, print its head",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var (
				f              ledger.AuditFilter
				format, output string
				heads          listFlags
			)
			fs.Var(dateValue{&f.From}, "from", "log, export: entries from `YYYY-MM-DD`")
			fs.Var(dateValue{&f.To}, "to", "log, export: entries up to `YYYY-MM-DD`")
			fs.StringVar(&f.Customer, "customer", "", "log, export: entries about the customer `CODE`")
			fs.IntVar(&f.Limit, "limit", 0, "log: the newest `N` entries only")
			fs.StringVar(&format, "format", "table", "verify, log, head: table or json")
			fs.StringVar(&output, "o", "", "export: the CSV `FILE` (its head is written beside it, FILE.head)")
			fs.Var(&heads, "head", "verify: also hold the chain to a head written down earlier, `COUNT:HASH` (repeatable)")
			return func(ctx context.Context, args []string) error {
				fm, err := app.ParseFormat(format, app.FormatTable, app.FormatJSON)
				if err != nil {
					return usagef("--format must be table or json")
				}
				if len(args) != 1 {
					return usagef("audit needs one action: verify, log, export or head")
				}
				st, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				switch args[0] {
				case "verify":
					return auditVerify(ctx, e, st, heads, fm)
				case "log":
					return auditLog(ctx, e, st, f, fm)
				case "export":
					if output == "" {
						return usagef("audit export needs -o FILE")
					}
					var head ledger.AuditHead
					var n int
					if err := e.write(output, func(w io.Writer) error {
						head, n, err = st.ExportAudit(ctx, w, f)
						return err
					}); err != nil {
						return err
					}
					headText := fmt.Sprintf("Paidup audit trail of %s\nexported %s, %d entries in %s\nhead %s\n", st.Path(), st.Now().UTC().Format("2006-01-02T15:04:05Z"), n, output, head)
					if output != "-" {
						if err := app.WriteFile(output+".head", func(w io.Writer) error { _, err := io.WriteString(w, headText); return err }); err != nil {
							return err
						}
						fmt.Fprintf(e.stderr, "wrote %s.head\n", output)
					}
					fmt.Fprintf(e.stdout, "%d entries; audit head %s\n", n, head)
					return nil
				case "head":
					h, err := st.AuditHead(ctx)
					if err != nil {
						return err
					}
					if fm == app.FormatJSON {
						return json.NewEncoder(e.stdout).Encode(h)
					}
					fmt.Fprintln(e.stdout, h)
					return nil
				}
				return usagef("audit %s: the actions are verify, log, export and head", args[0])
			}
		},
	}
}

func auditVerify(ctx context.Context, e *env, st *app.App, heads []string, fm app.Format) error {
	rep, err := st.AuditVerify(ctx, heads)
	if err != nil {
		return err
	}
	if fm == app.FormatJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else if rep.Intact {
		fmt.Fprintf(e.stdout, "intact: %s: %d audit entries, %d documents match them; head %s\n", st.Path(), rep.Entries, rep.Documents, rep.Head)
		for _, a := range rep.Anchors {
			fmt.Fprintf(e.stdout, "  reaches %s\n", a)
		}
	}
	if rep.Intact {
		return nil
	}
	// The problems on stdout, the first first; one line on stderr.
	const most = 20
	if fm != app.FormatJSON {
		for i, p := range rep.Problems {
			if i == most {
				fmt.Fprintf(e.stdout, "… and %d more\n", len(rep.Problems)-most)
				break
			}
			fmt.Fprintf(e.stdout, "tampered: %s\n", p.Message)
		}
	}
	fmt.Fprintf(e.stderr, "paidup audit verify: %s: tampered (%d problem(s)); first: %s\n", st.Path(), len(rep.Problems), rep.Problems[0].Message)
	return silentError{}
}

func auditLog(ctx context.Context, e *env, st *app.App, f ledger.AuditFilter, fm app.Format) error {
	if f.Limit > 0 {
		f.Newest = true
	}
	var entries []ledger.AuditEntry
	// JSON streams; the table is read whole (a --limit keeps it short).
	var enc *json.Encoder
	first := true
	if fm == app.FormatJSON {
		enc = json.NewEncoder(e.stdout)
		fmt.Fprint(e.stdout, "[")
	}
	err := st.AuditLog(ctx, f, func(a *ledger.AuditEntry) error {
		if enc != nil {
			if !first {
				fmt.Fprint(e.stdout, ",")
			}
			first = false
			return enc.Encode(a)
		}
		entries = append(entries, *a)
		return nil
	})
	if err != nil {
		return err
	}
	if enc != nil {
		fmt.Fprintln(e.stdout, "]")
		return nil
	}
	if f.Newest {
		for i, j := 0, len(entries)-1; i < j; i, j = i+1, j-1 {
			entries[i], entries[j] = entries[j], entries[i]
		}
	}
	tw := textwidth.NewTabWriter(e.stdout, 2, false)
	fmt.Fprintln(tw, "SEQ\tAT\tUSER\tACTION\tSUBJECT\tCUSTOMER\tDETAIL")
	for _, a := range entries {
		d := string(a.Detail)
		d = textwidth.Truncate(d, 100)
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", a.Seq, a.At, a.User, a.Action, a.Subject, a.Customer, strings.ReplaceAll(d, "\t", " "))
	}
	return tw.Flush()
}
