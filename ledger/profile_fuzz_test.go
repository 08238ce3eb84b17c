package ledger

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzSettingValue: settings are typed by people (paidup settings set,
// the settings screen). Every key's Normalize must refuse or accept any
// text without panicking; what it accepts is clean text of the key's kind
// that normalizes to itself (so a stored value can be saved again), and
// ChangeSetting stores exactly that.
// Seeds: testdata/fuzz/FuzzSettingValue (a key and a value).
func FuzzSettingValue(f *testing.F) {
	s, err := Open(context.Background(), filepath.Join(f.TempDir(), "settings.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	f.Fuzz(func(t *testing.T, key, value string) {
		for _, k := range settingKeys {
			v, err := k.Normalize(value)
			if err != nil {
				if ErrorCode(err) != EINVALID || err.Error() == "" {
					t.Fatalf("%s: Normalize(%q): %v (code %s), want an EINVALID error", k.Name, value, err, ErrorCode(err))
				}
				continue
			}
			checkSettingValue(t, k, value, v)
		}
		k, err := LookupSettingKey(key)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("LookupSettingKey(%q): %v", key, err)
			}
			return
		}
		ctx := context.Background()
		want, nerr := k.Normalize(value)
		err = s.ChangeSetting(ctx, key, value)
		if k.Kind == SettingImage {
			if (err == nil) != (strings.TrimSpace(value) == "") {
				t.Fatalf("ChangeSetting(%s, %q) = %v", key, value, err)
			}
			return
		}
		if (err == nil) != (nerr == nil) {
			t.Fatalf("ChangeSetting(%s, %q) = %v, but Normalize says %v", key, value, err, nerr)
		}
		if err != nil {
			return
		}
		got, err := s.Setting(ctx, key, "")
		if err != nil || got != want {
			t.Fatalf("ChangeSetting(%s, %q) stored %q, %v; want %q", key, value, got, err, want)
		}
	})
}

func checkSettingValue(t *testing.T, k SettingKey, in, v string) {
	t.Helper()
	if !utf8.ValidString(v) {
		t.Fatalf("%s: Normalize(%q) = %q, not UTF-8", k.Name, in, v)
	}
	if v != strings.TrimSpace(v) {
		t.Fatalf("%s: Normalize(%q) = %q, with space at an end", k.Name, in, v)
	}
	if n := utf8.RuneCountInString(v); n > maxText {
		t.Fatalf("%s: Normalize(%q) kept %d characters", k.Name, in, n)
	}
	for _, r := range v {
		if r == '\n' && k.Kind == SettingLines {
			continue
		}
		if r == '\n' || unicode.IsControl(r) {
			t.Fatalf("%s: Normalize(%q) = %q, with the control character %U", k.Name, in, v, r)
		}
	}
	again, err := k.Normalize(v)
	if err != nil || again != v {
		t.Fatalf("%s: Normalize(%q) = %q, which normalizes to %q, %v: a stored value must be its own normal form", k.Name, in, v, again, err)
	}
}
