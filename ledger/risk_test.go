package ledger

import (
	"context"
	"sort"
	"testing"
)

// auc is the area under the ROC curve of scores against labels: the
// chance that a positive scores above a negative (ties count half).
func auc(scores []float64, positive []bool) float64 {
	var pos, neg []float64
	for i, s := range scores {
		if positive[i] {
			pos = append(pos, s)
		} else {
			neg = append(neg, s)
		}
	}
	if len(pos) == 0 || len(neg) == 0 {
		return 0
	}
	sort.Float64s(neg)
	var sum float64
	for _, p := range pos {
		lo := sort.SearchFloat64s(neg, p)
		hi := sort.Search(len(neg), func(i int) bool { return neg[i] > p })
		sum += float64(lo) + float64(hi-lo)/2
	}
	return sum / float64(len(pos)*len(neg))
}

// The back-test on the IBM data set: scores as of 2012-12-31 rank the
// customers who paid more than a fifth of their 2013 invoices late above
// those who did not, at least as well as the plain share of late invoices
// before 2013 does.
func TestRiskBackTestIBM(t *testing.T) {
	s, rows, _ := ibmStore(t)
	risks, err := s.Risks(context.Background(), day("2012-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	late, all := map[string]int{}, map[string]int{}
	for _, r := range rows {
		if r.issue >= "2013-01-01" && r.issue <= "2013-12-31" {
			all[r.customer]++
			if r.settled > r.due {
				late[r.customer]++
			}
		}
	}
	var score, plain []float64
	var label []bool
	for _, r := range risks {
		if all[r.CustomerCode] == 0 || r.Invoices == 0 {
			continue
		}
		score = append(score, float64(r.Score))
		plain = append(plain, r.LateShare)
		label = append(label, float64(late[r.CustomerCode]) > float64(all[r.CustomerCode])/5)
	}
	a, b := auc(score, label), auc(plain, label)
	t.Logf("IBM back-test, %d customers: AUC of the score %.3f, of the plain late share %.3f", len(label), a, b)
	if a < b {
		t.Fatalf("the score ranks worse (AUC %.3f) than the plain late share (%.3f)", a, b)
	}
}

// Reasons and segments on a small ledger with a fixed history.
func TestRiskReasons(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "SLOW", "EUR")
	mustCustomer(t, s, "GOOD", "EUR")
	mustCustomer(t, s, "NEW", "EUR")
	for _, d := range []string{"2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01"} {
		for _, c := range []string{"SLOW", "GOOD"} {
			inv := mustInvoice(t, s, c, d, line(1, 10000, 0)) // due 30 days later
			pay := day(d).AddDate(0, 0, 20)
			if c == "SLOW" {
				pay = day(d).AddDate(0, 0, 75)
			}
			if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: c, Date: pay, Amount: inv.Total}); err != nil {
				t.Fatal(err)
			}
		}
	}
	mustInvoice(t, s, "NEW", "2026-03-01", line(1, 10000, 0))
	risks, err := s.Risks(ctx, day("2026-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]Risk{}
	for _, r := range risks {
		by[r.CustomerCode] = r
	}
	if r := by["SLOW"]; r.Segment == "prompt" || r.Score < 45 || len(r.Reasons) == 0 || r.LateShare != 1 {
		t.Fatalf("SLOW: %+v", r)
	}
	if r := by["GOOD"]; r.Segment != "prompt" || r.Score != 0 || r.Reasons[0] != "nothing paid late" {
		t.Fatalf("GOOD: %+v", r)
	}
	if r := by["NEW"]; r.Segment != "new" {
		t.Fatalf("NEW: %+v", r)
	}
	if risks[0].CustomerCode != "SLOW" {
		t.Fatalf("riskiest first: %+v", risks[0])
	}
}
