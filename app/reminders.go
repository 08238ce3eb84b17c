package app

import (
	"bytes"
	"context"
	"io"
	"log"
	"strings"
	"time"

	"paidup/einvoice"
	"paidup/ledger"
	"paidup/reminders"
	"paidup/reports"
)

// InvoicePDF and StatementPDF make pdfs a reminders.Renderer.
func (p *pdfs) InvoicePDF(ctx context.Context, w io.Writer, number string) error {
	in, err := reports.LoadInvoice(ctx, p.st, number)
	if err != nil {
		return err
	}
	return attachable(renderInvoice(ctx, p.st, p.r, w, in, p.facturX || in.Customer.EInvoiceFormat == "factur-x"))
}

// EInvoiceXML makes pdfs a reminders.EInvoicer: an emailed invoice carries
// the XML its customer asks for (XRechnung CII or UBL, Peppol UBL).
func (p *pdfs) EInvoiceXML(ctx context.Context, number string) (string, []byte, error) {
	d, err := p.st.Document(ctx, number)
	if err != nil {
		return "", nil, err
	}
	c, err := p.st.CustomerByCode(ctx, d.CustomerCode)
	if err != nil {
		return "", nil, err
	}
	if c.EInvoiceFormat == "" || c.EInvoiceFormat == "factur-x" {
		return "", nil, nil
	}
	f := einvoice.ForCustomer(c.EInvoiceFormat)
	inv, err := einvoice.Of(ctx, p.st, number)
	if err != nil {
		return "", nil, err
	}
	var b bytes.Buffer
	if err := einvoice.Write(&b, inv, f); err != nil {
		return "", nil, err
	}
	return EInvoiceFileName(number, f), b.Bytes(), nil
}

func (p *pdfs) StatementPDF(ctx context.Context, w io.Writer, code string, asOf time.Time) error {
	o := p.o
	o.To = asOf
	sd, err := reports.LoadStatement(ctx, p.st, code, o)
	if err != nil {
		return err
	}
	return attachable(p.r.Statement(w, sd))
}

// attachable lets a document with characters no font has go out as an
// attachment: it is complete and says on its first page what it could
// not print.
func attachable(err error) error {
	if _, warning := reports.AsMissingGlyphs(err); warning {
		return nil
	}
	return err
}

// ReminderRunner prepares a reminder run from the ledger's settings; one
// that will send also gets the SMTP password and a mailer, and the
// renderer of its attachments. The caller closes it with CloseRunner.
func (a *App) ReminderRunner(ctx context.Context, sending bool) (*reminders.Runner, error) {
	r, err := reminders.NewRunner(ctx, a.st, sending)
	if err != nil {
		return nil, err
	}
	r.Now = a.clock
	if sending {
		p, err := a.pdfs(ctx)
		if err != nil {
			CloseRunner(r)
			return nil, err
		}
		r.Renderer = p
	}
	return r, nil
}

// CloseRunner says goodbye to the SMTP server; when that fails, what was
// sent is sent all the same, so it is only logged.
func CloseRunner(r *reminders.Runner) {
	if r == nil || r.Mailer == nil {
		return
	}
	if err := r.Mailer.Close(); err != nil {
		log.Printf("close the SMTP connection: %v", err)
	}
}

// PreviewReminders plans a reminder run as of the end of asOf (zero:
// today) without writing or sending anything.
func (a *App) PreviewReminders(ctx context.Context, asOf time.Time) (*reminders.Plan, error) {
	r, err := a.ReminderRunner(ctx, false)
	if err != nil {
		return nil, err
	}
	return r.Preview(ctx, a.orToday(asOf))
}

// DueReminders is PreviewReminders without the emails' text: who is due
// for a reminder of what, cheaply enough for the dashboard.
func (a *App) DueReminders(ctx context.Context, asOf time.Time) (reminders.DueCount, error) {
	r, err := a.ReminderRunner(ctx, false)
	if err != nil {
		return reminders.DueCount{}, err
	}
	return r.Due(ctx, a.orToday(asOf))
}

// SendReminders writes what is due as of asOf to the outbox and sends
// every pending message; progress (optional) hears of each one.
func (a *App) SendReminders(ctx context.Context, asOf time.Time, progress func(done, total int)) (*reminders.Plan, *reminders.Report, error) {
	r, err := a.ReminderRunner(ctx, true)
	if err != nil {
		return nil, nil, err
	}
	defer CloseRunner(r)
	r.Progress = progress
	p, _, err := r.Queue(ctx, a.orToday(asOf))
	if err != nil {
		return nil, nil, err
	}
	rep, err := r.Send(ctx)
	return p, rep, err
}

// Unsettled is an outbox message whose fate is not settled: in doubt
// (waits for the user's word) or in flight (another run is sending it;
// Who says which).
type Unsettled struct {
	ledger.OutboxMessage
	InFlight bool
	Who      string
}

// UnsettledMessages lists the outbox messages in doubt and those another
// run is sending right now, in doubt first.
func (a *App) UnsettledMessages(ctx context.Context) ([]Unsettled, error) {
	doubt, busy, err := reminders.SplitInDoubt(ctx, a.Store)
	if err != nil {
		return nil, err
	}
	out := make([]Unsettled, 0, len(doubt)+len(busy))
	for _, m := range doubt {
		out = append(out, Unsettled{OutboxMessage: m})
	}
	for _, m := range busy {
		_, who := reminders.InFlight(m, a.Now())
		out = append(out, Unsettled{OutboxMessage: m, InFlight: true, Who: who})
	}
	return out, nil
}

// TestEmail sends a test message to addr and returns the server's answer.
func (a *App) TestEmail(ctx context.Context, addr string) (string, error) {
	r, err := a.ReminderRunner(ctx, true)
	if err != nil {
		return "", err
	}
	defer CloseRunner(r)
	return r.Test(ctx, addr)
}

// SetSMTPPassword stores the password of smtp.username at smtp.host in the
// OS keyring; never in the ledger.
func (a *App) SetSMTPPassword(ctx context.Context, password string) error {
	password = strings.TrimRight(password, "\r\n")
	if strings.ContainsAny(password, "\r\n") {
		return ledger.Errorf(ledger.EINVALID, "a password is one line")
	}
	cfg, err := reminders.LoadConfig(ctx, a.st)
	if err != nil {
		return err
	}
	return reminders.SetPassword(cfg.SMTP, strings.NewReader(password+"\n"))
}
