package ui

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"paidup/bank"
	"paidup/ledger"
)

const uiCamt = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
 <BkToCstmrStmt>
  <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-31T22:00:00</CreDtTm></GrpHdr>
  <Stmt>
   <Id>1</Id>
   <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
   <Ntry><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-31</Dt></BookgDt>
    <AcctSvcrRef>T-1</AcctSvcrRef>
    <NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>Acme Widgets GmbH</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>
     <RmtInf><Strd><CdtrRefInf><Ref>{RF}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>
   <Ntry><Amt Ccy="EUR">200.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-31</Dt></BookgDt>
    <AcctSvcrRef>T-2</AcctSvcrRef>
    <NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>Acme Widgets GmbH</Nm></Pty></Dbtr></RltdPties>
     <RmtInf><Ustrd>part of {INV2}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
   <Ntry><Amt Ccy="EUR">5000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-31</Dt></BookgDt>
    <AcctSvcrRef>T-3</AcctSvcrRef>
    <NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>The Owner</Nm></Pty></Dbtr></RltdPties><RmtInf><Ustrd>Einlage</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>
`

// From the window: import a statement (matched at once, the certain line
// posted), review the suggestion with its reasons, accept it, undo a
// match, ignore a line; the reconciliation says what is accounted for.
func TestBankScreen(t *testing.T) {
	m, h, st := openLedger(t, "bank")
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "ACME", Name: "Acme Widgets GmbH", Currency: "EUR", TermsDays: 14}); err != nil {
		t.Fatal(err)
	}
	var invs []ledger.Document
	for _, price := range []int64{100000, 25000} {
		inv, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "ACME", Date: flowDay.AddDate(0, 0, -20),
			Lines: []ledger.Line{{Description: "Work", Quantity: ledger.D4(1), UnitPrice: price}}})
		if err != nil {
			t.Fatal(err)
		}
		invs = append(invs, inv)
	}
	rf, _ := ledger.RFReference(invs[0].Number)
	file := filepath.Join(t.TempDir(), "march.xml")
	if err := os.WriteFile(file, []byte(strings.NewReplacer("{RF}", rf, "{INV2}", invs[1].Number).Replace(uiCamt)), 0o600); err != nil {
		t.Fatal(err)
	}
	s := m.built["bank"].(*bankScreen)
	if !strings.Contains(s.recon.Text, "No statements yet") {
		t.Fatalf("empty: %q", s.recon.Text)
	}
	s.importFile(file, bank.ImportOptions{})
	h.settle(t)
	if !strings.Contains(s.status.Text, "3 lines, 3 new") || !strings.Contains(s.status.Text, "1 posted as payments, 1 for review, 1 unmatched") {
		t.Fatalf("status %q", s.status.Text)
	}
	if !strings.Contains(s.recon.Text, "DE89370400440532013000") || !strings.Contains(s.recon.Text, "matched 1 (1,000.00 EUR), ignored 0 (0.00 EUR)") {
		t.Fatalf("reconciliation %q", s.recon.Text)
	}
	// The queue: the suggestion and the stranger.
	if s.rows.length() != 2 {
		t.Fatalf("%d lines to review", s.rows.length())
	}
	var review *ledger.BankLine
	for i := range s.rows.length() {
		if r, ok := s.rows.row(i); ok && r.BankID == "T-2" {
			l := *r
			review = &l
		}
	}
	if review == nil {
		t.Fatal("T-2 not in the queue")
	}
	s.select_(review)
	if s.invoices.Text != invs[1].Number || !strings.Contains(s.reasons.Text, "•") || s.accept.Disabled() {
		t.Fatalf("panel: invoices %q reasons %q", s.invoices.Text, s.reasons.Text)
	}
	s.onAccept()
	h.settle(t)
	if !strings.Contains(s.status.Text, "accepted: payment PAY-") {
		t.Fatalf("accept: %q %q", s.status.Text, s.problem.Text)
	}
	// The stranger: accepting it for no invoice is refused under the panel.
	s.select_(&ledger.BankLine{ID: lineID(t, st, "T-3"), Status: ledger.BankUnmatched, Amount: ledger.NewMoney(500000, "EUR")})
	s.invoices.SetText("")
	s.onAccept()
	h.settle(t)
	if s.problem.Hidden || !strings.Contains(s.problem.Text, "name the invoices") {
		t.Fatalf("refusal: %q", s.problem.Text)
	}
	s.customer.SetText("NOBODY")
	s.onCredit()
	h.settle(t)
	if !strings.Contains(s.problem.Text, "NOBODY") {
		t.Fatalf("as credit of no customer: %q", s.problem.Text)
	}
	s.why.SetText("the owner's deposit")
	s.onIgnore()
	h.settle(t)
	if !strings.Contains(s.status.Text, "ignored") || s.rows.length() != 0 {
		t.Fatalf("ignore: %q, %d left", s.status.Text, s.rows.length())
	}
	if !strings.Contains(s.recon.Text, "Everything on the statement is accounted for.") {
		t.Fatalf("reconciliation %q", s.recon.Text)
	}
	// Undo the automatic match: its payment is voided, the line waits again.
	s.view.SetSelected("Matched")
	h.settle(t)
	if s.rows.length() != 2 {
		t.Fatalf("%d matched", s.rows.length())
	}
	s.undoLine("#"+strconv.FormatInt(lineID(t, st, "T-1"), 10), "wrong customer")
	h.settle(t)
	if !strings.Contains(s.status.Text, "match undone") {
		t.Fatalf("undo: %q", s.status.Text)
	}
	l, err := st.BankLineByRef(ctx, "T-1")
	if err != nil || l.Status != ledger.BankReview {
		t.Fatalf("after undo: %+v %v", l, err)
	}
	rep, err := st.Check(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("check: %+v %v", rep, err)
	}
}

func lineID(t *testing.T, st *ledger.Store, ref string) int64 {
	t.Helper()
	l, err := st.BankLineByRef(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return l.ID
}

func TestReconciliationText(t *testing.T) {
	eur := func(m int64) ledger.Money { return ledger.NewMoney(m, "EUR") }
	a := ledger.BankAccountSummary{Account: "DE89", Currency: "EUR", First: "2026-03-30", Last: "2026-03-31", Lines: 1, In: eur(10000), Out: eur(0), Net: eur(10000),
		Status:  map[ledger.BankStatus]ledger.BankStatusSum{ledger.BankMatched: {Lines: 1, Amount: eur(10000)}},
		Opening: eur(100000), OpeningOn: "2026-03-30", HasOpening: true, Closing: eur(110000), ClosingOn: "2026-03-31", HasClosing: true}
	if got := reconciliationText([]ledger.BankAccountSummary{a}); !strings.Contains(got, "the lines make the closing balance 1,100.00 EUR (2026-03-31)") ||
		!strings.Contains(got, "Everything on the statement is accounted for.") {
		t.Errorf("adds up: %q", got)
	}
	a.Closing = eur(115000)
	if got := reconciliationText([]ledger.BankAccountSummary{a}); !strings.Contains(got, "50.00 EUR differ") {
		t.Errorf("a difference: %q", got)
	}
}

// A bank's CSV layout set in the window, kept, and a statement from that
// bank imported with it.
func TestBankMappingForm(t *testing.T) {
	m, h, _ := openLedger(t, "bank")
	s := m.built["bank"].(*bankScreen)
	s.onMappings()
	h.settle(t)
	f := s.mappingForm
	if f == nil || f.pick.Selected != newMapping {
		t.Fatal("no mappings dialog")
	}
	f.name.SetText("dkb")
	f.date.SetText("Buchungsdatum")
	f.amount.SetText("Betrag (€)")
	f.decimalComma.SetChecked(true)
	f.currency.SetText("eur")
	f.counterparty.SetText("Zahlungspflichtige*r")
	f.text.SetText("Verwendungszweck")
	f.skip.SetText("4")
	f.acct.SetText("DKB Giro")
	s.saveMapping(f)
	h.settle(t)
	if f.problem.Hidden || !strings.Contains(f.problem.Text, "date format") {
		t.Fatalf("no date format: %q", f.problem.Text)
	}
	f.dateFormat.SetText("DD.MM.YY")
	s.saveMapping(f)
	h.settle(t)
	if !strings.Contains(s.status.Text, "Mapping dkb saved") {
		t.Fatalf("saved: %q %q", s.status.Text, f.problem.Text)
	}
	s.importFile(filepath.Join("..", "bank", "testdata", "dkb.csv"), bank.ImportOptions{Mapping: "dkb"})
	h.settle(t)
	if !strings.Contains(s.status.Text, "csv statement of DKB Giro: 3 lines, 3 new") {
		t.Fatalf("import: %q", s.status.Text)
	}
	// Opened again, the mapping is there to edit.
	s.onMappings()
	h.settle(t)
	s.mappingForm.pick.SetSelected("dkb")
	if s.mappingForm.date.Text != "Buchungsdatum" || !s.mappingForm.decimalComma.Checked || s.mappingForm.skip.Text != "4" || s.mappingForm.currency.Text != "EUR" {
		t.Fatalf("loaded: %q %v %q", s.mappingForm.date.Text, s.mappingForm.decimalComma.Checked, s.mappingForm.skip.Text)
	}
}

// Refund… on a customer's screen pays their credit back; more than the
// credit is refused under the field and nothing is written.
func TestCustomerRefund(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "ACME", Name: "Acme Widgets GmbH", Currency: "EUR", TermsDays: 14}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordPayment(ctx, ledger.PaymentInput{CustomerCode: "ACME", Date: flowDay.AddDate(0, 0, -3), Amount: ledger.NewMoney(5000, "EUR"), KeepUnapplied: true}); err != nil {
		t.Fatal(err)
	}
	m.customers.openCustomer("ACME")
	h.settle(t)
	c := m.customers.detail.credit
	c.onRefund()
	h.settle(t)
	amount, ok := m.win.Canvas().Focused().(*widget.Entry)
	if !ok {
		t.Fatal("no field focused in the refund dialog")
	}
	amount.SetText("60.00")
	tapIn(t, topDialog(t, m), "Refund")
	h.settle(t)
	if docs, _ := st.FindDocuments(ctx, ledger.DocumentFilter{Kind: ledger.KindRefund}); len(docs) != 0 {
		t.Fatal("a refund of more than the credit")
	}
	amount.SetText("50.00")
	tapIn(t, topDialog(t, m), "Refund")
	h.settle(t)
	if docs, err := st.FindDocuments(ctx, ledger.DocumentFilter{Kind: ledger.KindRefund}); err != nil || len(docs) != 1 || docs[0].Total != ledger.NewMoney(5000, "EUR") {
		t.Fatalf("refunds %+v %v", docs, err)
	}
}
