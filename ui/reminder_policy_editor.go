package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"paidup/reminders"
)

// The Steps view of the Policy tab: a policy's steps as a list and a
// form with typed fields, placeholders offered by name
// (reminders.Placeholders) and a preview against a real customer, so a
// policy is edited without JSON or the template language's field names.
// The JSON stays under "JSON (advanced)".
//
// The body edited is the plain-text email. A step may also carry an HTML
// version written for its text (the built-in ones do); it is kept while
// the text is unchanged and dropped once the text is edited, so the
// HTML part is then made from the new text (reminders.textToHTML). Two
// bodies edited side by side would drift apart, and most customers read
// the HTML part: what they see must be what the user wrote.

// policyEditorLedger is what the step editor reads and does.
type policyEditorLedger interface {
	customerFinder
	PreviewReminderStep(ctx context.Context, policy string, step int, customer string, asOf time.Time) (*reminders.Email, error)
	SetReminderPolicy(ctx context.Context, name, policy string) error
}

// editStep is a step as edited.
type editStep struct {
	reminders.Step
	offset string          // as typed; read on Save
	text0  reminders.Lines // the text as loaded: HTML made for it goes once it changes
}

// steps returns the step as the policy would store it, and whether its
// offset is a number.
func (e editStep) stored() (reminders.Step, bool) {
	s := e.Step
	n, err := parseOffset(e.offset)
	s.Offset = n
	if s.Text != e.text0 {
		s.HTML = ""
	}
	return s, err == nil
}

// parseOffset reads days relative to the due date: "-3", "0", "+7".
func parseOffset(v string) (int, error) {
	return strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(v), "+"))
}

// offsetText is how an offset is shown in its field: "+7", "0", "-3".
func offsetText(n int) string {
	if n > 0 {
		return "+" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

type policyEditor struct {
	s *remindersScreen
	l policyEditorLedger

	steps    []editStep
	broken   *reminders.Step // the broken-promise reminder, kept as loaded
	cur      int             // the step in the form; -1 none
	loading  bool            // the form is being filled: its changes are not edits
	problems map[int]map[string]string
	saved    string // said once the policy saved is shown again
	shown    string // the name of the policy loaded
	dirty    bool   // edited since loaded: not to be replaced unasked

	list                   *widget.List
	add, remove, up, down  *widget.Button
	name, offset           *widget.Entry
	subject, body          *widget.Entry
	nameErr, offsetErr     *widget.Label
	subjectErr, bodyErr    *widget.Label
	offsetWords, htmlNote  *widget.Label
	statement              *widget.Check
	subjectIns, bodyIns    *widget.Select
	cursor                 map[*widget.Entry]int // where the user left the cursor (runes); none: the end
	save                   *widget.Button
	msg                    *widget.Label
	form                   *fyne.Container
	customer               *widget.Entry
	picker                 *customerPicker
	customerErr            *widget.Label
	previewTo, previewSubj *widget.Label
	previewBody            *widget.Label
	right                  *container.AppTabs // the step's email, its preview
}

func newPolicyEditor(s *remindersScreen, l policyEditorLedger) *policyEditor {
	e := &policyEditor{s: s, l: l, cur: -1, cursor: map[*widget.Entry]int{},
		name: widget.NewEntry(), offset: widget.NewEntry(), subject: widget.NewEntry(), body: widget.NewMultiLineEntry(),
		nameErr: fieldError(), offsetErr: fieldError(), subjectErr: fieldError(), bodyErr: fieldError(),
		offsetWords: widget.NewLabel(""), htmlNote: widget.NewLabel(""), msg: widget.NewLabel(""),
		customer: widget.NewEntry(), customerErr: fieldError(),
		previewTo: widget.NewLabel(""), previewSubj: heading(""), previewBody: widget.NewLabel("")}
	e.list = widget.NewList(func() int { return len(e.steps) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(e.steps) {
				o.(*widget.Label).SetText(e.stepLine(i))
			}
		})
	e.list.OnSelected = func(i widget.ListItemID) {
		if i != e.cur {
			e.showStep(i)
		}
	}
	e.add = widget.NewButtonWithIcon("Add step", theme.ContentAddIcon(), e.onAdd)
	e.remove = widget.NewButtonWithIcon("Remove", theme.ContentRemoveIcon(), e.onRemove)
	e.up = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { e.move(-1) })
	e.down = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { e.move(1) })

	e.name.SetPlaceHolder("e.g. friendly")
	e.offset.SetPlaceHolder("e.g. -3, 0 or +7")
	e.subject.SetPlaceHolder("The email's subject line")
	e.body.SetPlaceHolder("The email's text")
	e.body.SetMinRowsVisible(9)
	e.body.Wrapping = fyne.TextWrapWord
	e.offsetWords.Importance = widget.LowImportance
	e.htmlNote.Wrapping = fyne.TextWrapWord
	e.htmlNote.Importance = widget.LowImportance
	e.msg.Wrapping = fyne.TextWrapWord
	e.previewTo.Wrapping = fyne.TextWrapWord
	e.previewSubj.Wrapping = fyne.TextWrapWord
	e.previewBody.Wrapping = fyne.TextWrapWord
	e.previewBody.TextStyle.Monospace = true

	e.name.OnChanged = func(v string) { e.edit("name", func(s *editStep) { s.Name = strings.TrimSpace(v) }) }
	e.offset.OnChanged = func(v string) {
		e.edit("offset", func(s *editStep) { s.offset = v })
		e.showOffsetWords()
	}
	e.subject.OnChanged = func(v string) { e.edit("subject", func(s *editStep) { s.Subject = v }) }
	e.body.OnChanged = func(v string) {
		e.edit("body", func(s *editStep) { s.Text = reminders.Lines(v) })
		e.showHTMLNote()
	}
	e.statement = widget.NewCheck("Attach a statement of the customer's open items (PDF)", func(on bool) {
		e.edit("", func(s *editStep) { s.Statement = on })
	})
	for _, en := range []*widget.Entry{e.subject, e.body} {
		e.trackCursor(en)
	}
	var all, short []string
	for _, p := range reminders.Placeholders {
		all = append(all, p.Label)
		if p.Subject {
			short = append(short, p.Label)
		}
	}
	e.subjectIns = e.placeholderSelect(short, e.subject)
	e.bodyIns = e.placeholderSelect(all, e.body)

	e.save = widget.NewButtonWithIcon("Save policy", theme.DocumentSaveIcon(), e.onSave)
	e.save.Importance = widget.HighImportance
	e.customer.SetPlaceHolder("Customer name, code or email")
	// The picker writes the chosen customer's code into the entry.
	e.picker = newCustomerPicker(s.app, l, e.customer, func(string) { e.onPreview() })
	return e
}

