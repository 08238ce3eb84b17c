// Package mailpittest runs mailpit, a local SMTP server with an HTTP API,
// for end-to-end tests of reminders. It only ever listens on 127.0.0.1,
// and never reaches the internet (--disable-version-check,
// --smtp-disable-rdns). A missing mailpit fails the test, never skips it:
// scripts/deps.sh test installs it. Only -short mode skips these tests.
package mailpittest

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Options choose how the server is started.
type Options struct {
	TLSCert, TLSKey   string // files: offer STARTTLS with this certificate
	RequireSTARTTLS   bool
	RequireTLS        bool   // TLS from the first byte (implicit, "SMTPS")
	AuthFile          string // "user:password" lines: require login
	AllowInsecureAuth bool   // accept PLAIN/LOGIN without TLS
	// AllowedRecipients, when set, is a regular expression of recipients
	// the server accepts; any other is refused with a 5xx (a bad address).
	AllowedRecipients string
}

// Server is a running mailpit.
type Server struct {
	SMTPPort, HTTPPort int
	t                  testing.TB
	bin                string
	args               []string
	mu                 sync.Mutex
	cmd                *exec.Cmd
	log                *os.File
}

// Binary finds mailpit: on PATH or where `go install` puts it.
func Binary() (string, error) {
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p, nil
	}
	dirs := []string{os.Getenv("GOBIN")}
	gopath := os.Getenv("GOPATH")
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil && gopath == "" {
		gopath = strings.TrimSpace(string(out))
	}
	for _, p := range filepath.SplitList(gopath) {
		dirs = append(dirs, filepath.Join(p, "bin"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		p := filepath.Join(d, "mailpit")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("mailpit is not installed (not on PATH nor in $(go env GOPATH)/bin): " +
		"run scripts/deps.sh test, or go install github.com/axllent/mailpit@v1.27.11")
}

// FreePort asks the kernel for a free port on 127.0.0.1.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Start runs mailpit on free ports and stops it when the test ends. Its
// messages are kept in a file, so a Restart finds them again. In -short
// mode (the quick edit-test loop) it skips the test instead; otherwise a
// missing mailpit fails the test, saying how to install it.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	if testing.Short() {
		t.Skip("needs mailpit, a real SMTP server: skipped in -short mode")
	}
	bin, err := Binary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s := &Server{t: t, bin: bin, SMTPPort: FreePort(t), HTTPPort: FreePort(t)}
	s.args = []string{
		"--smtp", fmt.Sprintf("127.0.0.1:%d", s.SMTPPort),
		"--listen", fmt.Sprintf("127.0.0.1:%d", s.HTTPPort),
		"--disable-version-check", "--smtp-disable-rdns",
		"--database", filepath.Join(dir, "mailpit.db"),
		"--max", "0", // keep every message: the tests count them
	}
	if o.TLSCert != "" {
		s.args = append(s.args, "--smtp-tls-cert", o.TLSCert, "--smtp-tls-key", o.TLSKey)
	}
	if o.RequireSTARTTLS {
		s.args = append(s.args, "--smtp-require-starttls")
	}
	if o.RequireTLS {
		s.args = append(s.args, "--smtp-require-tls")
	}
	if o.AuthFile != "" {
		s.args = append(s.args, "--smtp-auth-file", o.AuthFile)
	}
	if o.AllowInsecureAuth {
		s.args = append(s.args, "--smtp-auth-allow-insecure")
	}
	if o.AllowedRecipients != "" {
		s.args = append(s.args, "--smtp-allowed-recipients", o.AllowedRecipients)
	}
	if s.log, err = os.Create(filepath.Join(dir, "mailpit.log")); err != nil {
		t.Fatal(err)
	}
	s.start()
	t.Cleanup(func() {
		s.Stop()
		s.log.Close()
	})
	return s
}

func (s *Server) start() {
	s.t.Helper()
	cmd := exec.Command(s.bin, s.args...)
	cmd.Stdout, cmd.Stderr = s.log, s.log
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start mailpit: %v", err)
	}
	s.mu.Lock()
	s.cmd = cmd
	s.mu.Unlock()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(s.url("/readyz"))
		if err == nil {
			resp.Body.Close()
			if c, err := net.DialTimeout("tcp", s.SMTPAddr(), time.Second); err == nil {
				c.Close()
				if resp.StatusCode == http.StatusOK {
					return
				}
			}
		}
		if time.Now().After(deadline) {
			s.Stop()
			s.t.Fatalf("mailpit did not come up on %s and %d: %v\n%s", s.SMTPAddr(), s.HTTPPort, err, s.Log())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// SMTPAddr is host:port of the SMTP server.
func (s *Server) SMTPAddr() string { return fmt.Sprintf("127.0.0.1:%d", s.SMTPPort) }

func (s *Server) url(path string) string {
	return fmt.Sprintf("http://127.0.0.1:%d%s", s.HTTPPort, path)
}

// Log returns what mailpit printed.
func (s *Server) Log() string {
	b, err := os.ReadFile(s.log.Name())
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// Stop ends the server (SIGTERM, then SIGKILL after 5 s); it may be
// called from another goroutine in the middle of a send.
func (s *Server) Stop() {
	s.mu.Lock()
	cmd := s.cmd
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return // it has gone already
	}
	done := make(chan struct{})
	go func() {
		cmd.Wait() // its exit status after SIGTERM tells nothing
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

// Restart starts the stopped server again on the same ports and file.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.start()
}

// Address is a name and address in the API's answers.
type Address struct {
	Name, Address string
}

// Summary is a message in the list.
type Summary struct {
	ID          string
	MessageID   string
	From        Address
	To          []Address
	Bcc         []Address
	Subject     string
	Attachments int
}

// Attachment is a part of a message that is a file.
type Attachment struct {
	PartID      string
	FileName    string
	ContentType string
	Size        int
}

// Message is one message in detail.
type Message struct {
	ID          string
	MessageID   string
	From        Address
	To          []Address
	Bcc         []Address
	ReplyTo     []Address
	Subject     string
	Text        string
	HTML        string
	Attachments []Attachment
}

func (s *Server) get(path string, v any) []byte {
	s.t.Helper()
	resp, err := http.Get(s.url(path))
	if err != nil {
		s.t.Fatalf("mailpit API %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		s.t.Fatalf("mailpit API %s: %s %v\n%s", path, resp.Status, err, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			s.t.Fatalf("mailpit API %s: %v", path, err)
		}
	}
	return b
}

// Messages lists every message, newest first.
func (s *Server) Messages() []Summary {
	s.t.Helper()
	var all []Summary
	for start := 0; ; {
		var page struct {
			Total    int
			Messages []Summary
		}
		s.get(fmt.Sprintf("/api/v1/messages?start=%d&limit=500", start), &page)
		all = append(all, page.Messages...)
		start += len(page.Messages)
		if len(page.Messages) == 0 || start >= page.Total {
			return all
		}
	}
}

// Message returns one message in detail.
func (s *Server) Message(id string) Message {
	s.t.Helper()
	var m Message
	s.get("/api/v1/message/"+id, &m)
	return m
}

// Part returns the bytes of a part (an attachment).
func (s *Server) Part(id, partID string) []byte {
	s.t.Helper()
	return s.get("/api/v1/message/"+id+"/part/"+partID, nil)
}

// Raw returns a message as received.
func (s *Server) Raw(id string) []byte {
	s.t.Helper()
	return s.get("/api/v1/message/"+id+"/raw", nil)
}
