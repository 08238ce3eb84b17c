package app

import (
	"context"

	"paidup/bank"
	"paidup/ledger"
)

// Bank statements: the jobs of the window's Bank screen (and of `paidup
// bank`), each once. Listing lines, counting them and the reconciliation
// are the ledger's own (BankLines, CountBankLines, BankReconciliation).

// ImportStatement reads a statement file (camt, OFX, MT940, a ZIP of
// them, or a CSV by a stored mapping) and stores its new lines.
func (a *App) ImportStatement(ctx context.Context, path string, o bank.ImportOptions) (bank.ImportResult, error) {
	return bank.ImportFileWith(ctx, a.st, path, o)
}

// MatchStatements decides every line waiting; certain matches are posted
// unless dryRun (or the setting bank.auto_post is false).
func (a *App) MatchStatements(ctx context.Context, dryRun bool) ([]bank.Outcome, error) {
	return bank.Match(ctx, a.st, dryRun, nil)
}

// AcceptStatementLine posts a line as a payment of the invoices named, or
// with none named of matching's suggestion.
func (a *App) AcceptStatementLine(ctx context.Context, ref string, invoices []string) (ledger.Document, bank.Decision, error) {
	return bank.Accept(ctx, a.st, ref, invoices)
}

// IgnoreStatementLine marks a line as not a customer's payment.
func (a *App) IgnoreStatementLine(ctx context.Context, ref, reason string) error {
	return bank.Ignore(ctx, a.st, ref, reason)
}

// UndoStatementLine takes an accepted match back: its payment is voided
// and the line waits for review again.
func (a *App) UndoStatementLine(ctx context.Context, ref, reason string) error {
	return bank.Undo(ctx, a.st, ref, reason)
}

// AcceptStatementAsCredit posts a line as the customer's unapplied credit.
func (a *App) AcceptStatementAsCredit(ctx context.Context, ref, customer string) (ledger.Document, bank.Decision, error) {
	return bank.AcceptAsCredit(ctx, a.st, ref, customer)
}
