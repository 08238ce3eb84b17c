package ledger

import (
	"context"
	"testing"
)

func TestDemoIsSoundAndDeterministic(t *testing.T) {
	ctx := context.Background()
	opts := DemoOptions{Invoices: 3000, Seed: 7, AsOf: day("2026-03-31")}
	a, b := newTestStore(t), newTestStore(t)
	ra, err := a.Demo(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.Demo(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if ra != rb {
		t.Fatalf("same seed, different ledgers: %+v %+v", ra, rb)
	}
	if ra.Invoices < 2900 || ra.Invoices > 3100 || ra.CreditNotes == 0 || ra.WriteOffs == 0 || ra.Voids == 0 {
		t.Fatalf("demo too thin: %+v", ra)
	}
	repA, repB := mustCheck(t, a), mustCheck(t, b)
	if len(repA.Receivable) != 3 {
		t.Fatalf("currencies %v", repA.Receivable)
	}
	for cur, v := range repA.Receivable {
		if repB.Receivable[cur] != v || repA.Credits[cur] != repB.Credits[cur] {
			t.Fatalf("%s differs", cur)
		}
		if v <= 0 {
			t.Fatalf("nothing open in %s", cur)
		}
	}
	// Open items in every aging bucket as of the demo date.
	var buckets [5]int
	rows, err := a.r.QueryContext(ctx, `SELECT julianday('2026-03-31') - julianday(due_date) FROM documents WHERE kind = 'invoice' AND open > 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var d float64
		rows.Scan(&d)
		switch {
		case d <= 0:
			buckets[0]++
		case d <= 30:
			buckets[1]++
		case d <= 60:
			buckets[2]++
		case d <= 90:
			buckets[3]++
		default:
			buckets[4]++
		}
	}
	for i, n := range buckets {
		if n == 0 {
			t.Fatalf("no open item in bucket %d: %v", i, buckets)
		}
	}
	if _, err := a.Demo(ctx, opts); ErrorCode(err) != ECONFLICT {
		t.Fatalf("demo over a full ledger: %v", err)
	}
	// Partial payments and unapplied credits exist.
	var partial, credits int
	a.r.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE kind = 'invoice' AND open > 0 AND open < total`).Scan(&partial)
	a.r.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE kind = 'payment' AND open > 0`).Scan(&credits)
	if partial == 0 || credits == 0 {
		t.Fatalf("partial %d credits %d", partial, credits)
	}
}
