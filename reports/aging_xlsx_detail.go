package reports

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"paidup/ledger"
)

// The Detail sheet: every open document, streamed.

// detailHeader lists the Detail columns; the days column is named by basis.
func (b *agingBook) detailHeader() []string {
	days := "Days past due"
	if b.a.Basis == ledger.BasisIssue {
		days = "Days since issue"
	}
	return []string{"Customer code", "Customer", "Kind", "Document", "Issue date", "Due date", days,
		"Bucket", "Currency", "Original", "Open"}
}

// detail streams one row per open document. Rows go through excelize's
// stream writer, which spills to a temporary file past 16 MB, so memory
// does not grow with the number of rows.
func (b *agingBook) detail(detail func(fn func(ledger.AgingItem) error) error) error {
	f := b.f
	if _, err := f.NewSheet(sheetDetail); err != nil {
		return err
	}
	if err := b.printSetup(sheetDetail, "$1:$1"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheetDetail)
	if err != nil {
		return err
	}
	for i, w := range []float64{15, 34, 12, 14, 12, 12, 15, 10, 9, 18, 18} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := b.detailHeader()
	if err := sw.SetRow("A1", b.headerRow(header, func(i int) bool { return i >= 4 && i <= 6 || i >= 9 })); err != nil {
		return err
	}
	row := 1
	vals := make([]any, len(header)) // reused: SetRow encodes the row before returning
	err = detail(func(it ledger.AgingItem) error {
		row++
		if err := b.detailRow(vals, it); err != nil {
			return fmt.Errorf("%s %s: %w", it.Kind, it.Number, err)
		}
		return sw.SetRow("A"+strconv.Itoa(row), vals)
	})
	if err != nil {
		return err
	}
	b.detailRows = row - 1
	if err := f.AutoFilter(sheetDetail, "A1:"+xlsxCell(len(header), row), nil); err != nil {
		return err
	}
	return sw.Flush()
}

func (b *agingBook) detailRow(vals []any, it ledger.AgingItem) error {
	bucket := "credits"
	if it.Bucket >= 0 {
		if it.Bucket >= len(b.a.Labels) {
			return fmt.Errorf("bucket %d of %d", it.Bucket, len(b.a.Labels))
		}
		bucket = b.a.Labels[it.Bucket]
	}
	orig, err := b.amountCell(it.Original, it.Currency, false, "")
	if err != nil {
		return err
	}
	open, err := b.amountCell(it.Open, it.Currency, false, "")
	if err != nil {
		return err
	}
	vals[0], vals[1], vals[2], vals[3] = SafeText(it.CustomerCode), SafeText(it.CustomerName), xlsxKind(it.Kind), SafeText(it.Number)
	vals[4], vals[5] = excelize.Cell{StyleID: b.date, Value: it.IssueDate}, excelize.Cell{StyleID: b.date, Value: it.DueDate}
	vals[6], vals[7], vals[8], vals[9], vals[10] = it.DaysPastDue, SafeText(bucket), SafeText(it.Currency), orig, open
	return nil
}

// xlsxKind names a document kind for people; ledger's own labels are
// unexported, and scripts read the CSV export, not this column.
func xlsxKind(k ledger.Kind) string {
	switch k {
	case ledger.KindInvoice:
		return "Invoice"
	case ledger.KindCreditNote:
		return "Credit note"
	case ledger.KindPayment:
		return "Payment"
	case ledger.KindWriteOff:
		return "Write-off"
	}
	return SafeText(string(k))
}
