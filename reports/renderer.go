package reports

import (
	"context"

	"paidup/ledger"
)

// Renderer prints invoices and statements for one business profile. Build
// it once (NewRenderer checks and prepares the logo) and use it for many
// documents; it holds no per-document state, so workers may share it.
type Renderer struct {
	p    ledger.BusinessProfile
	st   style
	logo *pdfImage
}

// NewRenderer prepares a profile for printing. A stored logo that no
// longer decodes is an error here, before any document is half written.
func NewRenderer(p ledger.BusinessProfile) (*Renderer, error) {
	logo, err := prepareLogo(p.Logo)
	if err != nil {
		return nil, err
	}
	return &Renderer{p: p, st: newStyle(p), logo: logo}, nil
}

// LoadRenderer reads the business profile and prepares it for printing.
func LoadRenderer(ctx context.Context, st *ledger.Store) (*Renderer, error) {
	p, err := st.BusinessProfile(ctx)
	if err != nil {
		return nil, err
	}
	return NewRenderer(p)
}
