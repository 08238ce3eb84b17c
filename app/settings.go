package app

import (
	"context"

	"paidup/ledger"
)

// AgingEdges parses edges as bucket edges in days ("30,60,90"); empty means
// the ledger's aging.edges setting, and that empty the default buckets.
// It is the one place edges given by a user are read.
func (a *App) AgingEdges(ctx context.Context, edges string) ([]int, error) {
	if edges == "" {
		var err error
		if edges, err = a.st.Setting(ctx, "aging.edges", ""); err != nil {
			return nil, err
		}
	}
	if edges == "" {
		return ledger.DefaultEdges, nil
	}
	return ledger.ParseEdges(edges)
}
