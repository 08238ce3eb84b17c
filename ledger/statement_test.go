package ledger

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// agingTotal is a customer's aging total as of a date: what a statement's
// balance must equal.
func agingTotal(t *testing.T, s *Store, code string, asOf time.Time) int64 {
	t.Helper()
	a, err := s.Aging(context.Background(), AgingOptions{AsOf: asOf, Customer: code})
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, sec := range a.Sections {
		total += sec.Total.Total
	}
	return total
}

// checkActivity asserts the statement's arithmetic and its agreement with
// Aging at both ends of the period.
func checkActivity(t *testing.T, s *Store, code string, from, to time.Time) *Activity {
	t.Helper()
	a, err := s.CustomerActivity(context.Background(), code, from, to)
	if err != nil {
		t.Fatalf("activity %s %s..%s: %v", code, fmtDate(from), fmtDate(to), err)
	}
	if want := agingTotal(t, s, code, from.AddDate(0, 0, -1)); a.Opening.Minor != want {
		t.Errorf("%s..%s: opening %d, aging the day before says %d", fmtDate(from), fmtDate(to), a.Opening.Minor, want)
	}
	if want := agingTotal(t, s, code, to); a.Closing.Minor != want {
		t.Errorf("%s..%s: closing %d, aging says %d", fmtDate(from), fmtDate(to), a.Closing.Minor, want)
	}
	bal := a.Opening.Minor
	var charges, credits int64
	for i, ev := range a.Events {
		if ev.Date.Before(from) || ev.Date.After(to) {
			t.Errorf("event %s %s dated %s outside the period", ev.Action, ev.Number, fmtDate(ev.Date))
		}
		if i > 0 && ev.Date.Before(a.Events[i-1].Date) {
			t.Errorf("events out of date order at %d", i)
		}
		bal += ev.Amount.Minor
		if ev.Balance.Minor != bal {
			t.Errorf("event %d running balance %d, want %d", i, ev.Balance.Minor, bal)
		}
		if ev.Amount.Minor > 0 {
			charges += ev.Amount.Minor
		} else {
			credits -= ev.Amount.Minor
		}
	}
	if bal != a.Closing.Minor || a.Charges.Minor != charges || a.Credits.Minor != credits {
		t.Errorf("closing %d charges %d credits %d; events make %d, %d, %d", a.Closing.Minor, a.Charges.Minor, a.Credits.Minor, bal, charges, credits)
	}
	return a
}

func TestCustomerActivityKnownAnswer(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "A", "USD")
	mustCustomer(t, s, "OTHER", "USD")
	mustInvoice(t, s, "OTHER", "2026-01-05", line(1, 99999, 0)) // must not show
	mustInvoice(t, s, "A", "2025-12-20", line(1, 50000, 0))     // INV-000002: before the period
	mustInvoice(t, s, "A", "2026-01-10", line(2, 10000, 10))    // INV-000003: 220.00
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "A", Date: day("2026-01-15"), Amount: usd("600.00"), Reference: "BANK-1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IssueCreditNote(ctx, CreditNoteInput{CustomerCode: "A", Date: day("2026-01-20"), Lines: []Line{line(1, 3000, 0)}, KeepUnapplied: true}); err != nil {
		t.Fatal(err)
	}
	mustInvoice(t, s, "A", "2026-01-22", line(1, 40000, 0)) // INV-000004: 400.00
	if _, err := s.WriteOff(ctx, "INV-000004", day("2026-01-25"), usd("100.00"), "disputed hours"); err != nil {
		t.Fatal(err)
	}
	// Applying the credit note moves 2100 and 1100 alike: no event.
	if _, err := s.ApplyCredit(ctx, "CN-000001", day("2026-01-26"), nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Void(ctx, "PAY-000001", day("2026-01-28"), "cheque bounced"); err != nil {
		t.Fatal(err)
	}
	mustInvoice(t, s, "A", "2026-02-02", line(1, 1000, 0)) // after the period

	a := checkActivity(t, s, "A", day("2026-01-01"), day("2026-01-31"))
	if a.Opening.Minor != 50000 || a.Closing.Minor != 50000+22000-60000-3000+40000-10000+60000 {
		t.Fatalf("opening %v closing %v", a.Opening, a.Closing)
	}
	want := []struct {
		action, number string
		amount         int64
	}{
		{"issue", "INV-000003", 22000},
		{"payment", "PAY-000001", -60000},
		{"issue", "CN-000001", -3000},
		{"issue", "INV-000004", 40000},
		{"write_off", "WO-000001", -10000},
		{"void", "PAY-000001", 60000},
	}
	if len(a.Events) != len(want) {
		t.Fatalf("%d events, want %d: %+v", len(a.Events), len(want), a.Events)
	}
	for i, w := range want {
		ev := a.Events[i]
		if ev.Action != w.action || ev.Number != w.number || ev.Amount.Minor != w.amount {
			t.Errorf("event %d = %s %s %d, want %s %s %d", i, ev.Action, ev.Number, ev.Amount.Minor, w.action, w.number, w.amount)
		}
	}
	if a.Events[1].Reference != "BANK-1" || a.Events[4].Reference != "INV-000004" {
		t.Errorf("references %q %q", a.Events[1].Reference, a.Events[4].Reference)
	}
	if a.Events[0].DueDate != day("2026-02-09") {
		t.Errorf("due date %v", a.Events[0].DueDate)
	}

	// Voiding an invoice that was paid reverses it; its payment becomes credit.
	if err := s.Void(ctx, "INV-000003", day("2026-02-10"), "wrong customer"); err != nil {
		t.Fatal(err)
	}
	b := checkActivity(t, s, "A", day("2026-02-01"), day("2026-02-28"))
	if last := b.Events[len(b.Events)-1]; last.Action != "void" || last.Number != "INV-000003" || last.Amount.Minor != -22000 {
		t.Errorf("void event %+v", last)
	}
	checkActivity(t, s, "A", day("2025-01-01"), day("2026-12-31"))
	checkActivity(t, s, "A", day("2026-01-15"), day("2026-01-15"))
}

