package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"paidup/bank"
	"paidup/ledger"
)

// bankLedger is what the Bank screen reads and does.
type bankLedger interface {
	CountBankLines(ctx context.Context, f ledger.BankLineFilter) (int, error)
	BankLines(ctx context.Context, f ledger.BankLineFilter) ([]ledger.BankLine, error)
	BankReconciliation(ctx context.Context) ([]ledger.BankAccountSummary, error)
	BankCSVMappings(ctx context.Context) ([]ledger.BankCSVMapping, error)
	SaveBankCSVMapping(ctx context.Context, m ledger.BankCSVMapping) error
	ImportStatement(ctx context.Context, path string, o bank.ImportOptions) (bank.ImportResult, error)
	MatchStatements(ctx context.Context, dryRun bool) ([]bank.Outcome, error)
	AcceptStatementLine(ctx context.Context, ref string, invoices []string) (ledger.Document, bank.Decision, error)
	AcceptStatementAsCredit(ctx context.Context, ref, customer string) (ledger.Document, bank.Decision, error)
	IgnoreStatementLine(ctx context.Context, ref, reason string) error
	UndoStatementLine(ctx context.Context, ref, reason string) error
}

// bankViews are the line lists the screen offers, the first shown first:
// what waits for a person.
var bankViews = []struct {
	label  string
	status []ledger.BankStatus
}{
	{"To review", []ledger.BankStatus{ledger.BankReview, ledger.BankUnmatched}},
	{"Suggested", []ledger.BankStatus{ledger.BankReview}},
	{"Unmatched", []ledger.BankStatus{ledger.BankUnmatched}},
	{"Matched", []ledger.BankStatus{ledger.BankMatched}},
	{"Ignored", []ledger.BankStatus{ledger.BankIgnored}},
	{"All lines", nil},
}

// noMapping is the import dialog's choice for a statement whose format is
// detected (camt, OFX, MT940, a ZIP of them).
const noMapping = "none: camt, OFX, MT940 or ZIP (detected)"

// bankScreen is the review queue of bank statement lines: the lines in a
// virtual table on one side, the selected line with matching's suggestion
// and its reasons on the other, to accept (Ctrl+Enter), accept for other
// invoices (split across them), ignore or undo; above them the
// reconciliation of each account. Import reads a statement and matches it
// at once, posting what is certain.
type bankScreen struct {
	*app
	l      bankLedger
	rows   *pager[ledger.BankLine, ledger.BankLineFilter]
	filter ledger.BankLineFilter
	view   *widget.Select
	table  *widget.Table
	count  *widget.Label
	recon  *widget.Label
	status *widget.Label

	// The selected line and its panel.
	line       *ledger.BankLine
	facts      *widget.Label
	suggestion *widget.Label
	reasons    *widget.Label
	invoices   *widget.Entry
	customer   *widget.Entry
	why        *widget.Entry
	accept     *widget.Button
	asCredit   *widget.Button
	ignore     *widget.Button
	undo       *widget.Button
	problem    *widget.Label
	detail     *fyne.Container
	shortcut   bool // Ctrl+Enter bound

	mappingForm *mappingForm // the CSV mappings dialog, while shown
}

