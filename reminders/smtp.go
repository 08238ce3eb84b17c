package reminders

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"
)

// Security is how the connection to the server is protected.
type Security string

const (
	SecuritySTARTTLS Security = "starttls" // plain connection upgraded with STARTTLS, required (port 587)
	SecurityTLS      Security = "tls"      // TLS from the first byte (port 465)
	SecurityNone     Security = "none"     // no encryption (a relay on the local network)
)

// DefaultPort is the usual port of each kind of connection.
func (s Security) DefaultPort() int {
	switch s {
	case SecurityTLS:
		return 465
	case SecurityNone:
		return 25
	}
	return 587
}

// SMTPConfig is how to reach the server.
type SMTPConfig struct {
	Host              string
	Port              int // 0: Security's default
	Security          Security
	Username          string // "": send without logging in
	Password          string
	AllowInsecureAuth bool // log in over an unencrypted connection
	// Timeout is the most one message may take, connecting, every
	// command and every retry together (smtp.timeout); 0: 30 s. Each
	// connection and command gets a third of it.
	Timeout time.Duration

	// rootCAs replaces the system's trusted roots; tests set it to trust
	// a certificate they made, nothing else does.
	rootCAs *x509.CertPool
}

// DefaultTimeout is what one message may take when smtp.timeout is unset.
const DefaultTimeout = 30 * time.Second

// budget is the most one message may take, all attempts together.
func (c SMTPConfig) budget() time.Duration {
	if c.Timeout <= 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

// commandTimeout bounds connecting and each command: a third of the
// budget, so that a server that hangs is tried again once or twice
// within it rather than waited for until it runs out.
func (c SMTPConfig) commandTimeout() time.Duration {
	return max(c.budget()/3, time.Second)
}

// Addr is host:port.
func (c SMTPConfig) Addr() string {
	port := c.Port
	if port == 0 {
		port = c.Security.DefaultPort()
	}
	return net.JoinHostPort(c.Host, fmt.Sprint(port))
}

// check refuses a configuration that would leak the password.
func (c SMTPConfig) check() error {
	if c.Host == "" {
		return errors.New("no mail server: set smtp.host under Settings, Email (or paidup settings set smtp.host smtp.example.com)")
	}
	switch c.Security {
	case SecuritySTARTTLS, SecurityTLS, SecurityNone:
	default:
		return fmt.Errorf("smtp.security %q: use starttls, tls or none", c.Security)
	}
	if c.Username != "" && c.Security == SecurityNone && !c.AllowInsecureAuth {
		return fmt.Errorf("smtp.security is none, so logging in as %s would send the password unencrypted: "+
			"use starttls or tls, or (on a trusted network only) set smtp.allow_insecure_auth true", c.Username)
	}
	return nil
}

// SMTPMailer sends over one connection, dialled on the first message and
// again after the connection breaks.
type SMTPMailer struct {
	cfg    SMTPConfig
	client *mail.Client
	open   bool
}

// NewSMTPMailer checks the configuration; it connects on the first Send.
func NewSMTPMailer(cfg SMTPConfig) (*SMTPMailer, error) {
	cfg.Timeout = cfg.budget()
	if err := cfg.check(); err != nil {
		return nil, &SendError{Fate: Setup, Err: err}
	}
	opts := []mail.Option{
		mail.WithPort(portOf(cfg)), mail.WithTimeout(cfg.commandTimeout()),
		mail.WithTLSConfig(&tls.Config{ServerName: cfg.Host, RootCAs: cfg.rootCAs, MinVersion: tls.VersionTLS12}),
	}
	switch cfg.Security {
	case SecurityTLS:
		opts = append(opts, mail.WithSSL())
	case SecuritySTARTTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case SecurityNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	}
	if cfg.Username != "" {
		opts = append(opts, mail.WithUsername(cfg.Username), mail.WithPassword(cfg.Password))
		if cfg.Security == SecurityNone {
			// Allowed by smtp.allow_insecure_auth (checked above): prefer a
			// mechanism that does not send the password itself.
			opts = append(opts, mail.WithOpportunisticSMTPAuth(mail.SMTPAuthSCRAMSHA256, mail.SMTPAuthSCRAMSHA1,
				mail.SMTPAuthCramMD5, mail.SMTPAuthPlainNoEnc, mail.SMTPAuthLoginNoEnc))
		} else {
			opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover))
		}
	}
	c, err := mail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, &SendError{Fate: Setup, Err: fmt.Errorf("mail client: %w", err)}
	}
	return &SMTPMailer{cfg: cfg, client: c}, nil
}

func portOf(c SMTPConfig) int {
	if c.Port != 0 {
		return c.Port
	}
	return c.Security.DefaultPort()
}

// Send delivers one message, connecting first if needed.
func (s *SMTPMailer) Send(ctx context.Context, m *Message) (string, error) {
	msg, err := m.mailMsg()
	if err != nil {
		return "", &SendError{Fate: Permanent, Err: err}
	}
	reused := s.open
	if !s.open {
		if err := s.client.DialWithContext(ctx); err != nil {
			return "", s.dialError(err)
		}
		s.open = true
	}
	err = s.client.Send(msg)
	if me := (*mail.SendError)(nil); reused && errors.As(err, &me) && me.Reason == mail.ErrConnCheck {
		// The kept connection died while idle (the server timed it out or
		// restarted): nothing was sent on it, so dial once more at once.
		s.drop()
		if err := s.client.DialWithContext(ctx); err != nil {
			return "", s.dialError(err)
		}
		s.open = true
		err = s.client.Send(msg)
	}
	if err == nil || msg.IsDelivered() {
		// Delivered, even if the RSET after it failed: that only tells us
		// the connection is gone, which the next Send will find out.
		if err != nil {
			s.drop()
		}
		// go-mail keeps the text of the answer to the end of DATA, which
		// it accepts only as a 250.
		return strings.TrimSpace("250 " + msg.ServerResponse()), nil
	}
	se := classifySend(err)
	if se.Conn {
		s.drop()
	}
	return "", se
}

