package ledger

import (
	"context"
	"database/sql"
	"fmt"
)

// LedgerFileInfo is what a ledger file (a backup) holds, read without
// changing it: for the restore list and for verify's anchors.
type LedgerFileInfo struct {
	Schema    int       `json:"schema"`
	Customers int64     `json:"customers"`
	Documents int64     `json:"documents"`
	Head      AuditHead `json:"audit_head"` // zero count: the file has no audit trail
}

// ReadLedgerFile reads a ledger file's counts and audit head read-only.
func ReadLedgerFile(ctx context.Context, path string) (LedgerFileInfo, error) {
	var info LedgerFileInfo
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro")
	if err != nil {
		return info, err
	}
	defer db.Close()
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&info.Schema); err != nil {
		return info, fmt.Errorf("%s: not a Paidup ledger: %w", path, err)
	}
	if err := db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM documents)`).Scan(&info.Customers, &info.Documents); err != nil {
		return info, fmt.Errorf("%s: %w", path, err)
	}
	info.Head = AuditHead{Hash: zeroHash}
	if info.Schema >= auditSchema {
		err := db.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&info.Head.Count, &info.Head.Hash)
		if err != nil && err != sql.ErrNoRows {
			return info, fmt.Errorf("%s: %w", path, err)
		}
	}
	return info, nil
}
