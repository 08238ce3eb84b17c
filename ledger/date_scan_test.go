package ledger

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestDateScan(t *testing.T) {
	stamp := time.Date(2026, 3, 31, 12, 0, 5, 0, time.UTC)
	tests := []struct {
		name    string
		sc      func(*time.Time) dateScan
		in      any
		want    time.Time
		wantErr string
	}{
		{"Date", scanDate, "2026-03-31", day("2026-03-31"), ""},
		{"DateBytes", scanDate, []byte("2026-03-31"), day("2026-03-31"), ""},
		{"DateBad", scanDate, "2026-02-30", time.Time{}, `"2026-02-30"`},
		{"DateStampIsNotADate", scanDate, "2026-03-31T12:00:05Z", time.Time{}, `"2026-03-31T12:00:05Z"`},
		{"DateNull", scanDate, nil, time.Time{}, "NULL"},
		{"DateEmpty", scanDate, "", time.Time{}, "empty"},
		{"DateNotText", scanDate, int64(20260331), time.Time{}, "int64"},
		{"OptDateNull", scanOptDate, nil, time.Time{}, ""},
		{"OptDateEmpty", scanOptDate, "", time.Time{}, ""},
		{"OptDateBad", scanOptDate, "31/03/2026", time.Time{}, `"31/03/2026"`},
		{"Stamp", scanStamp, "2026-03-31T12:00:05Z", stamp, ""},
		{"StampBad", scanStamp, "2026-03-31 12:00:05", time.Time{}, `"2026-03-31 12:00:05"`},
		{"StampEmpty", scanStamp, "", time.Time{}, "empty"},
		{"OptStampEmpty", scanOptStamp, "", time.Time{}, ""},
		{"OptStampBad", scanOptStamp, "yesterday", time.Time{}, `"yesterday"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC) // a NULL or '' must clear it
			err := tt.sc(&got).Scan(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Scan(%#v) = %v, want an error containing %s", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) {
				t.Fatalf("Scan(%#v) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

// A damaged date in the file is an error naming the column and the value,
// not a zero date shown as 0001-01-01.
func TestDamagedStoredDates(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "USD")
	inv := mustInvoice(t, s, "ACME", "2026-03-01", line(1, 10000, 0))

	if _, err := s.w.ExecContext(ctx, `UPDATE customers SET created_at = 'yesterday' WHERE code = 'ACME'`); err != nil {
		t.Fatal(err)
	}
	_, err := s.CustomerByCode(ctx, "ACME")
	if err == nil || !strings.Contains(err.Error(), "created_at") || !strings.Contains(err.Error(), `"yesterday"`) {
		t.Fatalf("customer with a damaged created_at: %v", err)
	}

	if _, err := s.w.ExecContext(ctx, `DROP TRIGGER documents_immutable`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, `UPDATE documents SET due_date = '2026-3-31' WHERE id = ?`, inv.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.Document(ctx, inv.Number)
	if err == nil || !strings.Contains(err.Error(), "due_date") || !strings.Contains(err.Error(), `"2026-3-31"`) {
		t.Fatalf("document with a damaged due date: %v", err)
	}
	_, err = s.FindDocuments(ctx, DocumentFilter{})
	if err == nil || !strings.Contains(err.Error(), `"2026-3-31"`) {
		t.Fatalf("document list with a damaged due date: %v", err)
	}
}
