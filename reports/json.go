package reports

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"paidup/ledger"
)

// JSON output is for scripts: field names are stable (snake_case, as in the
// CSV headers), every amount is a decimal string with exactly its
// currency's minor digits ("1234.50"), always beside a "currency" field,
// and dates are YYYY-MM-DD. Listings are one JSON array, written as rows
// stream so a million rows need no more memory than one.

// WriteJSON writes v as indented JSON followed by a newline.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

// JSONArray writes a JSON array one element at a time.
type JSONArray struct {
	w   *bufio.Writer
	n   int
	err error
}

// NewJSONArray starts an array on w.
func NewJSONArray(w io.Writer) *JSONArray {
	a := &JSONArray{w: bufio.NewWriter(w)}
	_, a.err = a.w.WriteString("[")
	return a
}

// Add writes one element.
func (a *JSONArray) Add(v any) error {
	if a.err != nil {
		return a.err
	}
	b, err := json.Marshal(v)
	if err != nil {
		a.err = fmt.Errorf("write json: %w", err)
		return a.err
	}
	sep := ",\n  "
	if a.n == 0 {
		sep = "\n  "
	}
	a.n++
	if _, err := a.w.WriteString(sep); err != nil {
		a.err = err
		return err
	}
	_, a.err = a.w.Write(b)
	return a.err
}

// Close ends the array and flushes it.
func (a *JSONArray) Close() error {
	if a.err != nil {
		return a.err
	}
	end := "\n]\n"
	if a.n == 0 {
		end = "]\n"
	}
	if _, err := a.w.WriteString(end); err != nil {
		return err
	}
	return a.w.Flush()
}

// Amount is an amount for JSON: a decimal string in its currency's digits.
func Amount(minor int64, cur string) string { return ledger.NewMoney(minor, cur).Plain() }

// AgingJSONLine is one customer's (or a currency's TOTAL) aging in JSON.
type AgingJSONLine struct {
	CustomerCode string            `json:"customer_code"`
	CustomerName string            `json:"customer_name,omitempty"`
	Currency     string            `json:"currency"`
	Buckets      map[string]string `json:"buckets"`
	Credits      string            `json:"credits"`
	Total        string            `json:"total"`
}

// AgingJSON is the aging summary in JSON.
type AgingJSON struct {
	AsOf    string          `json:"as_of"`
	Basis   string          `json:"basis"`
	Buckets []string        `json:"bucket_labels"`
	Lines   []AgingJSONLine `json:"customers"`
	Totals  []AgingJSONLine `json:"totals"`
}

// WriteAgingJSON writes the aging summary: one object with the customers'
// lines and a total per currency.
func WriteAgingJSON(w io.Writer, a *ledger.Aging) error {
	line := func(l ledger.AgingLine) AgingJSONLine {
		j := AgingJSONLine{CustomerCode: l.CustomerCode, CustomerName: l.CustomerName, Currency: l.Currency,
			Buckets: map[string]string{}, Credits: Amount(l.Credits, l.Currency), Total: Amount(l.Total, l.Currency)}
		for i, b := range l.Buckets {
			j.Buckets[a.Labels[i]] = Amount(b, l.Currency)
		}
		return j
	}
	out := AgingJSON{AsOf: a.AsOf.Format(ledger.DateLayout), Basis: string(a.Basis), Buckets: a.Labels,
		Lines: []AgingJSONLine{}, Totals: []AgingJSONLine{}}
	for _, sec := range a.Sections {
		for _, l := range sec.Lines {
			out.Lines = append(out.Lines, line(l))
		}
		t := line(sec.Total)
		t.CustomerCode, t.CustomerName = "TOTAL", ""
		out.Totals = append(out.Totals, t)
	}
	return WriteJSON(w, out)
}

// AgingItemJSON is one open document of an aging detail in JSON.
type AgingItemJSON struct {
	CustomerCode string `json:"customer_code"`
	Document     string `json:"document"`
	Kind         string `json:"kind"`
	IssueDate    string `json:"issue_date"`
	DueDate      string `json:"due_date"`
	DaysPastDue  int    `json:"days_past_due"`
	Bucket       string `json:"bucket"`
	Currency     string `json:"currency"`
	Original     string `json:"original"`
	Open         string `json:"open"`
	Disputed     bool   `json:"disputed"`
	// Instalment is the payment plan instalment the row is owed on (an
	// invoice under a plan is listed once per instalment); 0 (left out)
	// otherwise.
	Instalment int `json:"instalment,omitempty"`
}

// AgingDetailJSON streams aging detail rows into a JSON array.
type AgingDetailJSON struct {
	arr    *JSONArray
	labels []string
}

// NewAgingDetailJSON starts the array.
func NewAgingDetailJSON(w io.Writer, labels []string) *AgingDetailJSON {
	return &AgingDetailJSON{arr: NewJSONArray(w), labels: labels}
}

// Item writes one open document; unapplied credits have bucket "credits".
func (d *AgingDetailJSON) Item(it ledger.AgingItem) error {
	bucket := "credits"
	if it.Bucket >= 0 {
		bucket = d.labels[it.Bucket]
	}
	return d.arr.Add(AgingItemJSON{CustomerCode: it.CustomerCode, Document: it.Number, Kind: string(it.Kind),
		IssueDate: it.IssueDate.Format(ledger.DateLayout), DueDate: it.DueDate.Format(ledger.DateLayout),
		DaysPastDue: it.DaysPastDue, Bucket: bucket, Currency: it.Currency,
		Original: Amount(it.Original, it.Currency), Open: Amount(it.Open, it.Currency), Disputed: it.Disputed,
		Instalment: it.Instalment})
}

// Close ends the array.
func (d *AgingDetailJSON) Close() error { return d.arr.Close() }

// WriteMetricsJSON writes one object per currency, keyed as in the CSV
// (ar_total, dso, cei, …); figures that are not defined are null.
func WriteMetricsJSON(w io.Writer, ms []ledger.Metrics) error {
	out := []map[string]any{}
	for _, m := range ms {
		o := map[string]any{"currency": m.Currency, "as_of": m.AsOf.Format(ledger.DateLayout), "days": m.Days}
		for _, r := range MetricRows(m) {
			if r.Value == "n/a" {
				o[r.Key] = nil
				continue
			}
			o[r.Key] = r.Value
		}
		out = append(out, o)
	}
	return WriteJSON(w, out)
}
