package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
)

// The dashboard lists the customers on hold and those over their credit
// limit (ledger.Store.CreditWatch), so that nobody is sold to on credit
// by mistake.

// creditWatchLedger is the optional part of a dashboard's ledger that
// reports on holds and limits (the application layer has it).
type creditWatchLedger interface {
	CreditWatch(ctx context.Context) ([]ledger.CreditPosition, error)
}

// creditWatchShown is how many customers the dashboard names.
const creditWatchShown = 10

func newCreditWatchLine() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	return l
}

// loadCreditWatch reads who is on hold or over the limit.
func (s *dashboardScreen) loadCreditWatch(ctx context.Context) {
	w, ok := s.l.(creditWatchLedger)
	if !ok {
		return
	}
	run(s.app, ctx, "Could not read the credit holds", w.CreditWatch, s.showCreditWatch)
}

func (s *dashboardScreen) showCreditWatch(ps []ledger.CreditPosition) {
	if len(ps) == 0 {
		s.credit.SetText("")
		s.credit.Hide()
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "On hold or over the credit limit: %d customer(s)", len(ps))
	for i, p := range ps {
		if i == creditWatchShown {
			fmt.Fprintf(&b, "\n… and %d more (paidup customer holds lists them all)", len(ps)-i)
			break
		}
		fmt.Fprintf(&b, "\n%s (%s): balance %s", p.CustomerName, p.CustomerCode, p.Balance)
		if over := p.Over(ledger.Money{}); over.IsPositive() {
			fmt.Fprintf(&b, ", over the limit of %s by %s", p.Limit, over)
		}
		if p.Hold != nil {
			fmt.Fprintf(&b, "; on hold since %s: %s", p.Hold.SetAt.Local().Format("2006-01-02"), p.Hold.Reason)
		}
	}
	s.credit.Importance = widget.WarningImportance
	s.credit.SetText(b.String())
	s.credit.Show()
}

// collectionsWatchLedger is the optional part of a dashboard's ledger
// that reports broken promises and missed plan instalments.
type collectionsWatchLedger interface {
	CollectionsWatch(ctx context.Context) (paidapp.CollectionsWatch, error)
}

// loadCollectionsWatch reads the promises broken lately and the plans
// with a missed instalment.
func (s *dashboardScreen) loadCollectionsWatch(ctx context.Context) {
	w, ok := s.l.(collectionsWatchLedger)
	if !ok {
		return
	}
	run(s.app, ctx, "Could not read promises and payment plans", w.CollectionsWatch, s.showCollectionsWatch)
}

func (s *dashboardScreen) showCollectionsWatch(w paidapp.CollectionsWatch) {
	if len(w.Broken) == 0 && len(w.Missed) == 0 {
		s.collections.SetText("")
		s.collections.Hide()
		return
	}
	var lines []string
	for i, p := range w.Broken {
		if i == creditWatchShown {
			lines = append(lines, fmt.Sprintf("… and %d more broken promises (paidup promise list --status broken)", len(w.Broken)-i))
			break
		}
		lines = append(lines, fmt.Sprintf("Broken promise: %s (%s) promised %s by %s, paid %s",
			p.CustomerName, p.CustomerCode, p.Amount, p.PayBy.Format(ledger.DateLayout), p.Paid))
	}
	for i, p := range w.Missed {
		if i == creditWatchShown {
			lines = append(lines, fmt.Sprintf("… and %d more plans with a missed instalment (paidup plan list)", len(w.Missed)-i))
			break
		}
		lines = append(lines, fmt.Sprintf("Payment plan #%d of %s (%s): %d instalment(s) missed, %s left",
			p.ID, p.CustomerName, p.CustomerCode, p.Missed(), p.Left()))
	}
	s.collections.Importance = widget.WarningImportance
	s.collections.SetText(strings.Join(lines, "\n"))
	s.collections.Show()
}
