package reminders

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// Every field of Data is offered as a placeholder or named in notOffered
// with a reason: a field added to Data cannot be left out of the editor
// unnoticed.
func TestPlaceholdersCoverData(t *testing.T) {
	var paths []string
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			p := prefix + "." + f.Name
			if f.Type.Kind() == reflect.Struct {
				walk(p, f.Type)
				continue
			}
			paths = append(paths, p)
			if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct {
				walk("", f.Type.Elem()) // .Items' own fields, inside {{range .Items}}
			}
		}
	}
	walk("", reflect.TypeOf(Data{}))
	for _, p := range paths {
		if _, ok := notOffered[p]; ok {
			continue
		}
		found := false
		for _, ph := range Placeholders {
			if containsField(ph.Template, p) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("Data field %s is neither a placeholder nor in notOffered", p)
		}
	}
}

// containsField: the template names the field itself, not one whose name
// it starts ("{{.Overdue}}" is not "{{.OverdueCount}}").
func containsField(tpl, path string) bool {
	for rest := tpl; ; {
		i := strings.Index(rest, path)
		if i < 0 {
			return false
		}
		rest = rest[i+len(path):]
		if rest == "" || !isIdent(rest[0]) {
			return true
		}
	}
}

func isIdent(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// Each placeholder works where it is offered: in a body, and in a
// subject when it says it fits one; it shows something on sample data.
func TestPlaceholdersRender(t *testing.T) {
	labels := map[string]bool{}
	for _, ph := range Placeholders {
		if labels[ph.Label] {
			t.Errorf("two placeholders are labelled %q", ph.Label)
		}
		labels[ph.Label] = true
		body := Step{Subject: "x", Text: Lines("Before " + ph.Template + " after")}
		tpl, err := parseStep(body)
		if err != nil {
			t.Errorf("%s in a body: %v", ph.Label, err)
			continue
		}
		d := sampleData() // with the fields it leaves empty
		d.Payment.Account, d.Interest, d.Compensation = "12345678", "7.95 USD", "40.00 USD"
		r, err := tpl.render(d)
		if err != nil || r.Text == "Before  after\n" {
			t.Errorf("%s in a body renders %q (%v)", ph.Label, r.Text, err)
		}
		if ph.Subject {
			tpl, err := parseStep(Step{Subject: ph.Template, Text: "x"})
			if err != nil {
				t.Errorf("%s in a subject: %v", ph.Label, err)
				continue
			}
			if r, err := tpl.render(sampleData()); err != nil || r.Subject == "" {
				t.Errorf("%s in a subject renders %q (%v)", ph.Label, r.Subject, err)
			}
		}
	}
}

// Problems places each mistake at its step and field, in words.
func TestProblems(t *testing.T) {
	good := func() []Step {
		var out []Step
		for _, s := range DefaultPolicy().Steps {
			out = append(out, Step{Name: s.Name, Offset: s.Offset, Subject: s.Subject, Text: s.Text, HTML: s.HTML, Statement: s.Statement})
		}
		return out
	}
	if p := Problems(good()); len(p) != 0 {
		t.Fatalf("the built-in steps have problems: %+v", p)
	}
	cases := []struct {
		edit        func([]Step) []Step
		step        int
		field, want string
	}{
		{func(s []Step) []Step { s[1].Subject = "Invoice {{.Numbers"; return s }, 1, "subject", "Line 1: a placeholder opened with {{ is not closed with }}."},
		{func(s []Step) []Step { s[2].Text = "Dear {{.Custmer.Name}}"; return s }, 2, "body", "Line 1: there is no placeholder .Custmer.Name (Custmer is not known); pick one from Insert placeholder."},
		{func(s []Step) []Step { s[0].Text = "a\n{{if .Earlier}}b"; return s }, 0, "body", "Line 2: an {{if}}, {{with}} or {{range}} is not closed with {{end}}."},
		{func(s []Step) []Step { s[3].Offset = s[2].Offset; return s }, 3, "offset", "same day"},
		{func(s []Step) []Step { s[3].Offset = 1; return s }, 3, "offset", "move it up"},
		{func(s []Step) []Step { s[1].Name = s[0].Name; return s }, 1, "name", "named friendly already"},
		{func(s []Step) []Step { s[1].Name = "Due Today"; return s }, 1, "name", "lower-case"},
		{func(s []Step) []Step { s[0].Subject = " "; return s }, 0, "subject", "Write a subject."},
		{func(s []Step) []Step { s[0].HTML = "<p>{{.Nope}}</p>"; return s }, 0, "html", "no placeholder .Nope"},
		{func(s []Step) []Step { return nil }, -1, "", "1 to 10 steps"},
	}
	for i, c := range cases {
		p := Problems(c.edit(good()))
		if len(p) != 1 || p[0].Step != c.step || p[0].Field != c.field || !strings.Contains(p[0].Message, c.want) {
			t.Errorf("case %d: %+v, want step %d %s %q", i, p, c.step, c.field, c.want)
		}
	}
	if got := TemplateMessage(errors.New("subject: it came out empty")); !strings.Contains(got, "comes out empty") {
		t.Errorf("empty subject: %q", got)
	}
}
