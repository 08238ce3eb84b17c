package ui

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
)

// The audit trail and the restore list, reached from Settings ("Backup
// and the ledger file"). A ledger that has them (paidapp.App) gets the
// buttons; the settings screen's test doubles need not.

// auditLedger is what the audit view needs of the ledger.
type auditLedger interface {
	AuditLog(ctx context.Context, f ledger.AuditFilter, fn func(*ledger.AuditEntry) error) error
	AuditVerify(ctx context.Context, heads []string) (*ledger.AuditReport, error)
	AuditHead(ctx context.Context) (ledger.AuditHead, error)
	ExportAudit(ctx context.Context, w io.Writer, f ledger.AuditFilter) (ledger.AuditHead, int, error)
}

// backupListLedger lists the automatic backups with what each holds.
type backupListLedger interface {
	BackupList(ctx context.Context) ([]paidapp.BackupSummary, error)
	AuditHead(ctx context.Context) (ledger.AuditHead, error)
	backupDiffer
}

// backupDiffer says what restoring a backup would undo.
type backupDiffer interface {
	DiffBackup(ctx context.Context, backup string) (ledger.BackupDiff, error)
}

// confirmRestore says what restoring backup would undo (read in the
// background) and restores it when the user agrees.
func (s *settingsScreen) confirmRestore(l backupDiffer, backup, what string, done func()) {
	run(s.app, s.base, "Compare the backup with the ledger", func(ctx context.Context) (ledger.BackupDiff, error) {
		return l.DiffBackup(ctx, backup)
	}, func(d ledger.BackupDiff) {
		s.confirmDialog = dialog.NewConfirm("Restore this backup?", strings.TrimSpace(what+"\n\n"+d.String())+
			"\n\nEverything in the ledger is replaced by the backup; the ledger as it is now is kept in a file beside it.", func(ok bool) {
			if ok {
				done()
				s.restore(backup)
			}
		}, s.win)
		s.confirmDialog.Show()
	})
}

// auditPage is how many entries the view reads at a time (newest first).
const auditPage = 200

// ledgerFileButtons are the audit trail's and the backups' buttons, for a
// ledger that has them.
func (s *settingsScreen) ledgerFileButtons() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	if al, ok := s.l.(auditLedger); ok {
		out = append(out, widget.NewButtonWithIcon("Audit trail…", theme.ListIcon(), func() { s.showAuditTrail(al) }))
	}
	if bl, ok := s.l.(backupListLedger); ok {
		out = append(out, widget.NewButtonWithIcon("Restore from an automatic backup…", theme.HistoryIcon(), func() { s.showBackupList(bl) }))
	}
	return out
}

// auditView is the audit trail's dialog: filters, the entries newest
// first, the selected entry's detail, the chain's head, Verify and Export.
type auditView struct {
	s                   *settingsScreen
	l                   auditLedger
	from, to, customer  *widget.Entry
	action              *widget.Select
	list                *widget.List
	entries             []ledger.AuditEntry
	detail, head, count *widget.Label
	more                *widget.Button
}

var auditActions = []string{"All", "document.", "allocation", "customer.", "setting.", "dispute.", "promise.", "reminder.", "import", "restore", "genesis"}