func TestCustomerActivityErrors(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "A", "USD")
	if _, err := s.CustomerActivity(ctx, "NOPE", day("2026-01-01"), day("2026-01-31")); ErrorCode(err) != ENOTFOUND {
		t.Errorf("unknown customer: %v", err)
	}
	if _, err := s.CustomerActivity(ctx, "A", day("2026-02-01"), day("2026-01-31")); ErrorCode(err) != EINVALID {
		t.Errorf("backwards period: %v", err)
	}
	a, err := s.CustomerActivity(ctx, "A", day("2026-01-01"), day("2026-01-31"))
	if err != nil || len(a.Events) != 0 || !a.Closing.IsZero() || a.Closing.Currency != "USD" {
		t.Errorf("empty activity %+v, %v", a, err)
	}
}

// TestCustomerActivityMatchesAging drives random histories and checks, for
// random periods, that a statement agrees with the aging at both ends.
func TestCustomerActivityMatchesAging(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			s := newTestStore(t)
			r := rand.New(rand.NewPCG(seed, 7))
			mustCustomer(t, s, "R", "USD")
			start := day("2026-01-01")
			var invoices, credits []string
			for i := 0; i < 60; i++ {
				d := start.AddDate(0, 0, i*2)
				switch op := r.IntN(10); {
				case op < 4 || len(invoices) == 0:
					inv := mustInvoice(t, s, "R", fmtDate(d), line(int64(1+r.IntN(3)), int64(1000+r.IntN(50000)), int64(r.IntN(2)*20)))
					invoices = append(invoices, inv.Number)
				case op < 6:
					p, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "R", Date: d, Amount: NewMoney(int64(500+r.IntN(60000)), "USD")})
					if err != nil {
						t.Fatal(err)
					}
					credits = append(credits, p.Number)
				case op < 7:
					cn, err := s.IssueCreditNote(ctx, CreditNoteInput{CustomerCode: "R", Date: d, Lines: []Line{line(1, int64(100+r.IntN(5000)), 0)}, KeepUnapplied: r.IntN(2) == 0})
					if err != nil {
						t.Fatal(err)
					}
					credits = append(credits, cn.Number)
				case op < 8:
					_, err := s.WriteOff(ctx, invoices[r.IntN(len(invoices))], d, Money{Currency: "USD"}, "bad debt")
					if err != nil && ErrorCode(err) != ECONFLICT {
						t.Fatal(err)
					}
				case op < 9:
					if len(credits) > 0 {
						_, err := s.ApplyCredit(ctx, credits[r.IntN(len(credits))], d, nil)
						if err != nil && ErrorCode(err) != ECONFLICT {
							t.Fatal(err)
						}
					}
				default:
					all := append(append([]string(nil), invoices...), credits...)
					err := s.Void(ctx, all[r.IntN(len(all))], d, "test void")
					if err != nil && ErrorCode(err) != ECONFLICT && ErrorCode(err) != EINVALID {
						t.Fatal(err)
					}
				}
			}
			mustCheck(t, s)
			for i := 0; i < 12; i++ {
				from := start.AddDate(0, 0, r.IntN(130)-5)
				to := from.AddDate(0, 0, r.IntN(60))
				checkActivity(t, s, "R", from, to)
			}
		})
	}
}

