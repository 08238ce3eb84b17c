package reminders

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"paidup/ledger"
)

// Sender is who reminders come from.
type Sender struct {
	From     string // the address: smtp.from, else business.email
	FromName string // smtp.from_name, else business.name
	ReplyTo  string // smtp.reply_to
	BccSelf  bool   // smtp.bcc_self: a blind copy to From
}

// Config is the reminder settings of a ledger, without the password.
type Config struct {
	SMTP     SMTPConfig
	Sender   Sender
	Business ledger.BusinessProfile
}

// LoadConfig reads the smtp.* settings and the business profile.
func LoadConfig(ctx context.Context, st *ledger.Store) (Config, error) {
	var c Config
	b, err := st.BusinessProfile(ctx)
	if err != nil {
		return c, err
	}
	c.Business = b
	get := func(key string) (string, error) { return st.Setting(ctx, key, "") }
	vals := map[string]string{}
	for _, k := range []string{"smtp.host", "smtp.port", "smtp.security", "smtp.username", "smtp.from",
		"smtp.from_name", "smtp.reply_to", "smtp.bcc_self", "smtp.allow_insecure_auth", "smtp.timeout"} {
		v, err := get(k)
		if err != nil {
			return c, err
		}
		vals[k] = v
	}
	c.SMTP = SMTPConfig{
		Host: vals["smtp.host"], Security: Security(vals["smtp.security"]), Username: vals["smtp.username"],
		AllowInsecureAuth: vals["smtp.allow_insecure_auth"] == "true",
	}
	if c.SMTP.Security == "" {
		c.SMTP.Security = SecuritySTARTTLS
	}
	if p := vals["smtp.port"]; p != "" {
		if c.SMTP.Port, err = strconv.Atoi(p); err != nil {
			return c, ledger.Errorf(ledger.EINVALID, "smtp.port %q is not a number", p)
		}
	}
	if t := vals["smtp.timeout"]; t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n <= 0 {
			return c, ledger.Errorf(ledger.EINVALID, "smtp.timeout %q is not a number of seconds", t)
		}
		c.SMTP.Timeout = time.Duration(n) * time.Second
	}
	c.Sender = Sender{From: vals["smtp.from"], FromName: vals["smtp.from_name"], ReplyTo: vals["smtp.reply_to"],
		BccSelf: vals["smtp.bcc_self"] == "true"}
	if c.Sender.From == "" {
		c.Sender.From = b.Email
	}
	if c.Sender.FromName == "" {
		c.Sender.FromName = b.Name
	}
	return c, nil
}

// CheckSend says what is missing before anything can be sent.
func (c Config) CheckSend() error {
	if c.Sender.From == "" {
		return ledger.Errorf(ledger.EINVALID, "no sender address: set smtp.from or business.email (Settings in the window, or paidup settings set)")
	}
	if err := c.SMTP.check(); err != nil {
		return ledger.Errorf(ledger.EINVALID, "%v", err)
	}
	return nil
}

// String describes the connection for people, without the password.
func (c SMTPConfig) String() string {
	s := fmt.Sprintf("%s (%s)", c.Addr(), c.Security)
	if c.Username != "" {
		s += " as " + c.Username
	}
	return s
}
