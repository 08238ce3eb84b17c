package ui

import (
	"context"
	"io"
	"time"

	paidapp "paidup/app"
	"paidup/ledger"
	"paidup/reminders"
	"paidup/reports"
)

// Documents is what the screens need from packages reports and reminders:
// PDFs and email made from the ledger, written once in package app; it is
// an interface so that screen tests can stand in for a part of it.
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

// StatementWriter writes the statement of one customer (app.Statements).
type StatementWriter = paidapp.StatementWriter

var _ Documents = (*paidapp.App)(nil)