func (s *settingsScreen) showAuditTrail(l auditLedger) *auditView {
	v := &auditView{s: s, l: l, from: widget.NewEntry(), to: widget.NewEntry(), customer: widget.NewEntry(),
		detail: widget.NewLabel(""), head: widget.NewLabel(""), count: widget.NewLabel("")}
	v.from.SetPlaceHolder("YYYY-MM-DD")
	v.to.SetPlaceHolder("YYYY-MM-DD")
	v.customer.SetPlaceHolder("customer code")
	v.action = widget.NewSelect(auditActions, nil)
	v.action.SetSelected("All")
	v.detail.Wrapping = fyne.TextWrapWord
	v.list = widget.NewList(func() int { return len(v.entries) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := v.entries[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%d   %s   %s   %s %s   %s", e.Seq, strings.Replace(e.At[:min(19, len(e.At))], "T", " ", 1), e.User, e.Action, e.Subject, e.Customer))
		})
	v.list.OnSelected = func(i widget.ListItemID) {
		e := v.entries[i]
		v.detail.SetText(fmt.Sprintf("Entry %d, %s by %s: %s %s\n%s\nDocuments covered: %d\nHash %s\nafter %s",
			e.Seq, e.At, e.User, e.Action, e.Subject, string(e.Detail), e.Documents, e.Hash, e.PrevHash))
	}
	v.more = widget.NewButton("Older entries", func() { v.load(true) })
	filters := container.NewGridWithColumns(5,
		widget.NewForm(widget.NewFormItem("From", v.from)), widget.NewForm(widget.NewFormItem("To", v.to)),
		widget.NewForm(widget.NewFormItem("Customer", v.customer)), widget.NewForm(widget.NewFormItem("Action", v.action)),
		widget.NewButtonWithIcon("Show", theme.SearchIcon(), func() { v.load(false) }))
	buttons := container.NewHBox(v.more,
		widget.NewButtonWithIcon("Verify the chain and every document", theme.ConfirmIcon(), v.verify),
		widget.NewButtonWithIcon("Export for an auditor…", theme.DocumentSaveIcon(), v.export))
	top := container.NewVBox(filters, v.head, v.count)
	bottom := container.NewVBox(container.NewVScroll(v.detail), buttons)
	d := dialog.NewCustom("Audit trail", "Close", container.NewBorder(top, bottom, nil, nil, v.list), s.win)
	d.Resize(fyne.NewSize(1000, 640))
	d.Show()
	v.load(false)
	return v
}

// filter reads the filters; an error is shown beside them.
func (v *auditView) filter() (ledger.AuditFilter, error) {
	f := ledger.AuditFilter{Customer: strings.TrimSpace(v.customer.Text), Newest: true, Limit: auditPage}
	for _, d := range []struct {
		e  *widget.Entry
		to *ledger.AuditFilter
		at bool
	}{{v.from, &f, false}, {v.to, &f, true}} {
		if t := strings.TrimSpace(d.e.Text); t != "" {
			day, err := ledger.ParseDate(t)
			if err != nil {
				return f, err
			}
			if d.at {
				f.To = day
			} else {
				f.From = day
			}
		}
	}
	if a := v.action.Selected; a != "" && a != "All" {
		f.Action = a
	}
	return f, nil
}

// load reads the newest entries the filters choose, or the page older
// than those shown.
func (v *auditView) load(older bool) {
	f, err := v.filter()
	if err != nil {
		v.count.SetText(err.Error())
		return
	}
	if older && len(v.entries) > 0 {
		f.AfterSeq = v.entries[len(v.entries)-1].Seq
	}
	type page struct {
		entries []ledger.AuditEntry
		head    ledger.AuditHead
	}
	run(v.s.app, v.s.base, "Read the audit trail", func(ctx context.Context) (page, error) {
		var p page
		err := v.l.AuditLog(ctx, f, func(e *ledger.AuditEntry) error { p.entries = append(p.entries, *e); return nil })
		if err != nil {
			return p, err
		}
		p.head, err = v.l.AuditHead(ctx)
		return p, err
	}, func(p page) {
		if older {
			v.entries = append(v.entries, p.entries...)
		} else {
			v.entries = p.entries
			v.list.UnselectAll()
			v.detail.SetText("")
		}
		v.more.Hidden = len(p.entries) < auditPage
		v.more.Refresh()
		v.head.SetText("Head of the chain: " + p.head.String() + "  (write it down or print it: `paidup audit verify --head` holds the ledger to it)")
		v.count.SetText(fmt.Sprintf("%d entries shown, newest first", len(v.entries)))
		v.list.Refresh()
	})
}

func (v *auditView) verify() {
	var rep *ledger.AuditReport
	v.s.task("Verifying the audit trail", func(ctx context.Context, progress func(string)) error {
		progress("Walking the chain and every document's rows…")
		var err error
		rep, err = v.l.AuditVerify(ctx, nil)
		return err
	}, func() {
		var b strings.Builder
		title := "The audit trail is intact"
		if rep.Intact {
			fmt.Fprintf(&b, "%d entries; %d documents match them.\nHead %s\n", rep.Entries, rep.Documents, rep.Head)
			for _, a := range rep.Anchors {
				b.WriteString("Reaches " + a + "\n")
			}
		} else {
			title = "The ledger was changed outside Paidup"
			fmt.Fprintf(&b, "%d problem(s), the first first:\n\n", len(rep.Problems))
			for i, p := range rep.Problems {
				if i == 50 {
					fmt.Fprintf(&b, "… and %d more\n", len(rep.Problems)-50)
					break
				}
				b.WriteString("• " + p.Message + "\n")
			}
		}
		l := widget.NewLabel(b.String())
		l.Wrapping = fyne.TextWrapWord
		d := dialog.NewCustom(title, "Close", container.NewVScroll(l), v.s.win)
		d.Resize(fyne.NewSize(640, 420))
		d.Show()
	})
}

func (v *auditView) export() {
	f, err := v.filter()
	if err != nil {
		v.count.SetText(err.Error())
		return
	}
	f.Limit, f.Newest = 0, false
	v.s.saveAs("audit-trail-"+fmtDate(v.s.today())+".csv", func(w fyne.URIWriteCloser, path string) {
		run(v.s.app, v.s.base, "Export the audit trail", func(ctx context.Context) (string, error) {
			defer w.Close()
			head, n, err := v.l.ExportAudit(ctx, w, f)
			return fmt.Sprintf("%d entries written to %s.\nThe chain's head: %s\nKeep it with the file: it is what the ledger is held to later.", n, path, head), err
		}, func(msg string) { dialog.ShowInformation("Audit trail exported", msg, v.s.win) })
	})
}

// showBackupList lists the automatic backups, newest first, each with its
// date, size, counts and audit head, and how it stands to the ledger as it
// is; Restore asks first, saying what would be replaced.
func (s *settingsScreen) showBackupList(l backupListLedger) {
	type listing struct {
		backups []paidapp.BackupSummary
		head    ledger.AuditHead
	}
	run(s.app, s.base, "List the backups", func(ctx context.Context) (listing, error) {
		var r listing
		var err error
		if r.backups, err = l.BackupList(ctx); err != nil {
			return r, err
		}
		r.head, err = l.AuditHead(ctx)
		return r, err
	}, func(r listing) {
		if len(r.backups) == 0 {
			dialog.ShowInformation("No automatic backups", "There is no automatic backup of this ledger yet. \"Restore from a backup…\" takes any backup file.", s.win)
			return
		}
		var d dialog.Dialog
		rows := container.NewVBox()
		for _, b := range r.backups {
			b := b
			text := fmt.Sprintf("%s   %s", b.Time.Format("2006-01-02 15:04"), sizeText(b.Size))
			if b.Err != nil {
				text += "   cannot be read: " + userMessage(b.Err)
			} else {
				text += fmt.Sprintf("   %d customers, %d documents   audit head %s", b.Info.Customers, b.Info.Documents, shortHead(b.Info.Head))
			}
			restore := widget.NewButton("Restore…", func() {
				s.confirmRestore(l, b.Path, backupDifference(b, r.head), func() { d.Hide() })
			})
			restore.Disable()
			if b.Err == nil {
				restore.Enable()
			}
			rows.Add(container.NewBorder(nil, nil, nil, restore, widget.NewLabel(text)))
		}
		d = dialog.NewCustom("Automatic backups", "Close", container.NewVScroll(rows), s.win)
		d.Resize(fyne.NewSize(900, 480))
		d.Show()
	})
}

// backupDifference says how a backup stands to the ledger as it is, by
// their audit chains.
func backupDifference(b paidapp.BackupSummary, current ledger.AuditHead) string {
	what := fmt.Sprintf("The backup of %s holds %d customers and %d documents.", b.Time.Format("2006-01-02 15:04"), b.Info.Customers, b.Info.Documents)
	switch {
	case b.Info.Head.Count == 0:
		return what + " It has no audit trail (it comes from an older Paidup)."
	case b.Info.Head == current:
		return what + " Its audit trail ends where the ledger's does: nothing changed since."
	case b.Info.Head.Count < current.Count:
		return what + fmt.Sprintf(" The ledger has %d audit entries (changes) after the backup's last; they would be undone.", current.Count-b.Info.Head.Count)
	default:
		return what + fmt.Sprintf(" Its audit trail (%d entries) is not the ledger's (%d): it comes from another history of the ledger.", b.Info.Head.Count, current.Count)
	}
}

func shortHead(h ledger.AuditHead) string {
	if h.Count == 0 {
		return "none"
	}
	return fmt.Sprintf("%d:%s…", h.Count, h.Hash[:min(12, len(h.Hash))])
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%d KB", (n+1023)/1024)
	}
}
