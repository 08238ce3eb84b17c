package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"paidup/reports"
)

func invoiceCommand() command {
	return command{
		name: "invoice", args: "pdf NUMBER [-o FILE]",
		summary: "print an invoice as a PDF (default NUMBER.pdf; -o - writes to stdout)",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var out string
			fs.StringVar(&out, "o", "", "write to `FILE` (default: NUMBER.pdf in the current folder; - for stdout)")
			return func(ctx context.Context, args []string) error {
				if len(args) == 0 || args[0] != "pdf" {
					return usagef("invoice needs an action: invoice pdf NUMBER")
				}
				if len(args) != 2 {
					return usagef("invoice pdf needs one invoice NUMBER")
				}
				number := args[1]
				st, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				data, err := reports.LoadInvoice(ctx, st, number)
				if err != nil {
					return err
				}
				r, err := reports.LoadRenderer(ctx, st)
				if err != nil {
					return err
				}
				if out == "" {
					out = reports.FileSafe(number) + ".pdf"
				}
				if err := writeOutput(e.stdout, out, func(w io.Writer) error { return r.Invoice(w, data) }); err != nil {
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
