package reminders

import (
	"strings"
	"testing"
)

// FuzzStepTemplates: a step's subject, text and HTML templates are user
// text. parseStep must refuse or accept them without panicking; a step it
// accepts renders any data into a one-line, non-empty subject (a line
// break would end the mail header), a text ending in one newline and an
// HTML page, and values from the ledger (a customer's name) never reach
// the HTML unescaped.
// Seeds: testdata/fuzz/FuzzStepTemplates.
func FuzzStepTemplates(f *testing.F) {
	f.Fuzz(func(t *testing.T, subject, text, html string) {
		st, err := parseStep(Step{Name: "fuzz", Subject: subject, Text: Lines(text), HTML: Lines(html)})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error")
			}
			return
		}
		const inject = "<x-inject>\r\nBcc: victim@example.com"
		d := sampleData()
		d.Customer.Name = inject
		d.Business.Name = inject
		d.Items[0].Number = inject
		r, err := st.render(d)
		if err != nil {
			// Data can still fail a template that passed with the sample
			// (an index past the items, say): an error, not a panic.
			return
		}
		if r.Subject == "" || strings.ContainsAny(r.Subject, "\r\n") {
			t.Fatalf("subject %q: empty or more than one line", r.Subject)
		}
		if !strings.HasSuffix(r.Text, "\n") || strings.HasSuffix(r.Text, "\n\n") {
			t.Fatalf("text %q does not end in exactly one newline", r.Text)
		}
		if !strings.HasPrefix(r.HTML, "<!DOCTYPE html>") {
			t.Fatalf("HTML %q is not a page", r.HTML)
		}
		if strings.Contains(r.HTML, "<x-inject>") && !strings.Contains(subject+text+html, "x-inject") {
			t.Fatalf("a customer's name reached the HTML unescaped:\n%s", r.HTML)
		}
	})
}
