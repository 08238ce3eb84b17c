package ledger

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// What the window's Settings form shows of each key: a label a person
// reads, the group it goes in, what its empty field says goes there (never
// an example that looks like someone's real data), and for a key of a few
// values, the choices (a checkbox for true/false).
type settingForm struct {
	label, group, placeholder string
	choices                   []string // "" first when unset means a default
	bool                      bool
}

// The groups of the Settings form, in order.
const (
	GroupBusiness  = "Business"
	GroupPayment   = "Payment"
	GroupDocuments = "Documents"
	GroupEmail     = "Email"
	GroupBackup    = "Backup"
)

var settingForms = map[string]settingForm{
	"business.name":            {"Business name", GroupBusiness, "Your business's name as it appears on documents", nil, false},
	"business.address":         {"Address", GroupBusiness, "Street, postcode and town, country — one per line", nil, false},
	"business.postcode":        {"Postcode", GroupBusiness, "For e-invoices: the postcode (the address above then holds the street)", nil, false},
	"business.city":            {"Town or city", GroupBusiness, "For e-invoices: the town or city", nil, false},
	"business.country":         {"Country code", GroupBusiness, "For e-invoices: two letters, such as DE, FR or AT", nil, false},
	"business.tax_id":          {"Tax or VAT number", GroupBusiness, "Your tax or VAT registration number", nil, false},
	"business.registration":    {"Company registration", GroupBusiness, "Your entry in the company register, such as HRB 12345", nil, false},
	"business.email":           {"Email", GroupBusiness, "The address customers write to", nil, false},
	"business.phone":           {"Phone", GroupBusiness, "A number customers can call, with country code", nil, false},
	"business.logo":            {"Logo", GroupBusiness, "No logo: choose a PNG or JPEG file", nil, false},
	"business.currency":        {"Home currency", GroupBusiness, "Three-letter code, such as EUR, USD or GBP", nil, false},
	"customer.terms_days":      {"Payment terms (days)", GroupBusiness, "Days new customers have to pay (30 if empty)", nil, false},
	"customer.credit_limit":    {"Credit limit", GroupBusiness, "What new customers may owe, in their currency; empty: no limit", nil, false},
	"credit.hold_after_days":   {"Hold after (days late)", GroupBusiness, "Put a customer on hold this many days past due; empty: never", nil, false},
	"credit.hold_over_amount":  {"Hold over (amount overdue)", GroupBusiness, "Put a customer on hold above this overdue amount; empty: never", nil, false},
	"reminders.segment_policy": {"Reminder policy by risk segment", GroupBusiness, "e.g. chronic late=firm, at risk=final; customers with a policy of their own keep it", nil, false},
	"promise.grace_days":       {"Grace after a promise (days)", GroupBusiness, "Days after a promised date before reminders resume (3 if empty)", nil, false},
	"payment.bank":             {"Bank", GroupPayment, "The name of your bank", nil, false},
	"bank.fee_tolerance":       {"Bank charges written off up to", GroupPayment, "A payment short by at most this is accepted with the rest written off; empty: none", nil, false},
	"bank.auto_post":           {"Post certain bank matches at once", GroupPayment, "", nil, true},
	"payment.iban":             {"IBAN", GroupPayment, "The IBAN customers pay into", nil, false},
	"payment.bic":              {"BIC", GroupPayment, "Your bank's BIC (SWIFT code), 8 or 11 characters", nil, false},
	"payment.account":          {"Account details", GroupPayment, "Where IBANs are not used: routing and account number", nil, false},
	"payment.link":             {"Online payment link", GroupPayment, "A web address (https://…) where customers can pay", nil, false},
	"invoice.footer":           {"Footer", GroupDocuments, "Small print at the foot of every page, such as your registration", nil, false},
	"invoice.paper":            {"Paper size", GroupDocuments, "", []string{"", "a4", "letter"}, false},
	"invoice.locale":           {"Language and region", GroupDocuments, "A language tag such as en-GB, de-DE or fr-FR (en if empty): numbers, dates and the order of names", nil, false},
	"invoice.language":         {"Document language", GroupDocuments, "The language of the words on invoices, credit notes and statements (the locale's, or English, if empty)", []string{"", "en", "de", "fr", "es", "nl", "it", "pl"}, false},
	"invoice.einvoice":         {"E-invoice in every invoice PDF", GroupDocuments, "", []string{"", "none", "factur-x"}, false},
	"invoice.notes":            {"Notes on invoices", GroupDocuments, "Words printed on every invoice, such as a thank-you", nil, false},
	"aging.edges":              {"Aging buckets (days)", GroupDocuments, "Upper edges in days, separated by commas (30,60,90 if empty)", nil, false},
	"charges.interest":         {"Late-payment interest", GroupPayment, "none, 8%/year, 1.5%/month, eu, eu-de or uk (none if empty)", nil, false},
	"charges.compensation":     {"Compensation per late invoice", GroupPayment, "none, eu, uk or an amount (none if empty)", nil, false},
	"charges.day_count":        {"Interest day count", GroupPayment, "", []string{"", "act/365", "act/360"}, false},
	"recur.email":              {"Email each recurring invoice as it is issued", GroupDocuments, "", nil, true},
	"smtp.host":                {"Mail server", GroupEmail, "Your provider's outgoing (SMTP) server name", nil, false},
	"smtp.port":                {"Port", GroupEmail, "Empty: 587, 465 or 25 by the security chosen", nil, false},
	"smtp.security":            {"Security", GroupEmail, "", []string{"", "starttls", "tls", "none"}, false},
	"smtp.username":            {"User name", GroupEmail, "The name you log in to the mail server with; empty: no login", nil, false},
	"smtp.from":                {"Sender address", GroupEmail, "Empty: the business email", nil, false},
	"smtp.from_name":           {"Sender name", GroupEmail, "Empty: the business name", nil, false},
	"smtp.reply_to":            {"Replies to", GroupEmail, "Empty: replies go to the sender", nil, false},
	"smtp.bcc_self":            {"Send me a blind copy of every reminder", GroupEmail, "", nil, true},
	"smtp.allow_insecure_auth": {"Allow logging in without encryption", GroupEmail, "", nil, true},
	"backup.dir":               {"Backup folder", GroupBackup, "Empty: a folder beside the ledger; a synced folder works", nil, false},
	"smtp.timeout":             {"Time limit per message (seconds)", GroupEmail, "Empty: 30 seconds", nil, false},
}