// loaded says what policy is shown, or that it was just saved.
func (e *policyEditor) loaded(msg string) {
	if e.saved != "" {
		msg, e.saved = e.saved, ""
		e.say(widget.SuccessImportance, msg)
		return
	}
	e.say(widget.MediumImportance, msg)
}

// say shows a message under the editor.
func (e *policyEditor) say(imp widget.Importance, msg string) {
	e.msg.Importance = imp
	e.msg.SetText(msg)
}

// placeholderSelect offers placeholders by name and writes the chosen
// one into en where the user left the cursor, else at the end.
func (e *policyEditor) placeholderSelect(labels []string, en *widget.Entry) *widget.Select {
	var sel *widget.Select
	sel = widget.NewSelect(labels, func(label string) {
		if label == "" {
			return
		}
		for _, p := range reminders.Placeholders {
			if p.Label == label {
				e.insert(en, p.Template)
			}
		}
		sel.ClearSelected()
	})
	sel.PlaceHolder = "Insert placeholder…"
	return sel
}

// trackCursor remembers where the user leaves the cursor in en: the
// entry reports its cursor on every redraw too, so only while it has the
// focus.
func (e *policyEditor) trackCursor(en *widget.Entry) {
	en.OnCursorChanged = func() {
		if c := fyne.CurrentApp().Driver().CanvasForObject(en); c != nil && c.Focused() == en {
			e.cursor[en] = en.CursorTextOffset()
		}
	}
}

// insert writes text into en at the remembered cursor or at the end, and
// leaves the next insertion after it.
func (e *policyEditor) insert(en *widget.Entry, text string) {
	if e.cur < 0 {
		return
	}
	r := []rune(en.Text)
	at, ok := e.cursor[en]
	if !ok || at > len(r) {
		at = len(r)
	}
	en.SetText(string(r[:at]) + text + string(r[at:]))
	e.cursor[en] = at + len([]rune(text))
}

