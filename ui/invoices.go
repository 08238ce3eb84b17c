package ui

import (
	"context"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"paidup/internal/bidi"
	"paidup/ledger"
)

// Status filter choices of the invoice list.
const (
	showAll      = "All"
	showDrafts   = "Drafts"
	showIssued   = "Issued"
	showOpen     = "Open"
	showOverdue  = "Overdue"
	showDisputed = "Disputed"
	showVoid     = "Void"
	// showUnapplied is Open for a payment or credit note: credit not yet
	// applied to invoices.
	showUnapplied = "Unapplied"
)

// listKind is a kind of document the list shows, with the words for it and
// the status filters that mean something for it: only invoices are drafts,
// fall due or are disputed, and a write-off is always fully applied.
type listKind struct {
	label     string // in the selector, and the view's way back: "Payments"
	kind      ledger.Kind
	one, many string // as counted: "1 payment", "2 payments"
	statuses  []string
	open      string // the title of the Open column
	// voidEffect says in the void dialog what voiding reverses.
	voidEffect string
}

var listKinds = []listKind{
	{"Invoices", ledger.KindInvoice, "invoice", "invoices",
		[]string{showAll, showDrafts, showIssued, showOpen, showOverdue, showDisputed, showVoid}, "Open",
		"Voiding posts the exact reversal of the invoice and of what settled it."},
	{"Payments", ledger.KindPayment, "payment", "payments",
		[]string{showAll, showIssued, showUnapplied, showVoid}, "Unapplied",
		"Voiding posts the exact reversal of the payment: the invoices it paid are open again."},
	{"Credit notes", ledger.KindCreditNote, "credit note", "credit notes",
		[]string{showAll, showIssued, showUnapplied, showVoid}, "Unapplied",
		"Voiding posts the exact reversal of the credit note: the invoices it settled are open again."},
	{"Write-offs", ledger.KindWriteOff, "write-off", "write-offs",
		[]string{showAll, showIssued, showVoid}, "Unapplied",
		"Voiding posts the exact reversal of the write-off: the invoice it wrote off is open again."},
}

// listKindOf returns the words for k; an unknown kind gets the invoice's.
func listKindOf(k ledger.Kind) listKind {
	for _, lk := range listKinds {
		if lk.kind == k {
			return lk
		}
	}
	return listKinds[0]
}

// listKindNamed returns the kind whose selector label is label.
func listKindNamed(label string) listKind {
	for _, lk := range listKinds {
		if lk.label == label {
			return lk
		}
	}
	return listKinds[0]
}

// invoicesLedger is what the Invoices screen reads and does: the list,
// and the editor and views it opens in place of the list.
type invoicesLedger interface {
	CountDocuments(ctx context.Context, f ledger.DocumentFilter) (int, error)
	FindDocuments(ctx context.Context, f ledger.DocumentFilter) ([]ledger.DocumentRow, error)
	Disputes(ctx context.Context, openOnly bool) ([]ledger.Dispute, error)
	invoiceEditorLedger
	invoiceViewLedger
	documentViewLedger
}

// invoicesScreen lists invoices, or payments, credit notes or write-offs,
// filtered and sorted in SQL and paged, and opens one in the draft editor,
// the invoice view or the document view in place of the list.
type invoicesScreen struct {
	*app
	l    invoicesLedger
	rows *pager[ledger.DocumentRow, ledger.DocumentFilter]
	// cols are the table's columns; the table reads their titles at each
	// refresh, so the Open column is renamed for credits.
	cols []tableColumn[ledger.DocumentRow]

	kind     *widget.Select
	status   *widget.Select
	customer *widget.Entry
	// custPicker offers customers as their name is typed into customer.
	custPicker *customerPicker
	from, to   *widget.Entry
	search     *widget.Entry
	filterErr  *widget.Label
	table      *widget.Table
	count      *widget.Label

	list   fyne.CanvasObject
	stack  *fyne.Container
	editor *invoiceEditor
	view   *invoiceView
	doc    *documentView

	filter ledger.DocumentFilter // what the list shows
	// disputed holds the numbers of invoices with an open dispute; read
	// and written on the UI goroutine only.
	disputed map[string]bool
}

