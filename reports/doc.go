// Package reports turns ledger results into documents people open in
// other programs: invoice and statement PDFs, the aging workbook (XLSX),
// CSV exports. Layout only: every number comes from package ledger, and
// everything writes to an io.Writer.
package reports
