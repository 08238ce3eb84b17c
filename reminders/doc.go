// Package reminders emails payment reminders (dunning): policy → outbox →
// Mailer → SMTP.
//
// A Policy is a list of steps relative to the due date (built in: −3
// friendly, 0 due, +7 overdue, +21 firm with the open-item statement, +45
// final notice), each with a subject, a text and an HTML template. A run
// as of a day D reads the invoices open at the end of D exactly as the
// aging does; each invoice gets only the latest step it has reached, and
// none it (or a later step) was reminded of already. Disputed invoices,
// invoices paid or voided since D and customers with reminders off are
// passed over and reported. One email per customer lists all its due
// invoices, in the voice of the sternest step among them, with their PDFs.
//
// Queue writes a run's emails to the ledger's outbox in one transaction
// before anything is sent; the file itself refuses a second reminder of
// the same (invoice, step). Send then claims each row ('sending',
// committed) before handing its message to the server and records the
// answer after: sent; failed for good (5xx, a bad address), never
// retried; pending again after transient failures (4xx, a refused or
// broken connection) retried with backoff within the run; or unknown, when
// the connection broke after the message went out. A row left 'sending'
// by a crash and an unknown one are the messages whose fate nobody knows:
// they are listed for review and sent again only on the user's word
// (ledger.Store.ResolveOutbox). Message-IDs are fixed per row, so a resend
// carries the same one.
//
// The SMTP password comes from PAIDUP_SMTP_PASSWORD or the OS keyring,
// never from the ledger; logging in over an unencrypted connection is
// refused unless smtp.allow_insecure_auth is true.
package reminders
