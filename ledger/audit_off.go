//go:build paidup_noaudit

package ledger

// auditOff: see audit_on.go. This build writes no audit trail.
const auditOff = true
