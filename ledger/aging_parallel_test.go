package ledger

import (
	"context"
	"reflect"
	"testing"
)

// TestAgingInSlicesEqualsOneQuery: an aging of all customers summed in
// slices of the customer ids side by side (agingAll) is the aging of one
// query, line for line, at several dates and on both bases.
func TestAgingInSlicesEqualsOneQuery(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	fillDemo(t, s, 400, 4000, 3, "2026-03-31")
	for _, asOf := range []string{"2026-03-31", "2025-09-30", "2024-12-31"} {
		for _, basis := range []Basis{BasisDue, BasisIssue} {
			o := AgingOptions{AsOf: day(asOf), Basis: basis, Edges: []int{15, 45, 90, 180}}
			if err := o.normalize(s.Now()); err != nil {
				t.Fatal(err)
			}
			whole, err := aging(ctx, s.r, o, 0)
			if err != nil {
				t.Fatal(err)
			}
			sliced, err := agingAll(ctx, s.r, o)
			if err != nil {
				t.Fatal(err)
			}
			if len(whole.Sections) == 0 || !reflect.DeepEqual(whole, sliced) {
				t.Fatalf("as of %s by %s: sliced aging differs from one query", asOf, basis)
			}
		}
	}
}