// drop forgets a broken connection so the next Send dials again.
func (s *SMTPMailer) drop() {
	if s.open {
		// The connection is broken already: a QUIT on it fails, and that
		// failure says nothing new.
		if err := s.client.Close(); err != nil {
			s.open = false
			return
		}
	}
	s.open = false
}

// Close says QUIT and closes the connection.
func (s *SMTPMailer) Close() error {
	if !s.open {
		return nil
	}
	s.open = false
	if err := s.client.Close(); err != nil {
		return fmt.Errorf("close connection to %s: %w", s.cfg.Addr(), err)
	}
	return nil
}

// dialError classifies a failure to connect, say hello, start TLS or log
// in: a refused login or an untrusted certificate will not mend by
// itself (Setup); a refused or timed-out connection may (Transient).
func (s *SMTPMailer) dialError(err error) error {
	wrapped := fmt.Errorf("connect to %s: %w", s.cfg.Addr(), err)
	var tp *textproto.Error
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var recErr tls.RecordHeaderError
	switch {
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr):
		return &SendError{Fate: Setup, Conn: true, Err: fmt.Errorf("%w (the server's certificate is not trusted)", wrapped)}
	case errors.As(err, &recErr):
		return &SendError{Fate: Setup, Conn: true, Err: fmt.Errorf("%w (is smtp.security right for port %d?)", wrapped, portOf(s.cfg))}
	case errors.As(err, &tp) && tp.Code >= 400 && tp.Code < 500:
		return &SendError{Fate: Transient, Code: tp.Code, Conn: true, Err: wrapped}
	case errors.As(err, &tp):
		return &SendError{Fate: Setup, Code: tp.Code, Conn: true, Err: wrapped}
	case strings.Contains(err.Error(), "STARTTLS"), strings.Contains(err.Error(), "SMTP AUTH"),
		strings.Contains(err.Error(), "authentication"):
		return &SendError{Fate: Setup, Conn: true, Err: wrapped}
	}
	return &SendError{Fate: Transient, Conn: true, Err: wrapped}
}

// classifySend reads go-mail's error: an SMTP reply decides by its code
// (4xx try again, 5xx never); without one, the connection failed, and
// where it failed decides whether the server may have the message.
func classifySend(err error) *SendError {
	var me *mail.SendError
	if !errors.As(err, &me) {
		return &SendError{Fate: Transient, Conn: true, Err: err}
	}
	code := me.ErrorCode()
	switch {
	case code == 421:
		// "Service not available, closing transmission channel".
		return &SendError{Fate: Transient, Code: code, Conn: true, Err: err}
	case code >= 400 && code < 500:
		return &SendError{Fate: Transient, Code: code, Err: err}
	case code >= 500:
		return &SendError{Fate: Permanent, Code: code, Err: err}
	case me.Reason == mail.ErrSMTPDataClose:
		// The final "." went out; the answer never came.
		return &SendError{Fate: Unknown, Conn: true, Err: err}
	case me.Reason == mail.ErrGetSender || me.Reason == mail.ErrGetRcpts || me.Reason == mail.ErrNoUnencoded:
		return &SendError{Fate: Permanent, Err: err}
	}
	return &SendError{Fate: Transient, Conn: true, Err: err}
}

// address is name <addr> as a header holds it, the name quoted and
// encoded as needed.
func address(name, addr string) string {
	return (&netmail.Address{Name: name, Address: addr}).String()
}

// mailMsg builds the go-mail message; WriteTo of it is the message as
// sent, which the golden tests read.
func (m *Message) mailMsg() (*mail.Msg, error) {
	msg := mail.NewMsg(mail.WithNoDefaultUserAgent())
	// The display names are quoted by net/mail (RFC 5322): go-mail's
	// FromFormat and AddToFormat put a name in quotes as it is, so a
	// customer called `Smith "The Shed" Ltd` broke the header.
	if err := msg.From(address(m.FromName, m.From)); err != nil {
		return nil, fmt.Errorf("sender %q: %w", m.From, err)
	}
	if err := msg.AddTo(address(m.ToName, m.To)); err != nil {
		return nil, fmt.Errorf("recipient %q: %w", m.To, err)
	}
	if len(m.Bcc) > 0 {
		if err := msg.Bcc(m.Bcc...); err != nil {
			return nil, fmt.Errorf("bcc %q: %w", m.Bcc, err)
		}
	}
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return nil, fmt.Errorf("reply-to %q: %w", m.ReplyTo, err)
		}
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(strings.Trim(m.MessageID, "<>"))
	msg.SetDateWithValue(m.Date)
	msg.SetUserAgent("Paidup")
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		ct := a.ContentType
		if ct == "" {
			ct = "application/pdf"
		}
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Data), mail.WithFileContentType(mail.ContentType(ct))); err != nil {
			return nil, fmt.Errorf("attach %s: %w", a.Name, err)
		}
	}
	return msg, nil
}
