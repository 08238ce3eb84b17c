package ledger

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func mustSetting(t *testing.T, s *Store, key, value string) {
	t.Helper()
	if err := s.ChangeSetting(context.Background(), key, value); err != nil {
		t.Fatal(err)
	}
}

func previewCharges(t *testing.T, s *Store, asOf string) []ChargeLine {
	t.Helper()
	var out []ChargeLine
	if err := s.PreviewCharges(context.Background(), day(asOf), func(l ChargeLine) error {
		out = append(out, l)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestChargesPostOnce charges an invoice with a partial payment mid-period,
// then charges again: the same day charges nothing, a later day only the
// days since; charges age, take payments oldest-due first and void.
func TestChargesPostOnce(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "C1", "USD")
	mustSetting(t, s, "charges.interest", "10%/year")
	mustSetting(t, s, "charges.compensation", "25")
	inv := mustInvoice(t, s, "C1", "2025-01-01", line(1, 100000, 0)) // 1000.00, due 2025-01-31
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "C1", Date: day("2025-02-16"), Amount: usd("400.00")}); err != nil {
		t.Fatal(err)
	}
	// 1-15 Feb: 15 × 100000 × 10 / 36500 = 410.96; 16-28 Feb: 13 × 60000
	// × 10 / 36500 = 213.70; together 624.66 → 6.25.
	ls := previewCharges(t, s, "2025-02-28")
	if len(ls) != 1 || ls[0].Invoice != inv.Number || ls[0].Interest.Plain() != "6.25" || ls[0].Compensation.Plain() != "25.00" || ls[0].Days != 28 {
		t.Fatalf("preview: %+v", ls)
	}
	if w := ls[0].InterestWorking(); !strings.Contains(w, "15 days × 1000.00 × 10% / 365 = 4.11") || !strings.Contains(w, "13 days × 600.00 × 10% / 365 = 2.14") {
		t.Errorf("working: %s", w)
	}
	posted, err := s.PostCharges(ctx, day("2025-02-28"), nil)
	if err != nil || len(posted) != 1 || posted[0].Number != "CHG-000001" {
		t.Fatalf("post: %+v %v", posted, err)
	}
	mustCheck(t, s)
	chg, err := s.Document(ctx, "CHG-000001")
	if err != nil || chg.Kind != KindCharge || chg.Total.Plain() != "31.25" || chg.Open.Plain() != "31.25" || len(chg.Lines) != 2 {
		t.Fatalf("charge: %+v %v", chg, err)
	}
	// The same run again, and a preview of it, charge nothing.
	if again, err := s.PostCharges(ctx, day("2025-02-28"), nil); err != nil || len(again) != 0 {
		t.Fatalf("second run: %+v %v", again, err)
	}
	// A month on: only March, no second compensation. 31 × 60000 × 10 /
	// 36500 = 509.59 → 5.10.
	posted, err = s.PostCharges(ctx, day("2025-03-31"), nil)
	if err != nil || len(posted) != 1 || posted[0].Interest.Plain() != "5.10" || !posted[0].Compensation.IsZero() ||
		posted[0].From != day("2025-03-01") || posted[0].Days != 31 {
		t.Fatalf("March: %+v %v", posted, err)
	}
	mustCheck(t, s)
	oi, err := s.CustomerOpenItems(ctx, "C1", AgingOptions{AsOf: day("2025-03-31")})
	if err != nil || len(oi.Items) != 3 || oi.Aging.Total != 63635 {
		t.Fatalf("open items with charges: %+v %v, want 636.35 in 3 items", oi, err)
	}
	// A payment goes to the oldest due first: the invoice, then the charges.
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "C1", Date: day("2025-04-02"), Amount: usd("620.00")}); err != nil {
		t.Fatal(err)
	}
	chg, _ = s.Document(ctx, "CHG-000001")
	if chg.Open.Plain() != "11.25" {
		t.Errorf("first charge open %s, want 11.25", chg.Open.Plain())
	}
	mustCheck(t, s)
	// Voided, a charge's period stays charged (waived, not charged again).
	if err := s.Void(ctx, "CHG-000002", day("2025-04-03"), "waived"); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	if again, err := s.PostCharges(ctx, day("2025-03-31"), nil); err != nil || len(again) != 0 {
		t.Fatalf("after the void: %+v %v", again, err)
	}
	ps, err := s.ChargedPeriods(ctx, inv.Number)
	if err != nil || len(ps) != 3 || !ps[2].Void {
		t.Fatalf("periods: %+v %v", ps, err)
	}
}

