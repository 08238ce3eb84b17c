package reminders

import (
	"strings"
	"testing"
)

// Policies are written and shown with their HTML as written, never as
// \u003cp\u003e, and mean the same as before.
func TestPolicyJSONReadable(t *testing.T) {
	b, err := DefaultPolicy().JSON()
	must(t, err)
	js := string(b)
	if strings.Contains(js, `\u003c`) || strings.Contains(js, `\u0026`) || !strings.Contains(js, "<p>Dear {{.Customer.Name}},</p>") {
		t.Fatalf("the built-in policy is written with escapes:\n%.600s", js)
	}
	back, err := ParsePolicy(b)
	must(t, err)
	if back.Steps[0].HTML != DefaultPolicy().Steps[0].HTML {
		t.Error("the readable JSON reads back differently")
	}
	old := `{"steps": [{"name": "a", "offset": 0, "subject": "x \u0026 y", "text": "t", "html": "\u003cp\u003e\\u003c kept \\\u003cb\u003e\u003C/p\u003e"}]}`
	got := ReadableJSON(old)
	want := `{"steps": [{"name": "a", "offset": 0, "subject": "x & y", "text": "t", "html": "<p>\\u003c kept \\<b></p>"}]}`
	if got != want {
		t.Fatalf("ReadableJSON:\n got %s\nwant %s", got, want)
	}
	p1, err := ParsePolicy([]byte(old))
	must(t, err)
	p2, err := ParsePolicy([]byte(got))
	must(t, err)
	if p1.Steps[0].HTML != p2.Steps[0].HTML || p1.Steps[0].Subject != p2.Steps[0].Subject {
		t.Errorf("ReadableJSON changed the meaning: %q / %q", p1.Steps[0].HTML, p2.Steps[0].HTML)
	}
}
