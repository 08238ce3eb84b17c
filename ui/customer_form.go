package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// customerForm creates a customer, or edits one, with each validation
// message next to its field.
type customerForm struct {
	*app
	editing *ledger.Customer // nil when creating
	saved   func(ledger.Customer)
	dlg     dialog.Dialog

	code, name, email, currency, terms, limit, phone, taxID *widget.Entry
	address, notes                                          *widget.Entry
	errs                                                    map[string]*widget.Label
	general                                                 *widget.Label
	save                                                    *widget.Button
}

// showCustomerForm opens the form; saved runs after the ledger took it.
func showCustomerForm(a *app, c *ledger.Customer, saved func(ledger.Customer)) *customerForm {
	f := &customerForm{app: a, editing: c, saved: saved, errs: map[string]*widget.Label{}, general: fieldError()}
	entry := func() *widget.Entry { return widget.NewEntry() }
	f.code, f.name, f.email, f.currency = entry(), entry(), entry(), entry()
	f.terms, f.limit, f.phone, f.taxID = entry(), entry(), entry(), entry()
	f.address, f.notes = widget.NewMultiLineEntry(), widget.NewMultiLineEntry()
	f.terms.SetText("30")
	if c != nil {
		f.code.SetText(c.Code)
		f.code.Disable() // the code is the customer's key in files and scripts
		f.name.SetText(c.Name)
		f.email.SetText(c.Email)
		f.currency.SetText(c.Currency)
		f.terms.SetText(strconv.Itoa(c.TermsDays))
		if !c.CreditLimit.IsZero() {
			f.limit.SetText(c.CreditLimit.Plain())
		}
		f.phone.SetText(c.Phone)
		f.address.SetText(c.Address)
		f.taxID.SetText(c.TaxID)
		f.notes.SetText(c.Notes)
	}
	form := container.NewVBox()
	field := func(key, label string, e *widget.Entry, hint string) {
		e.SetPlaceHolder(hint)
		l := fieldError()
		f.errs[key] = l
		form.Add(widget.NewForm(widget.NewFormItem(label, e)))
		form.Add(l)
	}
	field("code", "Code", f.code, "e.g. ACME")
	field("name", "Name", f.name, "")
	field("email", "Email", f.email, "accounts@example.com")
	field("currency", "Currency", f.currency, "ISO code such as EUR")
	field("terms", "Terms (days)", f.terms, "30")
	field("limit", "Credit limit", f.limit, "0 for none")
	field("phone", "Phone", f.phone, "")
	field("address", "Address", f.address, "")
	field("tax", "Tax ID", f.taxID, "")
	field("notes", "Notes", f.notes, "")
	form.Add(f.general)
	f.save = widget.NewButton("Save", f.onSave)
	f.save.Importance = widget.HighImportance
	title := "New customer"
	if c != nil {
		title = "Edit " + c.Code
	}
	f.dlg = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil,
		container.NewHBox(widget.NewButton("Cancel", func() { f.dlg.Hide() }), f.save), nil, nil,
		container.NewVScroll(form)), a.win)
	f.dlg.Resize(fyne.NewSize(520, 640))
	f.dlg.Show()
	if c == nil {
		a.win.Canvas().Focus(f.code)
		f.loadDefaults()
	}
	return f
}

// loadDefaults fills a new customer's currency and terms from the
// settings (business.currency, customer.terms_days), unless the user has
// typed into those fields in the meantime.
func (f *customerForm) loadDefaults() {
	untouchedTerms := f.terms.Text
	run(f.app, f.base, "Could not read the defaults for new customers", func(ctx context.Context) (ledger.CustomerDefaults, error) {
		return f.l.CustomerDefaults(ctx)
	}, func(d ledger.CustomerDefaults) {
		if f.currency.Text == "" && d.Currency != "" {
			f.currency.SetText(d.Currency)
		}
		if f.terms.Text == untouchedTerms {
			f.terms.SetText(strconv.Itoa(d.TermsDays))
		}
	})
}

// read checks the fields a user can get wrong and returns the customer;
// ok is false when a field has a message.
func (f *customerForm) read() (ledger.Customer, bool) {
	c := ledger.Customer{}
	if f.editing != nil {
		c = *f.editing
	}
	ok := true
	check := func(key, msg string) {
		setFieldError(f.errs[key], msg)
		if msg != "" {
			ok = false
		}
	}
	c.Code, c.Name = strings.TrimSpace(f.code.Text), strings.TrimSpace(f.name.Text)
	c.Email, c.Phone, c.TaxID = strings.TrimSpace(f.email.Text), strings.TrimSpace(f.phone.Text), strings.TrimSpace(f.taxID.Text)
	c.Address, c.Notes = strings.TrimSpace(f.address.Text), strings.TrimSpace(f.notes.Text)
	c.Currency = strings.ToUpper(strings.TrimSpace(f.currency.Text))
	check("code", map[bool]string{true: "A code is required."}[c.Code == ""])
	check("name", map[bool]string{true: "A name is required."}[c.Name == ""])
	check("email", map[bool]string{true: "This is not an email address."}[c.Email != "" && !strings.Contains(c.Email, "@")])
	check("currency", map[bool]string{true: "Use a currency code such as EUR or USD."}[!ledger.ValidCurrency(c.Currency)])
	terms, err := strconv.Atoi(strings.TrimSpace(f.terms.Text))
	if err != nil || terms < 0 || terms > 3650 {
		check("terms", "Terms are a whole number of days, 0 to 3650.")
	} else {
		check("terms", "")
		c.TermsDays = terms
	}
	c.CreditLimit = ledger.NewMoney(0, c.Currency)
	if s := strings.TrimSpace(f.limit.Text); s != "" && ledger.ValidCurrency(c.Currency) {
		m, err := ledger.ParseMoney(s, c.Currency)
		switch {
		case err != nil:
			check("limit", "Use a plain amount such as 5000.00.")
		case m.IsNegative():
			check("limit", "A credit limit cannot be negative.")
		default:
			check("limit", "")
			c.CreditLimit = m
		}
	} else {
		check("limit", "")
	}
	return c, ok
}

func (f *customerForm) onSave() {
	c, ok := f.read()
	setFieldError(f.general, "")
	if !ok {
		return
	}
	f.save.Disable()
	run(f.app, f.base, "", func(ctx context.Context) (ledger.Customer, error) {
		var err error
		if f.editing == nil {
			c, err = f.l.CreateCustomer(ctx, c)
		} else {
			err = f.l.UpdateCustomer(ctx, c)
		}
		// The ledger's refusal goes next to the field it names, not in a dialog.
		if err != nil {
			f.env.do(func() { f.ledgerError(err) })
			return c, errHandled
		}
		return c, nil
	}, func(c ledger.Customer) {
		f.dlg.Hide()
		if f.saved != nil {
			f.saved(c)
		}
	})
}

// ledgerError shows a ledger refusal under the field its message is about.
func (f *customerForm) ledgerError(err error) {
	f.save.Enable()
	msg := userMessage(err)
	low := strings.ToLower(msg)
	for _, k := range []struct{ word, key string }{
		// Most specific first: the currency message mentions an "ISO 4217 code".
		{"currency", "currency"}, {"email", "email"}, {"credit limit", "limit"}, {"terms", "terms"},
		{"name", "name"}, {"code", "code"},
	} {
		if strings.Contains(low, k.word) {
			setFieldError(f.errs[k.key], msg)
			return
		}
	}
	setFieldError(f.general, msg)
}
