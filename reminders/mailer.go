package reminders

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Message is an email ready to hand to a Mailer.
type Message struct {
	MessageID   string // "<…@…>", fixed per outbox row so a resend keeps it
	Date        time.Time
	From        string
	FromName    string
	ReplyTo     string
	To          string
	ToName      string
	Bcc         []string
	Subject     string
	Text        string
	HTML        string // the alternative to Text; "" for none
	Attachments []Attachment
}

// Attachment is a file carried by a message (the PDFs).
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Mailer delivers messages one at a time, keeping its connection open
// between them. *SMTPMailer is the real one; tests record.
type Mailer interface {
	// Send hands a message to the server and returns its answer. An error
	// is a *SendError saying whether the message may be sent again.
	Send(ctx context.Context, m *Message) (response string, err error)
	// Close ends the connection.
	Close() error
}

// Fate is what a failed send means for the message.
type Fate int

const (
	// Transient: not delivered, may be tried again (4xx, a refused or
	// broken connection before the message was handed over, a timeout).
	Transient Fate = iota
	// Permanent: refused for good (5xx, a bad address); never retried.
	Permanent
	// Unknown: the connection broke after the whole message went out and
	// before the server answered; it may or may not have been accepted,
	// so it is never sent again without the user's word.
	Unknown
	// Setup: the server cannot be used as configured (login refused, TLS
	// certificate not trusted, no STARTTLS): the run stops, nothing is lost.
	Setup
)

func (f Fate) String() string {
	return [...]string{"transient", "permanent", "unknown", "setup"}[f]
}

// SendError is a failed send.
type SendError struct {
	Fate Fate
	Code int  // the SMTP reply code, 0 when there was none
	Conn bool // the connection failed (not the message): others will fail too
	Err  error
}

func (e *SendError) Error() string {
	return e.Err.Error()
}

func (e *SendError) Unwrap() error { return e.Err }

// fateOf classifies any error from a Mailer; an error that is not a
// *SendError is taken as transient (nothing says it was delivered).
func fateOf(err error) (Fate, *SendError) {
	var se *SendError
	if errors.As(err, &se) {
		return se.Fate, se
	}
	return Transient, &SendError{Fate: Transient, Conn: true, Err: err}
}

// Retry says how often and how patiently a transient failure is retried
// within a run.
type Retry struct {
	Attempts int           // tries per message, first included
	Base     time.Duration // the first wait; each later one doubles
	Max      time.Duration // no wait is longer
}

// DefaultRetry tries a message four times over about 15 seconds: enough
// for a greylisting or a busy server, short enough for a cron job.
var DefaultRetry = Retry{Attempts: 4, Base: 2 * time.Second, Max: 8 * time.Second}

func (r Retry) wait(attempt int) time.Duration {
	d := r.Base << (attempt - 1)
	if d > r.Max || d <= 0 {
		d = r.Max
	}
	return d
}

// sleep waits, or returns early when ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// messageID names an outbox row's message: unique per row and ledger
// second, and the same on every attempt, so a server or mailbox that
// sees a resend can tell it is the same message.
func messageID(id int64, created time.Time, from string) string {
	return fmt.Sprintf("<paidup.%d.%s@%s>", id, created.UTC().Format("20060102T150405Z"), domainOf(from))
}
