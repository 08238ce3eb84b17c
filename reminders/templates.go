package reminders

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

// Data is what a step's templates see; README.md lists it for users.
// Amounts and dates are ready to print.
type Data struct {
	Customer  Customer
	Step      string // the step whose template this is
	AsOf      string // the day the run evaluated, YYYY-MM-DD
	Items     []Item // the invoices reminded of, by due date
	Count     int    // len(Items)
	Numbers   string // their numbers, "INV-000012, INV-000015"
	Total     string // their open amounts added up, "1,250.00 USD"
	Overdue   string // the part of Total past its due date
	Currency  string
	Statement bool // an open-item statement is attached
	Earlier   bool // an earlier reminder went out for one of the Items
	// Headline and Lead say where the Items stand on the run's day,
	// whichever step is sending (a step run late must not say "due
	// today" of an invoice 4 days overdue): Headline as a subject,
	// "Invoice INV-000012 is 4 days overdue", "3 invoices are due, 2 of
	// them overdue"; Lead to go on a sentence, "the following invoice is
	// due in 3 days". State is the furthest along: "soon", "today" or
	// "overdue"; OverdueCount how many are past due.
	Headline     string
	Lead         string
	State        string
	OverdueCount int
	Business     Business
	Payment      Payment
	// Promise is the broken promise a "promise-broken" reminder is about
	// (empty in the other steps' emails).
	Promise Promise
	// Interest and Compensation are the late-payment interest and fixed
	// compensation the Items have accrued and that are not charged yet
	// (paidup charges; settings charges.*), added up; empty when none.
	Interest     string
	Compensation string
}

// Promise is a customer's promise to pay that was not kept: made on
// MadeOn, Amount by PayBy, of which Paid was received in time.
type Promise struct {
	MadeOn, PayBy, Amount, Paid string
}

// Customer is who the email goes to.
type Customer struct {
	Code, Name, Email string
}

// Item is one invoice in a reminder.
type Item struct {
	Number      string
	IssueDate   string
	DueDate     string
	DaysOverdue int    // days past the due date; negative before it, 0 on it
	Overdue     bool   // DaysOverdue > 0
	Status      string // "due in 3 days", "due today", "12 days overdue"
	Amount      string // the invoice's total
	Open        string // what is still open of it
	Step        string // the step it reached
	// RF is the invoice's RF creditor reference (ISO 11649) in groups of
	// four, "RF47 INV0 0001 2": quoted on the payment, the bank carries it
	// back on the statement and matching reads it exactly. Empty when the
	// number makes none (more than 21 letters and digits).
	RF string
	// Plan says the payment plan instalment that was missed, when the
	// invoice is in one: "payment plan #3: instalment 2, 150.00 EUR, was
	// due 2027-01-15".
	Plan string
	// Interest is the late-payment interest the invoice has accrued and
	// that is not charged yet, InterestWorking its working ("2026-02-01–
	// 2026-03-01: 29 days × 1000.00 × 10% / 365 = 7.95 (interest 10%/year,
	// Actual/365)"), Compensation its fixed compensation not charged yet;
	// each empty when none.
	Interest        string
	InterestWorking string
	Compensation    string
}

// Business is the sender, from the business profile (paidup settings).
type Business struct {
	Name, Email, Phone, Address string
}

// Payment is how to pay, from the payment.* settings.
type Payment struct {
	Bank, IBAN, BIC, Account, Link string
	Reference                      string // what to quote: one invoice's RF reference, or the invoice numbers
	// Amount, PayBy and Instalment are set when an item is under a payment
	// plan, whose missed instalment is what is asked for rather than the
	// invoice's whole open amount: Amount is what to pay (the instalments'
	// open parts, plus the open amounts of any other items), PayBy the
	// instalment's date, Instalment which it is ("2 of payment plan #3").
	// Empty otherwise.
	Amount, PayBy, Instalment string
	Instructions              string // all of the above as lines, ready to print
}

// funcs are the functions templates may call.
var funcs = map[string]any{
	// plural picks a word by count: {{plural .Count "invoice" "invoices"}}.
	"plural": func(n int, one, many string) string {
		if n == 1 || n == -1 {
			return one
		}
		return many
	},
	"abs": func(n int) int {
		if n < 0 {
			return -n
		}
		return n
	},
	// pad fills text with spaces to a width, for columns in plain text.
	"pad": func(s string, n int) string {
		if w := len([]rune(s)); w < n {
			return s + strings.Repeat(" ", n-w)
		}
		return s
	},
}

