package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"paidup/ledger"
	"paidup/reports"
)

func agingCommand() command {
	return command{
		name: "aging", args: "[--as-of DATE] [--basis due|issue] [--detail] [--format table|csv|xlsx|pdf] [-o FILE]",
		summary: "aged receivables as of any date, reproducible later",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var o ledger.AgingOptions
			var basis, format, out, edges string
			var detail, printSQL bool
			fs.Var(dateValue{&o.AsOf}, "as-of", "age as at the end of `YYYY-MM-DD` (default today)")
			fs.StringVar(&basis, "basis", "due", "count days from the due date (due) or the issue date (issue)")
			fs.BoolVar(&detail, "detail", false, "one row per open document instead of one per customer")
			fs.StringVar(&format, "format", "table", "table, csv, xlsx or pdf")
			fs.StringVar(&out, "o", "", "write to `FILE` (default: stdout for table and csv, aging-DATE.xlsx/.pdf otherwise)")
			fs.StringVar(&edges, "edges", "", "bucket edges in days (default 30,60,90, or the ledger's aging.edges setting)")
			fs.StringVar(&o.Customer, "customer", "", "only this customer `CODE`")
			fs.BoolVar(&printSQL, "print-sql", false, "print the summary's SQL for the sqlite3 shell and exit (benchmarks compare the two)")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return usagef("aging takes no arguments, got %q", args[0])
				}
				if printSQL {
					if o.AsOf.IsZero() {
						o.AsOf = ledger.Today()
					}
					q := strings.NewReplacer("?1", "'"+o.AsOf.Format(ledger.DateLayout)+"'", "?2", "0").Replace(ledger.AgingSQL(o))
					_, err := fmt.Fprintln(e.stdout, q+";")
					return err
				}
				o.Basis = ledger.Basis(basis)
				if o.Basis != ledger.BasisDue && o.Basis != ledger.BasisIssue {
					return usagef("--basis must be due or issue")
				}
				switch format {
				case "table", "csv", "xlsx", "pdf":
				default:
					return usagef("--format must be table, csv, xlsx or pdf")
				}
				st, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				if edges == "" {
					if edges, err = st.Setting(ctx, "aging.edges", ""); err != nil {
						return err
					}
				}
				if edges != "" {
					if o.Edges, err = ledger.ParseEdges(edges); err != nil {
						return err
					}
				}
				a, err := st.Aging(ctx, o)
				if err != nil {
					return err
				}
				if out == "" && (format == "xlsx" || format == "pdf") {
					out = fmt.Sprintf("aging-%s.%s", a.AsOf.Format(ledger.DateLayout), format)
				}
				o.AsOf = a.AsOf
				streamDetail := func(fn func(ledger.AgingItem) error) error { return st.AgingDetail(ctx, o, fn) }
				err = writeOutput(e.stdout, out, func(w io.Writer) error {
					switch format {
					case "csv":
						if !detail {
							return reports.WriteAgingCSV(w, a)
						}
						dc := reports.NewAgingDetailCSV(w, a.Labels)
						if err := streamDetail(dc.Item); err != nil {
							return err
						}
						return dc.Close()
					case "xlsx":
						if !detail {
							streamDetail = nil
						}
						return writeAgingXLSX(ctx, st, w, a, streamDetail)
					case "pdf":
						return writeAgingPDF(ctx, st, w, a, o, detail)
					}
					if detail {
						return writeAgingDetailTable(w, a, streamDetail)
					}
					return reports.WriteAgingTable(w, a)
				})
				if err == nil && out != "" && out != "-" {
					fmt.Fprintf(e.stderr, "wrote %s\n", out)
				}
				return err
			}
		},
	}
}

// writeAgingDetailTable prints open documents for a terminal.
func writeAgingDetailTable(w io.Writer, a *ledger.Aging, stream func(func(ledger.AgingItem) error) error) error {
	fmt.Fprintf(w, "Open documents as of %s\n\n", a.AsOf.Format(ledger.DateLayout))
	fmt.Fprintf(w, "%-10s %-14s %-10s %-10s %6s %-8s %-4s %16s %16s\n", "Customer", "Document", "Issued", "Due", "Days", "Bucket", "Cur", "Original", "Open")
	return stream(func(it ledger.AgingItem) error {
		bucket := "credits"
		if it.Bucket >= 0 {
			bucket = a.Labels[it.Bucket]
		}
		_, err := fmt.Fprintf(w, "%-10s %-14s %-10s %-10s %6d %-8s %-4s %16s %16s\n", it.CustomerCode, it.Number,
			it.IssueDate.Format(ledger.DateLayout), it.DueDate.Format(ledger.DateLayout), it.DaysPastDue, bucket, it.Currency,
			strings.TrimSuffix(ledger.NewMoney(it.Original, it.Currency).String(), " "+it.Currency),
			strings.TrimSuffix(ledger.NewMoney(it.Open, it.Currency).String(), " "+it.Currency))
		return err
	})
}

func metricsCommand() command {
	return command{
		name: "metrics", args: "[--as-of DATE] [--days N] [--format table|csv]",
		summary: "AR total, overdue, DSO, CEI, days to pay and late, per currency",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var o ledger.MetricsOptions
			var format string
			fs.Var(dateValue{&o.AsOf}, "as-of", "the period ends on `YYYY-MM-DD` (default today)")
			fs.IntVar(&o.Days, "days", 90, "length of the period in days")
			fs.StringVar(&format, "format", "table", "table or csv")
			fs.StringVar(&o.Customer, "customer", "", "only this customer `CODE`")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return usagef("metrics takes no arguments")
				}
				if format != "table" && format != "csv" {
					return usagef("--format must be table or csv")
				}
				st, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				ms, err := st.Metrics(ctx, o)
				if err != nil {
					return err
				}
				if format == "csv" {
					return reports.WriteMetricsCSV(e.stdout, ms)
				}
				return reports.WriteMetricsTable(e.stdout, ms)
			}
		},
	}
}
