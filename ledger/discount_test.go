package ledger

import (
	"context"
	"encoding/csv"
	"os"
	"strings"
	"testing"
)

// TestDiscountCases replays testdata/discount_cases.csv, worked by hand:
// a discount paid on its last day and one day late, a partial payment
// before, two tax rates, rounding half away, yen.
func TestDiscountCases(t *testing.T) {
	f, err := os.Open("testdata/discount_cases.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, row := range rows[1:] {
		row := row
		t.Run(row[0], func(t *testing.T) {
			s := newTestStore(t)
			cur := row[1]
			mustCustomer(t, s, "C", cur)
			terms, err := ParseDiscountTerms(row[2])
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SetCustomerDiscount(ctx, "C", terms); err != nil {
				t.Fatal(err)
			}
			var lines []Line
			for _, l := range strings.Split(row[4], ";") {
				qp, rate, _ := strings.Cut(l, "@")
				q, p, _ := strings.Cut(qp, "x")
				price, err := ParseMoney(p, cur)
				if err != nil {
					t.Fatal(err)
				}
				qty, _ := ParseDecimal4(q)
				rt, _ := ParseDecimal4(rate)
				lines = append(lines, Line{Description: "Work", Quantity: qty, UnitPrice: price.Minor, TaxRate: rt})
			}
			inv, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "C", Date: day(row[3]), Lines: lines})
			if err != nil {
				t.Fatal(err)
			}
			var pays []Document
			for _, p := range strings.Split(row[5], ";") {
				d, a, _ := strings.Cut(p, "=")
				m, err := ParseMoney(a, cur)
				if err != nil {
					t.Fatal(err)
				}
				pay, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "C", Date: day(d), Amount: m,
					Apply: []AllocationInput{{InvoiceNumber: inv.Number, Amount: m}}})
				if err != nil {
					t.Fatal(err)
				}
				pays = append(pays, pay)
			}
			got, err := s.Document(ctx, inv.Number)
			if err != nil {
				t.Fatal(err)
			}
			if got.Open.Plain() != row[6] {
				t.Errorf("open %s, want %s", got.Open.Plain(), row[6])
			}
			o, err := s.InvoiceDiscount(ctx, inv.Number)
			if err != nil {
				t.Fatal(err)
			}
			if o.Taken.Plain() != row[7] {
				t.Errorf("discount taken %s, want %s", o.Taken.Plain(), row[7])
			}
			// The discount document's tax part.
			allocs, err := s.Allocations(ctx, inv.ID)
			if err != nil {
				t.Fatal(err)
			}
			tax := NewMoney(0, cur)
			for _, a := range allocs {
				if a.CreditKind == KindDiscount {
					d, err := s.Document(ctx, a.CreditNumber)
					if err != nil {
						t.Fatal(err)
					}
					tax = d.Tax
					if d.Reference != pays[len(pays)-1].Number {
						t.Errorf("discount %s refers to %q, want the payment %s", d.Number, d.Reference, pays[len(pays)-1].Number)
					}
				}
			}
			if tax.Plain() != row[8] {
				t.Errorf("discount tax %s, want %s", tax.Plain(), row[8])
			}
			if st := State(got.Kind, got.Status, got.Total, got.Open, got.DueDate, SettledOf(allocs), s.Now()); st != row[9] {
				t.Errorf("state %q, want %q", st, row[9])
			}
			mustCheck(t, s)
			// Voiding the last payment takes the discount back with it.
			last := pays[len(pays)-1]
			if err := s.Void(ctx, last.Number, s.Now(), "bounced"); err != nil {
				t.Fatal(err)
			}
			got, _ = s.Document(ctx, inv.Number)
			want := got.Total.Minor
			for _, p := range pays[:len(pays)-1] {
				want -= p.Total.Minor
			}
			if got.Open.Minor != want {
				t.Errorf("after voiding %s open %s, want %s", last.Number, got.Open.Plain(), NewMoney(want, cur).Plain())
			}
			if o, _ := s.InvoiceDiscount(ctx, inv.Number); !o.Taken.IsZero() {
				t.Errorf("discount still in force after the payment's void: %s", o.Taken.Plain())
			}
			mustCheck(t, s)
		})
	}
}

func TestParseDiscountTerms(t *testing.T) {
	for in, want := range map[string]DiscountTerms{"2/10": {200, 10}, "2.5/14": {250, 14}, "1.75/7": {175, 7}, "none": {}, "": {}, "0": {}, "2%/10": {200, 10}} {
		got, err := ParseDiscountTerms(in)
		if err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
		if back, _ := ParseDiscountTerms(got.String()); back != want {
			t.Errorf("%q does not read back: %q", in, got.String())
		}
	}
	for _, bad := range []string{"2", "2/x", "1.234/10", "100/10", "-1/10", "2/-1", "0/10"} {
		if _, err := ParseDiscountTerms(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestDiscountInvoiceVoid: voiding an invoice settled with a discount
// voids the discount and leaves the payment as unapplied credit.
func TestDiscountInvoiceVoid(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "C", "USD")
	terms := DiscountTerms{BP: 200, Days: 10}
	inv, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "C", Date: day("2026-01-10"), Lines: []Line{line(1, 100000, 19)}, Discount: &terms})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "C", Date: day("2026-01-20"), Amount: usd("1166.20")}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Document(ctx, inv.Number); !got.Open.IsZero() {
		t.Fatalf("open %s after the discounted payment (applied oldest first)", got.Open.Plain())
	}
	if err := s.Void(ctx, inv.Number, day("2026-01-25"), "wrong customer"); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	bal, err := s.AccountBalances(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if bal[AccDiscounts]["USD"] != 0 || bal[AccCredits]["USD"] != -116620 || bal[AccReceivable]["USD"] != 0 {
		t.Errorf("balances after the void: 4900 %d, 2100 %d, 1100 %d", bal[AccDiscounts]["USD"], bal[AccCredits]["USD"], bal[AccReceivable]["USD"])
	}
}