func newInvoicesScreen(a *app, l invoicesLedger) *invoicesScreen {
	s := &invoicesScreen{app: a, l: l, count: widget.NewLabel(""), filterErr: fieldError(),
		filter: ledger.DocumentFilter{Kind: ledger.KindInvoice, Desc: true}}
	s.rows = &pager[ledger.DocumentRow, ledger.DocumentFilter]{app: a, what: "invoices",
		query: func() ledger.DocumentFilter { return s.filter },
		count: l.CountDocuments,
		fetch: func(ctx context.Context, f ledger.DocumentFilter, off, n, total int) ([]ledger.DocumentRow, error) {
			f.Offset, f.Limit, f.Total = off, n, total
			return l.FindDocuments(ctx, f)
		},
		counted: func(f ledger.DocumentFilter, n int, err error) {
			if err == nil {
				// The kind counted, not the one selected now: they differ
				// only until the next count arrives.
				k := listKindOf(f.Kind)
				s.count.SetText(map[bool]string{true: "1 " + k.one, false: group(n) + " " + k.many}[n == 1])
			}
		},
	}
	// A row's status is as of today, read at each drawing: the list of a
	// window left open past midnight shows what fell due overnight.
	// Columns wide enough for their text: a cell whose text is cut costs
	// its text shaped again and again (Fyne's ellipsis), and narrower
	// columns took a page of the 1M ledger from 80 to 110 ms of the UI
	// goroutine; at 1024 px the table scrolls to its last column instead.
	s.cols = []tableColumn[ledger.DocumentRow]{
		{title: "Number", width: 130, sort: string(ledger.SortNumber), text: func(r *ledger.DocumentRow) string {
			if r.Status == ledger.StatusDraft {
				return "(draft)"
			}
			return r.Number
		}},
		{title: "Customer", width: 260, sort: string(ledger.SortCustomer), text: func(r *ledger.DocumentRow) string { return bidi.Display(r.CustomerName) }},
		{title: "Status", width: 170, text: func(r *ledger.DocumentRow) string {
			if s.disputed[r.Number] && r.Status == ledger.StatusIssued {
				return "disputed"
			}
			return rowStatus(r, s.today())
		},
			importance: func(r *ledger.DocumentRow) widget.Importance {
				if s.disputed[r.Number] && r.Status == ledger.StatusIssued {
					return widget.WarningImportance
				}
				if r.Overdue(s.today()) {
					return widget.DangerImportance
				}
				return widget.MediumImportance
			}},
		{title: "Date", width: 110, sort: string(ledger.SortDate), text: func(r *ledger.DocumentRow) string { return fmtDate(r.Date) }},
		{title: "Due", width: 110, sort: string(ledger.SortDue), text: func(r *ledger.DocumentRow) string {
			if r.Kind != ledger.KindInvoice {
				return "" // a credit's due date is its date: nothing falls due
			}
			return fmtDate(r.DueDate)
		}},
		{title: "Total", width: 150, align: fyne.TextAlignTrailing, sort: string(ledger.SortTotal), text: func(r *ledger.DocumentRow) string { return r.Total.String() }},
		{title: "Open", width: 150, align: fyne.TextAlignTrailing, sort: string(ledger.SortOpen), text: func(r *ledger.DocumentRow) string { return r.Open.String() }},
	}
	s.table = pagedTable(s.rows, s.cols, s.onSort, func() (string, bool) {
		if s.filter.Sort == "" {
			return string(ledger.SortDate), s.filter.Desc
		}
		return string(s.filter.Sort), s.filter.Desc
	})
	s.table.OnSelected = func(id widget.TableCellID) {
		s.table.UnselectAll()
		if r, ok := s.rows.row(id.Row); ok {
			if r.Kind == ledger.KindInvoice {
				s.open(r.ID, r.Status)
			} else {
				s.openDocument(r.ID)
			}
		}
	}

	s.status = widget.NewSelect(listKinds[0].statuses, func(string) { s.onFilter() })
	s.status.SetSelected(showAll)
	labels := make([]string, len(listKinds))
	for i, k := range listKinds {
		labels[i] = k.label
	}
	s.kind = widget.NewSelect(labels, nil)
	s.kind.SetSelected(listKinds[0].label)
	s.kind.OnChanged = s.onKind
	s.customer = widget.NewEntry()
	s.customer.SetPlaceHolder("Customer code")
	s.from, s.to = a.dateEntry(zeroTime), a.dateEntry(zeroTime)
	s.from.SetPlaceHolder("From YYYY-MM-DD")
	s.to.SetPlaceHolder("To YYYY-MM-DD")
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Number, customer or reference (Ctrl+F)")
	for _, e := range []*widget.Entry{s.customer, s.from, s.to, s.search} {
		e.OnSubmitted = func(string) { s.onFilter() }
	}
	// The customer filter is picked by name, code or email like the
	// editor's; Enter on an empty field lists every customer's again.
	s.customer.SetPlaceHolder("Customer")
	s.custPicker = newCustomerPicker(a, l, s.customer, func(string) { s.onFilter() })
	s.editor = newInvoiceEditor(a, l, s.showList)
	s.view = newInvoiceView(a, l, s.showList)
	s.doc = newDocumentView(a, l, s.showList)
	return s
}