// TestCustomerOpenItemsMatchesAging: the per-customer query returns
// exactly AgingDetail's rows for the customer, and their buckets add up to
// the customer's Aging line, on the edge fixture and on dates around it.
func TestCustomerOpenItemsMatchesAging(t *testing.T) {
	ctx := context.Background()
	s := agingFixture(t)
	// Disputed from the fixture's today on: flagged only in the last aging.
	if _, err := s.OpenDispute(ctx, "E30", "hours not agreed"); err != nil {
		t.Fatal(err)
	}
	for _, asOf := range []string{"2026-05-31", "2026-06-30", "2026-07-05", "2026-07-10", "2026-09-30"} {
		for _, basis := range []Basis{BasisDue, BasisIssue} {
			for _, code := range []string{"EDGE", "EU"} {
				o := AgingOptions{AsOf: day(asOf), Basis: basis, Customer: code}
				var want []AgingItem
				if err := s.AgingDetail(ctx, o, func(it AgingItem) error { want = append(want, it); return nil }); err != nil {
					t.Fatal(err)
				}
				oi, err := s.CustomerOpenItems(ctx, code, o)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(oi.Items, want) && !(len(oi.Items) == 0 && len(want) == 0) {
					t.Errorf("%s %s %s: items\n%+v\nwant\n%+v", code, asOf, basis, oi.Items, want)
				}
				a, err := s.Aging(ctx, o)
				if err != nil {
					t.Fatal(err)
				}
				line := AgingLine{CustomerCode: code, CustomerName: "Customer " + code, Currency: oi.Aging.Currency, Buckets: make([]int64, 5)}
				if sec := a.Sections; len(sec) > 0 && len(sec[0].Lines) > 0 {
					line = sec[0].Lines[0]
				}
				if !reflect.DeepEqual(oi.Aging, line) {
					t.Errorf("%s %s %s: aging %+v, want %+v", code, asOf, basis, oi.Aging, line)
				}
			}
		}
	}
}

func TestCustomersOpenAsOf(t *testing.T) {
	ctx := context.Background()
	s := agingFixture(t)
	mustCustomer(t, s, "NONE", "USD")
	for _, tt := range []struct {
		asOf string
		want []string
	}{
		{"2026-06-30", []string{"EDGE", "EU"}},
		{"2026-05-31", []string{"EDGE"}}, // V1 is dated 2026-06-01
		{"2026-07-10", []string{"EDGE"}}, // V1 was voided that day
		{"2020-01-01", nil},
	} {
		got, err := s.CustomersOpenAsOf(ctx, day(tt.asOf))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.asOf, got, tt.want)
		}
	}
}

// bigCustomer builds one customer with n invoices over about three years,
// most of them paid, through the CSV import (one transaction).
func bigCustomer(b *testing.B, n int) *Store {
	b.Helper()
	ctx := context.Background()
	s := newTestStore(b)
	mustCustomer(b, s, "BIG", "USD")
	start := day("2023-04-01")
	var inv, pay strings.Builder
	inv.WriteString("number,customer_code,issue_date,amount,currency,description\n")
	pay.WriteString("customer_code,date,amount,reference,invoice_number\n")
	for i := 0; i < n; i++ {
		d := start.AddDate(0, 0, i*1100/n)
		num := fmt.Sprintf("B%06d", i)
		amount := 10000 + i%5000
		fmt.Fprintf(&inv, "%s,BIG,%s,%d.%02d,USD,Work\n", num, fmtDate(d), amount/100, amount%100)
		if i%10 != 0 { // one in ten stays open
			fmt.Fprintf(&pay, "BIG,%s,%d.%02d,T%d,%s\n", fmtDate(d.AddDate(0, 0, 20)), amount/100, amount%100, i, num)
		}
	}
	if _, err := s.ImportInvoices(ctx, strings.NewReader(inv.String()), "inv.csv", ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.ImportPayments(ctx, strings.NewReader(pay.String()), "pay.csv", ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkCustomerActivity40k: a statement of one month, and of a whole
// year, for a customer with 40,000 invoices and 36,000 payments.
func BenchmarkCustomerActivity40k(b *testing.B) {
	s := bigCustomer(b, 40000)
	ctx := context.Background()
	for _, p := range []struct{ name, from, to string }{
		{"Month", "2026-03-01", "2026-03-31"},
		{"Year", "2025-04-01", "2026-03-31"},
	} {
		b.Run(p.name, func(b *testing.B) {
			var events int
			for b.Loop() {
				events = 0
				_, err := s.EachActivityEvent(ctx, "BIG", day(p.from), day(p.to), func(ActivityEvent) error { events++; return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(events), "events")
		})
	}
	b.Run("OpenItems", func(b *testing.B) {
		var items int
		for b.Loop() {
			oi, err := s.CustomerOpenItems(ctx, "BIG", AgingOptions{AsOf: day("2026-03-31")})
			if err != nil {
				b.Fatal(err)
			}
			items = len(oi.Items)
		}
		b.ReportMetric(float64(items), "items")
	})
}
