package reports

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"paidup/ledger"
)

// EPCPayment is a SEPA credit transfer as a banking app reads it from an
// EPC QR code ("GiroCode", European Payments Council document EPC069-12).
type EPCPayment struct {
	Name   string       // beneficiary, at most 70 characters (longer is cut)
	IBAN   string       // beneficiary account
	BIC    string       // optional in version 002 within the EEA
	Amount ledger.Money // EUR, 0.01 to 999999999.99
	// Reference is the structured creditor reference (ISO 11649, "RF…"):
	// the payer's bank passes it on unchanged, so the payment names its
	// invoice exactly. The standard allows it or Text, never both.
	Reference string
	Text      string // unstructured remittance, at most 140 characters (longer is cut)
}

// EPCPayload renders the QR code's text: twelve lines at most, separated
// by LF, in UTF-8 (character set 1), version 002, no more than 331 bytes.
//
//	BCD / 002 / 1 / SCT / BIC / name / IBAN / EUR12.30 / purpose / reference / text
//
// Paidup leaves the purpose code empty. An invoice carries its RF
// creditor reference (ISO 11649) in the structured field and no text;
// other documents (statements, plans) put their words in the unstructured
// text, which every bank shows the payer. Trailing empty lines are
// omitted, as the standard allows.
func EPCPayload(p EPCPayment) (string, error) {
	iban, err := ledger.NormalizeIBAN(p.IBAN)
	if err != nil {
		return "", fmt.Errorf("EPC QR code: %w", err)
	}
	name := cut(oneLine(p.Name), 70)
	if name == "" {
		return "", fmt.Errorf("EPC QR code: the beneficiary name is empty (set business.name)")
	}
	if p.Amount.Currency != "EUR" {
		return "", fmt.Errorf("EPC QR code: SEPA transfers are in EUR, not %s", p.Amount.Currency)
	}
	if p.Amount.Minor < 1 || p.Amount.Minor > 99999999999 {
		return "", fmt.Errorf("EPC QR code: the amount %s is outside 0.01 to 999999999.99 EUR", p.Amount.Plain())
	}
	bic := strings.ToUpper(strings.TrimSpace(p.BIC))
	if bic != "" && len(bic) != 8 && len(bic) != 11 {
		return "", fmt.Errorf("EPC QR code: BIC %q must have 8 or 11 characters", p.BIC)
	}
	ref := strings.ToUpper(strings.ReplaceAll(p.Reference, " ", ""))
	if ref != "" {
		if !ledger.ValidRF(ref) {
			return "", fmt.Errorf("EPC QR code: %q is not an RF creditor reference (ISO 11649)", p.Reference)
		}
		if strings.TrimSpace(p.Text) != "" {
			return "", fmt.Errorf("EPC QR code: a structured reference and a remittance text exclude each other")
		}
	}
	text := []rune(cut(oneLine(p.Text), 140))
	for {
		lines := []string{"BCD", "002", "1", "SCT", bic, name, iban, "EUR" + p.Amount.Plain(), "", ref, strings.TrimSpace(string(text))}
		for len(lines) > 0 && lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		payload := strings.Join(lines, "\n")
		if len(payload) <= 331 {
			return payload, nil
		}
		if len(text) == 0 {
			return "", fmt.Errorf("EPC QR code: the payload is %d bytes, more than the 331 allowed", len(payload))
		}
		// 331 is bytes, and a name in Ł or Ж takes two per character:
		// the remittance text gives way first.
		text = text[:len(text)-1]
	}
}

// oneLine keeps a field on its line: a line break would shift every
// later field.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cut shortens s to at most n characters.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n]))
}