// load shows a policy's steps; the step shown stays if it still exists.
func (e *policyEditor) load(p *reminders.Policy) {
	e.steps = e.steps[:0]
	for _, s := range p.Steps {
		e.steps = append(e.steps, editStep{Step: s, offset: offsetText(s.Offset), text0: s.Text})
	}
	e.broken = nil
	if p.BrokenPromise != nil {
		b := *p.BrokenPromise
		e.broken = &b
	}
	e.problems = nil
	e.dirty = false
	cur := max(0, min(e.cur, len(e.steps)-1))
	e.cur = -1
	e.list.Refresh()
	e.showStep(cur)
}

// stepLine is a step in the list: its name and when it goes out.
func (e *policyEditor) stepLine(i int) string {
	s := e.steps[i]
	when := "(no day yet)"
	if n, err := parseOffset(s.offset); err == nil {
		when = reminders.OffsetWords(n)
	}
	mark := ""
	if len(e.problems[i]) > 0 {
		mark = "⚠ "
	}
	return fmt.Sprintf("%s%d. %s — %s", mark, i+1, s.Name, when)
}

// showStep fills the form with step i.
func (e *policyEditor) showStep(i int) {
	if i < 0 || i >= len(e.steps) {
		e.cur = -1
		if e.form != nil {
			e.form.Hide()
		}
		e.buttons()
		return
	}
	e.cur = i
	s := e.steps[i]
	e.loading = true
	e.name.SetText(s.Name)
	e.offset.SetText(s.offset)
	e.statement.SetChecked(s.Statement)
	e.subject.SetText(s.Subject)
	e.body.SetText(string(s.Text))
	e.loading = false
	clear(e.cursor)
	e.showOffsetWords()
	e.showHTMLNote()
	e.showProblems()
	if e.form != nil {
		e.form.Show()
	}
	e.list.Select(i)
	e.buttons()
}

// edit applies a change the user made to the step in the form.
func (e *policyEditor) edit(field string, change func(*editStep)) {
	if e.loading || e.cur < 0 {
		return
	}
	change(&e.steps[e.cur])
	e.dirty = true
	if p := e.problems[e.cur]; p != nil && p[field] != "" {
		delete(p, field) // the user is fixing it
		e.showProblems()
	}
	e.list.RefreshItem(e.cur)
}

func (e *policyEditor) showOffsetWords() {
	if n, err := parseOffset(e.offset.Text); err == nil {
		e.offsetWords.SetText("Sent " + reminders.OffsetWords(n) + ".")
	} else {
		e.offsetWords.SetText("Days from the due date: negative before it, 0 on the day, positive after.")
	}
}

func (e *policyEditor) showHTMLNote() {
	if e.cur < 0 {
		return
	}
	s := e.steps[e.cur]
	switch {
	case s.HTML == "":
		e.htmlNote.SetText("Emails carry this text, and an HTML version laid out from it.")
	case s.Text == s.text0:
		e.htmlNote.SetText("This step also has a designed HTML version (edit it under JSON (advanced)); " +
			"editing the text here replaces it with one laid out from your text.")
	default:
		e.htmlNote.SetText("The HTML version will be laid out from this text when you save.")
	}
}

// showProblems shows the step's problems beside its fields.
func (e *policyEditor) showProblems() {
	p := map[string]string{}
	if e.cur >= 0 && e.problems[e.cur] != nil {
		p = e.problems[e.cur]
	}
	setFieldError(e.nameErr, p["name"])
	setFieldError(e.offsetErr, p["offset"])
	setFieldError(e.subjectErr, p["subject"])
	body := p["body"]
	if h := p["html"]; h != "" {
		body = strings.TrimSpace(body + " HTML version: " + h)
	}
	setFieldError(e.bodyErr, body)
}

func (e *policyEditor) buttons() {
	setEnabled(e.add, len(e.steps) < 10)
	setEnabled(e.remove, e.cur >= 0 && len(e.steps) > 1)
	setEnabled(e.up, e.cur > 0)
	setEnabled(e.down, e.cur >= 0 && e.cur < len(e.steps)-1)
}

