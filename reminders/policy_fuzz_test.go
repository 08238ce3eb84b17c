package reminders

import (
	"bytes"
	"testing"

	"paidup/ledger"
)

// FuzzParsePolicy: a reminder policy is JSON a user writes (paidup remind
// policy set, the settings screen). ParsePolicy must refuse or accept any
// bytes without panicking, with an EINVALID error for what it refuses; a
// policy it accepts writes out (JSON) to text that parses to the same
// policy and writes out the same again.
// Seeds: testdata/fuzz/FuzzParsePolicy.
func FuzzParsePolicy(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy(data)
		if err != nil {
			if ledger.ErrorCode(err) != ledger.EINVALID || err.Error() == "" {
				t.Fatalf("ParsePolicy: %v (code %s), want an EINVALID error", err, ledger.ErrorCode(err))
			}
			return
		}
		if len(p.Steps) == 0 || len(p.Steps) > maxSteps {
			t.Fatalf("accepted %d steps", len(p.Steps))
		}
		for i, s := range p.Steps {
			if s.tpl == nil {
				t.Fatalf("step %s has no templates", s.Name)
			}
			if i > 0 && s.Offset <= p.Steps[i-1].Offset {
				t.Fatalf("offsets do not rise: %d after %d", s.Offset, p.Steps[i-1].Offset)
			}
			if got := p.Reached(s.Offset); got != i {
				t.Fatalf("Reached(%d) = %d, want %d", s.Offset, got, i)
			}
		}
		if p.Reached(p.MinOffset()-1) != -1 {
			t.Fatalf("Reached before the first step is not -1")
		}
		// parse → write → parse.
		out, err := p.JSON()
		if err != nil {
			t.Fatalf("JSON of an accepted policy: %v", err)
		}
		back, err := ParsePolicy(out)
		if err != nil {
			t.Fatalf("the policy written out does not parse: %v\n%s", err, out)
		}
		if len(back.Steps) != len(p.Steps) {
			t.Fatalf("%d steps written, %d read back", len(p.Steps), len(back.Steps))
		}
		for i, s := range p.Steps {
			b := back.Steps[i]
			if b.Name != s.Name || b.Offset != s.Offset || b.Statement != s.Statement ||
				b.Subject != s.Subject || b.Text != s.Text || b.HTML != s.HTML {
				t.Fatalf("step %d written and read back:\n%+v\n%+v", i, s, b)
			}
		}
		again, err := back.JSON()
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("written twice, the policy differs (%v):\n%s\n%s", err, out, again)
		}
	})
}
