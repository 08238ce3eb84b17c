package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"paidup/ledger"
)

// WriteAgingCSV writes the aging summary in docs/DESIGN.md's columns: one row
// per customer with anything open, then a TOTAL row per currency. Amounts
// carry exactly the currency's minor digits and no separators.
func WriteAgingCSV(w io.Writer, a *ledger.Aging) error {
	cw := csv.NewWriter(w)
	hdr := append([]string{"customer_code", "customer_name", "currency"}, a.Labels...)
	cw.Write(append(hdr, "credits", "total"))
	row := func(l ledger.AgingLine) {
		rec := []string{SafeText(l.CustomerCode), SafeText(l.CustomerName), l.Currency}
		for _, b := range l.Buckets {
			rec = append(rec, ledger.NewMoney(b, l.Currency).Plain())
		}
		rec = append(rec, ledger.NewMoney(l.Credits, l.Currency).Plain(), ledger.NewMoney(l.Total, l.Currency).Plain())
		cw.Write(rec)
	}
	for _, sec := range a.Sections {
		for _, l := range sec.Lines {
			row(l)
		}
		t := sec.Total
		t.CustomerName = ""
		row(t)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write aging csv: %w", err)
	}
	return nil
}

// AgingDetailCSV writes aging detail rows as they stream from the ledger.
type AgingDetailCSV struct {
	cw     *csv.Writer
	labels []string
}

// NewAgingDetailCSV writes the header: customer_code, document,
// issue_date, due_date, days_past_due, bucket, currency, original, open.
func NewAgingDetailCSV(w io.Writer, labels []string) *AgingDetailCSV {
	d := &AgingDetailCSV{cw: csv.NewWriter(w), labels: labels}
	d.cw.Write([]string{"customer_code", "document", "issue_date", "due_date", "days_past_due", "bucket", "currency", "original", "open"})
	return d
}

// Item writes one open document; unapplied credits have bucket "credits".
func (d *AgingDetailCSV) Item(it ledger.AgingItem) error {
	bucket := "credits"
	if it.Bucket >= 0 {
		bucket = d.labels[it.Bucket]
	}
	return d.cw.Write([]string{SafeText(it.CustomerCode), SafeText(it.Number), it.IssueDate.Format(ledger.DateLayout),
		it.DueDate.Format(ledger.DateLayout), strconv.Itoa(it.DaysPastDue), bucket, it.Currency,
		ledger.NewMoney(it.Original, it.Currency).Plain(), ledger.NewMoney(it.Open, it.Currency).Plain()})
}

// Close flushes what is buffered.
func (d *AgingDetailCSV) Close() error {
	d.cw.Flush()
	if err := d.cw.Error(); err != nil {
		return fmt.Errorf("write aging detail csv: %w", err)
	}
	return nil
}

// WriteMetricsCSV writes metric,currency,value rows (docs/DESIGN.md).
func WriteMetricsCSV(w io.Writer, ms []ledger.Metrics) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"metric", "currency", "value"})
	for _, m := range ms {
		for _, r := range MetricRows(m) {
			cw.Write([]string{r.Key, m.Currency, r.Value})
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write metrics csv: %w", err)
	}
	return nil
}

// MetricRow is one metric as printed.
type MetricRow struct{ Key, Label, Value string }

// MetricRows prints a currency's metrics: amounts in minor digits, days to
// one decimal, percentages to two, rounded half away from zero.
func MetricRows(m ledger.Metrics) []MetricRow {
	money := func(v int64) string { return ledger.NewMoney(v, m.Currency).Plain() }
	return []MetricRow{
		{"ar_total", "AR total", money(m.AREnd)},
		{"overdue_total", "Overdue total", money(m.Overdue)},
		{"credit_sales", fmt.Sprintf("Credit sales (%d days)", m.Days), money(m.CreditSales)},
		{"dso", fmt.Sprintf("DSO (%d days)", m.Days), m.DSO.Format(1)},
		{"cei", "CEI (%)", m.CEI.Format(2)},
		{"average_days_to_pay", "Average days to pay", m.AvgDaysToPay.Format(1)},
		{"average_days_late", "Average days late", m.AvgDaysLate.Format(1)},
		{"percent_paid_late", "Paid late (%)", m.PercentPaidLate.Format(2)},
		{"invoices_paid", "Invoices paid in period", strconv.Itoa(m.PaidCount)},
		{"discounts_taken", "Early-payment discounts taken", strconv.Itoa(m.DiscountCount)},
		{"discount_amount", "Early-payment discounts (amount)", money(m.Discounts)},
	}
}
