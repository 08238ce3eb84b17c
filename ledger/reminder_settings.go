package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// CustomerReminders returns a customer's own reminder settings.
func (s *Store) CustomerReminders(ctx context.Context, code string) (CustomerReminders, error) {
	c, err := s.CustomerByCode(ctx, code)
	if err != nil {
		return CustomerReminders{}, err
	}
	var r CustomerReminders
	var enabled bool
	err = s.r.QueryRowContext(ctx, `SELECT email, enabled, COALESCE(policy, '') FROM customer_reminders WHERE customer_id = ?`, c.ID).
		Scan(&r.Email, &enabled, &r.Policy)
	if errors.Is(err, sql.ErrNoRows) {
		return CustomerReminders{}, nil
	}
	if err != nil {
		return r, fmt.Errorf("reminder settings of %s: %w", code, err)
	}
	r.Off = !enabled
	return r, nil
}

// SetCustomerReminders stores a customer's own reminder settings. The
// policy must exist (SetReminderPolicy); "" or "default" is the default.
func (s *Store) SetCustomerReminders(ctx context.Context, code string, r CustomerReminders) error {
	r.Email = strings.TrimSpace(r.Email)
	if r.Email != "" {
		e, err := checkEmail(r.Email)
		if err != nil {
			return Errorf(EINVALID, "reminder email of %s: %v", code, err)
		}
		r.Email = e
	}
	if r.Policy == "default" {
		r.Policy = ""
	}
	err := s.write(ctx, func(t *tx) error {
		c, err := t.customerByCode(code)
		if err != nil {
			return err
		}
		var policy any
		if r.Policy != "" {
			var n int
			if err := t.queryRow(`SELECT count(*) FROM reminder_policies WHERE name = ?`, r.Policy).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return Errorf(ENOTFOUND, "no reminder policy named %q", r.Policy)
			}
			policy = r.Policy
		}
		_, err = t.exec(`INSERT INTO customer_reminders (customer_id, email, enabled, policy) VALUES (?, ?, ?, ?)
			ON CONFLICT (customer_id) DO UPDATE SET email = excluded.email, enabled = excluded.enabled, policy = excluded.policy`,
			c.id, r.Email, !r.Off, policy)
		return err
	})
	if err != nil {
		return fmt.Errorf("reminder settings of %s: %w", code, err)
	}
	return nil
}

// ReminderPolicies returns the stored policies, name → JSON.
func (s *Store) ReminderPolicies(ctx context.Context) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT name, policy FROM reminder_policies`)
	if err != nil {
		return nil, fmt.Errorf("read reminder policies: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, p string
		if err := rows.Scan(&name, &p); err != nil {
			return nil, fmt.Errorf("read reminder policies: %w", err)
		}
		out[name] = p
	}
	return out, rows.Err()
}

// SetReminderPolicy stores a named policy as JSON. Package reminders
// checks it first: the ledger keeps it as text.
func (s *Store) SetReminderPolicy(ctx context.Context, name, policy string) error {
	if !ValidName(name) {
		return Errorf(EINVALID, "policy name %q: use 1 to 32 lower-case letters, digits, '-' or '_'", name)
	}
	err := s.write(ctx, func(t *tx) error {
		_, err := t.exec(`INSERT INTO reminder_policies (name, policy, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at`, name, policy, t.stamp())
		return err
	})
	if err != nil {
		return fmt.Errorf("store reminder policy %s: %w", name, err)
	}
	return nil
}

// DeleteReminderPolicy removes a named policy; "default" then means the
// built-in one again. A policy customers use cannot be removed.
func (s *Store) DeleteReminderPolicy(ctx context.Context, name string) error {
	err := s.write(ctx, func(t *tx) error {
		var users int
		if err := t.queryRow(`SELECT count(*) FROM customer_reminders WHERE policy = ?`, name).Scan(&users); err != nil {
			return err
		}
		if users > 0 {
			return Errorf(ECONFLICT, "%d customer(s) use reminder policy %q; give them another first", users, name)
		}
		res, err := t.exec(`DELETE FROM reminder_policies WHERE name = ?`, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(ENOTFOUND, "no stored reminder policy named %q", name)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("remove reminder policy %s: %w", name, err)
	}
	return nil
}

// ValidName reports whether s may name a reminder policy or step: names
// are stored joined by commas and typed on command lines.
func ValidName(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// The mail settings, listed in settingKeys (profile.go); the password is
// not among them: it lives in the OS keyring, never in the ledger.

func checkHost(s string) (string, error) {
	h := strings.ToLower(s)
	if strings.Contains(h, "://") || strings.ContainsAny(h, " /:@") || len(h) > 253 {
		return "", fmt.Errorf("%q is not a host name (want e.g. smtp.example.com, without port or scheme)", s)
	}
	return h, nil
}

func checkPort(s string) (string, error) {
	var n int
	if _, err := fmt.Sscanf(s, "%d", &n); err != nil || fmt.Sprint(n) != s || n < 1 || n > 65535 {
		return "", fmt.Errorf("port %q: want a number from 1 to 65535 (587 for starttls, 465 for tls)", s)
	}
	return s, nil
}

// checkTimeout takes the seconds one message may take, every attempt
// together: long enough for a slow server, short enough that a hanging
// one does not hold a run for minutes.
func checkTimeout(s string) (string, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 5 || n > 600 {
		return "", fmt.Errorf("%q: want a number of seconds from 5 to 600 (default 30)", s)
	}
	return strconv.Itoa(n), nil
}

func checkSecurity(s string) (string, error) {
	switch v := strings.ToLower(s); v {
	case "starttls", "tls", "none":
		return v, nil
	}
	return "", fmt.Errorf("%q: use starttls (port 587), tls (port 465) or none", s)
}

func checkBool(s string) (string, error) {
	switch strings.ToLower(s) {
	case "true", "yes", "on", "1":
		return "true", nil
	case "false", "no", "off", "0":
		return "false", nil
	}
	return "", fmt.Errorf("%q: use true or false", s)
}
