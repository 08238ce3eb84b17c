package reminders

// End-to-end tests against a real SMTP server: mailpit, started by the
// test on free ports of 127.0.0.1 and read back through its HTTP API.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"paidup/internal/pgtest"
	"paidup/ledger"
	"paidup/reminders/mailpittest"
)

// pointAt sets the ledger's smtp.* settings to a local mailpit.
func pointAt(t testing.TB, s *ledger.Store, srv *mailpittest.Server) {
	t.Helper()
	setting(t, s, "smtp.host", "127.0.0.1")
	setting(t, s, "smtp.port", strconv.Itoa(srv.SMTPPort))
	setting(t, s, "smtp.security", "none")
}

// smtpRunner is a Runner sending through the real go-mail mailer.
func smtpRunner(t testing.TB, s *ledger.Store) (*Runner, *fakeRenderer) {
	t.Helper()
	r, pdfs := newRunner(t, s, nil)
	m, err := NewSMTPMailer(r.Config.SMTP)
	must(t, err)
	t.Cleanup(func() { m.Close() })
	r.Mailer = m
	return r, pdfs
}

// checkPDF fails unless data is a PDF qpdf finds sound.
func checkPDF(t testing.TB, name string, data []byte) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("%s is not a PDF: %q", name, data[:min(len(data), 20)])
	}
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		t.Fatalf("qpdf is needed to check attached PDFs: install the Debian package qpdf (scripts/deps.sh test does)")
	}
	f := filepath.Join(t.TempDir(), "a.pdf")
	must(t, os.WriteFile(f, data, 0o600))
	if out, err := exec.Command(qpdf, "--check", f).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check %s: %v\n%s", name, err, out)
	}
}

// byMessageID indexes mailpit's messages, failing on a duplicate.
func byMessageID(t testing.TB, srv *mailpittest.Server) map[string]mailpittest.Summary {
	t.Helper()
	out := map[string]mailpittest.Summary{}
	for _, m := range srv.Messages() {
		id := "<" + m.MessageID + ">"
		if _, dup := out[id]; dup {
			t.Fatalf("message %s arrived twice", id)
		}
		out[id] = m
	}
	return out
}

func TestSMTPEndToEnd(t *testing.T) {
	ctx := context.Background()
	srv := mailpittest.Start(t, mailpittest.Options{})
	s := stepsLedger(t)
	pointAt(t, s, srv)
	setting(t, s, "smtp.bcc_self", "true")
	r, _ := smtpRunner(t, s)
	real, err := NewReportsRenderer(ctx, s) // the PDFs customers get
	must(t, err)
	r.Renderer = real
	rep := queueAndSend(t, r, "2026-03-31")
	if !rep.OK() || rep.Sent != 4 {
		t.Fatalf("report %+v", rep)
	}
	rows, err := s.Outbox(ctx, ledger.OutboxFilter{})
	must(t, err)
	got := byMessageID(t, srv)
	if len(got) != 4 {
		t.Fatalf("mailpit has %d messages", len(got))
	}
	wantAttachments := map[string][]string{
		"ACME":  {"Invoice INV-000002.pdf", "Invoice INV-000001.pdf"},
		"BETA":  {"Invoice INV-000003.pdf"},
		"DELTA": {"Invoice INV-000005.pdf", "Statement DELTA 2026-03-31.pdf"},
		"GAMMA": {"Invoice INV-000004.pdf", "Statement GAMMA 2026-03-31.pdf"},
	}
	for _, row := range rows {
		sum, ok := got[row.MessageID]
		if !ok {
			t.Fatalf("row %d (%s) did not arrive", row.ID, row.MessageID)
		}
		if !strings.HasPrefix(row.Response, "250") {
			t.Errorf("row %d: the server's answer is %q", row.ID, row.Response)
		}
		msg := srv.Message(sum.ID)
		if len(msg.To) != 1 || msg.To[0].Address != row.Recipient || msg.Subject != row.Subject || msg.From.Address != "accounts@nordlicht.example" {
			t.Errorf("row %d arrived as %+v", row.ID, msg)
		}
		if len(msg.Bcc) != 1 || msg.Bcc[0].Address != "accounts@nordlicht.example" {
			t.Errorf("row %d: blind copy %+v", row.ID, msg.Bcc)
		}
		if !strings.Contains(msg.Text, "Dear Customer "+row.CustomerCode) || !strings.Contains(msg.HTML, "<table") {
			t.Errorf("row %d: bodies\n%s\n%s", row.ID, msg.Text, msg.HTML)
		}
		var names []string
		for _, a := range msg.Attachments {
			names = append(names, a.FileName)
			if a.ContentType != "application/pdf" {
				t.Errorf("%s is %s", a.FileName, a.ContentType)
			}
			checkPDF(t, a.FileName, srv.Part(sum.ID, a.PartID))
		}
		if want := wantAttachments[row.CustomerCode]; strings.Join(names, "|") != strings.Join(want, "|") {
			t.Errorf("%s: attachments %v, want %v", row.CustomerCode, names, want)
		}
	}
	// A second run finds nothing new to say.
	if rep := queueAndSend(t, r, "2026-03-31"); len(rep.Outcomes) != 0 {
		t.Fatalf("second run %+v", rep)
	}
	if n := len(srv.Messages()); n != 4 {
		t.Fatalf("mailpit has %d messages after the second run", n)
	}
}

