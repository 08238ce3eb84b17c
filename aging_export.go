package main

import (
	"context"
	"io"
	"path/filepath"
	"time"

	"paidup/ledger"
	"paidup/reports"
)

// writeAgingXLSX renders the aging workbook, streaming the detail rows.
func writeAgingXLSX(ctx context.Context, st *ledger.Store, w io.Writer, a *ledger.Aging, detail func(func(ledger.AgingItem) error) error) error {
	name, err := st.Setting(ctx, "business.name", "")
	if err != nil {
		return err
	}
	meta := reports.WorkbookMeta{BusinessName: name, LedgerName: filepath.Base(st.Path()), GeneratedAt: time.Now()}
	return reports.WriteAgingXLSX(w, a, detail, meta)
}

// writeAgingPDF renders the aging as PDF.
// TODO(issue 3): wired to reports once the PDF layer (fonts) lands.
func writeAgingPDF(ctx context.Context, st *ledger.Store, w io.Writer, a *ledger.Aging, o ledger.AgingOptions, detail bool) error {
	return ledger.Errorf(ledger.EINVALID, "PDF aging is not available yet")
}
