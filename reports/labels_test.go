package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"paidup/ledger"
)

var verbs = regexp.MustCompile(`%[sd%]|\{nb\}`)

// Every translation keeps its key's verbs in order, and none is empty.
func TestLabelsCatalogue(t *testing.T) {
	if !slices.Equal(ledger.DocumentLanguages[1:], []string{"de", "fr", "es", "nl", "it", "pl"}) || len(translated["Invoice"]) != len(ledger.DocumentLanguages)-1 {
		t.Fatalf("the catalogue's columns are not ledger.DocumentLanguages[1:]: %v", ledger.DocumentLanguages)
	}
	for en, words := range translated {
		want := strings.Join(verbs.FindAllString(en, -1), " ")
		for i, w := range words {
			if strings.TrimSpace(w) == "" {
				t.Errorf("%q has no %s", en, ledger.DocumentLanguages[i+1])
			}
			if got := strings.Join(verbs.FindAllString(w, -1), " "); got != want {
				t.Errorf("%q in %s is %q: verbs %q, want %q", en, ledger.DocumentLanguages[i+1], w, got, want)
			}
		}
	}
}

// Every label the documents look up is in the catalogue: a new English
// label without its translations fails here, not on a customer's desk.
func TestLabelsUsedAreTranslated(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	calls := regexp.MustCompile(`\.tf?\("((?:[^"\\]|\\.)*)"`)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range calls.FindAllStringSubmatch(string(src), -1) {
			n++
			if _, ok := translated[m[1]]; !ok {
				t.Errorf("%s: %q is not in the catalogue (labels.go)", f, m[1])
			}
		}
	}
	if n < 80 {
		t.Errorf("found only %d label look-ups: the pattern no longer matches the code", n)
	}
}

// An invoice, a credit note and a statement in each document language:
// pdftotext reads their own words back in that language and none of the
// English ones.
func TestDocumentsInEveryLanguage(t *testing.T) {
	fx := newFixture(t)
	fx.statementHistory(t)
	inv := fx.invoice(t, "MUL", "2026-03-25", "PO-1", ledger.Line{Description: "Workshop", Quantity: qty("1"), UnitPrice: 50000, TaxRate: qty("19")})
	cn := fx.creditNote(t, ledger.CreditNoteInput{CustomerCode: "MUL", Date: day("2026-03-26"),
		Lines: []ledger.Line{{Description: "Workshop shortened", Quantity: qty("1"), UnitPrice: 10000, TaxRate: qty("19")}},
		Apply: []ledger.AllocationInput{{InvoiceNumber: inv.Number, Amount: money("119.00", "EUR")}}})
	// A few words per language, spelled out here rather than read from the
	// catalogue, so that a wrong catalogue fails.
	want := map[string][]string{
		"en": {"Invoice number", "Balance due", "Subtotal", "Page 1 of 1", "Total credited", "Statement date", "Remittance"},
		"de": {"Rechnungsnummer", "Offener Betrag", "Zwischensumme", "Seite 1 von 1", "Gutschriftsbetrag", "Stichtag", "Zahlungsabschnitt"},
		"fr": {"Numéro de facture", "Solde dû", "Sous-total", "Page 1 sur 1", "Total crédité", "Date du relevé", "Avis de paiement"},
		"es": {"Número de factura", "Saldo pendiente", "Subtotal", "Página 1 de 1", "Total abonado", "Fecha del extracto", "Aviso de pago"},
		"nl": {"Factuurnummer", "Openstaand saldo", "Subtotaal", "Pagina 1 van 1", "Totaal gecrediteerd", "Datum overzicht", "Betalingsstrook"},
		"it": {"Numero fattura", "Saldo dovuto", "Subtotale", "Pagina 1 di 1", "Totale accreditato", "Data estratto", "Avviso di pagamento"},
		"pl": {"Numer faktury", "Do zapłaty", "Suma częściowa", "Strona 1 z 1", "Razem korekta", "Data wyciągu", "Odcinek wpłaty"},
	}
	english := []string{"Invoice number", "Balance due", "Unit price", "Amount paid", "Total credited", "Statement date", "Please detach"}
	for _, lang := range ledger.DocumentLanguages {
		t.Run(lang, func(t *testing.T) {
			if err := fx.st.ChangeSetting(fx.ctx, "invoice.language", lang); err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, fx.render(t, inv.Number), 0) + "\n" + pdfText(t, fx.renderCreditNote(t, cn.Number), 0)
			_, st := fx.statement(t, "MUL", StatementOptions{Kind: OpenItem, To: day("2026-03-31"), Edges: []int{30, 60, 90}})
			text += "\n" + pdfText(t, st, 0)
			mustContain(t, text, want[lang]...)
			if lang == "en" {
				return
			}
			for _, w := range english {
				if strings.Contains(text, w) {
					t.Errorf("the %s documents still say %q", lang, w)
				}
			}
		})
	}
}