// The partials every template may use: {{template "items" .}},
// {{template "payment" .}} and {{template "signature" .}}.
const textPartials = `{{define "items"}}{{range .Items}}  {{pad .Number 14}} due {{.DueDate}}  {{pad .Open 16}} {{.Status}}{{with .RF}}
  {{pad "" 14}} reference {{.}}{{end}}{{with .Plan}}
  {{pad "" 14}} {{.}}{{end}}
{{end}}  {{pad "Total" 29}} {{.Total}}
{{end}}{{define "payment"}}{{with .Payment.Instructions}}How to pay:
{{.}}

{{end}}{{end}}{{define "signature"}}Kind regards,
{{.Business.Name}}{{with .Business.Email}}
{{.}}{{end}}{{with .Business.Phone}}
{{.}}{{end}}{{end}}`

const htmlPartials = `{{define "items"}}<table style="border-collapse:collapse;margin:1em 0">
<tr><th style="text-align:left;padding:4px 12px 4px 0;border-bottom:1px solid #999">Invoice</th><th style="text-align:left;padding:4px 12px 4px 0;border-bottom:1px solid #999">Due</th><th style="text-align:right;padding:4px 12px 4px 0;border-bottom:1px solid #999">Open</th><th style="text-align:left;padding:4px 0;border-bottom:1px solid #999"></th></tr>
{{range .Items}}<tr><td style="padding:4px 12px 4px 0">{{.Number}}{{with .RF}}<br><small>Reference {{.}}</small>{{end}}{{with .Plan}}<br><small>{{.}}</small>{{end}}</td><td style="padding:4px 12px 4px 0">{{.DueDate}}</td><td style="text-align:right;padding:4px 12px 4px 0">{{.Open}}</td><td style="padding:4px 0{{if .Overdue}};color:#b00{{end}}">{{.Status}}</td></tr>
{{end}}<tr><td colspan="2" style="padding:4px 12px 4px 0;border-top:1px solid #999"><strong>Total</strong></td><td style="text-align:right;padding:4px 12px 4px 0;border-top:1px solid #999"><strong>{{.Total}}</strong></td><td style="border-top:1px solid #999"></td></tr>
</table>{{end}}{{define "payment"}}{{with .Payment}}{{if .Instructions}}<p><strong>How to pay</strong><br>
{{with .Bank}}Bank: {{.}}<br>
{{end}}{{with .IBAN}}IBAN: {{.}}<br>
{{end}}{{with .BIC}}BIC: {{.}}<br>
{{end}}{{with .Account}}Account: {{.}}<br>
{{end}}{{with .Link}}Pay online: <a href="{{.}}">{{.}}</a><br>
{{end}}{{with .Amount}}Amount: {{.}}<br>
{{end}}{{with .Instalment}}Instalment: {{.}}{{with $.Payment.PayBy}}, due {{.}}{{end}}<br>
{{end}}{{with .Reference}}Reference: {{.}}{{end}}</p>{{end}}{{end}}{{end}}{{define "signature"}}<p>Kind regards,<br>
{{.Business.Name}}{{with .Business.Email}}<br>
<a href="mailto:{{.}}">{{.}}</a>{{end}}{{with .Business.Phone}}<br>
{{.}}{{end}}</p>{{end}}`

// partial sets, parsed once and cloned for every step.
var (
	textBase = texttemplate.Must(texttemplate.New("partials").Funcs(funcs).Parse(textPartials))
	htmlBase = htmltemplate.Must(htmltemplate.New("partials").Funcs(funcs).Parse(htmlPartials))
)

// stepTemplates are a step's parsed templates.
type stepTemplates struct {
	subject *texttemplate.Template
	text    *texttemplate.Template
	html    *htmltemplate.Template // nil: made from the text
}

func parseStep(s Step) (*stepTemplates, error) {
	var t stepTemplates
	var err error
	if t.subject, err = texttemplate.New("subject").Funcs(funcs).Option("missingkey=error").Parse(s.Subject); err != nil {
		return nil, fmt.Errorf("subject: %w", err)
	}
	tt, err := textBase.Clone()
	if err != nil {
		return nil, err
	}
	if t.text, err = tt.New("text").Parse(string(s.Text)); err != nil {
		return nil, fmt.Errorf("text: %w", err)
	}
	if s.HTML != "" {
		ht, err := htmlBase.Clone()
		if err != nil {
			return nil, err
		}
		if t.html, err = ht.New("html").Parse(string(s.HTML)); err != nil {
			return nil, fmt.Errorf("html: %w", err)
		}
	}
	// Mistakes such as {{.Custmer}} show only when a template runs: run
	// each once now, so a bad policy is refused when it is stored.
	if _, err := t.render(sampleData()); err != nil {
		return nil, err
	}
	return &t, nil
}

