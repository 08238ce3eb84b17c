package ledger

import (
	"context"
	"testing"
	"time"
)

func disputedInDetail(t *testing.T, s *Store, asOf, number string) bool {
	t.Helper()
	found, disputed := false, false
	err := s.AgingDetail(context.Background(), AgingOptions{AsOf: day(asOf)}, func(it AgingItem) error {
		if it.Number == number {
			found, disputed = true, it.Disputed
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("%s is not in the aging detail as of %s", number, asOf)
	}
	return disputed
}

func TestDispute(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "USD")
	inv := mustInvoice(t, s, "ACME", "2026-01-10", line(1, 50000, 0))
	other := mustInvoice(t, s, "ACME", "2026-01-11", line(1, 20000, 0))
	pay, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "ACME", Date: day("2026-02-01"), Amount: usd("10.00"), KeepUnapplied: true})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("ErrNoReason", func(t *testing.T) {
		if _, err := s.OpenDispute(ctx, inv.Number, "  "); ErrorCode(err) != EINVALID {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrNotAnInvoice", func(t *testing.T) {
		if _, err := s.OpenDispute(ctx, pay.Number, "wrong amount"); ErrorCode(err) != EINVALID {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.OpenDispute(ctx, "INV-999999", "x"); ErrorCode(err) != ENOTFOUND {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		d, err := s.OpenDispute(ctx, inv.Number, "the goods arrived damaged")
		if err != nil {
			t.Fatal(err)
		}
		if !d.OpenedOn.Equal(day("2026-03-31")) || !d.Open() {
			t.Fatalf("dispute %+v", d)
		}
		if got, err := s.OpenDisputeOf(ctx, inv.Number); err != nil || got.Reason != "the goods arrived damaged" || got.CustomerCode != "ACME" {
			t.Fatalf("open dispute of %s: %+v %v", inv.Number, got, err)
		}
	})
	t.Run("ErrTwice", func(t *testing.T) {
		if _, err := s.OpenDispute(ctx, inv.Number, "again"); ErrorCode(err) != ECONFLICT {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("AgingDetailAsOf", func(t *testing.T) {
		// Opened on the 31st: disputed as of then, not as of the day before.
		if !disputedInDetail(t, s, "2026-03-31", inv.Number) {
			t.Fatal("not disputed as of the day the dispute was opened")
		}
		if disputedInDetail(t, s, "2026-03-30", inv.Number) {
			t.Fatal("disputed as of the day before the dispute was opened")
		}
		if disputedInDetail(t, s, "2026-03-31", other.Number) {
			t.Fatal("an undisputed invoice shows as disputed")
		}
	})
	t.Run("Resolve", func(t *testing.T) {
		s.Now = func() time.Time { return time.Date(2026, 4, 5, 9, 0, 0, 0, time.UTC) }
		if err := s.ResolveDispute(ctx, inv.Number, "credit note agreed"); err != nil {
			t.Fatal(err)
		}
		if err := s.ResolveDispute(ctx, inv.Number, ""); ErrorCode(err) != ECONFLICT {
			t.Fatalf("resolving twice: %v", err)
		}
		if !disputedInDetail(t, s, "2026-04-04", inv.Number) {
			t.Fatal("an aging as of a day the dispute was open no longer shows it")
		}
		if disputedInDetail(t, s, "2026-04-05", inv.Number) {
			t.Fatal("still disputed as of the day it was resolved")
		}
		all, err := s.Disputes(ctx, false)
		if err != nil || len(all) != 1 || all[0].Open() || all[0].Resolution != "credit note agreed" {
			t.Fatalf("disputes: %+v %v", all, err)
		}
		open, err := s.Disputes(ctx, true)
		if err != nil || len(open) != 0 {
			t.Fatalf("open disputes: %+v %v", open, err)
		}
		// A new dispute may follow a resolved one.
		if _, err := s.OpenDispute(ctx, inv.Number, "again, late delivery"); err != nil {
			t.Fatal(err)
		}
	})
	mustCheck(t, s)
}
