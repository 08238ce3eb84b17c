package reminders

import (
	"encoding/json"
	"strings"
	"testing"

	"paidup/ledger"
)

func TestDefaultPolicy(t *testing.T) {
	p := DefaultPolicy()
	want := []struct {
		name      string
		offset    int
		statement bool
	}{{"friendly", -3, false}, {"due", 0, false}, {"overdue", 7, false}, {"firm", 21, true}, {"final", 45, true}}
	if len(p.Steps) != len(want) {
		t.Fatalf("%d steps", len(p.Steps))
	}
	for i, w := range want {
		s := p.Steps[i]
		if s.Name != w.name || s.Offset != w.offset || s.Statement != w.statement || s.tpl == nil {
			t.Errorf("step %d: %+v, want %+v", i, s, w)
		}
	}
}

func TestReached(t *testing.T) {
	p := DefaultPolicy()
	for days, want := range map[int]string{-10: "", -4: "", -3: "friendly", -1: "friendly", 0: "due", 6: "due", 7: "overdue",
		20: "overdue", 21: "firm", 44: "firm", 45: "final", 400: "final"} {
		got := ""
		if i := p.Reached(days); i >= 0 {
			got = p.Steps[i].Name
		}
		if got != want {
			t.Errorf("%d days past due: %q, want %q", days, got, want)
		}
	}
}

func TestParsePolicy(t *testing.T) {
	tests := []struct {
		name, json, err string
	}{
		{"OK", `{"steps":[{"name":"overdue","offset":10},{"name":"final","offset":30}]}`, ""},
		{"OKCustomStep", `{"steps":[{"name":"nudge","offset":3,"subject":"Hello {{.Customer.Name}}","text":["Line one","{{template \"items\" .}}"]}]}`, ""},
		{"ErrNoSteps", `{"steps":[]}`, "want 1 to 10 steps"},
		{"ErrBadName", `{"steps":[{"name":"Final Notice","offset":3}]}`, "lower-case"},
		{"ErrTwice", `{"steps":[{"name":"due","offset":0},{"name":"due","offset":3}]}`, "two steps are named"},
		{"ErrNotRising", `{"steps":[{"name":"firm","offset":21},{"name":"overdue","offset":7}]}`, "offsets must rise"},
		{"ErrOffset", `{"steps":[{"name":"final","offset":1000}]}`, "outside"},
		{"ErrUnknownField", `{"steps":[{"name":"due","offset":0,"subjet":"x"}]}`, "unknown field"},
		{"ErrNoTemplate", `{"steps":[{"name":"nudge","offset":3}]}`, "needs a subject and a text"},
		{"ErrSyntax", `{"steps":[{"name":"due","offset":0,"subject":"{{.Customer.Name"}]}`, "subject"},
		{"ErrField", `{"steps":[{"name":"due","offset":0,"text":"Dear {{.Custmer.Name}}"}]}`, "Custmer"},
		{"ErrHTML", `{"steps":[{"name":"due","offset":0,"text":"x","html":"<p>{{.Nope}}</p>"}]}`, "html"},
		{"ErrJSON", `{"steps":`, "reminder policy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePolicy([]byte(tt.json))
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range p.Steps {
					if s.tpl == nil || s.Subject == "" || s.Text == "" {
						t.Fatalf("step %s incomplete: %+v", s.Name, s)
					}
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) || ledger.ErrorCode(err) != ledger.EINVALID {
				t.Fatalf("got %v, want an EINVALID error with %q", err, tt.err)
			}
		})
	}
}

func TestPolicyInheritsBuiltinTemplates(t *testing.T) {
	p, err := ParsePolicy([]byte(`{"steps":[{"name":"firm","offset":14,"statement":false},{"name":"final","offset":30,"text":"Pay now."}]}`))
	if err != nil {
		t.Fatal(err)
	}
	b := DefaultPolicy()
	if firm := p.step("firm"); firm.Subject != b.step("firm").Subject || firm.HTML != b.step("firm").HTML || firm.Statement {
		t.Fatalf("firm did not take the built-in templates: %+v", firm)
	}
	// A step whose text changed gets an HTML part made from its text, not
	// the built-in HTML, which would say something else.
	final := p.step("final")
	if final.HTML != "" || final.Subject != b.step("final").Subject {
		t.Fatalf("final: %+v", final)
	}
	r, err := final.tpl.render(sampleData())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.HTML, "Pay now.") || r.Text != "Pay now.\n" {
		t.Fatalf("rendered %+v", r)
	}
}

func TestPolicyJSONRoundTrip(t *testing.T) {
	b, err := DefaultPolicy().JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"Dear {{.Customer.Name}},",`) {
		t.Fatalf("multi-line text is not written as lines:\n%s", b)
	}
	p, err := ParsePolicy(b)
	if err != nil {
		t.Fatal(err)
	}
	again, err := p.JSON()
	if err != nil || string(again) != string(b) {
		t.Fatalf("round trip changed the policy: %v", err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
}
