package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
	"paidup/reminders"
)

// The Policy tab of the reminders screen: the default policy and named
// ones, each edited as steps (reminder_policy_editor.go) or as JSON.

// loadPolicies lists the stored policy names and shows the one named, or
// for "" the one chosen, or the default when that one is gone.
func (s *remindersScreen) loadPolicies(name string) {
	run(s.app, s.base, "Could not read the reminder policies", func(ctx context.Context) (map[string]string, error) {
		return s.l.ReminderPolicies(ctx)
	}, func(stored map[string]string) {
		names := []string{"default"}
		for n := range stored {
			if n != "default" {
				names = append(names, n)
			}
		}
		sort.Strings(names[1:])
		if name == "" {
			name = s.policyName.Selected
		}
		if _, ok := stored[name]; !ok {
			name = "default"
		}
		// Set directly, not with SetSelected: its OnChanged would read
		// the policies again only to show what is at hand.
		s.policyName.Options, s.policyName.Selected = names, name
		s.policyName.Refresh()
		s.showPolicy(stored)
	})
}

// loadPolicy shows the chosen policy: stored, or the built-in default.
func (s *remindersScreen) loadPolicy() {
	run(s.app, s.base, "Could not read the reminder policies", func(ctx context.Context) (map[string]string, error) {
		return s.l.ReminderPolicies(ctx)
	}, s.showPolicy)
}

func (s *remindersScreen) showPolicy(stored map[string]string) {
	name := s.policyName.Selected
	setEnabled(s.delPolicy, name != "default")
	if s.editor.dirty && s.editor.shown == name {
		// Back on the tab with steps edited and not saved: they stay.
		if js, ok := stored[name]; ok {
			s.policy.SetText(reminders.ReadableJSON(js))
		}
		s.editor.say(widget.MediumImportance, fmt.Sprintf("Policy %s has changes that are not saved yet.", name))
		return
	}
	s.editor.shown = name
	if js, ok := stored[name]; ok {
		s.policy.SetText(reminders.ReadableJSON(js))
		s.policyMsg.SetText(fmt.Sprintf("Policy %s as stored in the ledger.", name))
		p, err := reminders.ParsePolicy([]byte(js))
		if err != nil {
			s.editor.say(widget.DangerImportance, "The stored policy cannot be read: "+policyError(err)+" Correct it under JSON (advanced).")
			return
		}
		s.editor.load(p)
		s.editor.loaded(fmt.Sprintf("Policy %s as stored in the ledger.", name))
		return
	}
	js, err := reminders.DefaultPolicy().JSON()
	if err != nil {
		s.showError("Could not show the built-in policy", err)
		return
	}
	s.policy.SetText(string(js))
	s.policyMsg.SetText("The built-in policy: saving it stores your own copy as the default.")
	s.editor.load(reminders.DefaultPolicy())
	s.editor.loaded("The built-in policy: saving it stores your own copy as the default.")
}

// onPolicyChosen shows the policy chosen, once the user agrees to drop
// the unsaved changes to the one shown.
func (s *remindersScreen) onPolicyChosen(name string) {
	prev := s.editor.shown
	if !s.editor.dirty || name == prev {
		s.loadPolicy()
		return
	}
	d := dialog.NewConfirm("Unsaved changes", fmt.Sprintf("The steps of policy %s have changes that are not saved. "+
		"Drop them and show policy %s?", prev, name), func(ok bool) {
		if ok {
			s.editor.dirty = false
			s.loadPolicy()
			return
		}
		s.policyName.Selected = prev // set directly: SetSelected would ask again
		s.policyName.Refresh()
	}, s.win)
	d.SetConfirmText("Drop changes")
	d.SetDismissText("Keep editing")
	d.Show()
}

// maxPolicyFile bounds an imported policy: ten steps of text are a few
// kilobytes, so anything larger is not a policy.
const maxPolicyFile = 1 << 20

func (s *remindersScreen) onImportPolicy() { s.chooseFile(s.importPolicyFile) }

// importPolicyFile reads a policy from a JSON file into both views
// without storing it: the user looks at it and saves it.
func (s *remindersScreen) importPolicyFile(path string) {
	run(s.app, s.base, "Could not read the policy file", func(context.Context) (string, error) {
		b, err := readLimited(path, maxPolicyFile)
		if err != nil {
			return "", err
		}
		return string(b), nil
	}, func(js string) {
		p, err := reminders.ParsePolicy([]byte(js))
		if err != nil {
			s.policyMsg.Importance = widget.DangerImportance
			s.policyMsg.SetText(fmt.Sprintf("%s is not a policy paidup can use: %s Nothing was changed.", filepath.Base(path), policyError(err)))
			s.policyViews.SelectIndex(1)
			return
		}
		s.policy.SetText(reminders.ReadableJSON(js))
		s.editor.load(p)
		s.editor.dirty = true // read, not stored
		msg := fmt.Sprintf("Read from %s; not stored yet: Save to store it as policy %s.", filepath.Base(path), s.policyName.Selected)
		s.policyMsg.Importance = widget.MediumImportance
		s.policyMsg.SetText(msg)
		s.editor.say(widget.MediumImportance, msg)
	})
}

// readLimited reads a file of at most limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(b)) > limit {
		return nil, ledger.Errorf(ledger.EINVALID, "%s is larger than %d KB: not a reminder policy", filepath.Base(path), limit>>10)
	}
	return b, nil
}