func TestSMTPBadAddressIsPermanent(t *testing.T) {
	// The server accepts every domain but gamma's: a 5xx for that one.
	srv := mailpittest.Start(t, mailpittest.Options{AllowedRecipients: `@(acme|beta|delta)\.example$`})
	s := stepsLedger(t)
	pointAt(t, s, srv)
	r, _ := smtpRunner(t, s)
	rep := queueAndSend(t, r, "2026-03-31")
	if rep.Sent != 3 || rep.Failed != 1 {
		t.Fatalf("report %+v", rep)
	}
	var gamma Outcome
	for _, o := range rep.Outcomes {
		if o.Customer == "GAMMA" {
			gamma = o
		}
	}
	if gamma.Status != ledger.OutboxFailed || gamma.Attempts != 1 || !strings.Contains(gamma.Response, "55") {
		t.Fatalf("GAMMA %+v", gamma)
	}
	if rep := queueAndSend(t, r, "2026-04-01"); len(rep.Outcomes) != 0 {
		t.Fatalf("a refused message was sent again: %+v", rep.Outcomes)
	}
}

// manyLedger has n customers with one invoice each, 30 days overdue.
func manyLedger(t testing.TB, n int) *ledger.Store {
	t.Helper()
	s := newLedger(t)
	setting(t, s, "business.name", "Nordlicht Design")
	setting(t, s, "business.email", "accounts@nordlicht.example")
	for i := 1; i <= n; i++ {
		code := fmt.Sprintf("C%04d", i)
		customer(t, s, code, strings.ToLower(code)+"@example.com")
		invoice(t, s, code, "2026-03-01", int64(1000*i))
	}
	return s
}

// TestSMTPServerStopsMidBatch stops the server after three of ten
// messages: the run stops with the rest pending; a later run, with the
// server back, sends the rest, and no message arrives twice.
func TestSMTPServerStopsMidBatch(t *testing.T) {
	srv := mailpittest.Start(t, mailpittest.Options{})
	s := manyLedger(t, 10)
	pointAt(t, s, srv)
	r, _ := smtpRunner(t, s)
	r.beforeSend = func(id int64) {
		if id == 4 {
			srv.Stop()
		}
	}
	rep := queueAndSend(t, r, "2026-03-31")
	if rep.Sent != 3 || rep.Deferred != 1 || rep.Left != 6 || rep.Stopped == nil {
		t.Fatalf("report %+v", rep)
	}
	t.Logf("the run stopped: %v", rep.Stopped)
	srv.Restart()
	r.beforeSend = nil
	rep = queueAndSend(t, r, "2026-03-31")
	if !rep.OK() || rep.Sent != 7 {
		t.Fatalf("the later run: %+v", rep)
	}
	got := byMessageID(t, srv)
	rows, err := s.Outbox(context.Background(), ledger.OutboxFilter{})
	must(t, err)
	if len(got) != 10 || len(rows) != 10 {
		t.Fatalf("%d messages arrived for %d rows", len(got), len(rows))
	}
	for _, row := range rows {
		if _, ok := got[row.MessageID]; !ok || row.Status != ledger.OutboxSent {
			t.Fatalf("row %d %s: arrived %v", row.ID, row.Status, ok)
		}
	}
}