func newBankScreen(a *app, l bankLedger) *bankScreen {
	s := &bankScreen{app: a, l: l, count: widget.NewLabel(""), recon: widget.NewLabel(""), status: widget.NewLabel(""),
		filter: ledger.BankLineFilter{Status: bankViews[0].status}}
	s.status.Wrapping = fyne.TextWrapWord
	s.recon.Wrapping = fyne.TextWrapWord
	s.rows = &pager[ledger.BankLine, ledger.BankLineFilter]{app: a, what: "statement lines",
		query: func() ledger.BankLineFilter { return s.filter },
		count: l.CountBankLines,
		fetch: func(ctx context.Context, f ledger.BankLineFilter, off, n, _ int) ([]ledger.BankLine, error) {
			f.Offset, f.Limit = off, n
			return l.BankLines(ctx, f)
		},
		counted: func(_ ledger.BankLineFilter, n int, err error) {
			if err == nil {
				s.count.SetText(map[bool]string{true: "1 line", false: group(n) + " lines"}[n == 1])
			}
		},
	}
	cols := []tableColumn[ledger.BankLine]{
		{title: "Date", width: 110, text: func(l *ledger.BankLine) string { return fmtDate(l.Date) }},
		{title: "Amount", width: 150, align: fyne.TextAlignTrailing, text: func(l *ledger.BankLine) string { return l.Amount.String() },
			importance: func(l *ledger.BankLine) widget.Importance {
				if l.Amount.Minor < 0 {
					return widget.DangerImportance
				}
				return widget.MediumImportance
			}},
		{title: "Payer", width: 220, text: func(l *ledger.BankLine) string { return l.Name }},
		{title: "Status", width: 110, text: func(l *ledger.BankLine) string { return string(l.Status) }},
		{title: "Invoices", width: 180, text: func(l *ledger.BankLine) string { return strings.Join(l.Invoices, " ") }},
		{title: "%", width: 60, align: fyne.TextAlignTrailing, text: func(l *ledger.BankLine) string {
			if l.Confidence == 0 {
				return ""
			}
			return fmt.Sprint(l.Confidence)
		}},
		{title: "Text", width: 320, text: func(l *ledger.BankLine) string { return firstOf(l.Structured, l.Text, l.EndToEnd) }},
	}
	s.table = pagedTable(s.rows, cols, func(string) {}, func() (string, bool) { return "", false })
	s.table.OnSelected = func(id widget.TableCellID) {
		if r, ok := s.rows.row(id.Row); ok {
			l := *r
			s.select_(&l)
		}
	}
	labels := make([]string, len(bankViews))
	for i, v := range bankViews {
		labels[i] = v.label
	}
	s.view = widget.NewSelect(labels, nil)
	s.view.SetSelected(bankViews[0].label)
	s.view.OnChanged = func(label string) {
		for _, v := range bankViews {
			if v.label == label {
				s.filter = ledger.BankLineFilter{Status: v.status}
			}
		}
		s.select_(nil)
		s.rows.reload()
	}

	s.facts, s.suggestion, s.reasons = widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel("")
	for _, l := range []*widget.Label{s.facts, s.suggestion, s.reasons} {
		l.Wrapping = fyne.TextWrapWord
	}
	s.suggestion.TextStyle.Bold = true
	s.invoices = widget.NewEntry()
	s.invoices.SetPlaceHolder("Invoice numbers, e.g. INV-000042 INV-000043")
	s.customer = widget.NewEntry()
	s.customer.SetPlaceHolder("Customer code: the whole amount as their credit")
	s.asCredit = widget.NewButton("As credit", s.onCredit)
	s.why = widget.NewEntry()
	s.why.SetPlaceHolder("Why (ignore, undo): optional")
	s.accept = widget.NewButtonWithIcon("Accept (Ctrl+Enter)", theme.ConfirmIcon(), s.onAccept)
	s.accept.Importance = widget.HighImportance
	s.ignore = widget.NewButton("Ignore: not a customer's payment", s.onIgnore)
	s.undo = widget.NewButtonWithIcon("Undo match", theme.ContentUndoIcon(), s.onUndo)
	s.problem = fieldError()
	s.detail = container.NewVBox(heading("Statement line"), s.facts, widget.NewSeparator(), heading("Suggestion"), s.suggestion,
		s.reasons, widget.NewForm(widget.NewFormItem("Invoices", s.invoices),
			widget.NewFormItem("Or customer", container.NewBorder(nil, nil, nil, s.asCredit, s.customer)),
			widget.NewFormItem("Why", s.why)), s.problem,
		container.NewHBox(s.accept, s.ignore, s.undo))
	s.select_(nil)
	return s
}

// firstOf is the first non-empty of ss.
func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func (s *bankScreen) content() fyne.CanvasObject {
	top := container.NewHBox(heading("Bank statements"), layout.NewSpacer(), s.view,
		widget.NewButtonWithIcon("Match", theme.SearchReplaceIcon(), s.onMatch),
		widget.NewButtonWithIcon("CSV mappings…", theme.SettingsIcon(), s.onMappings),
		widget.NewButtonWithIcon("Import statement…", theme.UploadIcon(), s.onImport))
	list := container.NewBorder(nil, s.count, nil, nil, s.table)
	split := container.NewHSplit(list, container.NewVScroll(s.detail))
	split.Offset = 0.62
	return container.NewBorder(container.NewVBox(top, s.recon, s.status), nil, nil, nil, split)
}

func (s *bankScreen) start() {
	s.bindShortcut()
	s.reload()
}
func (s *bankScreen) refresh() { s.reload() }
func (s *bankScreen) close()   { s.rows.stop() }

