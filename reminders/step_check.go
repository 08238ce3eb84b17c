package reminders

import (
	"fmt"
	"regexp"
	"strings"

	"paidup/ledger"
)

// Problem is one thing wrong with a policy, placed where an editor shows
// it: Step is the step's index (-1: the policy as a whole), Field one of
// "name", "offset", "subject", "body", "html" ("" for the step or the
// policy as a whole).
type Problem struct {
	Step    int
	Field   string
	Message string
}

// Problems checks a policy's steps field by field, with the rules
// ParsePolicy applies and stricter ones an editor can hold users to
// (every step has its own subject and body): an empty list means
// ParsePolicy will take it. Each template is run on sample data, so a
// misspelt placeholder is found here and not by a customer.
func Problems(steps []Step) []Problem {
	var out []Problem
	add := func(i int, field, format string, args ...any) {
		out = append(out, Problem{Step: i, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if len(steps) == 0 || len(steps) > maxSteps {
		add(-1, "", "A policy has 1 to %d steps, not %d.", maxSteps, len(steps))
	}
	seen := map[string]int{}
	for i, s := range steps {
		if !ledger.ValidName(s.Name) {
			add(i, "name", "Use 1 to 32 lower-case letters, digits, '-' or '_'.")
		} else if j, ok := seen[s.Name]; ok {
			add(i, "name", "Step %d is named %s already.", j+1, s.Name)
		} else {
			seen[s.Name] = i
		}
		switch {
		case s.Offset < minOffset || s.Offset > maxOffset:
			add(i, "offset", "Use a number of days from %d to %d.", minOffset, maxOffset)
		case i > 0 && s.Offset == steps[i-1].Offset:
			add(i, "offset", "The step above is sent on the same day (%s): give each step its own day.", OffsetWords(s.Offset))
		case i > 0 && s.Offset < steps[i-1].Offset:
			add(i, "offset", "Steps go in order of their day: this one (%s) comes before the step above (%s); move it up or change the day.",
				OffsetWords(s.Offset), OffsetWords(steps[i-1].Offset))
		}
		if strings.TrimSpace(s.Subject) == "" {
			add(i, "subject", "Write a subject.")
		} else if err := checkPart(Step{Subject: s.Subject, Text: "x"}); err != nil {
			add(i, "subject", "%s", TemplateMessage(err))
		}
		if strings.TrimSpace(string(s.Text)) == "" {
			add(i, "body", "Write the email's text.")
		} else if err := checkPart(Step{Subject: "x", Text: s.Text}); err != nil {
			add(i, "body", "%s", TemplateMessage(err))
		}
		if s.HTML != "" {
			if err := checkPart(Step{Subject: "x", Text: "x", HTML: s.HTML}); err != nil {
				add(i, "html", "%s", TemplateMessage(err))
			}
		}
	}
	return out
}

// checkPart parses and runs one part of a step, the others set to text
// that cannot fail.
func checkPart(s Step) error {
	_, err := parseStep(s)
	return err
}

// OffsetWords says when a step goes out: "3 days before the due date",
// "on the due date", "7 days after the due date".
func OffsetWords(offset int) string {
	switch {
	case offset == 0:
		return "on the due date"
	case offset == -1:
		return "1 day before the due date"
	case offset < 0:
		return fmt.Sprintf("%d days before the due date", -offset)
	case offset == 1:
		return "1 day after the due date"
	}
	return fmt.Sprintf("%d days after the due date", offset)
}

var (
	// "subject: template: subject:1:12: executing …": the part, then
	// Go's own name and position.
	tplPrefix  = regexp.MustCompile(`^(?:subject|text|html): (?:template: )?(?:[a-z]+:)?(\d+)(?::\d+)?: `)
	noField    = regexp.MustCompile(`executing "[^"]*" at <([^>]*)>: can't evaluate field (\w+)`)
	noFunction = regexp.MustCompile(`function "([^"]*)" not defined`)
	noTemplate = regexp.MustCompile(`no such template "([^"]*)"`)
)

// TemplateMessage says what is wrong with a template in words a user
// can act on, with the line; the parser's own words when it is not one
// of the usual mistakes.
func TemplateMessage(err error) string {
	msg := err.Error()
	line := ""
	if m := tplPrefix.FindStringSubmatch(msg); m != nil {
		line, msg = "Line "+m[1]+": ", msg[len(m[0]):]
	} else {
		for _, p := range []string{"subject: ", "text: ", "html: "} {
			msg = strings.TrimPrefix(msg, p)
		}
	}
	switch {
	case strings.Contains(msg, "unclosed action"):
		return line + "a placeholder opened with {{ is not closed with }}."
	case strings.Contains(msg, "unexpected EOF"):
		return line + "an {{if}}, {{with}} or {{range}} is not closed with {{end}}."
	case noField.MatchString(msg):
		m := noField.FindStringSubmatch(msg)
		return line + fmt.Sprintf("there is no placeholder %s (%s is not known); pick one from Insert placeholder.", m[1], m[2])
	case noFunction.MatchString(msg):
		return line + fmt.Sprintf("there is no function %q.", noFunction.FindStringSubmatch(msg)[1])
	case noTemplate.MatchString(msg):
		return line + fmt.Sprintf("there is no part named %q (there are \"items\", \"payment\" and \"signature\").", noTemplate.FindStringSubmatch(msg)[1])
	case strings.Contains(msg, "came out empty"):
		return "It comes out empty: write some words besides the placeholders."
	}
	return line + msg
}
