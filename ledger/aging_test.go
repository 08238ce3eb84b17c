package ledger

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestBucketOf(t *testing.T) {
	tests := []struct{ days, want int }{
		{-5, 0}, {0, 0}, {1, 1}, {30, 1}, {31, 2}, {60, 2}, {61, 3}, {90, 3}, {91, 4}, {5000, 4},
	}
	for _, tt := range tests {
		if got := BucketOf(tt.days, DefaultEdges); got != tt.want {
			t.Errorf("BucketOf(%d) = %d, want %d", tt.days, got, tt.want)
		}
	}
	if got := BucketLabels(DefaultEdges); !reflect.DeepEqual(got, []string{"current", "1-30", "31-60", "61-90", "91+"}) {
		t.Errorf("labels %v", got)
	}
	if _, err := ParseEdges("30,20"); err == nil {
		t.Error("falling edges accepted")
	}
}

// agingFixture builds a ledger whose open items sit exactly on every bucket
// edge as of 2026-06-30 (due basis), plus the events that must and must
// not count then.
func agingFixture(t *testing.T) *Store {
	ctx := context.Background()
	s := newTestStore(t)
	s.Now = func() time.Time { return time.Date(2026, 9, 30, 9, 0, 0, 0, time.UTC) }
	mustCustomer(t, s, "EDGE", "USD")
	mustCustomer(t, s, "EU", "EUR")
	asOf := day("2026-06-30")
	// One invoice of 100.00 × (i+1) per edge, due asOf − days; issued 10 days before due.
	for i, days := range []int{0, 1, 30, 31, 60, 61, 90, 91} {
		due := asOf.AddDate(0, 0, -days)
		_, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "EDGE", Number: fmt.Sprintf("E%02d", days), Date: due.AddDate(0, 0, -10), DueDate: due,
			Lines: []Line{line(1, int64(i+1)*10000, 0)}})
		if err != nil {
			t.Fatal(err)
		}
	}
	// A payment dated after the as-of date: ignored then.
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "EDGE", Date: day("2026-07-05"), Amount: usd("100.00"),
		Apply: []AllocationInput{{InvoiceNumber: "E00", Amount: usd("100.00")}}}); err != nil {
		t.Fatal(err)
	}
	// A credit note dated before: 20.00 off E01 (200.00 → 180.00).
	if _, err := s.IssueCreditNote(ctx, CreditNoteInput{CustomerCode: "EDGE", Date: day("2026-06-20"), Lines: []Line{line(1, 2000, 0)},
		Apply: []AllocationInput{{InvoiceNumber: "E01", Amount: usd("20.00")}}}); err != nil {
		t.Fatal(err)
	}
	// A write-off before: E91 (800.00) loses 50.00 → 750.00.
	if _, err := s.WriteOff(ctx, "E91", day("2026-06-01"), usd("50.00"), "partly uncollectable"); err != nil {
		t.Fatal(err)
	}
	// An unapplied credit of 25.00 received before.
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "EDGE", Date: day("2026-06-15"), Amount: usd("25.00"), KeepUnapplied: true}); err != nil {
		t.Fatal(err)
	}
	// An EUR invoice voided after the as-of date: still open then.
	if _, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "EU", Number: "V1", Date: day("2026-06-01"), DueDate: day("2026-06-15"),
		Lines: []Line{line(1, 12345, 20)}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Void(ctx, "V1", day("2026-07-10"), "duplicate"); err != nil {
		t.Fatal(err)
	}
	// An invoice issued after the as-of date does not exist then.
	if _, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "EDGE", Number: "LATE", Date: day("2026-07-01"), Lines: []Line{line(1, 99900, 0)}}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAgingKnownAnswer(t *testing.T) {
	ctx := context.Background()
	s := agingFixture(t)
	a, err := s.Aging(ctx, AgingOptions{AsOf: day("2026-06-30")})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Sections) != 2 || a.Sections[0].Currency != "EUR" || a.Sections[1].Currency != "USD" {
		t.Fatalf("sections %+v", a.Sections)
	}
	eur := a.Sections[0].Lines
	// 123.45 + 20% = 148.14, 15 days past due.
	if len(eur) != 1 || !reflect.DeepEqual(eur[0].Buckets, []int64{0, 14814, 0, 0, 0}) {
		t.Fatalf("EUR %+v", eur)
	}
	usdLine := a.Sections[1].Lines[0]
	want := []int64{
		10000,         // 0 days: current (the 07-05 payment is ignored)
		18000 + 30000, // 1 and 30 days (E01 less the credit note)
		40000 + 50000, // 31, 60
		60000 + 70000, // 61, 90
		75000,         // 91 (800 less the write-off)
	}
	if !reflect.DeepEqual(usdLine.Buckets, want) || usdLine.Credits != -2500 {
		t.Fatalf("USD buckets %v credits %d, want %v -2500", usdLine.Buckets, usdLine.Credits, want)
	}
	if usdLine.Total != 10000+48000+90000+130000+75000-2500 {
		t.Fatalf("total %d", usdLine.Total)
	}
	assertAgingMatchesGL(t, s, a)

	// Issue basis: each invoice was issued 10 days before its due date, so
	// E00 (10 days old) and E01 (11) are in 1-30, nothing is current.
	ai, err := s.Aging(ctx, AgingOptions{AsOf: day("2026-06-30"), Basis: BasisIssue})
	if err != nil {
		t.Fatal(err)
	}
	if b := ai.Section("USD").Lines[0].Buckets; b[0] != 0 || b[1] != 10000+18000 {
		t.Fatalf("issue basis %v", b)
	}
	// Today (2026-09-30): the payment, the void and the late invoice count.
	now, err := s.Aging(ctx, AgingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if now.Section("EUR") != nil {
		t.Fatalf("voided EUR invoice still open today: %+v", now.Section("EUR"))
	}
	if now.Section("USD").Total.Buckets[0] != 0 || now.Section("USD").Total.Total != 48000+90000+130000+75000-2500+99900 {
		t.Fatalf("today %+v", now.Section("USD").Total)
	}
	assertAgingMatchesGL(t, s, now)

	// Detail agrees with the summary, item by item.
	var items []AgingItem
	if err := s.AgingDetail(ctx, AgingOptions{AsOf: day("2026-06-30")}, func(it AgingItem) error {
		items = append(items, it)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(items) != 10 {
		t.Fatalf("%d detail items: %+v", len(items), items)
	}
	sums := make([]int64, 5)
	var credits int64
	for _, it := range items {
		if it.Currency != "USD" {
			continue
		}
		if it.Bucket < 0 {
			credits += it.Open
			continue
		}
		if BucketOf(it.DaysPastDue, DefaultEdges) != it.Bucket {
			t.Errorf("%s: %d days in bucket %d", it.Number, it.DaysPastDue, it.Bucket)
		}
		sums[it.Bucket] += it.Open
	}
	if !reflect.DeepEqual(sums, want) || credits != -2500 {
		t.Fatalf("detail sums %v credits %d", sums, credits)
	}
}

// assertAgingMatchesGL checks the aging's total per currency against 1100
// less 2100 as of its date.
func assertAgingMatchesGL(t *testing.T, s *Store, a *Aging) {
	t.Helper()
	ar, cr, err := s.ControlBalances(context.Background(), a.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	for cur := range ar {
		var total int64
		if sec := a.Section(cur); sec != nil {
			total = sec.Total.Total
			var sum int64
			for _, l := range sec.Lines {
				sum += l.Total
			}
			if sum != total {
				t.Errorf("%s: lines sum to %d, total row says %d", cur, sum, total)
			}
		}
		if total != ar[cur]-cr[cur] {
			t.Errorf("aging %s as of %s: %d, but 1100 − 2100 = %d − %d", cur, fmtDate(a.AsOf), total, ar[cur], cr[cur])
		}
	}
}

// TestAgingPropertyRandomLedgers: for random ledgers and random dates, each
// customer's buckets sum to its open balance then, and the total equals
// 1100 − 2100 as of the date.
func TestAgingPropertyRandomLedgers(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			s := newTestStore(t)
			randomOps(t, s, seed, 120)
			for _, d := range []string{"2026-01-01", "2026-01-20", "2026-02-15", "2026-03-10", "2026-06-01"} {
				for _, basis := range []Basis{BasisDue, BasisIssue} {
					a, err := s.Aging(ctx, AgingOptions{AsOf: day(d), Basis: basis, Edges: []int{7, 45}})
					if err != nil {
						t.Fatal(err)
					}
					assertAgingMatchesGL(t, s, a)
					for _, sec := range a.Sections {
						for _, l := range sec.Lines {
							var sum int64
							for _, b := range l.Buckets {
								sum += b
							}
							if sum+l.Credits != l.Total {
								t.Fatalf("%s: buckets %v + credits %d != %d", l.CustomerCode, l.Buckets, l.Credits, l.Total)
							}
						}
					}
				}
			}
		})
	}
}