// ledgerChanged: a line decided at another desk leaves the queue. The
// panel's typing is kept: only the list and the figures reload.
func (s *bankScreen) ledgerChanged() { s.reload() }

// bindShortcut makes Ctrl+Enter accept the selected line while the Bank
// screen is shown ("accept with one key").
func (s *bankScreen) bindShortcut() {
	if s.shortcut || s.win == nil {
		return
	}
	s.shortcut = true
	s.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) {
			if s.nav != nil && s.nav.tabs != nil && s.nav.tabs.Selected() != nil && s.nav.tabs.Selected().Text == "Bank" && s.line != nil {
				s.onAccept()
			}
		})
}

func (s *bankScreen) reload() {
	s.rows.reload()
	run(s.app, s.base, "Could not reconcile the bank accounts", s.l.BankReconciliation, func(bs []ledger.BankAccountSummary) {
		s.recon.SetText(reconciliationText(bs))
	})
}

// reconciliationText says, per account and currency, what the statement
// lines add up to and how much of it is accounted for.
func reconciliationText(bs []ledger.BankAccountSummary) string {
	if len(bs) == 0 {
		return "No statements yet. Import statement… reads camt.053/054, OFX/QFX/QBO, MT940, a ZIP of them, or a CSV by its bank's mapping (paidup bank mapping set)."
	}
	var b strings.Builder
	for i, a := range bs {
		if i > 0 {
			b.WriteString("\n")
		}
		st := func(k ledger.BankStatus) string {
			return fmt.Sprintf("%d (%s)", a.Status[k].Lines, ledger.NewMoney(a.Status[k].Amount.Minor, a.Currency))
		}
		fmt.Fprintf(&b, "%s, %s to %s: %d lines, in %s, out %s, movement %s — matched %s, ignored %s; accounted for %s, waiting %s: in review %s, unmatched %s.",
			a.Account, a.First, a.Last, a.Lines, a.In, a.Out, a.Net, st(ledger.BankMatched), st(ledger.BankIgnored),
			a.Accounted(), a.Waiting(), st(ledger.BankReview), st(ledger.BankUnmatched))
		switch {
		case a.HasOpening && a.HasClosing && a.Expected() == a.Closing:
			fmt.Fprintf(&b, " Opening balance %s (%s) and the lines make the closing balance %s (%s).", a.Opening, a.OpeningOn, a.Closing, a.ClosingOn)
		case a.HasOpening && a.HasClosing:
			fmt.Fprintf(&b, " Opening balance %s (%s) and the lines make %s, but the statement's closing balance is %s (%s): %s differ — a statement or lines not imported?",
				a.Opening, a.OpeningOn, a.Expected(), a.Closing, a.ClosingOn, ledger.NewMoney(a.Closing.Minor-a.Expected().Minor, a.Currency))
		case a.HasClosing:
			fmt.Fprintf(&b, " Closing balance %s (%s).", a.Closing, a.ClosingOn)
		}
		if a.Waiting().Minor == 0 && a.Status[ledger.BankReview].Lines+a.Status[ledger.BankUnmatched].Lines == 0 {
			b.WriteString(" Everything on the statement is accounted for.")
		}
	}
	return b.String()
}

