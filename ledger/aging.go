package ledger

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Basis says what an item's age is counted from.
type Basis string

const (
	BasisDue   Basis = "due"   // days past the due date (default)
	BasisIssue Basis = "issue" // days since the issue date
)

// DefaultEdges are the upper edges of the overdue buckets: current (≤ 0
// days), 1-30, 31-60, 61-90 and 91+.
var DefaultEdges = []int{30, 60, 90}

// ParseEdges reads bucket edges such as "30,60,90".
func ParseEdges(s string) ([]int, error) {
	var edges []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, Errorf(EINVALID, "bucket edges %q: want rising whole numbers of days such as 30,60,90", s)
		}
		if len(edges) > 0 && n <= edges[len(edges)-1] {
			return nil, Errorf(EINVALID, "bucket edges %q must rise", s)
		}
		edges = append(edges, n)
	}
	if len(edges) > 10 {
		return nil, Errorf(EINVALID, "at most 10 bucket edges")
	}
	return edges, nil
}

// BucketLabels names the buckets of a list of edges: current, 1-30, …, 91+.
func BucketLabels(edges []int) []string {
	labels := []string{"current"}
	lo := 1
	for _, e := range edges {
		labels = append(labels, fmt.Sprintf("%d-%d", lo, e))
		lo = e + 1
	}
	return append(labels, fmt.Sprintf("%d+", lo))
}

// BucketOf puts a number of days past due into a bucket: 0 is current.
func BucketOf(days int, edges []int) int {
	if days <= 0 {
		return 0
	}
	for i, e := range edges {
		if days <= e {
			return i + 1
		}
	}
	return len(edges) + 1
}

// AgingOptions choose what an aging shows.
type AgingOptions struct {
	AsOf     time.Time // end of this day; zero means today
	Basis    Basis     // default BasisDue
	Edges    []int     // default DefaultEdges
	Customer string    // one customer's code, or all
	// Locale, if set, orders AgingDetail's customers by name in its rules
	// (customer_collate.go); else case-folded, in byte order beyond ASCII.
	Locale string
}

func (o *AgingOptions) normalize(now time.Time) error {
	if o.AsOf.IsZero() {
		o.AsOf = Day(now)
	}
	o.AsOf = Day(o.AsOf)
	switch o.Basis {
	case "":
		o.Basis = BasisDue
	case BasisDue, BasisIssue:
	default:
		return Errorf(EINVALID, "aging basis %q: use due or issue", o.Basis)
	}
	if len(o.Edges) == 0 {
		o.Edges = DefaultEdges
	}
	for i, e := range o.Edges {
		if e <= 0 || (i > 0 && e <= o.Edges[i-1]) {
			return Errorf(EINVALID, "bucket edges must be rising whole numbers of days")
		}
	}
	return nil
}

// AgingLine is one customer's aging, or a currency's total, in minor units
// of Currency. Credits are unapplied credits, shown negative; Total is the
// sum of the buckets and credits.
type AgingLine struct {
	CustomerCode string
	CustomerName string
	Currency     string
	Buckets      []int64
	Credits      int64
	Total        int64
}

// AgingSection is the aging of one currency.
type AgingSection struct {
	Currency string
	Lines    []AgingLine // by customer name
	Total    AgingLine   // CustomerCode "TOTAL"
}

// Aging is an aged receivables summary as of a date.
type Aging struct {
	AsOf     time.Time
	Basis    Basis
	Edges    []int
	Labels   []string
	Sections []AgingSection // by currency code
}

// AgingItem is one open document in an aging detail: an invoice with
// something open, or an unapplied payment or credit note (Open negative).
type AgingItem struct {
	ID           int64 // the document's
	CustomerCode string
	CustomerName string
	Kind         Kind
	Number       string
	IssueDate    time.Time
	DueDate      time.Time
	DaysPastDue  int // by the basis: days past due, or days since issue
	Bucket       int // index into Labels; -1 for credits
	Currency     string
	Original     int64
	Open         int64
	Disputed     bool // an invoice with a dispute open at the end of AsOf: never reminded
	// Instalment is, for an invoice under a payment plan, the instalment
	// this row is owed on (DueDate its date, Open the part owed then); an
	// invoice owed on several is listed once for each. 0 otherwise.
	Instalment int
}

// buildAging assembles sections from per-customer bucket sums. It is pure:
// the arithmetic of the report, testable without a database.
func buildAging(o AgingOptions, lines []AgingLine) *Aging {
	a := &Aging{AsOf: o.AsOf, Basis: o.Basis, Edges: o.Edges, Labels: BucketLabels(o.Edges)}
	for _, l := range lines {
		l.Total = l.Credits
		for _, b := range l.Buckets {
			l.Total += b
		}
		if len(a.Sections) == 0 || a.Sections[len(a.Sections)-1].Currency != l.Currency {
			a.Sections = append(a.Sections, AgingSection{Currency: l.Currency,
				Total: AgingLine{CustomerCode: "TOTAL", CustomerName: "Total", Currency: l.Currency, Buckets: make([]int64, len(a.Labels))}})
		}
		sec := &a.Sections[len(a.Sections)-1]
		if l.Total == 0 && l.Credits == 0 && allZero(l.Buckets) {
			continue
		}
		sec.Lines = append(sec.Lines, l)
		for i, b := range l.Buckets {
			sec.Total.Buckets[i] += b
		}
		sec.Total.Credits += l.Credits
		sec.Total.Total += l.Total
	}
	return a
}

func allZero(xs []int64) bool {
	for _, x := range xs {
		if x != 0 {
			return false
		}
	}
	return true
}

// Section returns the section of a currency, or nil.
func (a *Aging) Section(cur string) *AgingSection {
	for i := range a.Sections {
		if a.Sections[i].Currency == cur {
			return &a.Sections[i]
		}
	}
	return nil
}
