package ledger

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

func TestForecast(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t) // today is 2026-03-31
	mustCustomer(t, s, "LATE", "USD")
	mustCustomer(t, s, "PROMPT", "USD")
	mustCustomer(t, s, "EURO", "EUR")
	// LATE paid an invoice due 2026-01-31 ten days late: they are 10 days late on average.
	mustInvoice(t, s, "LATE", "2026-01-01", line(1, 10000, 0))
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "LATE", Date: day("2026-02-10"), Amount: usd("100.00")}); err != nil {
		t.Fatal(err)
	}
	mustInvoice(t, s, "LATE", "2026-03-10", line(1, 20000, 0))   // due 04-09, expected 04-19: week 3
	mustInvoice(t, s, "PROMPT", "2026-03-05", line(1, 30000, 0)) // due 04-04, expected then: week 1
	mustInvoice(t, s, "PROMPT", "2026-01-15", line(1, 40000, 0)) // due 02-14: late already
	mustInvoice(t, s, "PROMPT", "2026-03-31", line(1, 50000, 0)) // due 04-30: week 5 (day 30)
	mustInvoice(t, s, "EURO", "2026-03-31", line(1, 7000, 0))    // due 04-30, week 5
	if _, err := s.SaveDraft(ctx, 0, InvoiceInput{CustomerCode: "PROMPT", Lines: []Line{line(1, 99999, 0)}}); err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		f, err := s.Forecast(ctx, ForecastOptions{Weeks: 4})
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Lines) != 2 || f.Lines[0].Currency != "EUR" || f.Lines[1].Currency != "USD" {
			t.Fatalf("lines = %+v", f.Lines)
		}
		eur, us := f.Lines[0], f.Lines[1]
		if eur.Later != 7000 || eur.Late != 0 {
			t.Errorf("EUR = %+v", eur)
		}
		want := []int64{30000, 0, 20000, 0}
		for i := range want {
			if us.Weeks[i] != want[i] {
				t.Errorf("USD week %d = %d, want %d (all %v)", i+1, us.Weeks[i], want[i], us.Weeks)
			}
		}
		if us.Late != 40000 || us.Later != 50000 {
			t.Errorf("USD late %d later %d, want 40000 and 50000", us.Late, us.Later)
		}
	})

	t.Run("MoreWeeks", func(t *testing.T) {
		f, err := s.Forecast(ctx, ForecastOptions{Weeks: 6})
		if err != nil {
			t.Fatal(err)
		}
		if us := f.Lines[1]; us.Weeks[4] != 50000 || us.Later != 0 {
			t.Errorf("USD = %+v", us)
		}
	})

	t.Run("ErrWeeks", func(t *testing.T) {
		if _, err := s.Forecast(ctx, ForecastOptions{Weeks: 53}); ErrorCode(err) != EINVALID {
			t.Errorf("err = %v", err)
		}
	})
}

func TestTopOverdue(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "A", "USD")
	mustCustomer(t, s, "B", "USD")
	mustInvoice(t, s, "A", "2026-01-01", line(1, 10000, 0))
	mustInvoice(t, s, "B", "2026-01-01", line(1, 30000, 0))
	mustInvoice(t, s, "B", "2026-02-01", line(1, 30000, 0))
	mustInvoice(t, s, "A", "2026-03-30", line(1, 99000, 0)) // not due
	got, err := s.TopOverdue(ctx, s.Now(), 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Code != "B" || got[0].Overdue != usd("600.00") || got[0].Items != 2 || got[1].Overdue != usd("100.00") {
		t.Errorf("top overdue = %+v", got)
	}
	// Days late first, then the amount; each currency ranked on its own.
	mustCustomer(t, s, "OLD", "USD")
	mustCustomer(t, s, "YEN", "JPY")
	mustInvoice(t, s, "OLD", "2025-12-01", line(1, 500, 0))
	mustInvoice(t, s, "YEN", "2026-02-10", line(1, 9000000, 0))
	got, err = s.TopOverdue(ctx, s.Now(), 2)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, o := range got {
		order = append(order, fmt.Sprintf("%s %s %dd", o.Code, o.Overdue.Currency, o.DaysLate))
	}
	if want := []string{"YEN JPY 19d", "OLD USD 90d", "B USD 59d"}; !slices.Equal(order, want) {
		t.Errorf("ranked %v, want %v (today %s)", order, want, fmtDate(s.Now()))
	}
}

func BenchmarkForecast(b *testing.B) {
	s := benchStore(b)
	asOf := benchAsOf(b, s)
	for b.Loop() {
		if _, err := s.Forecast(context.Background(), ForecastOptions{AsOf: asOf}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTopOverdue(b *testing.B) {
	s := benchStore(b)
	asOf := benchAsOf(b, s)
	for b.Loop() {
		if _, err := s.TopOverdue(context.Background(), asOf, 10); err != nil {
			b.Fatal(err)
		}
	}
}
