package ui

import (
	"context"
	"io"
	"log"
	"strings"
	"time"

	"paidup/ledger"
	"paidup/reminders"
	"paidup/reports"
)

// Documents is what the screens need from packages reports and reminders:
// PDFs and email made from the ledger. StoreDocuments has it all; it is an
// interface so that the screens never hold a *ledger.Store themselves.
type Documents interface {
	// AgingPDF writes an aging (and, with detail, its open documents) as a PDF.
	AgingPDF(ctx context.Context, w io.Writer, a *ledger.Aging, detail func(func(ledger.AgingItem) error) error) error
	// InvoicePDF writes an issued (or void) invoice as a PDF.
	InvoicePDF(ctx context.Context, w io.Writer, number string) error
	// Statements prepares statements of one kind and date (the business
	// profile and aging edges are read once) and returns what writes them.
	Statements(ctx context.Context, o reports.StatementOptions) (StatementWriter, error)

	// PreviewReminders plans a reminder run as of the end of asOf without
	// writing or sending anything.
	PreviewReminders(ctx context.Context, asOf time.Time) (*reminders.Plan, error)
	// DueReminders is PreviewReminders without the emails' text: who is
	// due for a reminder of what, cheaply enough for the dashboard.
	DueReminders(ctx context.Context, asOf time.Time) (reminders.DueCount, error)
	// SendReminders writes what is due as of asOf to the outbox and sends
	// every pending message; progress hears of each one.
	SendReminders(ctx context.Context, asOf time.Time, progress func(done, total int)) (*reminders.Plan, *reminders.Report, error)
	// TestEmail sends a test message to addr and returns the server's answer.
	TestEmail(ctx context.Context, addr string) (string, error)
	// SetSMTPPassword stores the password of smtp.username at smtp.host in
	// the OS keyring; never in the ledger.
	SetSMTPPassword(ctx context.Context, password string) error
}

// StatementWriter writes the statement of one customer; written is false
// when an open-item statement would list nothing (nothing is written).
// "Statements for all" calls it from several goroutines at once.
type StatementWriter func(ctx context.Context, w io.Writer, code string) (written bool, err error)

// StoreDocuments makes documents and email from a ledger with packages
// reports and reminders, as the command line does.
type StoreDocuments struct {
	St *ledger.Store
}

var _ Documents = StoreDocuments{}

func (d StoreDocuments) AgingPDF(ctx context.Context, w io.Writer, a *ledger.Aging, detail func(func(ledger.AgingItem) error) error) error {
	r, err := reports.LoadRenderer(ctx, d.St)
	if err != nil {
		return err
	}
	return r.Aging(w, a, detail)
}

func (d StoreDocuments) InvoicePDF(ctx context.Context, w io.Writer, number string) error {
	in, err := reports.LoadInvoice(ctx, d.St, number)
	if err != nil {
		return err
	}
	r, err := reports.LoadRenderer(ctx, d.St)
	if err != nil {
		return err
	}
	return r.Invoice(w, in)
}

func (d StoreDocuments) Statements(ctx context.Context, o reports.StatementOptions) (StatementWriter, error) {
	r, err := reports.LoadRenderer(ctx, d.St)
	if err != nil {
		return nil, err
	}
	if len(o.Edges) == 0 {
		if o.Edges, err = reports.AgingEdges(ctx, d.St); err != nil {
			return nil, err
		}
	}
	return func(ctx context.Context, w io.Writer, code string) (bool, error) {
		sd, err := reports.LoadStatement(ctx, d.St, code, o)
		if err != nil {
			return false, err
		}
		if sd.Kind == reports.OpenItem && len(sd.Open.Items) == 0 {
			return false, nil
		}
		return true, r.Statement(w, sd)
	}, nil
}

func (d StoreDocuments) PreviewReminders(ctx context.Context, asOf time.Time) (*reminders.Plan, error) {
	r, err := reminders.NewRunner(ctx, d.St, false)
	if err != nil {
		return nil, err
	}
	return r.Preview(ctx, asOf)
}

func (d StoreDocuments) DueReminders(ctx context.Context, asOf time.Time) (reminders.DueCount, error) {
	r, err := reminders.NewRunner(ctx, d.St, false)
	if err != nil {
		return reminders.DueCount{}, err
	}
	return r.Due(ctx, asOf)
}

func (d StoreDocuments) SendReminders(ctx context.Context, asOf time.Time, progress func(done, total int)) (*reminders.Plan, *reminders.Report, error) {
	r, err := reminders.NewRunner(ctx, d.St, true)
	if err != nil {
		return nil, nil, err
	}
	defer closeMailer(r.Mailer)
	if r.Renderer, err = reminders.NewReportsRenderer(ctx, d.St); err != nil {
		return nil, nil, err
	}
	r.Progress = progress
	p, _, err := r.Queue(ctx, asOf)
	if err != nil {
		return nil, nil, err
	}
	rep, err := r.Send(ctx)
	return p, rep, err
}

func (d StoreDocuments) TestEmail(ctx context.Context, addr string) (string, error) {
	r, err := reminders.NewRunner(ctx, d.St, true)
	if err != nil {
		return "", err
	}
	defer closeMailer(r.Mailer)
	return r.Test(ctx, addr)
}

func (d StoreDocuments) SetSMTPPassword(ctx context.Context, password string) error {
	if strings.ContainsAny(password, "\r\n") {
		return ledger.Errorf(ledger.EINVALID, "a password is one line")
	}
	cfg, err := reminders.LoadConfig(ctx, d.St)
	if err != nil {
		return err
	}
	return reminders.SetPassword(cfg.SMTP, strings.NewReader(password+"\n"))
}

// closeMailer says goodbye to the server; when that fails, what was sent
// is sent all the same, so it is only logged.
func closeMailer(m reminders.Mailer) {
	if err := m.Close(); err != nil {
		log.Printf("close the SMTP connection: %v", err)
	}
}
