package reminders

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"paidup/internal/pgtest"
	"paidup/ledger"
)

// testNow is the fixed clock of every test ledger: the end of March 2026.
var testNow = time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)

func day(s string) time.Time {
	d, err := ledger.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func openLedger(t testing.TB, path string) *ledger.Store {
	t.Helper()
	s, err := ledger.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return testNow }
	t.Cleanup(func() { s.Close() })
	return s
}

func newLedger(t testing.TB) *ledger.Store {
	t.Helper()
	return openLedger(t, pgtest.LedgerPath(t, "paidup.db"))
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func customer(t testing.TB, s *ledger.Store, code, email string) {
	t.Helper()
	_, err := s.CreateCustomer(context.Background(), ledger.Customer{Code: code, Name: "Customer " + code, Email: email, Currency: "USD", TermsDays: 30})
	must(t, err)
}

// invoice issues an invoice of amount cents due on due.
func invoice(t testing.TB, s *ledger.Store, cust, due string, cents int64) ledger.Document {
	t.Helper()
	d, err := s.IssueInvoice(context.Background(), ledger.InvoiceInput{CustomerCode: cust, Date: day(due).AddDate(0, 0, -30),
		DueDate: day(due), Lines: []ledger.Line{{Description: "Design work", Quantity: ledger.D4(1), UnitPrice: cents}}})
	must(t, err)
	return d
}

func setting(t testing.TB, s *ledger.Store, key, value string) {
	t.Helper()
	must(t, s.ChangeSetting(context.Background(), key, value))
}

// stepsLedger holds one customer at each step as of 2026-03-31, and the
// cases a run must pass over.
func stepsLedger(t testing.TB) *ledger.Store {
	t.Helper()
	ctx := context.Background()
	s := newLedger(t)
	setting(t, s, "business.name", "Nordlicht Design")
	setting(t, s, "business.email", "accounts@nordlicht.example")
	setting(t, s, "payment.iban", "DE89370400440532013000")
	setting(t, s, "payment.link", "https://pay.example/nordlicht")
	customer(t, s, "ACME", "ap@acme.example")
	invoice(t, s, "ACME", "2026-04-03", 45000) // INV-000001: −3, friendly
	invoice(t, s, "ACME", "2026-03-31", 80000) // INV-000002: due today
	customer(t, s, "BETA", "billing@beta.example")
	invoice(t, s, "BETA", "2026-03-24", 120000) // INV-000003: +7
	customer(t, s, "GAMMA", "gamma@gamma.example")
	invoice(t, s, "GAMMA", "2026-03-10", 99900) // INV-000004: +21, firm
	customer(t, s, "DELTA", "delta@delta.example")
	invoice(t, s, "DELTA", "2026-02-14", 250000)           // INV-000005: +45, final
	disputed := invoice(t, s, "DELTA", "2026-02-01", 5000) // INV-000006: disputed
	customer(t, s, "EPSI", "epsi@epsi.example")
	invoice(t, s, "EPSI", "2026-03-01", 1000) // INV-000007: reminders off
	customer(t, s, "ZETA", "")
	invoice(t, s, "ZETA", "2026-03-01", 1000) // INV-000008: no address
	customer(t, s, "ETA", "eta@eta.example")
	invoice(t, s, "ETA", "2026-04-10", 1000) // INV-000009: not due for a step yet
	_, err := s.OpenDispute(ctx, disputed.Number, "hours not agreed")
	must(t, err)
	must(t, s.SetCustomerReminders(ctx, "EPSI", ledger.CustomerReminders{Off: true}))
	return s
}

func loadConfig(t testing.TB, s *ledger.Store) Config {
	t.Helper()
	c, err := LoadConfig(context.Background(), s)
	must(t, err)
	return c
}

// minimalPDF is a small valid one-page PDF showing text: qpdf --check
// passes it. Tests use it where the real invoice PDF does not matter.
func minimalPDF(text string) []byte {
	content := fmt.Sprintf("BT /F1 18 Tf 72 770 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// fakeRenderer draws minimal PDFs naming what they stand for.
type fakeRenderer struct {
	mu         sync.Mutex
	invoices   []string
	statements []string
	fail       string // an invoice number whose PDF fails
}

func (f *fakeRenderer) InvoicePDF(_ context.Context, w io.Writer, number string) error {
	f.mu.Lock()
	f.invoices = append(f.invoices, number)
	f.mu.Unlock()
	if number == f.fail {
		return fmt.Errorf("no such invoice")
	}
	_, err := w.Write(minimalPDF("Invoice " + number))
	return err
}

func (f *fakeRenderer) StatementPDF(_ context.Context, w io.Writer, code string, asOf time.Time) error {
	f.mu.Lock()
	f.statements = append(f.statements, code+" "+asOf.Format(ledger.DateLayout))
	f.mu.Unlock()
	_, err := w.Write(minimalPDF("Statement " + code))
	return err
}

// recordingMailer keeps what it is given; fail, when set, decides the
// fate of each attempt (n counts attempts from 1).
type recordingMailer struct {
	mu     sync.Mutex
	sent   []*Message
	tries  int
	fail   func(n int, m *Message) error
	closed bool
}

func (r *recordingMailer) Send(_ context.Context, m *Message) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tries++
	if r.fail != nil {
		if err := r.fail(r.tries, m); err != nil {
			return "", err
		}
	}
	r.sent = append(r.sent, m)
	return fmt.Sprintf("250 2.0.0 Ok: queued as %d", len(r.sent)), nil
}

func (r *recordingMailer) Close() error {
	r.closed = true
	return nil
}

func (r *recordingMailer) recipients() []string {
	var out []string
	for _, m := range r.sent {
		out = append(out, m.To)
	}
	return out
}

// fastRetry keeps retry tests quick.
var fastRetry = Retry{Attempts: 3, Base: time.Millisecond, Max: 5 * time.Millisecond}

func newRunner(t testing.TB, s *ledger.Store, m Mailer) (*Runner, *fakeRenderer) {
	t.Helper()
	r := &fakeRenderer{}
	return &Runner{Store: s, Config: loadConfig(t, s), Mailer: m, Renderer: r, Retry: fastRetry,
		Now: func() time.Time { return testNow }}, r
}
