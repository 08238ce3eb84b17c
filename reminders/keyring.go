package reminders

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/zalando/go-keyring"

	"paidup/ledger"
)

// The SMTP password is a secret: it lives in the OS keyring (Keychain,
// Windows Credential Manager, the Secret Service on Linux) or, for cron
// and headless machines, in the environment. It is never written to the
// ledger or any other file by Paidup.
const (
	keyringService = "Paidup SMTP"
	// PasswordEnv, when set, is the password; the keyring is not asked.
	PasswordEnv = "PAIDUP_SMTP_PASSWORD"
)

// keyringUser names the secret by account and server, so two ledgers
// that use different accounts keep different passwords.
func keyringUser(c SMTPConfig) string { return c.Username + "@" + c.Host }

// keyringHelp is said whenever the keyring fails: most often a headless
// Linux box with no Secret Service (go-keyring then cannot start
// dbus-launch), where the environment variable is the way.
func keyringHelp(err error) error {
	return ledger.Errorf(ledger.EINVALID, "the OS keyring is not available here (%v); "+
		"set the password in the environment variable %s instead (for cron, in the job's environment, "+
		"from a file only you can read); Paidup never writes it to disk itself", err, PasswordEnv)
}

// Password finds the SMTP password: PAIDUP_SMTP_PASSWORD when set, else
// the keyring. No username means no login, and no password is needed.
func Password(c SMTPConfig) (string, error) {
	if c.Username == "" {
		return "", nil
	}
	if p, ok := os.LookupEnv(PasswordEnv); ok && p != "" {
		return p, nil
	}
	p, err := keyring.Get(keyringService, keyringUser(c))
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return "", ledger.Errorf(ledger.EINVALID, "no SMTP password for %s: store it under Settings, Email (or run 'paidup settings smtp-password'), or set %s",
			keyringUser(c), PasswordEnv)
	case err != nil:
		return "", keyringHelp(err)
	}
	return p, nil
}

// SetPassword reads one line from r and stores it in the keyring for the
// account of c. It does not echo or keep the password anywhere else.
func SetPassword(c SMTPConfig, r io.Reader) error {
	if c.Host == "" || c.Username == "" {
		return ledger.Errorf(ledger.EINVALID, "set smtp.host and smtp.username first: the password is kept for that account")
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read the password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return ledger.Errorf(ledger.EINVALID, "no password given: type it (or pipe it) as one line on standard input")
	}
	if err := keyring.Set(keyringService, keyringUser(c), pw); err != nil {
		if errors.Is(err, keyring.ErrSetDataTooBig) {
			return ledger.Errorf(ledger.EINVALID, "the password is too long for the keyring")
		}
		return fmt.Errorf("the password was not stored: %w", keyringHelp(err))
	}
	return nil
}
