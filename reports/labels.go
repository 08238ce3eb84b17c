package reports

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"paidup/ledger"
)

// Documents print their own words in one of ledger.DocumentLanguages:
// invoice.language, else the language of the business's locale
// (invoice.locale) when it is one of them, else English. The customer's
// and business's own text (names, descriptions, notes) is printed as
// typed.

// translated holds, per English label, its words in the other document
// languages in the order of ledger.DocumentLanguages[1:]. A key with verbs
// (%s, %d) keeps them, in the same order, in every language: the
// arguments are the same. The tests check both.
var translated = map[string][6]string{
	// Invoice.
	"Invoice":                  {"Rechnung", "Facture", "Factura", "Factuur", "Fattura", "Faktura"},
	"Invoice %s":               {"Rechnung %s", "Facture %s", "Factura %s", "Factuur %s", "Fattura %s", "Faktura %s"},
	"Invoice %s (continued)":   {"Rechnung %s (Fortsetzung)", "Facture %s (suite)", "Factura %s (continuación)", "Factuur %s (vervolg)", "Fattura %s (continua)", "Faktura %s (ciąg dalszy)"},
	"Draft":                    {"Entwurf", "Brouillon", "Borrador", "Concept", "Bozza", "Szkic"},
	"Bill to":                  {"Rechnungsempfänger", "Facturé à", "Facturar a", "Factuur aan", "Fatturare a", "Nabywca"},
	"Tax ID %s":                {"USt-IdNr. %s", "N° TVA %s", "NIF %s", "Btw-nr. %s", "P. IVA %s", "NIP %s"},
	"Customer %s":              {"Kunde %s", "Client %s", "Cliente %s", "Klant %s", "Cliente %s", "Klient %s"},
	"Invoice number":           {"Rechnungsnummer", "Numéro de facture", "Número de factura", "Factuurnummer", "Numero fattura", "Numer faktury"},
	"Issue date":               {"Rechnungsdatum", "Date d'émission", "Fecha de emisión", "Factuurdatum", "Data di emissione", "Data wystawienia"},
	"Due date":                 {"Fällig am", "Date d'échéance", "Fecha de vencimiento", "Vervaldatum", "Data di scadenza", "Termin płatności"},
	"Terms":                    {"Zahlungsziel", "Conditions", "Condiciones", "Betalingstermijn", "Termini", "Warunki płatności"},
	"Due on receipt":           {"Sofort fällig", "Payable à réception", "Pago a la recepción", "Direct opeisbaar", "Pagamento a vista", "Płatne przy odbiorze"},
	"Net %d days":              {"%d Tage netto", "Net à %d jours", "Neto %d días", "Netto %d dagen", "Netto %d giorni", "Netto %d dni"},
	"PO / reference":           {"Bestellung / Referenz", "Commande / référence", "Pedido / referencia", "Inkooporder / referentie", "Ordine / riferimento", "Zamówienie / referencja"},
	"Service date":             {"Leistungsdatum", "Date de livraison", "Fecha del servicio", "Leverdatum", "Data della prestazione", "Data dostawy"},
	"Service period":           {"Leistungszeitraum", "Période de prestation", "Periodo del servicio", "Leveringsperiode", "Periodo della prestazione", "Okres świadczenia"},
	"Balance due":              {"Offener Betrag", "Solde dû", "Saldo pendiente", "Openstaand saldo", "Saldo dovuto", "Do zapłaty"},
	"Description":              {"Beschreibung", "Désignation", "Descripción", "Omschrijving", "Descrizione", "Opis"},
	"Qty":                      {"Menge", "Qté", "Cant.", "Aantal", "Q.tà", "Ilość"},
	"Unit price":               {"Einzelpreis", "Prix unitaire", "Precio unitario", "Stukprijs", "Prezzo unitario", "Cena jedn."},
	"Disc.":                    {"Rabatt", "Remise", "Dto.", "Korting", "Sconto", "Rabat"},
	"Tax":                      {"USt.", "TVA", "IVA", "Btw", "IVA", "VAT"},
	"Amount":                   {"Betrag", "Montant", "Importe", "Bedrag", "Importo", "Kwota"},
	"Subtotal":                 {"Zwischensumme", "Sous-total", "Subtotal", "Subtotaal", "Subtotale", "Suma częściowa"},
	"Tax %s%% on %s":           {"USt. %s%% auf %s", "TVA %s%% sur %s", "IVA %s%% sobre %s", "Btw %s%% over %s", "IVA %s%% su %s", "VAT %s%% od %s"},
	"Total":                    {"Gesamtbetrag", "Total", "Total", "Totaal", "Totale", "Razem"},
	"Amount paid":              {"Bereits bezahlt", "Montant payé", "Importe pagado", "Betaald", "Importo pagato", "Zapłacono"},
	"Paid in full. Thank you!": {"Vollständig bezahlt. Vielen Dank!", "Payée intégralement. Merci !", "Pagada en su totalidad. ¡Gracias!", "Volledig betaald. Hartelijk dank!", "Pagata per intero. Grazie!", "Zapłacono w całości. Dziękujemy!"},
	"This invoice is void: nothing is due on it.":               {"Diese Rechnung ist storniert: Es ist nichts zu zahlen.", "Cette facture est annulée : rien n'est dû.", "Esta factura está anulada: no hay nada que pagar.", "Deze factuur is vervallen: er hoeft niets betaald te worden.", "Questa fattura è annullata: non è dovuto nulla.", "Ta faktura została anulowana: nie ma nic do zapłaty."},
	"This invoice was voided on %s (%s): nothing is due on it.": {"Diese Rechnung wurde am %s storniert (%s): Es ist nichts zu zahlen.", "Cette facture a été annulée le %s (%s) : rien n'est dû.", "Esta factura se anuló el %s (%s): no hay nada que pagar.", "Deze factuur is op %s vervallen verklaard (%s): er hoeft niets betaald te worden.", "Questa fattura è stata annullata il %s (%s): non è dovuto nulla.", "Ta faktura została anulowana %s (%s): nie ma nic do zapłaty."},
	"How to pay":                       {"Zahlungsinformationen", "Comment payer", "Cómo pagar", "Betaalinformatie", "Come pagare", "Jak zapłacić"},
	"Please pay %s by %s, quoting %s.": {"Bitte überweisen Sie %s bis zum %s unter Angabe von %s.", "Merci de régler %s avant le %s en indiquant %s.", "Le rogamos pague %s antes del %s indicando %s.", "Gelieve %s te betalen vóór %s onder vermelding van %s.", "Si prega di pagare %s entro il %s indicando %s.", "Prosimy o zapłatę %s do %s, podając %s."},
	"the invoice number":               {"die Rechnungsnummer", "le numéro de facture", "el número de factura", "het factuurnummer", "il numero di fattura", "numer faktury"},
	"the reference %s":                 {"die Referenz %s", "la référence %s", "la referencia %s", "de referentie %s", "il riferimento %s", "referencję %s"},
	"Reference":                        {"Referenz", "Référence", "Referencia", "Referentie", "Riferimento", "Referencja"},
	"Bank":                             {"Bank", "Banque", "Banco", "Bank", "Banca", "Bank"},
	"Account":                          {"Konto", "Compte", "Cuenta", "Rekening", "Conto", "Konto"},
	"Pay online":                       {"Online bezahlen", "Payer en ligne", "Pagar en línea", "Online betalen", "Paga online", "Zapłać online"},
	"Scan to pay (GiroCode)":           {"Scannen und bezahlen (GiroCode)", "Scanner pour payer (GiroCode)", "Escanear para pagar (GiroCode)", "Scan om te betalen (GiroCode)", "Scansiona per pagare (GiroCode)", "Zeskanuj, aby zapłacić (GiroCode)"},
	"Notes":                            {"Hinweise", "Remarques", "Notas", "Opmerkingen", "Note", "Uwagi"},
	"PAID":                             {"BEZAHLT", "PAYÉE", "PAGADA", "BETAALD", "PAGATA", "ZAPŁACONO"},
	"VOID":                             {"STORNIERT", "ANNULÉE", "ANULADA", "VERVALLEN", "ANNULLATA", "ANULOWANO"},
	"DRAFT":                            {"ENTWURF", "BROUILLON", "BORRADOR", "CONCEPT", "BOZZA", "SZKIC"},
	"Page %d of %d":                    {"Seite %d von %d", "Page %d sur %d", "Página %d de %d", "Pagina %d van %d", "Pagina %d di %d", "Strona %d z %d"},
	"Page %d of {nb}":                  {"Seite %d von {nb}", "Page %d sur {nb}", "Página %d de {nb}", "Pagina %d van {nb}", "Pagina %d di {nb}", "Strona %d z {nb}"},
	// The notes the VAT directive asks for.
	"VAT exempt: %s": {"Steuerbefreit: %s", "Exonéré de TVA : %s", "Exento de IVA: %s", "Vrijgesteld van btw: %s", "Esente IVA: %s", "Zwolnione z VAT: %s"},
	"Reverse charge: the recipient is liable for the VAT (Article 196, Directive 2006/112/EC).": {"Steuerschuldnerschaft des Leistungsempfängers (Artikel 196, Richtlinie 2006/112/EG).", "Autoliquidation : la TVA est due par le preneur (article 196, directive 2006/112/CE).", "Inversión del sujeto pasivo: el destinatario es responsable del IVA (artículo 196, Directiva 2006/112/CE).", "Btw verlegd: de afnemer is de btw verschuldigd (artikel 196, Richtlijn 2006/112/EG).", "Inversione contabile: l'IVA è dovuta dal destinatario (articolo 196, direttiva 2006/112/CE).", "Odwrotne obciążenie: podatek VAT rozlicza nabywca (art. 196 dyrektywy 2006/112/WE)."},
	"VAT-exempt intra-Community supply (Article 138, Directive 2006/112/EC).":                   {"Steuerfreie innergemeinschaftliche Lieferung (Artikel 138, Richtlinie 2006/112/EG).", "Livraison intracommunautaire exonérée de TVA (article 138, directive 2006/112/CE).", "Entrega intracomunitaria exenta de IVA (artículo 138, Directiva 2006/112/CE).", "Vrijgestelde intracommunautaire levering (artikel 138, Richtlijn 2006/112/EG).", "Cessione intracomunitaria esente IVA (articolo 138, direttiva 2006/112/CE).", "Wewnątrzwspólnotowa dostawa towarów zwolniona z VAT (art. 138 dyrektywy 2006/112/WE)."},
	"VAT-exempt export outside the EU (Article 146, Directive 2006/112/EC).":                    {"Steuerfreie Ausfuhrlieferung außerhalb der EU (Artikel 146, Richtlinie 2006/112/EG).", "Exportation hors UE exonérée de TVA (article 146, directive 2006/112/CE).", "Exportación fuera de la UE exenta de IVA (artículo 146, Directiva 2006/112/CE).", "Vrijgestelde uitvoer buiten de EU (artikel 146, Richtlijn 2006/112/EG).", "Esportazione fuori dall'UE esente IVA (articolo 146, direttiva 2006/112/CE).", "Eksport poza UE zwolniony z VAT (art. 146 dyrektywy 2006/112/WE)."},
	"Not subject to VAT.": {"Nicht umsatzsteuerbar.", "Non soumis à la TVA.", "No sujeto a IVA.", "Niet onderworpen aan btw.", "Non soggetto a IVA.", "Niepodlegające opodatkowaniu VAT."},

	// Credit note.
	"Credit note":                {"Gutschrift", "Avoir", "Nota de crédito", "Creditnota", "Nota di credito", "Faktura korygująca"},
	"Credit note %s":             {"Gutschrift %s", "Avoir %s", "Nota de crédito %s", "Creditnota %s", "Nota di credito %s", "Faktura korygująca %s"},
	"Credit note %s (continued)": {"Gutschrift %s (Fortsetzung)", "Avoir %s (suite)", "Nota de crédito %s (continuación)", "Creditnota %s (vervolg)", "Nota di credito %s (continua)", "Faktura korygująca %s (ciąg dalszy)"},
	"Credit to":                  {"Gutschrift für", "Avoir au profit de", "Abonar a", "Credit aan", "Accreditare a", "Nabywca"},
	"Credit note number":         {"Gutschriftsnummer", "Numéro d'avoir", "Número de nota de crédito", "Creditnotanummer", "Numero nota di credito", "Numer korekty"},
	"Date":                       {"Datum", "Date", "Fecha", "Datum", "Data", "Data"},
	"Credits invoice":            {"Zur Rechnung", "Facture concernée", "Factura rectificada", "Betreft factuur", "Fattura di riferimento", "Dotyczy faktury"},
	"Total credited":             {"Gutschriftsbetrag", "Total crédité", "Total abonado", "Totaal gecrediteerd", "Totale accreditato", "Razem korekta"},
	"Applied to":                 {"Verrechnet mit", "Imputé sur", "Aplicado a", "Verrekend met", "Applicato a", "Rozliczono z"},
	"Invoice date":               {"Rechnungsdatum", "Date de facture", "Fecha de factura", "Factuurdatum", "Data fattura", "Data faktury"},
	"Credited":                   {"Gutgeschrieben", "Crédité", "Abonado", "Gecrediteerd", "Accreditato", "Skorygowano"},
	"Still owed":                 {"Noch offen", "Reste dû", "Pendiente", "Nog open", "Ancora dovuto", "Pozostało"},
	"This credit note is void: it credits nothing.":                                          {"Diese Gutschrift ist storniert: Sie schreibt nichts gut.", "Cet avoir est annulé : il ne crédite rien.", "Esta nota de crédito está anulada: no abona nada.", "Deze creditnota is vervallen: ze crediteert niets.", "Questa nota di credito è annullata: non accredita nulla.", "Ta faktura korygująca została anulowana: niczego nie koryguje."},
	"This credit note was voided on %s (%s): it credits nothing.":                            {"Diese Gutschrift wurde am %s storniert (%s): Sie schreibt nichts gut.", "Cet avoir a été annulé le %s (%s) : il ne crédite rien.", "Esta nota de crédito se anuló el %s (%s): no abona nada.", "Deze creditnota is op %s vervallen verklaard (%s): ze crediteert niets.", "Questa nota di credito è stata annullata il %s (%s): non accredita nulla.", "Ta faktura korygująca została anulowana %s (%s): niczego nie koryguje."},
	"The whole amount has been taken off the invoices above.":                                {"Der ganze Betrag wurde mit den obigen Rechnungen verrechnet.", "La totalité du montant a été imputée sur les factures ci-dessus.", "El importe total se ha descontado de las facturas anteriores.", "Het volledige bedrag is verrekend met de facturen hierboven.", "L'intero importo è stato detratto dalle fatture sopra.", "Cała kwota została rozliczona z powyższymi fakturami."},
	"The whole amount, %s, is kept as your credit and will be taken off your next invoices.": {"Der ganze Betrag, %s, bleibt als Ihr Guthaben stehen und wird mit Ihren nächsten Rechnungen verrechnet.", "La totalité du montant, %s, reste à votre crédit et sera déduite de vos prochaines factures.", "El importe total, %s, queda como saldo a su favor y se descontará de sus próximas facturas.", "Het volledige bedrag, %s, blijft als tegoed staan en wordt verrekend met uw volgende facturen.", "L'intero importo, %s, resta a vostro credito e sarà detratto dalle prossime fatture.", "Cała kwota, %s, pozostaje jako Państwa nadpłata i zostanie rozliczona z kolejnymi fakturami."},
	"%s is kept as your credit and will be taken off your next invoices.":                    {"%s bleibt als Ihr Guthaben stehen und wird mit Ihren nächsten Rechnungen verrechnet.", "%s reste à votre crédit et sera déduit de vos prochaines factures.", "%s queda como saldo a su favor y se descontará de sus próximas facturas.", "%s blijft als tegoed staan en wordt verrekend met uw volgende facturen.", "%s resta a vostro credito e sarà detratto dalle prossime fatture.", "%s pozostaje jako Państwa nadpłata i zostanie rozliczone z kolejnymi fakturami."},

	// Statement.
	"Statement":                        {"Kontoauszug", "Relevé de compte", "Extracto de cuenta", "Rekeningoverzicht", "Estratto conto", "Wyciąg z konta"},
	"Open items on %s":                 {"Offene Posten am %s", "Éléments ouverts au %s", "Partidas abiertas al %s", "Openstaande posten op %s", "Partite aperte al %s", "Pozycje otwarte na dzień %s"},
	"Account activity %s – %s":         {"Kontobewegungen %s – %s", "Mouvements du compte %s – %s", "Movimientos de la cuenta %s – %s", "Rekeningmutaties %s – %s", "Movimenti del conto %s – %s", "Operacje na koncie %s – %s"},
	"Statement for %s, %s (continued)": {"Kontoauszug für %s, %s (Fortsetzung)", "Relevé pour %s, %s (suite)", "Extracto para %s, %s (continuación)", "Overzicht voor %s, %s (vervolg)", "Estratto per %s, %s (continua)", "Wyciąg dla %s, %s (ciąg dalszy)"},
	"Statement for":                    {"Kontoauszug für", "Relevé pour", "Extracto para", "Overzicht voor", "Estratto per", "Wyciąg dla"},
	"Statement date":                   {"Stichtag", "Date du relevé", "Fecha del extracto", "Datum overzicht", "Data estratto", "Data wyciągu"},
	"Customer":                         {"Kunde", "Client", "Cliente", "Klant", "Cliente", "Klient"},
	"Currency":                         {"Währung", "Devise", "Moneda", "Valuta", "Valuta", "Waluta"},
	"Period":                           {"Zeitraum", "Période", "Periodo", "Periode", "Periodo", "Okres"},
	"In your favour":                   {"Guthaben zu Ihren Gunsten", "En votre faveur", "A su favor", "In uw voordeel", "A vostro favore", "Na Państwa korzyść"},
	"Document":                         {"Beleg", "Document", "Documento", "Document", "Documento", "Dokument"},
	"Due":                              {"Fällig", "Échéance", "Vencimiento", "Vervalt", "Scadenza", "Termin"},
	"Overdue":                          {"Überfällig", "En retard", "Vencido", "Achterstallig", "Scaduto", "Po terminie"},
	"Original":                         {"Ursprünglich", "Initial", "Original", "Oorspronkelijk", "Originale", "Pierwotnie"},
	"Open":                             {"Offen", "Restant", "Pendiente", "Open", "Aperto", "Otwarte"},
	"Balance":                          {"Saldo", "Solde", "Saldo", "Saldo", "Saldo", "Saldo"},
	"%d d":                             {"%d T.", "%d j", "%d d", "%d d", "%d gg", "%d dni"},
	"%s (in dispute)":                  {"%s (strittig)", "%s (contesté)", "%s (en disputa)", "%s (betwist)", "%s (contestata)", "%s (sporne)"},
	"Nothing is open. Thank you!":      {"Keine offenen Posten. Vielen Dank!", "Aucun élément ouvert. Merci !", "No hay partidas abiertas. ¡Gracias!", "Niets staat open. Hartelijk dank!", "Nessuna partita aperta. Grazie!", "Brak otwartych pozycji. Dziękujemy!"},
	"Charges":                          {"Belastungen", "Débits", "Cargos", "Debet", "Addebiti", "Obciążenia"},
	"Credits":                          {"Gutschriften", "Crédits", "Abonos", "Credit", "Accrediti", "Uznania"},
	"Balance brought forward":          {"Saldovortrag", "Solde reporté", "Saldo anterior", "Beginsaldo", "Saldo precedente", "Saldo z przeniesienia"},
	"Balance carried forward":          {"Endsaldo", "Solde à reporter", "Saldo final", "Eindsaldo", "Saldo finale", "Saldo do przeniesienia"},
	"due %s":                           {"fällig %s", "échéance %s", "vence %s", "vervalt %s", "scade %s", "termin %s"},
	"Payment %s":                       {"Zahlung %s", "Paiement %s", "Pago %s", "Betaling %s", "Pagamento %s", "Płatność %s"},
	"Write-off %s":                     {"Ausbuchung %s", "Passage en perte %s", "Cancelación %s", "Afschrijving %s", "Stralcio %s", "Odpis %s"},
	"Late-payment charges":             {"Verzugszinsen und -kosten", "Pénalités de retard", "Recargos por demora", "Rente en incassokosten", "Interessi e spese di mora", "Odsetki i koszty za opóźnienie"},
	"Number":                           {"Nummer", "Numéro", "Número", "Nummer", "Numero", "Numer"},
	"Charge %s":                        {"Verzugskosten %s", "Pénalités %s", "Recargo %s", "Rente en kosten %s", "Addebito %s", "Odsetki i opłaty %s"},
	"Void of %s":                       {"Storno: %s", "Annulation : %s", "Anulación: %s", "Vervallen: %s", "Annullamento: %s", "Anulowanie: %s"},
	"Credit applied: %s":               {"Gutschrift verrechnet: %s", "Crédit imputé : %s", "Abono aplicado: %s", "Credit verrekend: %s", "Credito applicato: %s", "Rozliczono uznanie: %s"},
	"Current":                          {"Nicht fällig", "Non échu", "No vencido", "Niet vervallen", "Non scaduto", "Bieżące"},
	"%s days":                          {"%s Tage", "%s jours", "%s días", "%s dagen", "%s giorni", "%s dni"},
	"Aging on %s":                      {"Fälligkeitsstruktur am %s", "Balance âgée au %s", "Antigüedad al %s", "Ouderdom op %s", "Scadenziario al %s", "Struktura wiekowa na %s"},
	"Please detach and return this part with your payment": {"Bitte abtrennen und mit Ihrer Zahlung zurücksenden", "Veuillez détacher et retourner cette partie avec votre règlement", "Por favor, separe y devuelva esta parte con su pago", "Gelieve dit deel los te maken en met uw betaling terug te sturen", "Si prega di staccare e restituire questa parte con il pagamento", "Prosimy odciąć i odesłać tę część wraz z płatnością"},
	"Remittance": {"Zahlungsabschnitt", "Avis de paiement", "Aviso de pago", "Betalingsstrook", "Avviso di pagamento", "Odcinek wpłaty"},
	"From":       {"Von", "De", "De", "Van", "Da", "Od"},
	"Enclosed":   {"Beiliegend", "Montant joint", "Importe adjunto", "Bijgevoegd", "Importo allegato", "Załączono"},
	"Pay to":     {"Zahlbar an", "Payer à", "Pagar a", "Betalen aan", "Pagare a", "Odbiorca"},

	// Early-payment discount terms (ledger/discount.go).
	"%s discount (%s) if paid by %s: pay %s.": {"%s Skonto (%s) bei Zahlung bis zum %s: zahlen Sie %s.", "Escompte de %s (%s) en cas de paiement avant le %s : réglez %s.", "Descuento por pronto pago del %s (%s) si paga antes del %s: pague %s.", "%s korting (%s) bij betaling vóór %s: betaal %s.", "Sconto del %s (%s) se pagato entro il %s: pagare %s.", "%s skonta (%s) przy zapłacie do %s: zapłać %s."},
}