// Label is what a person reads for the key ("Business name").
func (k SettingKey) Label() string {
	if f, ok := settingForms[k.Name]; ok {
		return f.label
	}
	return k.Name
}

// Group is the part of the Settings form the key belongs to.
func (k SettingKey) Group() string {
	if f, ok := settingForms[k.Name]; ok {
		return f.group
	}
	return GroupDocuments
}

// Placeholder says what goes in the key's empty field.
func (k SettingKey) Placeholder() string { return settingForms[k.Name].placeholder }

// Choices are the values of a key that takes one of a few ("" first: the
// default applies), or nil for free text.
func (k SettingKey) Choices() []string { return settingForms[k.Name].choices }

// Bool says whether the key is true or false (a checkbox).
func (k SettingKey) Bool() bool { return settingForms[k.Name].bool }

// SettingsError lists every value of a ChangeSettings that was refused,
// by key; none was stored.
type SettingsError struct {
	Fields map[string]error
}

func (e *SettingsError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	msgs := make([]string, len(keys))
	for i, k := range keys {
		msgs[i] = e.Fields[k].Error()
	}
	return "nothing was saved: " + strings.Join(msgs, "; ")
}

// ChangeSettings checks every value first and stores them all in one
// transaction, or, if any is refused, none (a *SettingsError names each
// refusal). An empty value removes the setting. Image keys are set with
// SetSettingFile, not here.
func (s *Store) ChangeSettings(ctx context.Context, values map[string]string) error {
	norm := make(map[string]string, len(values))
	bad := map[string]error{}
	for key, v := range values {
		k, err := LookupSettingKey(key)
		if err == nil {
			v, err = k.Normalize(v)
		}
		if err != nil {
			bad[key] = err
			continue
		}
		norm[key] = v
	}
	if len(bad) > 0 {
		return &SettingsError{Fields: bad}
	}
	return s.write(ctx, func(t *tx) error {
		for key, v := range norm {
			var err error
			if v == "" {
				_, err = t.exec(`DELETE FROM settings WHERE key = ?`, key)
			} else {
				_, err = t.exec(`INSERT INTO settings (key, value) VALUES (?, ?)
					ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, v)
			}
			if err != nil {
				return fmt.Errorf("set %s: %w", key, err)
			}
		}
		return nil
	})
}
