package reports

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"paidup/ledger"
)

// TestEPCPayload checks the EPC069-12 layout field by field: service tag,
// version, character set, identification, BIC, name, IBAN, amount,
// purpose, structured reference, unstructured text.
func TestEPCPayload(t *testing.T) {
	got, err := EPCPayload(EPCPayment{Name: "Nordlicht Design Studio", IBAN: "DE89 3704 0044 0532 0130 00", BIC: "haspdehhxxx",
		Amount: ledger.NewMoney(465388, "EUR"), Text: "Invoice INV-000002"})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"BCD",                     // service tag
		"002",                     // version: BIC optional in the EEA
		"1",                       // character set: UTF-8
		"SCT",                     // SEPA credit transfer
		"HASPDEHHXXX",             // BIC
		"Nordlicht Design Studio", // beneficiary
		"DE89370400440532013000",  // IBAN without spaces
		"EUR4653.88",              // amount
		"",                        // purpose code
		"",                        // structured creditor reference (ISO 11649)
		"Invoice INV-000002",      // unstructured remittance text
	}, "\n")
	if got != want {
		t.Fatalf("payload\n%q\nwant\n%q", got, want)
	}

	// An invoice's RF reference goes in the structured field, with no text
	// (EPC069-12: one or the other).
	got, err = EPCPayload(EPCPayment{Name: "Nordlicht Design Studio", IBAN: "DE89370400440532013000",
		Amount: ledger.NewMoney(1000, "EUR"), Reference: "rf18 5390 0754 7034"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "BCD\n002\n1\nSCT\n\nNordlicht Design Studio\nDE89370400440532013000\nEUR10.00\n\nRF18539007547034"; got != want {
		t.Errorf("payload with a reference %q, want %q", got, want)
	}

	// No BIC, no text: the trailing empty fields are left off.
	got, err = EPCPayload(EPCPayment{Name: "Müller", IBAN: "AT611904300234573201", Amount: ledger.NewMoney(1, "EUR")})
	if err != nil {
		t.Fatal(err)
	}
	if want := "BCD\n002\n1\nSCT\n\nMüller\nAT611904300234573201\nEUR0.01"; got != want {
		t.Errorf("payload %q, want %q", got, want)
	}

	// Long fields are cut to their maximum, the text gives way to keep
	// within 331 bytes, and line breaks cannot shift fields.
	long := strings.Repeat("Ł", 80)
	got, err = EPCPayload(EPCPayment{Name: long + "\nX", IBAN: "DE89370400440532013000", Amount: ledger.NewMoney(99999999999, "EUR"), Text: strings.Repeat("t", 200)})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(got, "\n")
	if len(lines) != 11 || lines[5] != strings.Repeat("Ł", 70) || len(got) != 331 || !strings.HasPrefix(lines[10], "tttt") || lines[7] != "EUR999999999.99" {
		t.Errorf("long payload %q", got)
	}
	if m, err := qrModules(got); err != nil || len(m) > 17+4*13 {
		t.Errorf("the longest payload needs %d modules (EPC069-12 allows up to version 13, 69 modules): %v", len(m), err)
	}

	for name, p := range map[string]EPCPayment{
		"ErrCurrency":  {Name: "N", IBAN: "DE89370400440532013000", Amount: ledger.NewMoney(100, "USD")},
		"ErrZero":      {Name: "N", IBAN: "DE89370400440532013000", Amount: ledger.NewMoney(0, "EUR")},
		"ErrTooLarge":  {Name: "N", IBAN: "DE89370400440532013000", Amount: ledger.NewMoney(100000000000, "EUR")},
		"ErrIBAN":      {Name: "N", IBAN: "DE89370400440532013001", Amount: ledger.NewMoney(100, "EUR")},
		"ErrNoName":    {Name: " ", IBAN: "DE89370400440532013000", Amount: ledger.NewMoney(100, "EUR")},
		"ErrBICLength": {Name: "N", IBAN: "DE89370400440532013000", BIC: "HASPDE", Amount: ledger.NewMoney(100, "EUR")},
		"ErrRF":        {Name: "N", IBAN: "DE89370400440532013000", Amount: ledger.NewMoney(100, "EUR"), Reference: "RF19INV000002"},
		"ErrRFAndText": {Name: "N", IBAN: "DE89370400440532013000", Amount: ledger.NewMoney(100, "EUR"), Reference: "RF18539007547034", Text: "x"},
	} {
		if _, err := EPCPayload(p); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestInvoiceQRScans renders the invoice page to an image with poppler and
// decodes the printed QR code: a banking app must read exactly the payload.
func TestInvoiceQRScans(t *testing.T) {
	fx := newFixture(t)
	inv := fx.mullerInvoice(t)
	pdf := fx.render(t, inv.Number)
	prefix := filepath.Join(t.TempDir(), "page")
	out, err := exec.Command(tool(t, "pdftoppm", "poppler-utils"), "-png", "-r", "150", "-f", "1", "-l", "1", writeTemp(t, pdf), prefix).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	f, err := os.Open(prefix + "-1.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// The code sits in the right half of the page, below the table.
	b := img.Bounds()
	crop := img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(image.Rect(b.Dx()/2, b.Dy()/2, b.Dx(), b.Dy()))
	bmp, err := gozxing.NewBinaryBitmapFromImage(crop)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("the printed QR code does not scan: %v", err)
	}
	rf, ok := ledger.RFReference(inv.Number)
	if !ok {
		t.Fatalf("invoice %s has no RF reference", inv.Number)
	}
	want, err := EPCPayload(EPCPayment{Name: "Nordlicht Design Studio", IBAN: "DE89370400440532013000", BIC: "HASPDEHHXXX",
		Amount: ledger.NewMoney(465388, "EUR"), Reference: rf})
	if err != nil {
		t.Fatal(err)
	}
	if res.GetText() != want {
		t.Errorf("scanned %q, want %q", res.GetText(), want)
	}
}
