package reports

import (
	"fmt"
	"io"
	"strings"

	"paidup/internal/textwidth"
	"paidup/ledger"
)

// WriteAgingTable prints the aging for a terminal: one aligned block per
// currency, amounts grouped and right-aligned.
func WriteAgingTable(w io.Writer, a *ledger.Aging) error {
	basis := "days past due"
	if a.Basis == ledger.BasisIssue {
		basis = "days since issue"
	}
	fmt.Fprintf(w, "Aged receivables as of %s (%s)\n", a.AsOf.Format(ledger.DateLayout), basis)
	if len(a.Sections) == 0 {
		_, err := fmt.Fprintln(w, "\nNothing is open.")
		return err
	}
	for _, sec := range a.Sections {
		fmt.Fprintf(w, "\n%s\n", sec.Currency)
		// The tab writer aligns every column right; names are padded to
		// one width first so they read left-aligned. Widths are terminal
		// columns: a Chinese name's characters take two.
		cw, nw := len("Customer"), 0
		for _, l := range sec.Lines {
			cw = max(cw, textwidth.Width(l.CustomerCode))
			nw = max(nw, textwidth.Width(truncate(l.CustomerName, 32)))
		}
		tw := textwidth.NewTabWriter(w, 2, true)
		cols := append([]string{pad("Customer", cw), pad("", nw)}, a.Labels...)
		cols = append(cols, "Credits", "Total")
		fmt.Fprintln(tw, strings.Join(cols, "\t")+"\t")
		row := func(l ledger.AgingLine) {
			cells := []string{pad(l.CustomerCode, cw), pad(truncate(l.CustomerName, 32), nw)}
			for _, b := range l.Buckets {
				cells = append(cells, amount(b, l.Currency))
			}
			cells = append(cells, amount(l.Credits, l.Currency), amount(l.Total, l.Currency))
			fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
		}
		for _, l := range sec.Lines {
			row(l)
		}
		row(sec.Total)
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// WriteMetricsTable prints the metrics, one column per currency.
func WriteMetricsTable(w io.Writer, ms []ledger.Metrics) error {
	if len(ms) == 0 {
		_, err := fmt.Fprintln(w, "No receivables in this period.")
		return err
	}
	fmt.Fprintf(w, "Collection metrics as of %s over %d days\n\n", ms[0].AsOf.Format(ledger.DateLayout), ms[0].Days)
	tw := textwidth.NewTabWriter(w, 2, true)
	hdr := []string{"Metric"}
	for _, m := range ms {
		hdr = append(hdr, m.Currency)
	}
	fmt.Fprintln(tw, strings.Join(hdr, "\t")+"\t")
	rows := make([][]MetricRow, len(ms))
	for i, m := range ms {
		rows[i] = MetricRows(m)
	}
	for r := range rows[0] {
		cells := []string{rows[0][r].Label}
		for i := range ms {
			cells = append(cells, rows[i][r].Value)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	return tw.Flush()
}

// amount groups thousands without the currency code (the block says it).
func amount(minor int64, cur string) string {
	return strings.TrimSuffix(ledger.NewMoney(minor, cur).String(), " "+cur)
}

func pad(s string, n int) string { return textwidth.Pad(s, n) }

// truncate cuts s to n terminal columns.
func truncate(s string, n int) string { return textwidth.Truncate(s, n) }

// WriteAgingDetailTable prints open documents for a terminal.
func WriteAgingDetailTable(w io.Writer, a *ledger.Aging, stream func(func(ledger.AgingItem) error) error) error {
	fmt.Fprintf(w, "Open documents as of %s\n\n", a.AsOf.Format(ledger.DateLayout))
	fmt.Fprintf(w, "%-10s %-14s %-10s %-10s %6s %-8s %-4s %16s %16s\n", "Customer", "Document", "Issued", "Due", "Days", "Bucket", "Cur", "Original", "Open")
	return stream(func(it ledger.AgingItem) error {
		bucket := "credits"
		if it.Bucket >= 0 {
			bucket = a.Labels[it.Bucket]
		}
		_, err := fmt.Fprintf(w, "%s %s %-10s %-10s %6d %-8s %-4s %16s %16s\n", pad(it.CustomerCode, 10), pad(it.Number, 14),
			it.IssueDate.Format(ledger.DateLayout), it.DueDate.Format(ledger.DateLayout), it.DaysPastDue, bucket, it.Currency,
			strings.TrimSuffix(ledger.NewMoney(it.Original, it.Currency).String(), " "+it.Currency),
			strings.TrimSuffix(ledger.NewMoney(it.Open, it.Currency).String(), " "+it.Currency))
		return err
	})
}