func (s *remindersScreen) onExportPolicy() {
	s.saveAs("reminder-policy-"+s.policyName.Selected+".json", func(w fyne.URIWriteCloser, path string) {
		_, err := io.WriteString(w, s.policy.Text)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			s.showError("Could not write the policy file", err)
			return
		}
		s.policyMsg.SetText("Policy written to " + path + ".")
	})
}

// checkPolicy validates the JSON shown and says what is wrong with it.
func (s *remindersScreen) checkPolicy() bool {
	p, err := reminders.ParsePolicy([]byte(s.policy.Text))
	if err != nil {
		s.policyMsg.Importance = widget.DangerImportance
		s.policyMsg.SetText(policyError(err))
		return false
	}
	steps := make([]string, 0, len(p.Steps))
	for _, st := range p.Steps {
		steps = append(steps, fmt.Sprintf("%s %+d", st.Name, st.Offset))
	}
	s.policyMsg.Importance = widget.MediumImportance
	s.policyMsg.SetText("The policy is valid: " + strings.Join(steps, ", ") + ".")
	return true
}

// policyError is what is wrong with a policy: its parser's messages are
// meant for the user, whatever their type.
func policyError(err error) string {
	if m := userMessage(err); m != "The details are in the log." {
		return m
	}
	return err.Error()
}

func (s *remindersScreen) onSavePolicy() {
	if !s.checkPolicy() {
		return
	}
	name, js := s.policyName.Selected, s.policy.Text
	run(s.app, s.base, "Could not store the policy", func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.l.SetReminderPolicy(ctx, name, js)
	}, func(struct{}) {
		s.policyMsg.SetText(fmt.Sprintf("Policy %s stored. %s", name, s.policyMsg.Text))
		// The steps view shows what was stored, edits there or not.
		if p, err := reminders.ParsePolicy([]byte(js)); err == nil {
			s.editor.shown = name
			s.editor.load(p)
			s.editor.say(widget.MediumImportance, fmt.Sprintf("Policy %s stored from its JSON.", name))
		}
		s.onPreview()
	})
}

// onNewPolicy asks for a name and stores the policy shown under it, so a
// new policy starts from one that works rather than from nothing.
func (s *remindersScreen) onNewPolicy() {
	js := s.policy.Text
	if strings.TrimSpace(js) == "" { // the tab has not loaded yet
		b, err := reminders.DefaultPolicy().JSON()
		if err != nil {
			s.showError("Could not copy the built-in policy", err)
			return
		}
		js = string(b)
	} else if s.editor.dirty {
		// The steps as edited: the policy shown keeps what it has stored.
		var ok bool
		if js, ok = s.editor.build(); !ok {
			return // build says what is wrong, beside the fields
		}
	} else if !s.checkPolicy() {
		return // checkPolicy says what is wrong with it
	}
	from := "the policy shown (" + s.policyName.Selected + ")"
	if s.editor.dirty {
		from = "the steps as you edited them; policy " + s.policyName.Selected + " keeps what it has stored"
	}
	intro := fmt.Sprintf("The new policy starts as a copy of %s. "+
		"Name it with 1 to 32 lower-case letters, digits, '-' or '_'.", from)
	s.ask("New reminder policy", intro, "Name", "e.g. firm", "Create", func(name string, q *askDialog) {
		s.createPolicy(name, js, q)
	})
}

// createPolicy stores a policy under a name not in use; the ledger judges
// the name, and its refusal shows under the field.
func (s *remindersScreen) createPolicy(name, js string, q *askDialog) {
	refuse := func(msg string) (struct{}, error) {
		s.env.do(func() { setFieldError(q.problem, msg) })
		return struct{}{}, errHandled
	}
	run(s.app, s.base, "Could not create the policy", func(ctx context.Context) (struct{}, error) {
		stored, err := s.l.ReminderPolicies(ctx)
		if err != nil {
			return struct{}{}, err
		}
		// SetReminderPolicy replaces a policy of the same name: "New" must not.
		if _, ok := stored[name]; ok || name == "default" {
			return refuse(fmt.Sprintf("A policy named %s exists already: choose another name.", name))
		}
		err = s.l.SetReminderPolicy(ctx, name, js)
		if ledger.ErrorCode(err) == ledger.EINVALID {
			return refuse(userMessage(err))
		}
		return struct{}{}, err
	}, func(struct{}) {
		q.dlg.Hide()
		s.editor.dirty = false // what was edited is stored under the new name
		s.loadPolicies(name)
	})
}

// onDeletePolicy removes the named policy shown, once the user agrees.
// The default is never removed here: it is what customers fall back to.
func (s *remindersScreen) onDeletePolicy() {
	name := s.policyName.Selected
	if name == "" || name == "default" {
		return
	}
	d := dialog.NewConfirm("Delete policy", fmt.Sprintf("Delete the reminder policy %s? "+
		"Reminders already written to the outbox are not changed.", name), func(ok bool) {
		if ok {
			s.deletePolicy(name)
		}
	}, s.win)
	d.SetConfirmText("Delete")
	d.SetDismissText("Cancel")
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

// deletePolicy removes a policy; the ledger refuses one customers use.
func (s *remindersScreen) deletePolicy(name string) {
	run(s.app, s.base, "Could not delete the policy "+name, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.l.DeleteReminderPolicy(ctx, name)
	}, func(struct{}) { s.loadPolicies("default") })
}
