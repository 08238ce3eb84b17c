package reminders

import (
	"context"
	"io"
	"testing"
	"time"

	"paidup/ledger"
)

type xmlRenderer struct{}

func (xmlRenderer) InvoicePDF(ctx context.Context, w io.Writer, number string) error {
	_, err := io.WriteString(w, "%PDF-1.7")
	return err
}

func (xmlRenderer) StatementPDF(ctx context.Context, w io.Writer, code string, asOf time.Time) error {
	return nil
}

func (xmlRenderer) EInvoiceXML(ctx context.Context, number string) (string, []byte, error) {
	return number + ".xrechnung-cii.xml", []byte("<x/>"), nil
}

// An invoice email carries the customer's e-invoice beside the PDF; a
// reminder of the same invoice does not.
func TestInvoiceEmailCarriesEInvoice(t *testing.T) {
	ctx := context.Background()
	items := []ledger.OutboxItem{{Number: "INV-1"}}
	atts, err := attachments(ctx, xmlRenderer{}, ledger.OutboxMessage{Step: InvoiceStep, Items: items})
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != 2 || atts[1].Name != "INV-1.xrechnung-cii.xml" || atts[1].ContentType != "application/xml" {
		t.Fatalf("invoice email attachments: %+v", atts)
	}
	atts, err = attachments(ctx, xmlRenderer{}, ledger.OutboxMessage{Step: "firm", Items: items})
	if err != nil || len(atts) != 1 {
		t.Fatalf("a reminder's attachments: %+v, %v", atts, err)
	}
}
