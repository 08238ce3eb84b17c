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

// writeAgingPDF renders the aging as a printable PDF with the business
// profile's letterhead, locale and paper.
func writeAgingPDF(ctx context.Context, st *ledger.Store, w io.Writer, a *ledger.Aging, o ledger.AgingOptions, detail bool) error {
	r, err := reports.LoadRenderer(ctx, st)
	if err != nil {
		return err
	}
	var stream func(func(ledger.AgingItem) error) error
	if detail {
		stream = func(fn func(ledger.AgingItem) error) error { return st.AgingDetail(ctx, o, fn) }
	}
	return r.Aging(w, a, stream)
}