// rendered is an email's subject and bodies.
type rendered struct {
	Subject, Text, HTML string
}

func (t *stepTemplates) render(d Data) (rendered, error) {
	var r rendered
	var b bytes.Buffer
	if err := t.subject.Execute(&b, d); err != nil {
		return r, fmt.Errorf("subject: %w", err)
	}
	// A subject is one header line: line breaks in it would end the header.
	r.Subject = strings.Join(strings.Fields(b.String()), " ")
	if r.Subject == "" {
		return r, fmt.Errorf("subject: it came out empty")
	}
	b.Reset()
	if err := t.text.ExecuteTemplate(&b, "text", d); err != nil {
		return r, fmt.Errorf("text: %w", err)
	}
	r.Text = tidyText(b.String())
	b.Reset()
	if t.html != nil {
		if err := t.html.ExecuteTemplate(&b, "html", d); err != nil {
			return r, fmt.Errorf("html: %w", err)
		}
		r.HTML = htmlPage(r.Subject, dropBlankLines(b.String()))
	} else {
		r.HTML = htmlPage(r.Subject, textToHTML(r.Text))
	}
	return r, nil
}

// tidyText drops trailing spaces and runs of blank lines that optional
// parts ({{with …}}) leave behind, and ends the text with one newline.
func tidyText(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var out []string
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			blank++
			if blank > 1 || len(out) == 0 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimRight(strings.Join(out, "\n"), "\n") + "\n"
}

// dropBlankLines removes the empty lines optional parts leave in HTML,
// where they mean nothing.
func dropBlankLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// htmlPage wraps a body fragment in a page; title and body come escaped
// or from html/template.
func htmlPage(title, body string) string {
	return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>` + htmltemplate.HTMLEscapeString(title) + `</title></head>
<body style="font-family:Helvetica,Arial,sans-serif;font-size:14px;line-height:1.4;color:#222">
` + strings.TrimSpace(body) + `
</body></html>
`
}

// textToHTML is the HTML alternative of a step that has only a text:
// paragraphs at blank lines, line breaks kept, everything escaped.
func textToHTML(text string) string {
	var b strings.Builder
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		lines := strings.Split(para, "\n")
		for i, l := range lines {
			lines[i] = htmltemplate.HTMLEscapeString(l)
		}
		b.WriteString("<p style=\"white-space:pre-wrap\">" + strings.Join(lines, "<br>\n") + "</p>\n")
	}
	return b.String()
}

// sampleData exercises every field, for checking templates.
func sampleData() Data {
	return Data{
		Customer: Customer{Code: "ACME", Name: "Acme Ltd", Email: "ap@acme.example"},
		Step:     "overdue", AsOf: "2026-03-31",
		Items: []Item{
			{Number: "INV-000012", IssueDate: "2026-02-01", DueDate: "2026-03-03", DaysOverdue: 28, Overdue: true,
				Status: "28 days overdue", Amount: "1,000.00 USD", Open: "800.00 USD", Step: "overdue",
				RF: "RF63 INV0 0001 2"},
			{Number: "INV-000015", IssueDate: "2026-03-02", DueDate: "2026-04-01", DaysOverdue: -1,
				Status: "due in 1 day", Amount: "450.00 USD", Open: "450.00 USD", Step: "friendly",
				RF: "RF79 INV0 0001 5"},
		},
		Count: 2, Numbers: "INV-000012, INV-000015", Total: "1,250.00 USD", Overdue: "800.00 USD", Currency: "USD",
		Statement: true, Earlier: true,
		Headline: "2 invoices are due, 1 of them overdue", Lead: "the following 2 invoices are due, 1 of them overdue",
		State: stateOverdue, OverdueCount: 1,
		Business: Business{Name: "Nordlicht Design", Email: "accounts@nordlicht.example", Phone: "+49 40 1234567", Address: "Hafenstraße 12\n20457 Hamburg"},
		Payment: Payment{Bank: "Hamburger Sparkasse", IBAN: "DE89 3704 0044 0532 0130 00", BIC: "HASPDEHHXXX",
			Link: "https://pay.example/nordlicht", Reference: "INV-000012, INV-000015", Instructions: "  IBAN: DE89 3704 0044 0532 0130 00"},
		Promise: Promise{MadeOn: "2026-03-01", PayBy: "2026-03-20", Amount: "800.00 USD", Paid: "0.00 USD"},
	}
}
