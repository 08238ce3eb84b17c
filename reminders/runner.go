package reminders

import (
	"context"

	"paidup/ledger"
)

// NewRunner prepares a run on a ledger from its settings. Only a run that
// will send checks the SMTP settings, reads the password (keyring or
// PAIDUP_SMTP_PASSWORD) and gets a mailer: a preview needs none of them.
// The command line and the window both start runs here.
func NewRunner(ctx context.Context, st *ledger.Store, sending bool) (*Runner, error) {
	cfg, err := LoadConfig(ctx, st)
	if err != nil {
		return nil, err
	}
	r := &Runner{Store: st, Config: cfg}
	if !sending {
		return r, nil
	}
	if err := cfg.CheckSend(); err != nil {
		return nil, err
	}
	if r.Config.SMTP.Password, err = Password(cfg.SMTP); err != nil {
		return nil, err
	}
	if r.Mailer, err = NewSMTPMailer(r.Config.SMTP); err != nil {
		return nil, err
	}
	return r, nil
}
