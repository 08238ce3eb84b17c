package reminders

import (
	"bytes"
	_ "embed" // the built-in policy
	"encoding/json"
	"fmt"
	"strings"

	"paidup/ledger"
)

// Policy is a list of steps relative to the due date, in rising order of
// offset. A policy is stored as JSON (see default_policy.json): a step
// that leaves out its subject, text or html takes the built-in template
// of the step with the same name.
type Policy struct {
	Steps []Step `json:"steps"`
	// BrokenPromise is the reminder sent once for the invoices a broken
	// promise to pay covered ("you promised to pay X by D"), whatever step
	// they are at; its name and offset are not used. The built-in one when
	// left out.
	BrokenPromise *Step `json:"broken_promise,omitempty"`
}

// brokenPromiseName names the broken-promise template in messages.
const brokenPromiseName = "broken_promise"

// Step is one reminder: sent once an invoice is Offset days past its due
// date (negative: before it), with its own subject and body templates.
type Step struct {
	Name      string `json:"name"`
	Offset    int    `json:"offset"`
	Statement bool   `json:"statement,omitempty"` // attach an open-item statement
	Subject   string `json:"subject,omitempty"`
	Text      Lines  `json:"text,omitempty"`
	HTML      Lines  `json:"html,omitempty"`

	tpl *stepTemplates
}

// Lines is template text written in JSON either as one string or as an
// array of lines, which is far easier to read and edit.
type Lines string

// UnmarshalJSON takes a string or an array of strings (joined by "\n").
func (l *Lines) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*l = Lines(s)
		return nil
	}
	var ss []string
	if err := json.Unmarshal(b, &ss); err != nil {
		return fmt.Errorf("want a string or an array of lines")
	}
	*l = Lines(strings.Join(ss, "\n"))
	return nil
}

// MarshalJSON writes multi-line text as an array of lines, its HTML
// as written ("<p>", not "\u003cp\u003e"): people read and edit it.
func (l Lines) MarshalJSON() ([]byte, error) {
	if !strings.Contains(string(l), "\n") {
		return marshalReadable(string(l), "")
	}
	return marshalReadable(strings.Split(string(l), "\n"), "")
}

