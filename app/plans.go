package app

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"paidup/ledger"
	"paidup/reports"
)

// PlanPDF writes a payment plan's schedule, settled as of asOf (zero:
// today), to send to the customer.
func (a *App) PlanPDF(ctx context.Context, w io.Writer, id int64, asOf time.Time) error {
	if asOf.IsZero() {
		asOf = a.Today()
	}
	r, err := reports.LoadRenderer(ctx, a.st)
	if err != nil {
		return err
	}
	pd, err := reports.LoadPlan(ctx, a.st, id, asOf)
	if err != nil {
		return err
	}
	return r.PlanSchedule(w, pd)
}

// PlanFileName is the default file of a plan's schedule.
func PlanFileName(p ledger.PaymentPlan) string {
	return fmt.Sprintf("Payment plan %d %s.pdf", p.ID, reports.FileSafe(p.CustomerCode))
}

// SavePlanPDF writes a plan's schedule to path (a folder: its default
// name there; empty: the default name here) and returns the file written.
func (a *App) SavePlanPDF(ctx context.Context, id int64, path string) (string, error) {
	p, err := a.Plan(ctx, id, a.Today())
	if err != nil {
		return "", err
	}
	if path == "" {
		path = PlanFileName(p)
	} else if isDir(path) {
		path = filepath.Join(path, PlanFileName(p))
	}
	if err := WriteFile(path, func(w io.Writer) error { return a.PlanPDF(ctx, w, id, time.Time{}) }); err != nil {
		return path, fmt.Errorf("payment plan %d: %w", id, err)
	}
	return path, nil
}

// PlansNow settles the active plans as of today (completing or
// defaulting those whose day has come) and lists the plans f chooses:
// a listing never shows a plan as active that today has ended.
func (a *App) PlansNow(ctx context.Context, f ledger.PlanFilter) ([]ledger.PaymentPlan, error) {
	if _, err := a.SettlePlans(ctx, a.Today()); err != nil {
		return nil, err
	}
	if f.AsOf.IsZero() {
		f.AsOf = a.Today()
	}
	return a.Plans(ctx, f)
}
