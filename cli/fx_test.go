package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"paidup/internal/pgtest"
)

// paidup fx by hand: a USD invoice of 1,000.00 booked at 0.92 with 400.00
// paid (at 0.93: a realized gain of 4.00) leaves 600.00 open, at 0.95 on
// the as-of date (Friday's) 570.00 against 552.00 booked: 18.00; a GBP
// invoice of 200.00 issued before its rate was entered is booked at the
// rate of its date when fx first asks (1.15): 234.00 against 230.00: 4.00.
// A currency without a rate is named with the date.
func TestCLIFX(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "fx.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "settings", "set", "business.currency", "EUR")
	run(0, "customer", "add", "US", "--name", "US Co", "--currency", "USD")
	run(0, "customer", "add", "UK", "--name", "UK Ltd", "--currency", "GBP")
	run(0, "rates", "set", "USD", "2026-03-02", "0.92")
	run(0, "rates", "set", "USD", "2026-03-20", "0.93")
	run(0, "rates", "set", "USD", "2026-03-27", "0.95")
	run(0, "invoice", "new", "--customer", "US", "--date", "2026-03-02", "--line", "x;1;1000;0", "--issue")
	run(0, "invoice", "new", "--customer", "UK", "--date", "2026-03-05", "--line", "y;1;200;0", "--issue")
	run(0, "payment", "record", "US", "400", "--date", "2026-03-20", "--to", "INV-000001")
	run(0, "rates", "set", "GBP", "2026-03-05", "1.15")
	run(0, "rates", "set", "GBP", "2026-03-31", "1.17")
	out := run(0, "fx", "--as-of", "2026-03-29", "--detail")
	wantIn(t, out, "in EUR (home currency)", "USD", "600.00", "0.95 (2026-03-27)", "552.00", "570.00", "18.00", "GBP", "1.15 (2026-03-05)", "TOTAL",
		"INV-000002  2026-03-05  200.00 GBP")
	var rep struct {
		AsOf       string `json:"as_of"`
		Home       string `json:"home_currency"`
		Total      string `json:"total_unrealized"`
		Currencies []struct {
			Currency, Open, Rate, Unrealized string
			RateDate                         string `json:"rate_date"`
			AtBooked                         string `json:"home_at_booked"`
		}
		Items []struct {
			Number, Currency, Open, Unrealized string
			Booked                             string `json:"booked_rate"`
		}
	}
	if err := json.Unmarshal([]byte(run(0, "fx", "--as-of", "2026-03-31", "--detail", "--format", "json")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.AsOf != "2026-03-31" || rep.Home != "EUR" || rep.Total != "22.00" || len(rep.Currencies) != 2 || rep.Currencies[0].Currency != "GBP" ||
		rep.Currencies[0].Unrealized != "4.00" || rep.Currencies[0].RateDate != "2026-03-31" || rep.Currencies[1].AtBooked != "552.00" ||
		len(rep.Items) != 2 || rep.Items[1].Booked != "0.92" || rep.Items[1].Open != "600.00" {
		t.Fatalf("fx json: %+v", rep)
	}
	// The realized gain of the payment: 400.00 at 0.93 − 0.92 = 4.00 to 4950.
	wantIn(t, run(0, "export", "journal", "--from", "2026-03-20", "--to", "2026-03-20", "-o", "-"),
		",fx,payment,PAY-000001,1,1190,Exchange differences on receivables,4.00,,EUR", ",4950,Exchange differences,,4.00,EUR")
	run(0, "customer", "add", "JP", "--name", "JP KK", "--currency", "JPY")
	run(0, "invoice", "new", "--customer", "JP", "--date", "2026-03-05", "--line", "z;1;5000;0", "--issue")
	code, _, errs := paidup(t, "--db", db, "fx", "--as-of", "2026-03-31")
	if code != 1 || !strings.Contains(errs, "no exchange rate from JPY to EUR on or before 2026-03-") {
		t.Fatalf("fx without a JPY rate: exit %d %q", code, errs)
	}
	wantIn(t, run(0, "check"), "ok")
}
