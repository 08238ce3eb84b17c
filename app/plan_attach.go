package app

import (
	"bytes"
	"context"
	"slices"
	"time"

	"paidup/ledger"
	"paidup/reports"
)

// PlanPDFOf makes pdfs a reminders.PlanPDFer: a reminder of an invoice in
// an active payment plan carries the plan's schedule, which asks for the
// next instalment (its amount and date, and the EPC QR code for them),
// instead of the invoice's PDF.
func (p *pdfs) PlanPDFOf(ctx context.Context, number string, asOf time.Time) (string, []byte, bool, error) {
	d, err := p.st.Document(ctx, number)
	if err != nil {
		return "", nil, false, err
	}
	plans, err := p.st.Plans(ctx, ledger.PlanFilter{Customer: d.CustomerCode, Status: ledger.PlanActive, AsOf: asOf})
	if err != nil {
		return "", nil, false, err
	}
	for _, pl := range plans {
		if !slices.Contains(pl.Invoices, number) {
			continue
		}
		c, err := p.st.CustomerByCode(ctx, pl.CustomerCode)
		if err != nil {
			return "", nil, false, err
		}
		var b bytes.Buffer
		if err := attachable(p.r.PlanSchedule(&b, reports.PlanData{Plan: pl, Customer: c})); err != nil {
			return "", nil, false, err
		}
		return PlanFileName(pl), b.Bytes(), true, nil
	}
	return "", nil, false, nil
}