// marshalReadable is json.Marshal (indented when indent is not "")
// without the escaping of <, > and & that makes HTML unreadable; the
// JSON means the same.
func marshalReadable(v any, indent string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// Limits that keep a policy sane: offsets within a year either side of
// the due date, a handful of steps.
const (
	maxSteps  = 10
	minOffset = -60
	maxOffset = 365
)

//go:embed default_policy.json
var defaultPolicyJSON []byte

// builtin is the default policy of docs/DESIGN.md, parsed once: −3 friendly,
// 0 due today, +7, +21 firm with a statement, +45 final notice.
var builtin *Policy

func init() {
	var p Policy
	if err := json.Unmarshal(defaultPolicyJSON, &p); err != nil {
		panic("reminders: default_policy.json: " + err.Error())
	}
	if err := p.compile(); err != nil {
		panic("reminders: default_policy.json: " + err.Error())
	}
	builtin = &p
}

// DefaultPolicy returns the built-in policy.
func DefaultPolicy() *Policy { return builtin }

// ParsePolicy reads a policy from JSON, fills in built-in templates for
// steps that leave them out and checks every template by rendering it
// with sample data: an error names the step and the mistake.
func ParsePolicy(data []byte) (*Policy, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt "subjet" must not be ignored silently
	var p Policy
	if err := dec.Decode(&p); err != nil {
		return nil, ledger.Errorf(ledger.EINVALID, "reminder policy: %v", err)
	}
	if err := p.compile(); err != nil {
		return nil, err
	}
	return &p, nil
}

func (p *Policy) compile() error {
	if len(p.Steps) == 0 || len(p.Steps) > maxSteps {
		return ledger.Errorf(ledger.EINVALID, "reminder policy: want 1 to %d steps, not %d", maxSteps, len(p.Steps))
	}
	seen := map[string]bool{}
	for i := range p.Steps {
		s := &p.Steps[i]
		switch {
		case !ledger.ValidName(s.Name):
			return ledger.Errorf(ledger.EINVALID, "reminder policy: step %d: name %q: use 1 to 32 lower-case letters, digits, '-' or '_'", i+1, s.Name)
		case seen[s.Name]:
			return ledger.Errorf(ledger.EINVALID, "reminder policy: two steps are named %q", s.Name)
		case s.Offset < minOffset || s.Offset > maxOffset:
			return ledger.Errorf(ledger.EINVALID, "reminder policy: step %s: offset %d is outside %d to %d days", s.Name, s.Offset, minOffset, maxOffset)
		case i > 0 && s.Offset <= p.Steps[i-1].Offset:
			return ledger.Errorf(ledger.EINVALID, "reminder policy: step %s: offsets must rise (%d after %d)", s.Name, s.Offset, p.Steps[i-1].Offset)
		}
		seen[s.Name] = true
		if builtin != nil {
			if b := builtin.step(s.Name); b != nil {
				if s.Subject == "" {
					s.Subject = b.Subject
				}
				if s.Text == "" {
					s.Text = b.Text
				}
				if s.HTML == "" && s.Text == b.Text {
					s.HTML = b.HTML
				}
			}
		}
		if strings.TrimSpace(s.Subject) == "" || strings.TrimSpace(string(s.Text)) == "" {
			return ledger.Errorf(ledger.EINVALID, "reminder policy: step %s needs a subject and a text (only the built-in steps friendly, due, overdue, firm and final have them by default)", s.Name)
		}
		t, err := parseStep(*s)
		if err != nil {
			return ledger.Errorf(ledger.EINVALID, "reminder policy: step %s: %v", s.Name, err)
		}
		s.tpl = t
	}
	return p.compileBrokenPromise()
}

// compileBrokenPromise fills the broken-promise reminder from the
// built-in one where the policy leaves it (or its texts) out.
func (p *Policy) compileBrokenPromise() error {
	if p.BrokenPromise == nil {
		if builtin == nil || builtin.BrokenPromise == nil {
			return nil
		}
		bp := *builtin.BrokenPromise
		p.BrokenPromise = &bp
		return nil
	}
	s := p.BrokenPromise
	s.Name, s.Offset = "", 0
	if builtin != nil && builtin.BrokenPromise != nil {
		b := builtin.BrokenPromise
		if s.Subject == "" {
			s.Subject = b.Subject
		}
		if s.Text == "" {
			s.Text = b.Text
		}
		if s.HTML == "" && s.Text == b.Text {
			s.HTML = b.HTML
		}
	}
	if strings.TrimSpace(s.Subject) == "" || strings.TrimSpace(string(s.Text)) == "" {
		return ledger.Errorf(ledger.EINVALID, "reminder policy: %s needs a subject and a text", brokenPromiseName)
	}
	t, err := parseStep(*s)
	if err != nil {
		return ledger.Errorf(ledger.EINVALID, "reminder policy: %s: %v", brokenPromiseName, err)
	}
	s.tpl = t
	return nil
}

func (p *Policy) step(name string) *Step {
	for i := range p.Steps {
		if p.Steps[i].Name == name {
			return &p.Steps[i]
		}
	}
	return nil
}

// index returns a step's position, or -1.
func (p *Policy) index(name string) int {
	for i := range p.Steps {
		if p.Steps[i].Name == name {
			return i
		}
	}
	return -1
}

// Reached returns the index of the latest step an invoice daysPastDue
// days past due has reached, or -1 before the first. An invoice gets
// only this step, never the earlier ones it has passed.
func (p *Policy) Reached(daysPastDue int) int {
	at := -1
	for i, s := range p.Steps {
		if daysPastDue >= s.Offset {
			at = i
		}
	}
	return at
}

// MinOffset is the offset of the first step: invoices due later than
// that many days after the as-of date need no look.
func (p *Policy) MinOffset() int { return p.Steps[0].Offset }

// JSON writes the policy for people to read and edit.
func (p *Policy) JSON() ([]byte, error) {
	b, err := marshalReadable(p, "  ")
	if err != nil {
		return nil, fmt.Errorf("write policy: %w", err)
	}
	return append(b, '\n'), nil
}
