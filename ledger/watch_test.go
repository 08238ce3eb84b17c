package ledger

import (
	"context"
	"testing"
	"time"
)

// TestWatchSeesAnotherDesk: a change committed through another Store (as
// another process would) reaches Watch, on either database.
func TestWatchSeesAnotherDesk(t *testing.T) {
	a := newTestStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changed := make(chan struct{}, 10)
	ready := make(chan error, 1)
	go func() {
		var err error
		if a.dialect == postgresDialect {
			err = a.watchPostgres(ctx, func() { changed <- struct{}{} })
		} else {
			err = a.watchFile(ctx, func() { changed <- struct{}{} }, 20*time.Millisecond)
		}
		ready <- err
	}()
	time.Sleep(300 * time.Millisecond) // listening
	b, err := Open(ctx, testURLOf(t, a))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	mustCustomer(t, b, "OTHER", "EUR")
	select {
	case <-changed:
	case err := <-ready:
		t.Fatalf("watch ended: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("a change by another desk was not seen")
	}
	cancel()
	if err := <-ready; err != nil {
		t.Fatal(err)
	}
}