// crashEnv names the ledger a crash child works on.
const crashEnv = "PAIDUP_REMIND_CRASH_DB"

// TestSMTPCrashBetweenOutboxAndSend kills (SIGKILL) a run after it has
// written its outbox and claimed the second message, before that one
// went out. The message whose fate nobody knows is listed for review and
// not sent by the next run, which sends the rest; it goes only when the
// user says so.
func TestSMTPCrashBetweenOutboxAndSend(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		return // this is the child
	}
	ctx := context.Background()
	srv := mailpittest.Start(t, mailpittest.Options{})
	path := pgtest.LedgerPath(t, "crash.db") // a database URL on the PostgreSQL run
	s := openLedger(t, path)
	for _, code := range []string{"A", "B", "C", "D"} {
		customer(t, s, code, strings.ToLower(code)+"@example.com")
		invoice(t, s, code, "2026-03-01", 10000)
	}
	setting(t, s, "smtp.from", "accounts@nordlicht.example")
	pointAt(t, s, srv)

	cmd := exec.Command(os.Args[0], "-test.run=^TestSMTPCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	var out bytes.Buffer
	pr, pw, err := os.Pipe()
	must(t, err)
	cmd.Stdout, cmd.Stderr = pw, &out
	must(t, cmd.Start())
	pw.Close()
	killed := make(chan bool)
	go func() {
		buf := make([]byte, 1024)
		var seen string
		for {
			n, err := pr.Read(buf)
			seen += string(buf[:n])
			if strings.Contains(seen, "claimed 2\n") {
				killed <- cmd.Process.Kill() == nil
				return
			}
			if err != nil {
				killed <- false
				return
			}
		}
	}()
	ok := <-killed
	cmd.Wait() // killed: its status says so
	if !ok {
		t.Fatalf("the child ended before it could be killed:\n%s", out.String())
	}

	review, err := (&Runner{Store: s}).NeedsReview(ctx)
	must(t, err)
	if len(review) != 1 || review[0].ID != 2 || review[0].Status != ledger.OutboxSending {
		t.Fatalf("to review: %+v", review)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages arrived before the crash", n)
	}
	r, _ := smtpRunner(t, s)
	rep := queueAndSend(t, r, "2026-03-31")
	if rep.Sent != 2 || len(rep.Outcomes) != 2 {
		t.Fatalf("the run after the crash: %+v", rep)
	}
	got := byMessageID(t, srv)
	if _, resent := got[review[0].MessageID]; resent || len(got) != 3 {
		t.Fatalf("after the next run mailpit has %d messages; the unknown one among them: %v", len(got), resent)
	}
	// The user checked: it never arrived. Send it now.
	must(t, s.ResolveOutbox(ctx, 2, ledger.OutboxPending, "not received", ""))
	rep, err = r.Send(ctx)
	must(t, err)
	if rep.Sent != 1 {
		t.Fatalf("resend %+v", rep)
	}
	if got := byMessageID(t, srv); len(got) != 4 {
		t.Fatalf("%d messages in the end", len(got))
	}
}

// TestSMTPCrashChild is the run TestSMTPCrashBetweenOutboxAndSend kills.
func TestSMTPCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		return // only runs as the child
	}
	s := openLedger(t, path)
	r, _ := smtpRunner(t, s)
	r.beforeSend = func(id int64) {
		fmt.Printf("claimed %d\n", id)
		os.Stdout.Sync()
		if id == 2 {
			time.Sleep(time.Minute) // wait to be killed
		}
	}
	rep := queueAndSend(t, r, "2026-03-31")
	fmt.Println("done", rep)
}
