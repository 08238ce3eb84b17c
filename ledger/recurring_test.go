package ledger

import (
	"context"
	"strings"
	"sync"
	"testing"
)

func recurringTemplate(t *testing.T, s *Store, name string, sch Schedule) Recurring {
	t.Helper()
	r, err := s.CreateRecurring(context.Background(), RecurringInput{Name: name, CustomerCode: "ACME", Schedule: sch, TermsDays: 14,
		Reference: "hosting", Lines: []Line{line(1, 4900, 20)}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func issuedDates(run *RecurringRun) string {
	var out []string
	for _, it := range run.Issued {
		out = append(out, fmtDate(it.Date))
	}
	return strings.Join(out, " ")
}

// A month-end template catches up on the periods that have come, each
// once, and a second run issues nothing.
func TestRunRecurringCatchesUpOnce(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "EUR")
	recurringTemplate(t, s, "ACME hosting", Schedule{Every: Monthly, Interval: 1, Start: day("2026-01-31")})
	run, err := s.RunRecurring(ctx, day("2026-04-30"), 0, true)
	if err != nil || issuedDates(run) != "2026-01-31 2026-02-28 2026-03-31 2026-04-30" || run.Issued[0].Number != "" {
		t.Fatalf("dry run: %+v %v", run, err)
	}
	if n, _ := s.CountDocuments(ctx, DocumentFilter{Kind: KindInvoice}); n != 0 {
		t.Fatalf("a dry run issued %d invoices", n)
	}
	run, err = s.RunRecurring(ctx, day("2026-04-30"), 0, false)
	if err != nil || issuedDates(run) != "2026-01-31 2026-02-28 2026-03-31 2026-04-30" {
		t.Fatalf("run: %+v %v", run, err)
	}
	d, err := s.Document(ctx, run.Issued[1].Number)
	if err != nil || fmtDate(d.DueDate) != "2026-03-14" || d.Total != NewMoney(5880, "EUR") || d.Reference != "hosting" {
		t.Fatalf("February's invoice: %+v %v", d, err)
	}
	again, err := s.RunRecurring(ctx, day("2026-04-30"), 0, false)
	if err != nil || len(again.Issued) != 0 {
		t.Fatalf("the second run issued %+v %v", again, err)
	}
	r, err := s.RecurringByName(ctx, "ACME hosting")
	if err != nil || r.Issued != 4 || fmtDate(r.Next) != "2026-05-31" {
		t.Fatalf("template after the run: %+v %v", r, err)
	}
	mustCheck(t, s)
}

// The cap holds a long catch-up back and says so; the count ends the
// template; a paused one issues nothing until resumed.
func TestRunRecurringCapCountPause(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "EUR")
	recurringTemplate(t, s, "weekly", Schedule{Every: Weekly, Interval: 1, Start: day("2026-01-05")})
	recurringTemplate(t, s, "twice", Schedule{Every: Quarterly, Interval: 1, Start: day("2025-11-30"), Count: 2})
	recurringTemplate(t, s, "paused", Schedule{Every: Monthly, Interval: 1, Start: day("2026-03-01")})
	if err := s.SetRecurringStatus(ctx, "paused", RecurringPaused); err != nil {
		t.Fatal(err)
	}
	run, err := s.RunRecurring(ctx, day("2026-03-31"), 5, false)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]int{}
	for _, it := range run.Issued {
		byName[it.Name]++
	}
	if byName["weekly"] != 5 || byName["twice"] != 2 || byName["paused"] != 0 {
		t.Fatalf("issued %v", byName)
	}
	if len(run.Held) != 1 || run.Held[0].Name != "weekly" || fmtDate(run.Held[0].Date) != "2026-02-09" {
		t.Fatalf("held %+v", run.Held)
	}
	if len(run.Ended) != 1 || run.Ended[0] != "twice" {
		t.Fatalf("ended %v", run.Ended)
	}
	if err := s.SetRecurringStatus(ctx, "twice", RecurringActive); ErrorCode(err) != ECONFLICT {
		t.Fatalf("an ended template resumed: %v", err)
	}
	if err := s.SetRecurringStatus(ctx, "paused", RecurringActive); err != nil {
		t.Fatal(err)
	}
	run, err = s.RunRecurring(ctx, day("2026-03-31"), 5, false)
	if err != nil || issuedDates(run) != "2026-03-01 2026-02-09 2026-02-16 2026-02-23 2026-03-02 2026-03-09" {
		t.Fatalf("second run: %s %v", issuedDates(run), err)
	}
	mustCheck(t, s)
}

// Four runs at once, each on its own connection: every period is issued
// once, the numbers have no gap.
func TestRunRecurringConcurrentRuns(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "EUR")
	for _, name := range []string{"a", "b", "c"} {
		recurringTemplate(t, s, name, Schedule{Every: Weekly, Interval: 1, Start: day("2026-01-05")})
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		other, err := Open(ctx, s.Path())
		if err != nil {
			t.Fatal(err)
		}
		other.Now = s.Now
		t.Cleanup(func() { other.Close() })
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := other.RunRecurring(ctx, day("2026-03-30"), 100, false)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// 2026-01-05 .. 2026-03-30: 13 Mondays, for three templates.
	if n, err := s.CountDocuments(ctx, DocumentFilter{Kind: KindInvoice}); err != nil || n != 39 {
		t.Fatalf("%d invoices, want 39 (%v)", n, err)
	}
	mustCheck(t, s)
}

func TestCreateRecurringRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "EUR")
	ok := RecurringInput{Name: "x", CustomerCode: "ACME", Schedule: Schedule{Every: Monthly, Interval: 1, Start: day("2026-01-01")},
		TermsDays: -1, Lines: []Line{line(1, 100, 0)}}
	for name, mod := range map[string]func(*RecurringInput){
		"no name":      func(in *RecurringInput) { in.Name = " " },
		"no customer":  func(in *RecurringInput) { in.CustomerCode = "NOPE" },
		"no lines":     func(in *RecurringInput) { in.Lines = nil },
		"end first":    func(in *RecurringInput) { in.Schedule.End = day("2025-12-31") },
		"bad interval": func(in *RecurringInput) { in.Schedule.Interval = 0 },
	} {
		in := ok
		mod(&in)
		if _, err := s.CreateRecurring(ctx, in); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := s.CreateRecurring(ctx, ok); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateRecurring(ctx, ok); ErrorCode(err) != ECONFLICT {
		t.Fatalf("a second template of the same name: %v", err)
	}
	if rs, err := s.Recurrings(ctx); err != nil || len(rs) != 1 {
		t.Fatalf("templates %+v %v", rs, err)
	}
}
