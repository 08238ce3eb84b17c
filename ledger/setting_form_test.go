package ledger

import (
	"context"
	"errors"
	"testing"
)

// Every key has a label, a group, and either a placeholder that says what
// goes there or a typed widget (choices, a checkbox).
func TestSettingFormEveryKey(t *testing.T) {
	for _, k := range SettingKeys() {
		f, ok := settingForms[k.Name]
		if !ok || f.label == "" || f.group == "" {
			t.Errorf("%s has no label or group", k.Name)
			continue
		}
		if f.placeholder == "" && f.choices == nil && !f.bool {
			t.Errorf("%s says nothing in its empty field", k.Name)
		}
		if f.placeholder != "" && f.placeholder == k.Example {
			t.Errorf("%s's placeholder is its example %q", k.Name, k.Example)
		}
		for _, c := range f.choices {
			if c == "" {
				continue
			}
			if _, err := k.Normalize(c); err != nil {
				t.Errorf("%s: choice %q refused: %v", k.Name, c, err)
			}
		}
	}
}

// ChangeSettings stores all of its values or none.
func TestChangeSettingsAllOrNothing(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	err := s.ChangeSettings(ctx, map[string]string{"business.name": "Nordlicht", "business.email": "not an email", "smtp.port": "x"})
	var se *SettingsError
	if !errors.As(err, &se) || len(se.Fields) != 2 || se.Fields["business.email"] == nil || se.Fields["smtp.port"] == nil {
		t.Fatalf("err = %v", err)
	}
	if v, _ := s.Setting(ctx, "business.name", ""); v != "" {
		t.Errorf("business.name stored as %q though another value was refused", v)
	}
	if err := s.ChangeSettings(ctx, map[string]string{"business.name": "Nordlicht", "business.email": "a@b.example", "smtp.security": "TLS"}); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"business.name": "Nordlicht", "business.email": "a@b.example", "smtp.security": "tls"} {
		if v, _ := s.Setting(ctx, k, ""); v != want {
			t.Errorf("%s = %q, want %q", k, v, want)
		}
	}
	if err := s.ChangeSettings(ctx, map[string]string{"business.name": ""}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Setting(ctx, "business.name", "unset"); v != "unset" {
		t.Errorf("an empty value left %q", v)
	}
}