// TestChargesDisputedAndOverride: nothing on disputed days; a customer's
// own rule overrides the settings'.
func TestChargesDisputedAndOverride(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "C1", "USD")
	mustCustomer(t, s, "C2", "USD")
	mustSetting(t, s, "charges.interest", "10%/year")
	a := mustInvoice(t, s, "C1", "2026-01-01", line(1, 100000, 0)) // due 2026-01-31
	mustInvoice(t, s, "C2", "2026-01-01", line(1, 100000, 0))
	// The clock says 2026-03-31: the dispute opens and stays open.
	if _, err := s.OpenDispute(ctx, a.Number, "wrong hours"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCustomerCharges(ctx, "C2", CustomerCharges{Interest: "1.5%/month"}); err != nil {
		t.Fatal(err)
	}
	ls := previewCharges(t, s, "2026-04-10")
	if len(ls) != 2 {
		t.Fatalf("lines: %+v", ls)
	}
	// C1: 1 Feb-30 Mar, 58 days (31 Mar on disputed): 58 × 100000 × 10 / 36500 = 1589.04.
	if ls[0].Days != 58 || ls[0].Interest.Plain() != "15.89" {
		t.Errorf("disputed: %d days, %s", ls[0].Days, ls[0].Interest.Plain())
	}
	// C2: 1 Feb-10 Apr, 69 days at 18 %: 69 × 100000 × 18 / 36500 = 3402.74.
	if ls[1].Days != 69 || ls[1].Interest.Plain() != "34.03" {
		t.Errorf("override: %d days, %s", ls[1].Days, ls[1].Interest.Plain())
	}
	if err := s.SetCustomerCharges(ctx, "C2", CustomerCharges{Interest: "2%/week"}); err == nil {
		t.Error("a bad rule was taken")
	}
}

// TestChargesMissingReferenceRate: a statutory rule without its rate is an
// error naming the date, and the run posts nothing.
func TestChargesMissingReferenceRate(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "C1", "EUR")
	mustSetting(t, s, "charges.interest", "eu")
	mustInvoice(t, s, "C1", "2025-05-01", line(1, 100000, 0)) // due 2025-05-31
	_, err := s.PostCharges(ctx, day("2025-07-15"), nil)
	if err == nil || !strings.Contains(err.Error(), "no ECB reference rate in force on 2025-01-01") {
		t.Fatalf("want the missing rate named, got %v", err)
	}
	if err := s.SetReferenceRate(ctx, "ecb", day("2024-12-18"), "3.15"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetReferenceRate(ctx, "ecb", day("2025-06-11"), "2.15"); err != nil {
		t.Fatal(err)
	}
	// 1-30 Jun at 11.15 %, 1-15 Jul at 10.15 %: (30 × 11.15 + 15 × 10.15)
	// × 100000 / 36500 = 1333.56 → 13.34.
	ls, err := s.PostCharges(ctx, day("2025-07-15"), nil)
	if err != nil || len(ls) != 1 || ls[0].Interest.Plain() != "13.34" {
		t.Fatalf("%+v %v", ls, err)
	}
	mustCheck(t, s)
	rs, err := s.ReferenceRates(ctx, "ecb")
	if err != nil || len(rs) != 2 {
		t.Fatalf("rates %+v %v", rs, err)
	}
	if err := s.SetReferenceRate(ctx, "fed", day("2025-01-01"), "4"); err == nil {
		t.Error("an unknown series was taken")
	}
}

// TestChargesPreviewStops: an error from the caller's function ends the
// preview with that error (the reader is stopped, its rows closed).
func TestChargesPreviewStops(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "C1", "USD")
	mustSetting(t, s, "charges.interest", "10%/year")
	for i := 0; i < 2500; i++ {
		mustInvoice(t, s, "C1", "2025-01-01", line(1, 100000, 0))
	}
	n := 0
	err := s.PreviewCharges(ctx, day("2025-03-01"), func(ChargeLine) error {
		if n++; n == 1000 {
			return errors.New("enough")
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "enough") || n != 1000 {
		t.Fatalf("after %d lines: %v", n, err)
	}
	ls := previewCharges(t, s, "2025-03-01")
	if len(ls) != 2500 || ls[2499].Interest.Plain() != "7.95" {
		t.Fatalf("%d lines", len(ls))
	}
}

// TestAccruedCharges: the charges of named invoices only, as a reminder
// quotes them; nothing once they are charged.
func TestAccruedCharges(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "C1", "USD")
	a := mustInvoice(t, s, "C1", "2025-01-01", line(1, 100000, 0))
	b := mustInvoice(t, s, "C1", "2025-01-01", line(1, 200000, 0))
	if got, err := s.AccruedCharges(ctx, day("2025-03-01"), []int64{a.ID}); err != nil || len(got) != 0 {
		t.Fatalf("no rule: %v %v", got, err)
	}
	mustSetting(t, s, "charges.interest", "10%/year")
	got, err := s.AccruedCharges(ctx, day("2025-03-01"), []int64{b.ID})
	if err != nil || len(got) != 1 || got[b.ID].Interest.Plain() != "15.89" {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := s.PostCharges(ctx, day("2025-03-01"), nil); err != nil {
		t.Fatal(err)
	}
	if got, err := s.AccruedCharges(ctx, day("2025-03-01"), []int64{a.ID, b.ID}); err != nil || len(got) != 0 {
		t.Fatalf("after posting: %v %v", got, err)
	}
}
