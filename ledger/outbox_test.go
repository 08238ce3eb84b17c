package ledger

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// outboxLedger has ACME with three invoices (due 2026-02-09, 03-02 and
// 04-02; terms 30 days) and BETA with one, paid after the as-of day.
func outboxLedger(t *testing.T) (*Store, []Document) {
	t.Helper()
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "USD")
	mustCustomer(t, s, "BETA", "USD")
	docs := []Document{
		mustInvoice(t, s, "ACME", "2026-01-10", line(1, 50000, 0)),
		mustInvoice(t, s, "ACME", "2026-01-31", line(1, 20000, 0)),
		mustInvoice(t, s, "ACME", "2026-03-03", line(1, 10000, 0)),
		mustInvoice(t, s, "BETA", "2026-01-15", line(1, 30000, 0)),
	}
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "BETA", Date: day("2026-03-20"), Amount: usd("300.00")}); err != nil {
		t.Fatal(err)
	}
	return s, docs
}

func TestReminderCandidates(t *testing.T) {
	ctx := context.Background()
	s, docs := outboxLedger(t)
	if _, err := s.OpenDispute(ctx, docs[1].Number, "wrong hours"); err != nil {
		t.Fatal(err)
	}
	got, err := s.ReminderCandidates(ctx, ReminderQuery{AsOf: day("2026-03-10"), DueBy: day("2026-03-13")})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Code != "ACME" || got[1].Code != "BETA" {
		t.Fatalf("customers %+v", got)
	}
	acme := got[0]
	if len(acme.Items) != 2 {
		t.Fatalf("ACME's items (the one due 04-02 is not due by 03-13): %+v", acme.Items)
	}
	if it := acme.Items[0]; it.Number != docs[0].Number || it.DaysPastDue != 29 || it.Disputed || it.ClosedNow || it.Open != usd("500.00") {
		t.Fatalf("first item %+v", it)
	}
	if it := acme.Items[1]; !it.Disputed || it.DaysPastDue != 8 {
		t.Fatalf("disputed item %+v", it)
	}
	// BETA paid on 03-20: open at the end of 03-10, closed now.
	if it := got[1].Items[0]; !it.ClosedNow || it.Open != usd("300.00") {
		t.Fatalf("BETA's item %+v", it)
	}
	one, err := s.ReminderCandidates(ctx, ReminderQuery{AsOf: day("2026-03-10"), DueBy: day("2026-03-13"), Customer: "BETA"})
	if err != nil || len(one) != 1 || one[0].Code != "BETA" {
		t.Fatalf("one customer: %+v %v", one, err)
	}
}

func draftFor(c ReminderCustomer, step string, items ...ReminderItem) OutboxDraft {
	d := OutboxDraft{CustomerID: c.ID, Step: step, Recipient: "ap@example.com", Subject: "s", Text: "t", HTML: "<p>t</p>"}
	for _, it := range items {
		d.Items = append(d.Items, OutboxItem{DocumentID: it.DocumentID, Number: it.Number, Step: step, Open: it.Open, DaysPastDue: it.DaysPastDue})
	}
	return d
}

func msgID(id int64, created time.Time) string {
	return fmt.Sprintf("<%d.%s@example.com>", id, created.Format("20060102T150405"))
}

