package einvoice

import (
	"fmt"
	"io"
	"strings"

	"paidup/ledger"
)

// Format is a syntax and profile an e-invoice is written in.
type Format string

const (
	CII          Format = "cii"           // UN/CEFACT CII D16B, EN 16931 (Factur-X / ZUGFeRD "EN 16931")
	UBL          Format = "ubl"           // UBL 2.1, Peppol BIS Billing 3.0
	XRechnungCII Format = "xrechnung-cii" // CII, XRechnung 3.0
	XRechnungUBL Format = "xrechnung-ubl" // UBL, XRechnung 3.0
)

// Formats lists the formats, as `invoice xml --format` takes them.
var Formats = []Format{CII, UBL, XRechnungCII, XRechnungUBL}

// The specification identifiers (BT-24) of the profiles.
const (
	guidelineEN16931  = "urn:cen.eu:en16931:2017"
	guidelinePeppol   = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
	guidelineXRech    = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
	processPeppol     = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
	processXRechnung  = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
	facturXFileName   = "factur-x.xml"
	xrechnungIDPrefix = "xrechnung"
)

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, k := range Formats {
		if k == f {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, k := range Formats {
		names[i] = string(k)
	}
	return "", ledger.Errorf(ledger.EINVALID, "unknown e-invoice format %q: use %s", s, strings.Join(names, ", "))
}

// ForCustomer is the XML format of a customer's preferred e-invoice
// format (ledger.EInvoiceFormats): Factur-X carries CII.
func ForCustomer(pref string) Format {
	switch pref {
	case "xrechnung-cii":
		return XRechnungCII
	case "xrechnung-ubl":
		return XRechnungUBL
	case "peppol-ubl":
		return UBL
	}
	return CII
}

// Ext is the file name extension of the format's files.
func (f Format) Ext() string { return ".xml" }

func (f Format) xrechnung() bool { return f == XRechnungCII || f == XRechnungUBL }
func (f Format) ubl() bool       { return f == UBL || f == XRechnungUBL }

// Write checks the invoice for the format and writes it. Nothing is
// written when a required field is missing: the error names each.
func Write(w io.Writer, inv *Invoice, f Format) error {
	if err := inv.Require(f); err != nil {
		return err
	}
	var root *node
	if f.ubl() {
		root = ublDocument(inv, f)
	} else {
		root = ciiDocument(inv, f)
	}
	if err := root.write(w); err != nil {
		return fmt.Errorf("write %s %s: %w", inv.Number, f, err)
	}
	return nil
}
