package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// mappingForm is the "CSV mappings" dialog of the Bank screen: a bank's
// CSV layout set once and kept (ledger.BankCSVMapping), as `paidup bank
// mapping set` does.
type mappingForm struct {
	pick                                                                     *widget.Select
	name, date, dateFormat, amount, credit, debit, currency, currencyCol     *widget.Entry
	counterparty, iban, reference, text, id, separator, skip, encoding, acct *widget.Entry
	decimalComma, noHeader                                                   *widget.Check
	problem                                                                  *widget.Label
	dlg                                                                      dialog.Dialog
	mappings                                                                 []ledger.BankCSVMapping
}

const newMapping = "(a new mapping)"

// onMappings opens the dialog with the mappings kept.
func (s *bankScreen) onMappings() {
	run(s.app, s.base, "Could not read the CSV mappings", s.l.BankCSVMappings, func(ms []ledger.BankCSVMapping) {
		s.showMappings(ms)
	})
}

func (s *bankScreen) showMappings(ms []ledger.BankCSVMapping) {
	f := &mappingForm{mappings: ms, problem: fieldError(), decimalComma: widget.NewCheck("Decimal comma (1.234,56)", nil),
		noHeader: widget.NewCheck("No header line (columns by number)", nil)}
	entries := []**widget.Entry{&f.name, &f.date, &f.dateFormat, &f.amount, &f.credit, &f.debit, &f.currency, &f.currencyCol,
		&f.counterparty, &f.iban, &f.reference, &f.text, &f.id, &f.separator, &f.skip, &f.encoding, &f.acct}
	for _, e := range entries {
		*e = widget.NewEntry()
	}
	f.name.SetPlaceHolder("e.g. sparkasse")
	f.date.SetPlaceHolder("the header (Buchungstag) or a number from 1")
	f.dateFormat.SetPlaceHolder("DD.MM.YYYY, MM/DD/YYYY, YYYY-MM-DD…")
	f.amount.SetPlaceHolder("signed amount column, or credit and debit below")
	f.currency.SetPlaceHolder("EUR")
	f.currencyCol.SetPlaceHolder("or the currency's column")
	f.credit.SetPlaceHolder("money in column")
	f.debit.SetPlaceHolder("money out column")
	f.text.SetPlaceHolder("columns, comma-separated")
	f.separator.SetPlaceHolder(", ; | or tab (default: detected)")
	f.skip.SetPlaceHolder("lines before the header")
	f.encoding.SetPlaceHolder("UTF-8, or windows-1252, ISO-8859-1…")
	f.acct.SetPlaceHolder("the bank account's name (optional)")
	names := []string{newMapping}
	for _, m := range ms {
		names = append(names, m.Name)
	}
	f.pick = widget.NewSelect(names, func(name string) { f.load(name) })
	f.pick.SetSelected(newMapping)
	save := widget.NewButton("Save", func() { s.saveMapping(f) })
	save.Importance = widget.HighImportance
	form := widget.NewForm(
		widget.NewFormItem("Mapping", f.pick), widget.NewFormItem("Name", f.name),
		widget.NewFormItem("Date column", f.date), widget.NewFormItem("Date format", f.dateFormat),
		widget.NewFormItem("Amount column", f.amount), widget.NewFormItem("Credit / debit", container.NewGridWithColumns(2, f.credit, f.debit)),
		widget.NewFormItem("", f.decimalComma),
		widget.NewFormItem("Currency / column", container.NewGridWithColumns(2, f.currency, f.currencyCol)),
		widget.NewFormItem("Counterparty", f.counterparty), widget.NewFormItem("IBAN", f.iban),
		widget.NewFormItem("Reference", f.reference), widget.NewFormItem("Text", f.text), widget.NewFormItem("Bank's id", f.id),
		widget.NewFormItem("Separator / skip", container.NewGridWithColumns(2, f.separator, f.skip)),
		widget.NewFormItem("", f.noHeader), widget.NewFormItem("Encoding", f.encoding), widget.NewFormItem("Account", f.acct))
	// The form scrolls between its buttons: a scroll in a VBox would be
	// squeezed to nothing.
	f.dlg = dialog.NewCustomWithoutButtons("CSV statement mappings", container.NewBorder(nil, container.NewVBox(f.problem,
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Close", func() { f.dlg.Hide() }), save)), nil, nil,
		container.NewVScroll(form)), s.win)
	f.dlg.Resize(fyne.NewSize(720, 780))
	f.dlg.Show()
	s.mappingForm = f
}

// load fills the form with a kept mapping (or empties it for a new one).
func (f *mappingForm) load(name string) {
	m := ledger.BankCSVMapping{}
	for _, k := range f.mappings {
		if k.Name == name {
			m = k
		}
	}
	sep := m.Separator
	if sep == "\t" {
		sep = "tab"
	}
	skip := ""
	if m.SkipLines > 0 {
		skip = strconv.Itoa(m.SkipLines)
	}
	for e, v := range map[*widget.Entry]string{f.name: m.Name, f.date: m.Date, f.dateFormat: m.DateFormat, f.amount: m.Amount,
		f.credit: m.Credit, f.debit: m.Debit, f.currency: m.Currency, f.currencyCol: m.CurrencyCol, f.counterparty: m.Counterparty,
		f.iban: m.IBAN, f.reference: m.Reference, f.text: m.Text, f.id: m.ID, f.separator: sep, f.skip: skip, f.encoding: m.Encoding,
		f.acct: m.Account} {
		e.SetText(v)
	}
	f.decimalComma.SetChecked(m.DecimalComma)
	f.noHeader.SetChecked(m.NoHeader)
	setFieldError(f.problem, "")
}

// mapping is what the form says.
func (f *mappingForm) mapping() (ledger.BankCSVMapping, error) {
	t := func(e *widget.Entry) string { return strings.TrimSpace(e.Text) }
	m := ledger.BankCSVMapping{Name: t(f.name), Date: t(f.date), DateFormat: t(f.dateFormat), Amount: t(f.amount), Credit: t(f.credit),
		Debit: t(f.debit), DecimalComma: f.decimalComma.Checked, Currency: strings.ToUpper(t(f.currency)), CurrencyCol: t(f.currencyCol),
		Counterparty: t(f.counterparty), IBAN: t(f.iban), Reference: t(f.reference), Text: t(f.text), ID: t(f.id),
		Separator: t(f.separator), NoHeader: f.noHeader.Checked, Encoding: t(f.encoding), Account: t(f.acct)}
	if strings.EqualFold(m.Separator, "tab") {
		m.Separator = "\t"
	}
	if v := t(f.skip); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return m, fmt.Errorf("skip lines: a number of lines, e.g. 4")
		}
		m.SkipLines = n
	}
	return m, nil
}

// saveMapping checks and keeps the mapping; a refusal is said under the form.
func (s *bankScreen) saveMapping(f *mappingForm) {
	m, err := f.mapping()
	if err != nil {
		setFieldError(f.problem, err.Error())
		return
	}
	run(s.app, s.base, "Could not save the mapping", func(ctx context.Context) (error, error) {
		return s.l.SaveBankCSVMapping(ctx, m), nil
	}, func(err error) {
		if err != nil {
			setFieldError(f.problem, userMessage(err))
			return
		}
		setFieldError(f.problem, "")
		f.dlg.Hide()
		s.status.SetText(fmt.Sprintf("Mapping %s saved: Import statement… reads a CSV from that bank with it.", m.Name))
	})
}