// TestAgingIBMAsOf reproduces, from the IBM source rows alone, the aging of
// the imported ledger as of past dates, bucket by bucket.
func TestAgingIBMAsOf(t *testing.T) {
	ctx := context.Background()
	s, rows, _ := ibmStore(t)
	for _, asOf := range []string{"2012-06-30", "2013-03-31", "2013-11-30"} {
		d := day(asOf)
		want := make([]int64, 5)
		for _, r := range rows {
			if day(r.issue).After(d) || !day(r.settled).After(d) {
				continue
			}
			m, _ := ParseMoney(r.amount, "USD")
			want[BucketOf(DaysBetween(day(r.due), d), DefaultEdges)] += m.Minor
		}
		a, err := s.Aging(ctx, AgingOptions{AsOf: d})
		if err != nil {
			t.Fatal(err)
		}
		if sec := a.Section("USD"); sec == nil || !reflect.DeepEqual(sec.Total.Buckets, want) {
			t.Fatalf("as of %s: ledger %+v, file %v", asOf, sec, want)
		}
		assertAgingMatchesGL(t, s, a)
	}
}

func TestAsOfItemsByCloseNamesTheIndex(t *testing.T) {
	if !strings.Contains(asOfItemsByClose, "INDEXED BY documents_asof") {
		t.Fatal("asOfItems changed shape: asOfItemsByClose no longer names documents_asof")
	}
}