func TestQueueReminders(t *testing.T) {
	ctx := context.Background()
	s, _ := outboxLedger(t)
	q := ReminderQuery{AsOf: day("2026-03-10"), DueBy: day("2026-03-13"), Customer: "ACME"}
	plan := func(step string) func([]ReminderCustomer) ([]OutboxDraft, error) {
		return func(cs []ReminderCustomer) ([]OutboxDraft, error) {
			return []OutboxDraft{draftFor(cs[0], step, cs[0].Items...)}, nil
		}
	}
	ids, err := s.QueueReminders(ctx, q, plan("overdue"), msgID)
	if err != nil || len(ids) != 1 || ids[0] != 1 {
		t.Fatalf("queue: %v %v", ids, err)
	}
	t.Run("ErrTwice", func(t *testing.T) {
		_, err := s.QueueReminders(ctx, q, plan("overdue"), msgID)
		if ErrorCode(err) != ECONFLICT {
			t.Fatalf("a second reminder of the same step: %v", err)
		}
		all, err := s.Outbox(ctx, OutboxFilter{})
		if err != nil || len(all) != 1 {
			t.Fatalf("the refused run wrote something: %d rows, %v", len(all), err)
		}
	})
	t.Run("RemindedSeen", func(t *testing.T) {
		cs, err := s.ReminderCandidates(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range cs[0].Items {
			if !reflect.DeepEqual(it.Reminded, []string{"overdue"}) {
				t.Fatalf("%s reminded of %v", it.Number, it.Reminded)
			}
		}
	})
	t.Run("Lifecycle", func(t *testing.T) {
		rows, err := s.Outbox(ctx, OutboxFilter{Status: []OutboxStatus{OutboxPending}})
		if err != nil || len(rows) != 1 {
			t.Fatalf("pending: %v %v", rows, err)
		}
		m := rows[0]
		if m.MessageID != "<1.20260331T120000@example.com>" || len(m.Items) != 2 || m.Items[0].Open != usd("500.00") || m.CustomerCode != "ACME" {
			t.Fatalf("row %+v", m)
		}
		if _, err := s.FinishOutbox(ctx, m.ID, OutboxSent, "250 ok", 0, "test"); ErrorCode(err) != ECONFLICT {
			t.Fatalf("finishing an unclaimed row: %v", err)
		}
		if ok, err := s.ClaimOutbox(ctx, m.ID, "test"); !ok || err != nil {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if ok, err := s.ClaimOutbox(ctx, m.ID, "test"); ok || err != nil {
			t.Fatalf("second claim: %v %v", ok, err)
		}
		// A crash now leaves it 'sending'; the user says it did arrive.
		if err := s.ResolveOutbox(ctx, m.ID, OutboxPending, "retry", "new@example.com"); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.ClaimOutbox(ctx, m.ID, "test"); !ok || err != nil {
			t.Fatalf("claim after retry: %v %v", ok, err)
		}
		if _, err := s.FinishOutbox(ctx, m.ID, OutboxSent, "250 2.0.0 queued", 0, "test"); err != nil {
			t.Fatal(err)
		}
		if err := s.ResolveOutbox(ctx, m.ID, OutboxPending, "", ""); ErrorCode(err) != ECONFLICT {
			t.Fatalf("resending a sent message: %v", err)
		}
		got, err := s.Outbox(ctx, OutboxFilter{Customer: "ACME", Newest: true})
		if err != nil || len(got) != 1 {
			t.Fatal(got, err)
		}
		if g := got[0]; g.Status != OutboxSent || g.Attempts != 2 || g.Response != "250 2.0.0 queued" || g.SentAt.IsZero() || g.Recipient != "new@example.com" {
			t.Fatalf("after sending: %+v", g)
		}
	})
	t.Run("FinishClaimsNext", func(t *testing.T) {
		q := ReminderQuery{AsOf: day("2026-04-10"), DueBy: day("2026-04-13")}
		ids, err := s.QueueReminders(ctx, q, func(cs []ReminderCustomer) ([]OutboxDraft, error) {
			var ds []OutboxDraft
			for _, c := range cs {
				ds = append(ds, draftFor(c, "firm", c.Items...))
			}
			return ds, nil
		}, msgID)
		if err != nil || len(ids) != 1 { // BETA is paid by now: only ACME
			t.Fatalf("%v %v", ids, err)
		}
		if ok, err := s.ClaimOutbox(ctx, ids[0], "test"); !ok || err != nil {
			t.Fatal(ok, err)
		}
		if _, err := s.FinishOutbox(ctx, ids[0], OutboxUnknown, "EOF", 0, "test"); err != nil {
			t.Fatal(err)
		}
		for _, to := range []OutboxStatus{OutboxSending, OutboxFailed} {
			if err := s.ResolveOutbox(ctx, ids[0], to, "", ""); ErrorCode(err) != EINVALID {
				t.Fatalf("resolve as %s: %v", to, err)
			}
		}
		if err := s.ResolveOutbox(ctx, 999, OutboxSent, "", ""); ErrorCode(err) != ENOTFOUND {
			t.Fatal(err)
		}
		if err := s.ResolveOutbox(ctx, ids[0], OutboxCancelled, "not needed", ""); err != nil {
			t.Fatal(err)
		}
	})
	mustCheck(t, s)
}

func TestCustomerReminders(t *testing.T) {
	ctx := context.Background()
	s, _ := outboxLedger(t)
	if r, err := s.CustomerReminders(ctx, "ACME"); err != nil || r != (CustomerReminders{}) {
		t.Fatalf("defaults: %+v %v", r, err)
	}
	if err := s.SetCustomerReminders(ctx, "ACME", CustomerReminders{Policy: "slow"}); ErrorCode(err) != ENOTFOUND {
		t.Fatalf("an unknown policy: %v", err)
	}
	if err := s.SetCustomerReminders(ctx, "ACME", CustomerReminders{Email: "not an address"}); ErrorCode(err) != EINVALID {
		t.Fatalf("a bad address: %v", err)
	}
	if err := s.SetReminderPolicy(ctx, "Slow Payers", "{}"); ErrorCode(err) != EINVALID {
		t.Fatalf("a bad policy name: %v", err)
	}
	if err := s.SetReminderPolicy(ctx, "slow", `{"steps":[]}`); err != nil {
		t.Fatal(err)
	}
	want := CustomerReminders{Email: "payables@acme.example", Off: true, Policy: "slow"}
	if err := s.SetCustomerReminders(ctx, "ACME", want); err != nil {
		t.Fatal(err)
	}
	if r, err := s.CustomerReminders(ctx, "ACME"); err != nil || r != want {
		t.Fatalf("got %+v %v", r, err)
	}
	cs, err := s.ReminderCandidates(ctx, ReminderQuery{AsOf: day("2026-03-10"), Customer: "ACME"})
	if err != nil || cs[0].Settings != want || cs[0].Recipient() != "payables@acme.example" {
		t.Fatalf("candidates carry the settings: %+v %v", cs, err)
	}
	if err := s.DeleteReminderPolicy(ctx, "slow"); ErrorCode(err) != ECONFLICT {
		t.Fatalf("removing a policy in use: %v", err)
	}
	if err := s.SetCustomerReminders(ctx, "ACME", CustomerReminders{Policy: "default"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteReminderPolicy(ctx, "slow"); err != nil {
		t.Fatal(err)
	}
	if ps, err := s.ReminderPolicies(ctx); err != nil || len(ps) != 0 {
		t.Fatalf("policies: %v %v", ps, err)
	}
}

func TestMailSettings(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	tests := []struct {
		key, value, stored string
		ok                 bool
	}{
		{"smtp.host", "SMTP.Example.com", "smtp.example.com", true},
		{"smtp.host", "smtp://x", "", false},
		{"smtp.host", "smtp.example.com:587", "", false},
		{"smtp.port", "587", "587", true},
		{"smtp.port", "0", "", false},
		{"smtp.port", "70000", "", false},
		{"smtp.security", "STARTTLS", "starttls", true},
		{"smtp.security", "ssl", "", false},
		{"smtp.from", "accounts@nordlicht.example", "accounts@nordlicht.example", true},
		{"smtp.from", "Accounts <a@b.example>", "", false},
		{"smtp.bcc_self", "yes", "true", true},
		{"smtp.allow_insecure_auth", "maybe", "", false},
		{"smtp.password", "secret", "", false}, // never a setting
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			err := s.ChangeSetting(ctx, tt.key, tt.value)
			if (err == nil) != tt.ok {
				t.Fatalf("got %v, want ok=%v", err, tt.ok)
			}
			if tt.ok {
				if v, _ := s.Setting(ctx, tt.key, ""); v != tt.stored {
					t.Fatalf("stored %q, want %q", v, tt.stored)
				}
			}
		})
	}
}

// Candidates read in batches smaller than the customers they cover come
// out the same, whole customer by whole customer, inside a transaction too.
func TestReminderCandidatesInBatches(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	for i := range 7 {
		code := fmt.Sprintf("C%d", i)
		mustCustomer(t, s, code, "USD")
		for j := 0; j <= i%3; j++ {
			mustInvoice(t, s, code, fmt.Sprintf("2026-01-%02d", 10+j), line(1, int64(1000*(i+1)), 0))
		}
	}
	q := ReminderQuery{AsOf: day("2026-03-31")}
	whole, err := s.ReminderCandidates(ctx, q)
	if err != nil || len(whole) != 7 {
		t.Fatalf("%d customers, %v", len(whole), err)
	}
	defer func(n int) { reminderBatch = n }(reminderBatch)
	reminderBatch = 2
	batched, err := s.ReminderCandidates(ctx, q)
	if err != nil || !reflect.DeepEqual(batched, whole) {
		t.Fatalf("in batches of 2:\n%+v\nwhole:\n%+v\n%v", batched, whole, err)
	}
	var sizes []int
	seen := 0
	err = s.EachReminderCandidates(ctx, q, func(b []ReminderCustomer) error {
		sizes = append(sizes, len(b))
		for _, c := range b {
			seen += len(c.Items)
			if c.Code == "" {
				t.Errorf("customer %d without its name and code", c.ID)
			}
		}
		return nil
	})
	if err != nil || !reflect.DeepEqual(sizes, []int{2, 2, 2, 1}) || seen != 13 {
		t.Fatalf("batches %v, items %d, %v", sizes, seen, err)
	}
	// Queueing reads them inside its transaction, a batch at a time.
	ids, err := s.QueueReminders(ctx, q, func(cs []ReminderCustomer) ([]OutboxDraft, error) {
		var ds []OutboxDraft
		for _, c := range cs {
			ds = append(ds, draftFor(c, "overdue", c.Items...))
		}
		return ds, nil
	}, msgID)
	if err != nil || len(ids) != 7 {
		t.Fatalf("queued %d, %v", len(ids), err)
	}
}
