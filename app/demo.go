package app

import (
	"context"

	"paidup/demo"
)

// OpenDemo opens the demo ledger at path, making it first (two years of a
// small studio's receivables) when it does not exist or is empty. progress
// (optional) hears how many invoices have been made.
func OpenDemo(ctx context.Context, path string, progress func(invoices int)) (*App, error) {
	a, err := Create(ctx, path)
	if err != nil {
		return nil, err
	}
	n, err := a.CountCustomers(ctx, "")
	if err == nil && n == 0 {
		_, err = a.Demo(ctx, demo.Options{Progress: progress})
	}
	if err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// Demo fills the ledger, which must have no documents yet, with the demo
// (package demo).
func (a *App) Demo(ctx context.Context, o demo.Options) (demo.Result, error) {
	return demo.Fill(ctx, a.Store, o)
}