func (s *invoicesScreen) content() fyne.CanvasObject {
	// Two rows, so that a 1024 px window holds them: the filters, then the
	// search as wide as is left.
	filters := container.NewGridWithColumns(4, s.status, s.customer, s.from, s.to)
	search := container.NewBorder(nil, nil, nil, widget.NewButtonWithIcon("Filter", theme.SearchIcon(), s.onFilter), s.search)
	bar := container.NewBorder(nil, container.NewVBox(search, s.filterErr), s.kind,
		widget.NewButtonWithIcon("New invoice", theme.ContentAddIcon(), func() { s.newDraft("") }), filters)
	s.list = container.NewBorder(bar, s.count, nil, nil, s.table)
	s.stack = container.NewStack(s.list, s.editor.content(), s.view.content(), s.doc.content())
	s.showList()
	return s.stack
}

func (s *invoicesScreen) start() { s.rows.reload(); s.loadDisputed() }

func (s *invoicesScreen) refresh() {
	if s.list.Visible() {
		s.rows.reload()
		s.loadDisputed()
	}
}

// loadDisputed reads which invoices are disputed now; there are few.
func (s *invoicesScreen) loadDisputed() {
	run(s.app, s.base, "Could not list the disputes", func(ctx context.Context) (map[string]bool, error) {
		ds, err := s.l.Disputes(ctx, true)
		if err != nil {
			return nil, err
		}
		m := make(map[string]bool, len(ds))
		for _, d := range ds {
			m[d.Number] = true
		}
		return m, nil
	}, func(m map[string]bool) {
		s.disputed = m
		s.table.Refresh()
	})
}

func (s *invoicesScreen) close() { s.rows.stop() }

func (s *invoicesScreen) showList() {
	s.editor.box.Hide()
	s.view.box.Hide()
	s.doc.box.Hide()
	s.list.Show()
	s.rows.reload()
	s.loadDisputed()
}

// onKind lists another kind of document: the status filters become those
// that mean something for it, All if the one selected does not.
func (s *invoicesScreen) onKind(label string) {
	k := listKindNamed(label)
	s.status.Options = k.statuses
	if !slices.Contains(k.statuses, s.status.Selected) {
		s.status.Selected = showAll // set, not SetSelected: onFilter runs once, below
	}
	s.status.Refresh()
	for i := range s.cols {
		if s.cols[i].sort == string(ledger.SortOpen) {
			s.cols[i].title = k.open
		}
	}
	s.onFilter()
}

