package reminders

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"paidup/ledger"
	"paidup/reminders/mailpittest"
)

// A display name with quotes, a backslash, a comma or non-Latin letters
// reaches the server as the customer is called: go-mail's AddToFormat put
// the name in quotes as it was, and `"` broke the header ("mail: expected
// comma").
func TestSMTPDisplayNamesAreQuoted(t *testing.T) {
	ctx := context.Background()
	srv := mailpittest.Start(t, mailpittest.Options{})
	s := newLedger(t)
	setting(t, s, "business.name", `Nordlicht "Design", Hamburg`)
	setting(t, s, "business.email", "accounts@nordlicht.example")
	pointAt(t, s, srv)
	names := map[string]string{
		"QUOTE":   `Smith "The Shed" Ltd`,
		"COMMA":   `Müller, Schmidt & Co.`,
		"SLASH":   `Back\slash <Trading>`,
		"VIET":    `Thương mại Nguyễn Đức`,
		"CHINESE": `上海贸易有限公司`,
	}
	for code, name := range names {
		_, err := s.CreateCustomer(ctx, ledger.Customer{Code: code, Name: name, Email: code + "@example.com", Currency: "USD", TermsDays: 30})
		must(t, err)
		invoice(t, s, code, "2026-03-01", 12345)
	}
	r, _ := smtpRunner(t, s)
	rep := queueAndSend(t, r, "2026-03-31")
	if !rep.OK() || rep.Sent != len(names) {
		t.Fatalf("report %+v", rep)
	}
	for _, m := range srv.Messages() {
		if len(m.To) != 1 {
			t.Fatalf("message %s to %v", m.MessageID, m.To)
		}
		code := m.To[0].Address[:len(m.To[0].Address)-len("@example.com")]
		if m.To[0].Name != names[code] {
			t.Errorf("To name %q, want %q", m.To[0].Name, names[code])
		}
		if m.From.Name != `Nordlicht "Design", Hamburg` {
			t.Errorf("From name %q", m.From.Name)
		}
	}
}

// A server that accepts the connection and then says nothing holds a
// message no longer than smtp.timeout, every retry included (it took
// 134–165 s before), and leaves it pending for the next run.
func TestSMTPHangingServerGivesUpInTime(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	conns := make(chan net.Conn, 16)
	t.Cleanup(func() {
		ln.Close()
		for len(conns) > 0 {
			(<-conns).Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			select {
			case conns <- c: // held open, never greeted
			default:
				c.Close()
			}
		}
	}()
	s := manyLedger(t, 1)
	setting(t, s, "smtp.host", "127.0.0.1")
	setting(t, s, "smtp.port", strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	setting(t, s, "smtp.security", "none")
	setting(t, s, "smtp.timeout", "6")
	r, _ := smtpRunner(t, s)
	start := time.Now()
	rep := queueAndSend(t, r, "2026-03-31")
	took := time.Since(start)
	if rep.Sent != 0 || rep.Deferred != 1 {
		t.Fatalf("report %+v", rep)
	}
	// 6 s and the time to queue; a generous margin for a loaded machine.
	if took > 12*time.Second {
		t.Fatalf("gave up after %v, want about 6 s (smtp.timeout)", took)
	}
	t.Logf("gave up after %v, %d attempt(s): %s", took.Round(time.Millisecond), rep.Outcomes[0].Attempts, rep.Outcomes[0].Response)
}
