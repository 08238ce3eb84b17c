package ledger

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// randomOps applies n random operations (issue, pay, allocate, credit,
// write off, void), including ones that must be refused, and checks every
// invariant after each step.
func randomOps(t *testing.T, s *Store, seed uint64, n int) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	codes := []string{"A", "B", "C"}
	curs := []string{"USD", "JPY", "KWD"}
	for i, c := range codes {
		mustCustomer(t, s, c, curs[i])
	}
	date := day("2026-01-01")
	var numbers []string
	pick := func() string {
		if len(numbers) == 0 {
			return "NONE"
		}
		return numbers[r.IntN(len(numbers))]
	}
	for step := 0; step < n; step++ {
		date = date.AddDate(0, 0, r.IntN(3))
		ci := r.IntN(len(codes))
		code, cur := codes[ci], curs[ci]
		amount := NewMoney(int64(r.IntN(50000)+1), cur)
		var op string
		var err error
		var d Document
		switch k := r.IntN(10); {
		case k < 3:
			op = "issue"
			lines := make([]Line, r.IntN(3)+1)
			for j := range lines {
				lines[j] = Line{Description: "x", Quantity: Decimal4(r.IntN(40000) + 1), UnitPrice: int64(r.IntN(20000)),
					Discount: D4(int64(r.IntN(3) * 5)), TaxRate: []Decimal4{0, D4(20), mustD4("8.875")}[r.IntN(3)]}
			}
			d, err = s.IssueInvoice(ctx, InvoiceInput{CustomerCode: code, Date: date, Lines: lines})
		case k < 5:
			op = "pay"
			in := PaymentInput{CustomerCode: code, Date: date, Amount: amount}
			if r.IntN(2) == 0 {
				in.Apply = []AllocationInput{{InvoiceNumber: pick(), Amount: NewMoney(amount.Minor/2+1, cur)}}
			}
			d, err = s.RecordPayment(ctx, in)
		case k < 6:
			op = "apply"
			_, err = s.ApplyCredit(ctx, pick(), date, nil)
		case k < 7:
			op = "credit"
			d, err = s.IssueCreditNote(ctx, CreditNoteInput{CustomerCode: code, Date: date,
				Lines: []Line{{Description: "refund", Quantity: D4(1), UnitPrice: amount.Minor / 3, TaxRate: D4(20)}}, KeepUnapplied: r.IntN(3) == 0})
		case k < 8:
			op = "writeoff"
			d, err = s.WriteOff(ctx, pick(), date, Money{}, "bad debt")
		default:
			op = "void"
			err = s.Void(ctx, pick(), date, "mistake")
		}
		if err != nil && ErrorCode(err) == EINTERNAL {
			t.Fatalf("step %d %s: internal error: %v", step, op, err)
		}
		if err == nil && d.Number != "" {
			numbers = append(numbers, d.Number)
		}
		rep, cerr := s.Check(ctx)
		if cerr != nil {
			t.Fatal(cerr)
		}
		if !rep.OK() {
			t.Fatalf("seed %d step %d (%s, err=%v): %v", seed, step, op, err, rep.Problems)
		}
	}
}

func TestRandomOperationsKeepInvariants(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			s := newTestStore(t)
			randomOps(t, s, seed, 150)
		})
	}
}

func FuzzOperations(f *testing.F) {
	f.Add(uint64(1))
	f.Add(uint64(42))
	f.Fuzz(func(t *testing.T, seed uint64) {
		s := newTestStore(t)
		s.Now = func() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) }
		randomOps(t, s, seed, 40)
	})
}