// onFilter reads the filter bar into the filter and reloads.
func (s *invoicesScreen) onFilter() {
	if s.table == nil || s.kind == nil || s.customer == nil || s.to == nil || s.search == nil {
		return // still being built
	}
	f := ledger.DocumentFilter{Kind: listKindNamed(s.kind.Selected).kind, Sort: s.filter.Sort, Desc: s.filter.Desc}
	switch s.status.Selected {
	case showDrafts:
		f.Status = ledger.StatusDraft
	case showIssued:
		f.Status = ledger.StatusIssued
	case showOpen, showUnapplied:
		f.Open = true
	case showOverdue:
		f.Overdue, f.Today = true, s.today()
	case showDisputed:
		f.Disputed = true
	case showVoid:
		f.Status = ledger.StatusVoid
	}
	f.Customer = strings.TrimSpace(s.customer.Text)
	// Any part of the number, the reference or the customer: a scan on a
	// large ledger (ledger.DocumentFilter.Contains), off the UI goroutine.
	f.Contains = s.search.Text
	var err error
	if f.From, err = parseDateField(s.from.Text, zeroTime); err == nil {
		f.To, err = parseDateField(s.to.Text, zeroTime)
	}
	if err != nil {
		setFieldError(s.filterErr, "Dates: "+err.Error())
		return
	}
	setFieldError(s.filterErr, "")
	s.filter = f
	s.rows.reload()
}

func (s *invoicesScreen) onSort(key string) {
	if string(s.filter.Sort) == key || (s.filter.Sort == "" && key == string(ledger.SortDate)) {
		s.filter.Desc = !s.filter.Desc
	} else {
		s.filter.Sort, s.filter.Desc = ledger.DocumentSort(key), false
	}
	s.rows.reload()
}

// showCustomer lists one customer's invoices.
func (s *invoicesScreen) showCustomer(code string) { s.showCustomerWith(code, showAll) }

// showCustomerWith lists one customer's invoices with a status filter
// (showOpen: the invoices behind an aging).
func (s *invoicesScreen) showCustomerWith(code, status string) {
	s.custPicker.set(code)
	s.kind.SetSelected(listKinds[0].label) // calls onKind
	s.status.SetSelected(status)           // calls onFilter
	s.onFilter()
	s.showList()
}

// open shows a draft in the editor, anything else in the view.
func (s *invoicesScreen) open(id int64, st ledger.Status) {
	s.list.Hide()
	s.doc.box.Hide()
	if st == ledger.StatusDraft {
		s.view.box.Hide()
		s.editor.box.Show()
		s.editor.load(id)
		return
	}
	s.editor.box.Hide()
	s.view.box.Show()
	s.view.load(id)
}

// openDocument shows a payment, credit note or write-off in the document view.
func (s *invoicesScreen) openDocument(id int64) {
	s.list.Hide()
	s.editor.box.Hide()
	s.view.box.Hide()
	s.doc.box.Show()
	s.doc.load(id)
}

// newDraft opens the editor on a new draft, for customer code if given.
func (s *invoicesScreen) newDraft(code string) {
	s.editor.leaving(func() { s.startDraft(code) })
}

func (s *invoicesScreen) startDraft(code string) {
	s.list.Hide()
	s.view.box.Hide()
	s.doc.box.Hide()
	s.editor.box.Show()
	s.editor.reset(code)
}

// zeroTime is the zero date: no bound.
var zeroTime time.Time

// rowStatus names a row's state as a user thinks of it (ledger.State),
// "part" for "partly" so that "overdue, part credited" fits its column
// at 1024 px; the document's header says it in full.
func rowStatus(r *ledger.DocumentRow, today time.Time) string {
	return strings.ReplaceAll(r.State(today), "partly ", "part ")
}
