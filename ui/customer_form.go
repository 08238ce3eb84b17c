package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
)

// customerFormLedger is what the customer form does.
type customerFormLedger interface {
	CustomerDefaults(ctx context.Context) (ledger.CustomerDefaults, error)
	AddCustomer(ctx context.Context, f paidapp.CustomerForm) (ledger.Customer, error)
	EditCustomer(ctx context.Context, code string, f paidapp.CustomerForm) (ledger.Customer, error)
}

// customerForm creates a customer, or edits one, with each validation
// message next to its field.
type customerForm struct {
	*app
	l       customerFormLedger
	editing *ledger.Customer // nil when creating
	saved   func(ledger.Customer)
	dlg     dialog.Dialog

	code, name, email, currency, terms, limit, phone, taxID *escEntry
	address, notes                                          *escEntry
	postcode, city, country, buyerRef                       *escEntry
	einvoice                                                *widget.Select // the e-invoice format the customer wants
	language                                                *widget.Select // of their documents, by name
	discount                                                *escEntry      // early-payment discount terms (discount_terms.go)
	errs                                                    map[string]*widget.Label
	general                                                 *widget.Label
	save                                                    *widget.Button
}

// showCustomerForm opens the form; saved runs after the ledger took it.
func showCustomerForm(a *app, l customerFormLedger, c *ledger.Customer, saved func(ledger.Customer)) *customerForm {
	f := &customerForm{app: a, l: l, editing: c, saved: saved, errs: map[string]*widget.Label{}, general: fieldError()}
	entry := func() *escEntry { return newEscEntry(false) }
	f.code, f.name, f.email, f.currency = entry(), entry(), entry(), entry()
	f.terms, f.limit, f.phone, f.taxID = entry(), entry(), entry(), entry()
	f.address, f.notes = newEscEntry(true), newEscEntry(true)
	f.postcode, f.city, f.country, f.buyerRef = entry(), entry(), entry(), entry()
	f.einvoice = widget.NewSelect(einvoiceChoices, nil)
	f.einvoice.SetSelected(einvoiceChoices[0])
	f.language = widget.NewSelect(languageNames, nil)
	f.language.SetSelected(languageNames[0])
	f.terms.SetText("30")
	f.discount = entry()
	_, hasDiscount := l.(discountLedger)
	if c != nil && hasDiscount {
		f.discount.SetText(c.Discount.String())
	}
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
		f.postcode.SetText(c.Postcode)
		f.city.SetText(c.City)
		f.country.SetText(c.Country)
		f.buyerRef.SetText(c.BuyerReference)
		if c.EInvoiceFormat != "" {
			f.einvoice.SetSelected(c.EInvoiceFormat)
		}
		for i, code := range languageCodes {
			if code == c.Language {
				f.language.SetSelected(languageNames[i])
			}
		}
	}
	form := container.NewVBox()
	field := func(key, label string, e *escEntry, hint string) {
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
	if hasDiscount {
		field("discount", "Early-payment discount", f.discount, discountHint)
	}
	field("phone", "Phone", f.phone, "")
	field("address", "Street", f.address, "Street and number; more lines if needed")
	field("postcode", "Postcode", f.postcode, "")
	field("city", "Town or city", f.city, "")
	field("country", "Country", f.country, "Two letters, such as DE, FR or AT")
	field("tax", "Tax ID", f.taxID, "VAT number with its country prefix, such as DE123456789")
	field("buyer_reference", "Buyer reference", f.buyerRef, "Their reference for e-invoices (Leitweg-ID)")
	f.errs["einvoice"] = fieldError()
	form.Add(widget.NewForm(widget.NewFormItem("E-invoice", f.einvoice)))
	form.Add(f.errs["einvoice"])
	f.errs["language"] = fieldError()
	form.Add(widget.NewForm(widget.NewFormItem("Documents in", f.language)))
	form.Add(f.errs["language"])
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

// form is the fields as typed.
func (f *customerForm) form() paidapp.CustomerForm {
	return paidapp.CustomerForm{Code: paidapp.S(f.code.Text), Name: paidapp.S(f.name.Text), Email: paidapp.S(f.email.Text),
		Currency: paidapp.S(f.currency.Text), TermsDays: paidapp.S(f.terms.Text), CreditLimit: paidapp.S(f.limit.Text),
		Phone: paidapp.S(f.phone.Text), Address: paidapp.S(f.address.Text), TaxID: paidapp.S(f.taxID.Text), Notes: paidapp.S(f.notes.Text),
		Postcode: paidapp.S(f.postcode.Text), City: paidapp.S(f.city.Text), Country: paidapp.S(f.country.Text),
		BuyerReference: paidapp.S(f.buyerRef.Text), EInvoiceFormat: paidapp.S(f.einvoice.Selected),
		Language: paidapp.S(languageCodes[max(slices.Index(languageNames, f.language.Selected), 0)])}
}

// languageNames are the document languages as the form offers them, each
// in its own words; languageCodes the codes stored ("" the business's).
var (
	languageNames = []string{"Your documents' language", "English", "Deutsch", "Français", "Español", "Nederlands", "Italiano", "Polski"}
	languageCodes = append([]string{""}, ledger.DocumentLanguages...)
)

// einvoiceChoices are the e-invoice formats a customer may want; "none"
// first (stored as empty).
var einvoiceChoices = append([]string{"none"}, ledger.EInvoiceFormats...)

// read checks the fields a user can get wrong (paidapp.CustomerForm),
// each message under its field, and returns the form; ok is false when a
// field has a message.
func (f *customerForm) read() (paidapp.CustomerForm, bool) {
	form := f.form()
	base := ledger.Customer{}
	if f.editing != nil {
		base = *f.editing
	}
	_, errs := form.Parse(base)
	for key, l := range f.errs {
		setFieldError(l, errs[key])
	}
	return form, len(errs) == 0
}

func (f *customerForm) onSave() {
	form, ok := f.read()
	setFieldError(f.general, "")
	// Blank is no discount here: the customer's own terms are the default.
	terms, err := ledger.ParseDiscountTerms(f.discount.Text)
	if l := f.errs["discount"]; l != nil {
		msg := ""
		if err != nil {
			msg = userMessage(err)
		}
		setFieldError(l, msg)
	}
	if !ok || err != nil {
		return
	}
	if f.errs["discount"] != nil {
		form.Discount = &terms // saved with the customer, in one transaction
	}
	f.save.Disable()
	run(f.app, f.base, "", func(ctx context.Context) (ledger.Customer, error) {
		var c ledger.Customer
		var err error
		if f.editing == nil {
			c, err = f.l.AddCustomer(ctx, form)
		} else {
			c, err = f.l.EditCustomer(ctx, f.editing.Code, form)
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
		{"currency", "currency"}, {"country", "country"}, {"e-invoice", "einvoice"}, {"document language", "language"}, {"email", "email"}, {"credit limit", "limit"}, {"terms", "terms"},
		{"name", "name"}, {"code", "code"},
	} {
		if strings.Contains(low, k.word) {
			setFieldError(f.errs[k.key], msg)
			return
		}
	}
	setFieldError(f.general, msg)
}
