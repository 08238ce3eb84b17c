//go:build !paidup_noaudit

package ledger

// auditOff is true only in a build tagged paidup_noaudit: a measuring
// build for `make bench`, which times the import and the demo without the
// audit trail to show what the trail costs. Never a shipped binary.
const auditOff = false