// onAdd adds a step after the last, a week later, with a subject and a
// text that say where the invoices stand, to be edited.
func (e *policyEditor) onAdd() {
	if len(e.steps) >= 10 {
		return
	}
	offset := 0
	if n := len(e.steps); n > 0 {
		last, err := parseOffset(e.steps[n-1].offset)
		if err == nil {
			offset = min(last+7, 365)
		}
	}
	name := "step"
	for i := len(e.steps) + 1; e.named(name); i++ {
		name = fmt.Sprintf("step-%d", i)
	}
	text := reminders.Lines("Dear {{.Customer.Name}},\n\nPlease note that {{.Lead}}:\n\n{{template \"items\" .}}\n" +
		"{{template \"payment\" .}}{{template \"signature\" .}}")
	e.steps = append(e.steps, editStep{Step: reminders.Step{Name: name, Subject: "{{.Headline}}", Text: text},
		offset: offsetText(offset), text0: text})
	e.dirty = true
	e.list.Refresh()
	e.showStep(len(e.steps) - 1)
	e.say(widget.MediumImportance, "Step added at the end: name it, set its day and write its email, then Save policy.")
}

func (e *policyEditor) named(name string) bool {
	for _, s := range e.steps {
		if s.Name == name {
			return true
		}
	}
	return false
}

func (e *policyEditor) onRemove() {
	if e.cur < 0 || len(e.steps) <= 1 {
		return
	}
	name := e.steps[e.cur].Name
	e.steps = append(e.steps[:e.cur], e.steps[e.cur+1:]...)
	e.problems = nil
	e.dirty = true
	i := min(e.cur, len(e.steps)-1)
	e.cur = -1
	e.list.UnselectAll()
	e.list.Refresh()
	e.showStep(i)
	e.say(widget.MediumImportance, fmt.Sprintf("Step %s removed; Save policy to keep the change.", name))
}

// move moves the step shown up (-1) or down (+1).
func (e *policyEditor) move(by int) {
	i, j := e.cur, e.cur+by
	if i < 0 || j < 0 || j >= len(e.steps) {
		return
	}
	e.steps[i], e.steps[j] = e.steps[j], e.steps[i]
	e.problems = nil
	e.dirty = true
	e.cur = j
	e.list.Refresh()
	e.list.Select(j)
	e.showProblems()
	e.buttons()
}

// build is the policy being edited, checked: its JSON, or nothing and
// the problems shown beside their fields.
func (e *policyEditor) build() (string, bool) {
	e.problems = map[int]map[string]string{}
	put := func(i int, field, msg string) {
		if e.problems[i] == nil {
			e.problems[i] = map[string]string{}
		}
		if e.problems[i][field] == "" {
			e.problems[i][field] = msg
		}
	}
	steps := make([]reminders.Step, len(e.steps))
	for i, s := range e.steps {
		var ok bool
		if steps[i], ok = s.stored(); !ok {
			put(i, "offset", "Type a whole number of days: -3 for three days before the due date, 0 on it, 7 for a week after.")
		}
	}
	var whole []string
	for _, p := range reminders.Problems(steps) {
		if p.Step < 0 {
			whole = append(whole, p.Message)
			continue
		}
		put(p.Step, p.Field, p.Message)
	}
	if len(e.problems) > 0 || len(whole) > 0 {
		e.showAllProblems(whole)
		return "", false
	}
	js, err := (&reminders.Policy{Steps: steps, BrokenPromise: e.broken}).JSON()
	if err == nil {
		_, err = reminders.ParsePolicy(js) // the very check the ledger's readers apply
	}
	if err != nil {
		e.showAllProblems([]string{policyError(err)})
		return "", false
	}
	e.problems = nil
	e.showProblems()
	e.list.Refresh()
	return string(js), true
}

// showAllProblems lists which steps need fixing and shows the first
// one's problems beside its fields.
func (e *policyEditor) showAllProblems(whole []string) {
	first := -1
	var where []string
	for i := range e.steps {
		p := e.problems[i]
		if len(p) == 0 {
			continue
		}
		if first < 0 {
			first = i
		}
		var fields []string
		for _, f := range []string{"name", "offset", "subject", "body", "html"} {
			if p[f] != "" {
				fields = append(fields, fieldName(f))
			}
		}
		where = append(where, fmt.Sprintf("step %d (%s): %s", i+1, e.steps[i].Name, strings.Join(fields, ", ")))
	}
	msg := "Nothing was saved."
	if len(where) > 0 {
		msg += " Fix " + strings.Join(where, "; ") + "."
	}
	if len(whole) > 0 {
		msg += " " + strings.Join(whole, " ")
	}
	e.say(widget.DangerImportance, msg)
	e.list.Refresh()
	if first >= 0 && len(e.problems[e.cur]) == 0 {
		e.showStep(first)
	} else {
		e.showProblems()
	}
}