// languageIndex is the position of each translated language in
// translated's arrays.
var languageIndex = func() map[string]int {
	m := map[string]int{}
	for i, l := range ledger.DocumentLanguages[1:] {
		m[l] = i
	}
	return m
}()

// documentLanguage is the language a document in language lang prints its
// words in: lang when it is one of ledger.DocumentLanguages, else English.
func documentLanguage(lang string) string {
	if _, ok := languageIndex[lang]; ok {
		return lang
	}
	return "en"
}

// forCustomer is the renderer of a customer's documents: in their
// language when they have one (ledger.Customer.Language), else r. Only
// the words change; numbers keep the business's locale, and dates too
// unless they spell English month names, which a document in another
// language writes as that language's numeric date instead.
func (r *Renderer) forCustomer(c ledger.Customer) *Renderer {
	if c.Language == "" || documentLanguage(c.Language) == r.st.words {
		return r
	}
	cp := *r
	cp.st.words = documentLanguage(c.Language)
	if cp.st.words != "en" && strings.Contains(cp.st.date, "Jan") {
		cp.st.date = dateLayout(language.Make(cp.st.words))
	}
	return &cp
}

// t is a label in the document's language; English, and anything not in
// the catalogue, is printed as it is.
func (s style) t(en string) string {
	i, ok := languageIndex[s.words]
	if !ok {
		return en
	}
	if w, ok := translated[en]; ok && w[i] != "" {
		return w[i]
	}
	return en
}

// tf is t of a format, filled in.
func (s style) tf(format string, args ...any) string { return fmt.Sprintf(s.t(format), args...) }
