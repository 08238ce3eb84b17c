package reminders

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"paidup/ledger"
)

// Renderer draws the PDFs a reminder carries. Package reports draws them;
// this interface keeps reminders testable without it and lets the
// command line wire in the real one.
type Renderer interface {
	// InvoicePDF writes the PDF of an issued invoice.
	InvoicePDF(ctx context.Context, w io.Writer, number string) error
	// StatementPDF writes a customer's open-item statement as of the end of a day.
	StatementPDF(ctx context.Context, w io.Writer, customerCode string, asOf time.Time) error
}

// EInvoicer is what a Renderer may also do: give the e-invoice (EN 16931
// XML) an invoice's customer asks for beside its PDF, or no data when they
// want none (or a Factur-X PDF, which carries its XML). An invoice email
// carries it; reminders do not, so a customer's system is not sent the
// same invoice to book twice.
type EInvoicer interface {
	EInvoiceXML(ctx context.Context, number string) (name string, data []byte, err error)
}

// PlanPDFer is what a Renderer may also do: for an invoice in an active
// payment plan, give the plan's schedule with how to pay its next
// instalment (that amount and date, in words and in the EPC QR code);
// ok false when the invoice is in none.
type PlanPDFer interface {
	PlanPDFOf(ctx context.Context, number string, asOf time.Time) (name string, data []byte, ok bool, err error)
}

// MaxInvoicePDFs is the most invoice PDFs one email carries: a customer
// with hundreds of open invoices gets the open-item statement instead,
// which lists them all and keeps the email within servers' size limits.
const MaxInvoicePDFs = 25

// attachments renders the PDFs of an outbox row: each invoice it reminds
// of and, at the steps that say so, the statement as of the run's day.
func attachments(ctx context.Context, r Renderer, row ledger.OutboxMessage) ([]Attachment, error) {
	if r == nil {
		return nil, fmt.Errorf("no PDF renderer")
	}
	var out []Attachment
	for _, it := range row.Items {
		if len(row.Items) > MaxInvoicePDFs || IsStatementStep(row.Step) {
			break // the statement lists them (the planner set Statement)
		}
		if pp, ok := r.(PlanPDFer); ok && row.Step != InvoiceStep {
			// Under a plan the instalment is asked for, not the whole
			// invoice: its schedule goes instead of the invoice's PDF,
			// whose QR code would carry the invoice's open amount.
			name, data, ok, err := pp.PlanPDFOf(ctx, it.Number, row.AsOf)
			if err != nil {
				return nil, fmt.Errorf("payment plan PDF of %s: %w", it.Number, err)
			}
			if ok {
				if !slices.ContainsFunc(out, func(a Attachment) bool { return a.Name == fileName(name) }) {
					out = append(out, Attachment{Name: fileName(name), ContentType: "application/pdf", Data: data})
				}
				continue
			}
		}
		var b bytes.Buffer
		if err := r.InvoicePDF(ctx, &b, it.Number); err != nil {
			return nil, fmt.Errorf("invoice PDF %s: %w", it.Number, err)
		}
		out = append(out, Attachment{Name: fileName("Invoice " + it.Number + ".pdf"), ContentType: "application/pdf", Data: b.Bytes()})
		if e, ok := r.(EInvoicer); ok && row.Step == InvoiceStep {
			name, data, err := e.EInvoiceXML(ctx, it.Number)
			if err != nil {
				return nil, fmt.Errorf("e-invoice %s: %w", it.Number, err)
			}
			if data != nil {
				out = append(out, Attachment{Name: fileName(name), ContentType: "application/xml", Data: data})
			}
		}
	}
	if row.Statement {
		var b bytes.Buffer
		if err := r.StatementPDF(ctx, &b, row.CustomerCode, row.AsOf); err != nil {
			return nil, fmt.Errorf("statement PDF of %s: %w", row.CustomerCode, err)
		}
		name := fmt.Sprintf("Statement %s %s.pdf", row.CustomerCode, row.AsOf.Format(ledger.DateLayout))
		out = append(out, Attachment{Name: fileName(name), ContentType: "application/pdf", Data: b.Bytes()})
	}
	return out, nil
}

// fileName keeps an attachment's name to characters every mail program
// and file system accepts.
func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, s)
}