// TestDiscountYenAtHomeRates: a yen invoice in a euro business. The
// discount is taken at the payment's rate like the payment itself, and
// each realizes its exchange difference against the invoice's booked rate.
// By hand: ¥40,739 booked 2026-02-01 at 0.0062; ¥40,128 paid 2026-02-15
// (the 14th day) at 0.0060: 240.77 EUR, was 248.79: loss 8.02; the
// discount ¥611: 3.67 EUR, was 3.79: loss 0.12.
func TestDiscountYenAtHomeRates(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	if err := s.ChangeSettings(ctx, map[string]string{"business.currency": "EUR"}); err != nil {
		t.Fatal(err)
	}
	mustCustomer(t, s, "JP", "JPY")
	for d, r := range map[string]string{"2026-02-01": "0.0062", "2026-02-15": "0.0060"} {
		if err := s.SetRate(ctx, "JPY", day(d), r, "t"); err != nil {
			t.Fatal(err)
		}
	}
	terms := DiscountTerms{BP: 150, Days: 14}
	inv, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "JP", Date: day("2026-02-01"), Discount: &terms,
		Lines: []Line{{Description: "Parts", Quantity: D4(3), UnitPrice: 12345, TaxRate: D4(10)}}})
	if err != nil {
		t.Fatal(err)
	}
	pay, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "JP", Date: day("2026-02-15"), Amount: NewMoney(40128, "JPY")})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Document(ctx, inv.Number); !got.Open.IsZero() {
		t.Fatalf("open %s", got.Open.Plain())
	}
	if got := fxEntries(t, s, pay.Number); got[AccFXAdjust] != -802 || got[AccFXResult] != 802 {
		t.Errorf("payment's exchange difference: %v, want -8.02", got)
	}
	if got := fxEntries(t, s, "DSC-000001"); got[AccFXAdjust] != -12 || got[AccFXResult] != 12 {
		t.Errorf("discount's exchange difference: %v, want -0.12", got)
	}
	mustCheck(t, s)
	if err := s.Void(ctx, pay.Number, day("2026-02-20"), "bounced"); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	bal, err := s.AccountBalances(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if bal[AccFXAdjust]["EUR"] != 0 || bal[AccDiscounts]["JPY"] != 0 || bal[AccReceivable]["JPY"] != 40739 {
		t.Errorf("after the void: 1190 %d EUR, 4900 %d JPY, 1100 %d JPY", bal[AccFXAdjust]["EUR"], bal[AccDiscounts]["JPY"], bal[AccReceivable]["JPY"])
	}
}

// TestDiscountPaymentAppliedLater: a payment received by the discount date
// but recorded unapplied (a bank line matched later) earns the discount
// when it is applied, the discount dated with the application; one
// received a day late does not, and leaves the discount open. Voiding the
// payment voids its discount.
func TestDiscountPaymentAppliedLater(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "C", "USD")
	terms := DiscountTerms{BP: 200, Days: 10}
	var invs []string
	for range 2 {
		inv, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "C", Date: day("2026-01-10"), Lines: []Line{line(1, 10000, 0)}, Discount: &terms})
		if err != nil {
			t.Fatal(err)
		}
		invs = append(invs, inv.Number)
	}
	var pays []string
	for _, paid := range []string{"2026-01-20", "2026-01-21"} { // the 10th day, the 11th
		p, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "C", Date: day(paid), Amount: usd("98.00"), KeepUnapplied: true})
		if err != nil {
			t.Fatal(err)
		}
		pays = append(pays, p.Number)
	}
	for i := range 2 {
		if _, err := s.ApplyCredit(ctx, pays[i], day("2026-01-28"), []AllocationInput{{InvoiceNumber: invs[i], Amount: usd("98.00")}}); err != nil {
			t.Fatal(err)
		}
	}
	for i, want := range []string{"0.00", "2.00"} {
		got, err := s.Document(ctx, invs[i])
		if err != nil {
			t.Fatal(err)
		}
		if got.Open.Plain() != want {
			t.Errorf("%s: open %s after a payment dated %d days in, applied on the 18th; want %s", invs[i], got.Open.Plain(), 10+i, want)
		}
	}
	o, err := s.InvoiceDiscount(ctx, invs[0])
	if err != nil || o.Taken.Minor != 200 {
		t.Fatalf("discount taken on %s: %v %v", invs[0], o.Taken, err)
	}
	mustCheck(t, s)
	if err := s.Void(ctx, pays[0], day("2026-01-30"), "bounced"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Document(ctx, invs[0]); got.Open.Plain() != "100.00" {
		t.Errorf("%s: open %s after its payment was voided, want 100.00", invs[0], got.Open.Plain())
	}
	mustCheck(t, s)
}
