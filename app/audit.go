package app

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strconv"

	"paidup/ledger"
	"paidup/reports"
)

// The audit trail's jobs (ledger/audit.go writes it): verify, list,
// export for an auditor, and the heads that anchor the chain.

// AuditVerify walks the audit chain and every document's rows, holding
// the chain to the head of each automatic backup of this ledger and to
// the heads given (COUNT:HASH, as `paidup audit head` prints them).
func (a *App) AuditVerify(ctx context.Context, heads []string) (*ledger.AuditReport, error) {
	var anchors []ledger.AuditAnchor
	for _, h := range heads {
		head, err := ledger.ParseAuditHead(h)
		if err != nil {
			return nil, err
		}
		anchors = append(anchors, ledger.AuditAnchor{Head: head, Source: "the head given (" + head.String()[:min(len(head.String()), 20)] + "…)"})
	}
	bs, err := a.BackupList(ctx)
	if err != nil {
		return nil, err
	}
	for _, b := range bs {
		if b.Err == nil && b.Info.Head.Count > 0 {
			anchors = append(anchors, ledger.AuditAnchor{Head: b.Info.Head, Source: "the backup " + filepath.Base(b.Path)})
		}
	}
	return a.VerifyAudit(ctx, anchors)
}

// BackupSummary is an automatic backup with what it holds, for the
// restore list: its date, size, counts and audit head.
type BackupSummary struct {
	Backup
	Info ledger.LedgerFileInfo
	Err  error // the file could not be read as a ledger
}

// BackupList lists the automatic backups of this ledger, newest first,
// each read (read-only) for its counts and audit head.
func (a *App) BackupList(ctx context.Context) ([]BackupSummary, error) {
	dir, err := a.BackupDir(ctx)
	if err != nil {
		return nil, err
	}
	bs, err := Backups(dir, backupBase(a.Path()))
	if err != nil {
		return nil, fmt.Errorf("backups in %s: %w", dir, err)
	}
	out := make([]BackupSummary, len(bs))
	for i, b := range bs {
		out[i].Backup = b
		out[i].Info, out[i].Err = ledger.ReadLedgerFile(ctx, b.Path)
	}
	return out, nil
}

// AuditCSVHeader is the header of the auditor's export.
var AuditCSVHeader = []string{"seq", "at", "user", "action", "subject", "customer", "documents", "detail", "prev_hash", "hash"}

// ExportAudit writes the entries f chooses as CSV (AuditCSVHeader), text
// neutralised for spreadsheets, and returns the chain's head at the time
// and how many entries it wrote. The head goes with the file: it is what
// the auditor holds the ledger to later.
func (a *App) ExportAudit(ctx context.Context, w io.Writer, f ledger.AuditFilter) (ledger.AuditHead, int, error) {
	head, err := a.AuditHead(ctx)
	if err != nil {
		return head, 0, err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(AuditCSVHeader); err != nil {
		return head, 0, err
	}
	n := 0
	err = a.AuditLog(ctx, f, func(e *ledger.AuditEntry) error {
		n++
		return cw.Write([]string{strconv.FormatInt(e.Seq, 10), e.At, reports.SafeText(e.User), reports.SafeText(e.Action),
			reports.SafeText(e.Subject), reports.SafeText(e.Customer), strconv.Itoa(e.Documents), reports.SafeText(string(e.Detail)), e.PrevHash, e.Hash})
	})
	if err != nil {
		return head, n, err
	}
	cw.Flush()
	return head, n, cw.Error()
}