// Without invoice.language the documents speak the locale's language when
// they can, else English.
func TestDocumentLanguageFollowsLocale(t *testing.T) {
	fx := newFixture(t)
	inv := fx.invoice(t, "MUL", "2026-03-25", "", ledger.Line{Description: "Workshop", Quantity: qty("1"), UnitPrice: 50000})
	for locale, word := range map[string]string{"de-AT": "Rechnungsnummer", "fr-CH": "Numéro de facture", "ja-JP": "Invoice number", "en-GB": "Invoice number"} {
		if err := fx.st.ChangeSetting(fx.ctx, "invoice.language", ""); err != nil {
			t.Fatal(err)
		}
		if err := fx.st.ChangeSetting(fx.ctx, "invoice.locale", locale); err != nil {
			t.Fatal(err)
		}
		if text := pdfText(t, fx.render(t, inv.Number), 0); !strings.Contains(text, word) {
			t.Errorf("locale %s: the invoice lacks %q:\n%s", locale, word, text)
		}
	}
	if err := fx.st.ChangeSetting(fx.ctx, "invoice.language", "klingon"); err == nil || !strings.Contains(err.Error(), "de, fr, es, nl, it, pl") {
		t.Errorf("an unknown language: %v", err)
	}
}

// A customer's own language wins over the business's: their invoice,
// credit note and statement speak it, another customer's do not, and in
// a book of statements each section speaks its customer's language down
// to its page numbers. Dates spelled with English month names become the
// language's numeric dates.
func TestDocumentsInTheCustomersLanguage(t *testing.T) {
	fx := newFixture(t)
	if err := fx.st.ChangeSetting(fx.ctx, "invoice.locale", "en-GB"); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.st.CreateCustomer(fx.ctx, ledger.Customer{Code: "LYON", Name: "Soierie de Lyon SARL", Currency: "EUR", TermsDays: 30, Language: "FR"}); err != nil {
		t.Fatal(err)
	}
	if c, err := fx.st.CustomerByCode(fx.ctx, "LYON"); err != nil || c.Language != "fr" {
		t.Fatalf("customer language %q (%v)", c.Language, err)
	}
	if _, err := fx.st.CreateCustomer(fx.ctx, ledger.Customer{Code: "X", Name: "X", Currency: "EUR", Language: "tlh"}); err == nil {
		t.Error("a customer in Klingon was taken")
	}
	fr := fx.invoice(t, "LYON", "2026-03-02", "", ledger.Line{Description: "Soie", Quantity: qty("1"), UnitPrice: 50000})
	en := fx.invoice(t, "MUL", "2026-03-02", "", ledger.Line{Description: "Silk", Quantity: qty("1"), UnitPrice: 50000})
	mustContain(t, pdfText(t, fx.render(t, fr.Number), 0), "Numéro de facture", "Solde dû", "02/03/2026", "Page 1 sur 1")
	mustContain(t, pdfText(t, fx.render(t, en.Number), 0), "Invoice number", "Balance due", "2 Mar 2026", "Page 1 of 1")

	o := StatementOptions{Kind: OpenItem, To: day("2026-03-31"), Edges: []int{30, 60, 90}}
	r, err := LoadRenderer(fx.ctx, fx.st)
	if err != nil {
		t.Fatal(err)
	}
	book := r.NewStatementBook(o.To)
	for _, code := range []string{"LYON", "MUL"} {
		sd, _ := fx.statement(t, code, o)
		if err := book.Add(sd); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := book.Finish(&b); err != nil {
		t.Fatal(err)
	}
	mustContain(t, pdfText(t, b.Bytes(), 1), "Relevé de compte", "Date du relevé", "Page 1 sur 1")
	mustContain(t, pdfText(t, b.Bytes(), 2), "Statement date", "Page 1 of 1")
}
