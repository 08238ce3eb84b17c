package app

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"paidup/ledger"
	"paidup/reports"
)

// Format is an export format.
type Format string

// The formats of reports and listings.
const (
	FormatTable Format = "table"
	FormatCSV   Format = "csv"
	FormatXLSX  Format = "xlsx"
	FormatPDF   Format = "pdf"
	FormatJSON  Format = "json"
)

// AgingFormats are the formats of `aging`, in the order help lists them.
var AgingFormats = []Format{FormatTable, FormatCSV, FormatXLSX, FormatPDF, FormatJSON}

// ParseFormat checks s against the formats allowed.
func ParseFormat(s string, allowed ...Format) (Format, error) {
	var names []string
	for _, f := range allowed {
		if string(f) == s {
			return f, nil
		}
		names = append(names, string(f))
	}
	return "", ledger.Errorf(ledger.EINVALID, "format %q: use %s", s, strings.Join(names, ", "))
}

// Binary reports whether a format is a file rather than text for a terminal.
func (f Format) Binary() bool { return f == FormatXLSX || f == FormatPDF }

// AgingRequest is an aging and how to export it.
type AgingRequest struct {
	ledger.AgingOptions
	// EdgesText, when Edges is empty, is bucket edges as a user typed them;
	// empty means the ledger's aging.edges setting.
	EdgesText string
	Format    Format
	Detail    bool // one row per open document
	// Home adds the aging in the home currency (HomeAging): a sheet of
	// the workbook.
	Home bool
	// Progress (optional) hears how many detail rows have been written.
	Progress func(items int)
}

// Aging computes the aging summary; the edges come from the request, else
// the ledger's setting, else the defaults.
func (a *App) Aging(ctx context.Context, o ledger.AgingOptions) (*ledger.Aging, error) {
	if len(o.Edges) == 0 {
		var err error
		if o.Edges, err = a.AgingEdges(ctx, ""); err != nil {
			return nil, err
		}
	}
	o.AsOf = a.orToday(o.AsOf)
	ag, err := a.st.Aging(ctx, o)
	if err != nil {
		return nil, err
	}
	// Customers in the order of the business's locale (invoice.locale):
	// the ledger sorts by its own case-folded byte order.
	locale, err := a.locale(ctx)
	if err != nil {
		return nil, err
	}
	reports.CollateAging(ag, locale)
	return ag, nil
}

// AgingDetail streams the open documents behind an aging.
func (a *App) AgingDetail(ctx context.Context, o ledger.AgingOptions, fn func(ledger.AgingItem) error) error {
	if len(o.Edges) == 0 {
		var err error
		if o.Edges, err = a.AgingEdges(ctx, ""); err != nil {
			return err
		}
	}
	o.AsOf = a.orToday(o.AsOf)
	if o.Locale == "" {
		// Customers in the business's locale's order, as in the summary.
		var err error
		if o.Locale, err = a.locale(ctx); err != nil {
			return err
		}
	}
	return a.st.AgingDetail(ctx, o, fn)
}

// AgingFileName is the default file of an aging export.
func AgingFileName(ag *ledger.Aging, f Format) string {
	return fmt.Sprintf("aging-%s.%s", ag.AsOf.Format(ledger.DateLayout), f)
}

// PrepareAging validates a request and computes its summary, so that the
// caller can name the file before writing it with WriteAging.
func (a *App) PrepareAging(ctx context.Context, req *AgingRequest) (*ledger.Aging, error) {
	if req.Format == "" {
		req.Format = FormatTable
	}
	if _, err := ParseFormat(string(req.Format), AgingFormats...); err != nil {
		return nil, err
	}
	switch req.Basis {
	case "":
		req.Basis = ledger.BasisDue
	case ledger.BasisDue, ledger.BasisIssue:
	default:
		return nil, ledger.Errorf(ledger.EINVALID, "basis %q: use due or issue", req.Basis)
	}
	if len(req.Edges) == 0 {
		var err error
		if req.Edges, err = a.AgingEdges(ctx, req.EdgesText); err != nil {
			return nil, err
		}
	}
	ag, err := a.Aging(ctx, req.AgingOptions)
	if err != nil {
		return nil, err
	}
	req.AsOf = ag.AsOf
	return ag, nil
}

// WriteAging writes an aging prepared by PrepareAging in the request's
// format, streaming the detail rows from the ledger.
func (a *App) WriteAging(ctx context.Context, w io.Writer, ag *ledger.Aging, req AgingRequest) error {
	o := req.AgingOptions
	var stream func(func(ledger.AgingItem) error) error
	if req.Detail {
		stream = func(fn func(ledger.AgingItem) error) error {
			if req.Progress == nil {
				return a.AgingDetail(ctx, o, fn)
			}
			items := 0
			return a.AgingDetail(ctx, o, func(it ledger.AgingItem) error {
				items++
				req.Progress(items)
				return fn(it)
			})
		}
	}
	switch req.Format {
	case FormatCSV:
		if !req.Detail {
			return reports.WriteAgingCSV(w, ag)
		}
		dc := reports.NewAgingDetailCSV(w, ag.Labels)
		if err := stream(dc.Item); err != nil {
			return err
		}
		return dc.Close()
	case FormatJSON:
		if !req.Detail {
			return reports.WriteAgingJSON(w, ag)
		}
		dj := reports.NewAgingDetailJSON(w, ag.Labels)
		if err := stream(dj.Item); err != nil {
			return err
		}
		return dj.Close()
	case FormatXLSX:
		name, err := a.st.Setting(ctx, "business.name", "")
		if err != nil {
			return err
		}
		meta := reports.WorkbookMeta{BusinessName: name, LedgerName: filepath.Base(a.st.Path()), GeneratedAt: a.Now()}
		if req.Home {
			h, err := a.HomeAging(ctx, ag)
			if err != nil {
				return err
			}
			meta.Home = &reports.HomeAgingSheet{Home: h.Home, Lines: h.Lines}
		}
		return reports.WriteAgingXLSX(w, ag, stream, meta)
	case FormatPDF:
		r, err := reports.LoadRenderer(ctx, a.st)
		if err != nil {
			return err
		}
		return r.Aging(w, ag, stream)
	}
	if req.Detail {
		return reports.WriteAgingDetailTable(w, ag, stream)
	}
	return reports.WriteAgingTable(w, ag)
}

// AgingPDF writes an aging (and, with detail, its open documents) as a PDF.
func (a *App) AgingPDF(ctx context.Context, w io.Writer, ag *ledger.Aging, detail func(func(ledger.AgingItem) error) error) error {
	r, err := reports.LoadRenderer(ctx, a.st)
	if err != nil {
		return err
	}
	return r.Aging(w, ag, detail)
}

// MetricsFormats are the formats of `metrics`.
var MetricsFormats = []Format{FormatTable, FormatCSV, FormatJSON}

// Metrics computes the collection metrics as of a day (default today).
func (a *App) Metrics(ctx context.Context, o ledger.MetricsOptions) ([]ledger.Metrics, error) {
	o.AsOf = a.orToday(o.AsOf)
	return a.st.Metrics(ctx, o)
}

// WriteMetrics writes metrics in a format.
func WriteMetrics(w io.Writer, ms []ledger.Metrics, f Format) error {
	switch f {
	case FormatCSV:
		return reports.WriteMetricsCSV(w, ms)
	case FormatJSON:
		return reports.WriteMetricsJSON(w, ms)
	case FormatTable, "":
		return reports.WriteMetricsTable(w, ms)
	}
	return ledger.Errorf(ledger.EINVALID, "metrics format %q: use table, csv or json", f)
}