func fieldName(f string) string {
	switch f {
	case "offset":
		return "day"
	case "html":
		return "HTML version"
	case "body":
		return "text"
	}
	return f
}

// onSave checks the whole policy and stores it under the name chosen.
func (e *policyEditor) onSave() {
	js, ok := e.build()
	if !ok {
		return
	}
	name := e.s.policyName.Selected
	run(e.s.app, e.s.base, "Could not store the policy", func(ctx context.Context) (struct{}, error) {
		return struct{}{}, e.l.SetReminderPolicy(ctx, name, js)
	}, func(struct{}) {
		e.saved = fmt.Sprintf("Policy %s saved with %d steps.", name, len(e.steps))
		e.dirty = false
		e.s.loadPolicies(name)
		if e.s.auto {
			e.s.onPreview()
		}
	})
}

// onPreview writes the step shown, as edited, to the customer chosen,
// through the same data and templates a run uses.
func (e *policyEditor) onPreview() {
	if e.cur < 0 {
		return
	}
	code := strings.TrimSpace(e.customer.Text)
	if code == "" {
		setFieldError(e.customerErr, "Choose a customer to preview with.")
		return
	}
	setFieldError(e.customerErr, "")
	js, ok := e.build()
	if !ok {
		e.say(widget.DangerImportance, "Not previewed: "+strings.TrimPrefix(e.msg.Text, "Nothing was saved. "))
		return
	}
	step := e.cur
	run(e.s.app, e.s.base, "Could not preview the reminder", func(ctx context.Context) (*reminders.Email, error) {
		em, err := e.l.PreviewReminderStep(ctx, js, step, code, time.Time{})
		if m := userMessage(err); err != nil && m != "The details are in the log." {
			e.s.env.do(func() { setFieldError(e.customerErr, m) })
			return nil, errHandled
		}
		return em, err
	}, func(em *reminders.Email) {
		to := em.Recipient
		if to == "" {
			to = "(no email address)"
		}
		if e.right != nil {
			e.right.SelectIndex(1)
		}
		e.previewTo.SetText(fmt.Sprintf("To %s — %s (%s), %d invoice(s). Attached: %s.", to, em.CustomerName, em.CustomerCode,
			len(em.Items), strings.Join(attachmentNames(*em), ", ")))
		e.previewSubj.SetText(em.Subject)
		e.previewBody.SetText(em.Text)
	})
}

// content lays the editor out: the steps on the left, the form and the
// preview on the right, Save always in sight.
func (e *policyEditor) content() fyne.CanvasObject {
	grid := func(label string, w fyne.CanvasObject) fyne.CanvasObject {
		return container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(90, w.MinSize().Height), widget.NewLabel(label)), nil, w)
	}
	subjectRow := container.NewBorder(nil, nil, nil, e.subjectIns, e.subject)
	bodyHead := container.NewHBox(widget.NewLabel("Text"), layout.NewSpacer(), e.bodyIns)
	e.form = container.NewVBox(
		grid("Name", e.name), e.nameErr,
		grid("Day", container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(90, e.offset.MinSize().Height), e.offset), nil, e.offsetWords)), e.offsetErr,
		e.statement,
		grid("Subject", subjectRow), e.subjectErr,
		bodyHead, e.body, e.bodyErr, e.htmlNote)
	intro := widget.NewLabel("The step shown, as edited and not yet saved, written to a customer of yours with their open invoices, " +
		"exactly as a reminder run would write it.")
	intro.Wrapping = fyne.TextWrapWord
	preview := container.NewVBox(intro,
		container.NewBorder(nil, nil, widget.NewLabel("Customer"), widget.NewButtonWithIcon("Preview", theme.VisibilityIcon(), e.picker.submit), e.customer),
		e.customerErr, e.previewTo, e.previewSubj, e.previewBody)
	e.right = container.NewAppTabs(
		container.NewTabItem("Email", container.NewVScroll(e.form)),
		container.NewTabItem("Preview", container.NewVScroll(preview)))
	steps := container.NewBorder(nil, container.NewVBox(container.NewHBox(e.add, e.remove), container.NewHBox(widget.NewLabel("Move"), e.up, e.down)), nil, nil, e.list)
	split := container.NewHSplit(steps, e.right)
	split.Offset = 0.3
	return container.NewBorder(nil, container.NewBorder(nil, nil, nil, e.save, e.msg), nil, nil, split)
}
