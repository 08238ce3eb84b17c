package main

import (
	"context"
	"io"

	"paidup/ledger"
)

// writeAgingXLSX and writeAgingPDF render the aging workbook and PDF.
// TODO(issue 3): wired to reports once the XLSX and PDF layers land.
func writeAgingXLSX(ctx context.Context, st *ledger.Store, w io.Writer, a *ledger.Aging, detail func(func(ledger.AgingItem) error) error) error {
	return ledger.Errorf(ledger.EINVALID, "XLSX aging is not available yet")
}

func writeAgingPDF(ctx context.Context, st *ledger.Store, w io.Writer, a *ledger.Aging, o ledger.AgingOptions, detail bool) error {
	return ledger.Errorf(ledger.EINVALID, "PDF aging is not available yet")
}