// select_ shows a line in the panel, or clears it (nil).
func (s *bankScreen) select_(l *ledger.BankLine) {
	s.line = l
	setFieldError(s.problem, "")
	s.why.SetText("")
	s.customer.SetText("")
	if l == nil {
		s.facts.SetText("Select a line to review it.")
		s.suggestion.SetText("")
		s.reasons.SetText("")
		s.invoices.SetText("")
		s.accept.Disable()
		s.asCredit.Disable()
		s.ignore.Disable()
		s.undo.Disable()
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s  (%s, line #%d, bank id %s)\n", fmtDate(l.Date), l.Amount, l.Account, l.ID, l.BankID)
	if l.Name != "" || l.IBAN != "" {
		fmt.Fprintf(&b, "From %s %s\n", l.Name, l.IBAN)
	}
	if l.Structured != "" {
		fmt.Fprintf(&b, "Reference %s\n", l.Structured)
	}
	if l.EndToEnd != "" {
		fmt.Fprintf(&b, "End-to-end id %s\n", l.EndToEnd)
	}
	if l.Text != "" {
		fmt.Fprintf(&b, "Text: %s\n", l.Text)
	}
	s.facts.SetText(strings.TrimSpace(b.String()))
	switch l.Status {
	case ledger.BankMatched:
		s.suggestion.SetText(fmt.Sprintf("Matched: payment %s for %s", l.Payment, strings.Join(l.Invoices, " + ")))
	case ledger.BankIgnored:
		s.suggestion.SetText("Ignored: not a customer's payment")
	case ledger.BankReview:
		if len(l.Invoices) > 0 {
			s.suggestion.SetText(fmt.Sprintf("%s (%d%% sure)", strings.Join(l.Invoices, " + "), l.Confidence))
		} else {
			s.suggestion.SetText(fmt.Sprintf("No invoice suggested (%d%%)", l.Confidence))
		}
	default:
		s.suggestion.SetText("Not matched yet: Match decides it, or name the invoices it pays.")
	}
	reasons := strings.ReplaceAll(l.Reason, "; ", "\n• ")
	if reasons != "" {
		reasons = "• " + reasons
	}
	s.reasons.SetText(reasons)
	waiting := l.Status == ledger.BankReview || l.Status == ledger.BankUnmatched
	s.invoices.SetText(strings.Join(l.Invoices, " "))
	if waiting {
		s.accept.Enable()
	} else {
		s.accept.Disable()
	}
	if waiting && l.Amount.Minor > 0 {
		s.asCredit.Enable()
	} else {
		s.asCredit.Disable()
	}
	if waiting {
		s.ignore.Enable()
	} else {
		s.ignore.Disable()
	}
	if l.Status == ledger.BankMatched {
		s.undo.Enable()
	} else {
		s.undo.Disable()
	}
}

// decided reloads after a decision on the selected line and says what it did.
func (s *bankScreen) decided(msg string) {
	s.status.SetText(msg)
	s.select_(nil)
	s.table.UnselectAll()
	s.reload()
}

// refused says under the panel why a decision was not taken.
func (s *bankScreen) refused(err error) {
	// A ledger refusal is said as it is; anything else (the database)
	// is logged, as everywhere.
	setFieldError(s.problem, userMessage(err))
}

func (s *bankScreen) onAccept() {
	if s.line == nil {
		return
	}
	ref := fmt.Sprintf("#%d", s.line.ID)
	invoices := strings.FieldsFunc(s.invoices.Text, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '+' })
	type res struct {
		doc     ledger.Document
		d       bank.Decision
		refused error
	}
	run(s.app, s.base, "Could not accept the line", func(ctx context.Context) (res, error) {
		doc, d, err := s.l.AcceptStatementLine(ctx, ref, invoices)
		return res{doc, d, err}, nil
	}, func(r res) {
		if r.refused != nil {
			s.refused(r.refused)
			return
		}
		if r.doc.Kind == ledger.KindRefund {
			s.decided(fmt.Sprintf("Line %s matched to refund %s of %s to %s. %s", ref, r.doc.Number, r.doc.Total, r.d.Customer, r.d.Reason()))
			return
		}
		s.decided(fmt.Sprintf("Line %s accepted: payment %s of %s from %s. %s", ref, r.doc.Number, r.doc.Total, r.d.Customer, r.d.Reason()))
	})
}

// onCredit posts the line as the customer's unapplied credit.
func (s *bankScreen) onCredit() {
	if s.line == nil {
		return
	}
	ref, code := fmt.Sprintf("#%d", s.line.ID), strings.TrimSpace(s.customer.Text)
	type res struct {
		doc     ledger.Document
		refused error
	}
	run(s.app, s.base, "Could not accept the line", func(ctx context.Context) (res, error) {
		doc, _, err := s.l.AcceptStatementAsCredit(ctx, ref, code)
		return res{doc, err}, nil
	}, func(r res) {
		if r.refused != nil {
			s.refused(r.refused)
			return
		}
		s.decided(fmt.Sprintf("Line %s accepted: payment %s of %s, %s's unapplied credit.", ref, r.doc.Number, r.doc.Total, code))
	})
}

func (s *bankScreen) onIgnore() {
	if s.line == nil {
		return
	}
	ref, why := fmt.Sprintf("#%d", s.line.ID), strings.TrimSpace(s.why.Text)
	run(s.app, s.base, "Could not ignore the line", func(ctx context.Context) (error, error) {
		return s.l.IgnoreStatementLine(ctx, ref, why), nil
	}, func(err error) {
		if err != nil {
			s.refused(err)
			return
		}
		s.decided("Line " + ref + " ignored: not a customer's payment.")
	})
}

func (s *bankScreen) onUndo() {
	if s.line == nil {
		return
	}
	ref, why := fmt.Sprintf("#%d", s.line.ID), strings.TrimSpace(s.why.Text)
	dialog.ShowConfirm("Undo the match of line "+ref+"?", "Its payment "+s.line.Payment+" is voided (and any bank charge written off with it); the line waits for review again.",
		func(ok bool) {
			if ok {
				s.undoLine(ref, why)
			}
		}, s.win)
}

func (s *bankScreen) undoLine(ref, why string) {
	run(s.app, s.base, "Could not undo the match", func(ctx context.Context) (error, error) {
		return s.l.UndoStatementLine(ctx, ref, why), nil
	}, func(err error) {
		if err != nil {
			s.refused(err)
			return
		}
		s.decided("Line " + ref + ": match undone, its payment voided; the line waits for review.")
	})
}

// onMatch decides every line waiting, posting the certain ones.
func (s *bankScreen) onMatch() {
	var out []bank.Outcome
	s.task("Matching statement lines", func(ctx context.Context, progress func(string)) error {
		progress("Comparing the lines with the open invoices…")
		var err error
		out, err = s.l.MatchStatements(ctx, false)
		return err
	}, func() {
		s.status.SetText(matchText(out))
		s.reload()
	})
}

// matchText says what a match run decided.
func matchText(out []bank.Outcome) string {
	counts := map[ledger.BankStatus]int{}
	failed := 0
	for _, o := range out {
		counts[o.Status]++
		if o.Err != nil {
			failed++
		}
	}
	msg := fmt.Sprintf("Matched %d lines: %d posted as payments, %d for review, %d unmatched.", len(out),
		counts[ledger.BankMatched], counts[ledger.BankReview], counts[ledger.BankUnmatched])
	if failed > 0 {
		msg += fmt.Sprintf(" %d could not be posted (the ledger changed meanwhile) and wait for review.", failed)
	}
	return msg
}

// onImport chooses a statement file, then asks its account and, for a
// CSV, its bank's mapping.
func (s *bankScreen) onImport() { s.chooseFile(s.askImport) }

// askImport asks how to read path, with the mappings kept in the ledger.
func (s *bankScreen) askImport(path string) {
	run(s.app, s.base, "Could not read the CSV mappings", s.l.BankCSVMappings, func(ms []ledger.BankCSVMapping) {
		names := []string{noMapping}
		for _, m := range ms {
			names = append(names, m.Name)
		}
		mapping := widget.NewSelect(names, nil)
		mapping.SetSelected(noMapping)
		if strings.HasSuffix(strings.ToLower(path), ".csv") && len(ms) > 0 {
			mapping.SetSelected(ms[0].Name)
		}
		account := widget.NewEntry()
		account.SetPlaceHolder("the statement's own IBAN or number")
		dialog.ShowForm("Import "+path, "Import", "Cancel", []*widget.FormItem{
			widget.NewFormItem("Account", account), widget.NewFormItem("CSV mapping", mapping)}, func(ok bool) {
			if !ok {
				return
			}
			o := bank.ImportOptions{Account: strings.TrimSpace(account.Text)}
			if mapping.Selected != noMapping {
				o.Mapping = mapping.Selected
			}
			s.importFile(path, o)
		}, s.win)
	})
}

// importFile imports a statement and matches it at once, posting what is
// certain (unless bank.auto_post is off); a refused file is said with
// where it is wrong, and nothing of it is kept.
func (s *bankScreen) importFile(path string, o bank.ImportOptions) {
	var res bank.ImportResult
	var out []bank.Outcome
	var refused error
	s.task("Importing "+path, func(ctx context.Context, progress func(string)) error {
		progress("Reading the statement…")
		var err error
		if res, err = s.l.ImportStatement(ctx, path, o); err != nil {
			// The file's fault, said as it is (file, line, column).
			refused = err
			return nil
		}
		progress(fmt.Sprintf("%d new lines; matching…", res.Added))
		out, err = s.l.MatchStatements(ctx, false)
		return err
	}, func() {
		if refused != nil {
			s.status.SetText("Not imported: " + refused.Error())
			dialog.ShowError(fmt.Errorf("the statement was not imported: nothing of it is kept.\n%v", refused), s.win)
			return
		}
		s.status.SetText(fmt.Sprintf("%s statement of %s: %d lines, %d new, %d imported before. %s",
			res.Format, res.Account, res.Lines, res.Added, res.Repeated, matchText(out)))
		s.reload()
	})
}
