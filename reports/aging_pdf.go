package reports

import (
	"fmt"
	"io"
	"strconv"

	"github.com/bojanz/currency"

	"paidup/ledger"
)

// Aging writes the aged receivables as a printable PDF, landscape: per
// currency, customers by bucket with credits and totals; with detail, the
// open documents after the summaries, streamed from the ledger. The
// figures are the Aging's own, so the PDF agrees with the CSV and the
// workbook to the minor unit.
func (r *Renderer) Aging(w io.Writer, a *ledger.Aging, detail func(func(ledger.AgingItem) error) error) error {
	s := r.st
	asOf := s.day(a.AsOf)
	d := r.newDocOriented("L", "Aged receivables "+a.AsOf.Format(ledger.DateLayout), r.p.Name, a.AsOf)
	d.continued = "Aged receivables as of " + asOf + " (continued)"
	d.newPage()
	basis := "days past due"
	if a.Basis == ledger.BasisIssue {
		basis = "days since issue"
	}
	d.f.SetY(d.letterhead("Aged receivables", "as of "+asOf+", "+basis))
	amounts := currency.NewFormatter(currency.NewLocale(s.locale))
	amounts.CurrencyDisplay = currency.DisplayNone
	amount := func(minor int64, cur string) string {
		m, err := currency.NewAmountFromInt64(minor, cur)
		if err != nil {
			return ledger.NewMoney(minor, cur).Plain()
		}
		return clean(amounts.Format(m))
	}
	if len(a.Sections) == 0 {
		d.regular(bodySize)
		d.color(colText)
		d.text(d.left, d.f.GetY(), d.width(), lineH, "Nothing is open on "+asOf+".", "L")
	}
	for _, sec := range a.Sections {
		d.ensure(30)
		d.f.SetY(d.heading(d.left, d.f.GetY(), d.width(), sec.Currency) + 1)
		// Columns measured from what they hold: every code, and the
		// section's totals, the largest amounts in practice (a cell still
		// wider is set smaller, never cut).
		codes := []string{"Customer", "Total"}
		for _, l := range sec.Lines {
			codes = append(codes, l.CustomerCode)
		}
		sums := []string{amount(sec.Total.Credits, sec.Currency), amount(sec.Total.Total, sec.Currency)}
		for _, b := range sec.Total.Buckets {
			sums = append(sums, amount(b, sec.Currency))
		}
		d.regular(bodySize)
		codeW := min(d.fitWidth(24, codes...), 60)
		// The names keep at least 45 mm; amounts wider than their share
		// of the rest are set smaller.
		amountW := min(d.fitWidth(25, sums...), (d.width()-codeW-45)/float64(len(a.Labels)+2))
		cols := []column{{title: "Customer", w: codeW, align: "L"}, {title: "Name", align: "L"}}
		for _, l := range a.Labels {
			cols = append(cols, column{title: l, w: amountW, align: "R"})
		}
		cols = append(cols, column{title: "Credits", w: amountW, align: "R"}, column{title: "Total", w: amountW + 3, align: "R"})
		t := newTable(d, cols...)
		t.start()
		row := func(l ledger.AgingLine, strong bool) {
			cells := []string{l.CustomerCode, l.CustomerName}
			for _, b := range l.Buckets {
				cells = append(cells, amount(b, l.Currency))
			}
			t.row(append(cells, amount(l.Credits, l.Currency), amount(l.Total, l.Currency)), strong)
		}
		for _, l := range sec.Lines {
			row(l, false)
		}
		total := sec.Total
		total.CustomerCode, total.CustomerName = "Total", sec.Currency
		row(total, true)
		t.end()
		d.f.SetY(d.f.GetY() + 6)
	}
	if detail != nil {
		d.ensure(30)
		d.f.SetY(d.heading(d.left, d.f.GetY(), d.width(), "Open documents") + 1)
		t := newTable(d,
			column{title: "Customer", w: 24, align: "L"}, column{title: "Name", align: "L"},
			column{title: "Document", w: 36, align: "L"}, column{title: "Issued", w: 22, align: "L"},
			column{title: "Due", w: 22, align: "L"}, column{title: "Days", w: 14, align: "R"},
			column{title: "Bucket", w: 18, align: "L"}, column{title: "Original", w: 30, align: "R"},
			column{title: "Open", w: 30, align: "R"})
		t.start()
		err := detail(func(it ledger.AgingItem) error {
			bucket := "credits"
			if it.Bucket >= 0 {
				bucket = a.Labels[it.Bucket]
			}
			number := docLabel(r.st, it.Kind, it.Number)
			if it.Disputed {
				number += " (disputed)"
			}
			t.row([]string{it.CustomerCode, it.CustomerName, number, s.day(it.IssueDate), s.day(it.DueDate),
				strconv.Itoa(it.DaysPastDue), bucket, amount(it.Original, it.Currency) + " " + it.Currency,
				amount(it.Open, it.Currency) + " " + it.Currency}, false)
			return d.f.Error()
		})
		t.end()
		if err != nil {
			return fmt.Errorf("aging PDF: %w", err)
		}
	}
	if err := d.finish(w); err != nil {
		return fmt.Errorf("aging PDF: %w", err)
	}
	return nil
}
