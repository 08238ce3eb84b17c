package reminders

// Placeholder is something a step's subject or body can show, under the
// name a user knows it by: the policy editor offers these instead of
// asking users to learn the template language. A test checks that every
// field of Data is offered here or named in notOffered, so a field added
// to Data cannot be forgotten.
type Placeholder struct {
	Label    string // what the user picks, "Customer name"
	Template string // what is inserted, "{{.Customer.Name}}"
	// Subject: short enough for a subject line (a list of invoices or
	// the payment instructions are not).
	Subject bool
}

// Placeholders are offered in this order.
var Placeholders = []Placeholder{
	{"Customer name", "{{.Customer.Name}}", true},
	{"Customer code", "{{.Customer.Code}}", true},
	{"Customer email", "{{.Customer.Email}}", false},
	{"Where the invoices stand (\"Invoice INV-12 is 4 days overdue\")", "{{.Headline}}", true},
	{"Where the invoices stand, mid-sentence (\"the following invoice is due in 3 days\")", "{{.Lead}}", false},
	{"Invoice numbers", "{{.Numbers}}", true},
	{"Number of invoices", "{{.Count}}", true},
	{"Number of overdue invoices", "{{.OverdueCount}}", true},
	{"Total open", "{{.Total}}", true},
	{"Total overdue", "{{.Overdue}}", true},
	{"Currency", "{{.Currency}}", true},
	{"Days overdue (oldest invoice)", "{{(index .Items 0).DaysOverdue}}", true},
	{"Invoice list (number, due date, open amount, status)", `{{template "items" .}}`, false},
	{"Each invoice: number, amount and status", "{{range .Items}}{{.Number}}, {{.Open}} of {{.Amount}}, issued {{.IssueDate}}, due {{.DueDate}}: {{.Status}}{{with .RF}}, reference {{.}}{{end}}{{with .Plan}} ({{.}}){{end}}{{with .Interest}}, interest {{.}}{{end}}{{with .InterestWorking}} ({{.}}){{end}}{{with .Compensation}}, compensation {{.}}{{end}}{{if .Overdue}} (overdue){{end}} [{{.Step}}]\n{{end}}", false},
	{"Payment instructions (bank, IBAN, payment link, reference)", `{{template "payment" .}}`, false},
	{"IBAN", "{{.Payment.IBAN}}", true},
	{"BIC", "{{.Payment.BIC}}", false},
	{"Bank", "{{.Payment.Bank}}", false},
	{"Account number", "{{.Payment.Account}}", false},
	{"Payment link", "{{.Payment.Link}}", false},
	{"Payment reference", "{{.Payment.Reference}}", true},
	{"Payment instructions, as plain lines", "{{.Payment.Instructions}}", false},
	{"Late-payment interest accrued", "{{.Interest}}", false},
	{"Late-payment compensation accrued", "{{.Compensation}}", false},
	{"Date of the run", "{{.AsOf}}", true},
	{"Sentence when a statement is attached", "{{if .Statement}}Your statement of open items as of {{.AsOf}} is attached.{{end}}", false},
	{"Words when reminded before (\"Despite our earlier reminder, \")", "{{if .Earlier}}Despite our earlier reminder, {{end}}", false},
	{"Your business name", "{{.Business.Name}}", true},
	{"Your business email", "{{.Business.Email}}", false},
	{"Your business phone", "{{.Business.Phone}}", false},
	{"Your business address", "{{.Business.Address}}", false},
	{"Signature (\"Kind regards\", your name, email and phone)", `{{template "signature" .}}`, false},
}

// notOffered are the fields of Data the editor does not offer, and why.
var notOffered = map[string]string{
	".Step":           "the step's own name, which the user is editing",
	".State":          "a key for conditions; Headline and Lead say it in words",
	".Promise.MadeOn": "only the broken-promise reminder has a promise, and the step editor does not edit it",
	".Promise.PayBy":  "as .Promise.MadeOn",
	".Promise.Amount": "as .Promise.MadeOn",
	".Promise.Paid":   "as .Promise.MadeOn",
	// The payment instructions ({{template "payment" .}}, .Payment.Instructions) show these.
	".Payment.Amount":     "set only when a payment plan's instalment is asked for; the payment instructions show it",
	".Payment.PayBy":      "as .Payment.Amount",
	".Payment.Instalment": "as .Payment.Amount",
}
