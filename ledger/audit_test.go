package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// auditLedger is a small ledger with one of everything the trail covers:
// customers created and edited, invoices, a payment allocated, a credit
// note, a void, a setting, a dispute.
func auditLedger(t *testing.T) (*Store, map[string]string) {
	t.Helper()
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "USD")
	mustCustomer(t, s, "BETA", "USD")
	c, err := s.CustomerByCode(ctx, "ACME")
	if err != nil {
		t.Fatal(err)
	}
	c.Email = "ap@acme.test"
	if err := s.UpdateCustomer(ctx, c); err != nil {
		t.Fatal(err)
	}
	inv1 := mustInvoice(t, s, "ACME", "2026-01-10", line(1, 100000, 0))
	inv2 := mustInvoice(t, s, "ACME", "2026-01-20", line(2, 5000, 10))
	inv3 := mustInvoice(t, s, "BETA", "2026-02-01", line(1, 7000, 0))
	pay, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "ACME", Date: day("2026-02-10"), Amount: usd("600.00")})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Void(ctx, inv3.Number, day("2026-02-15"), "issued twice"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, "invoice.footer", "Thank you"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenDispute(ctx, inv2.Number, "wrong quantity"); err != nil {
		t.Fatal(err)
	}
	return s, map[string]string{"inv1": inv1.Number, "inv2": inv2.Number, "inv3": inv3.Number, "pay": pay.Number}
}

func mustVerify(t *testing.T, s *Store) *AuditReport {
	t.Helper()
	rep, err := s.VerifyAudit(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func mustIntact(t *testing.T, s *Store) {
	t.Helper()
	rep := mustVerify(t, s)
	if !rep.Intact {
		b, _ := json.MarshalIndent(rep, "", "  ")
		t.Fatalf("audit verify found problems in an untouched ledger:\n%s", b)
	}
}

func TestAuditTrailRecordsEveryChange(t *testing.T) {
	s, docs := auditLedger(t)
	ctx := context.Background()
	mustIntact(t, s)
	var actions []string
	var custEdit *AuditEntry
	err := s.AuditLog(ctx, AuditFilter{}, func(e *AuditEntry) error {
		actions = append(actions, e.Action+" "+e.Subject)
		if e.Action == "customer.edit" {
			c := *e
			custEdit = &c
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(actions, "\n")
	for _, want := range []string{"customer.create ACME", "customer.create BETA", "customer.edit ACME",
		"document.issue " + docs["inv1"], "document.payment " + docs["pay"], "document.void " + docs["inv3"],
		"setting.set invoice.footer", "dispute.open"} {
		if !strings.Contains(all, want) {
			t.Errorf("no entry %q in\n%s", want, all)
		}
	}
	if custEdit == nil || !strings.Contains(string(custEdit.Detail), `"old":{"email":""}`) || !strings.Contains(string(custEdit.Detail), `"new":{"email":"ap@acme.test"}`) {
		t.Errorf("customer edit entry does not give old and new values: %+v", custEdit)
	}
	// The filter by customer.
	var n int
	if err := s.AuditLog(ctx, AuditFilter{Customer: "BETA"}, func(e *AuditEntry) error {
		n++
		if e.Customer != "BETA" {
			t.Errorf("entry %d of customer %q", e.Seq, e.Customer)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n < 2 {
		t.Errorf("%d entries for BETA, want its creation and invoice at least", n)
	}
	// Every entry has a user and a time; the head is the last entry.
	h, err := s.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h.Count != int64(len(actions)) {
		t.Errorf("head %v, %d entries", h, len(actions))
	}
}

// sqliteShell runs SQL on a ledger file with the sqlite3 command-line
// shell, as a person editing the file by hand would.
func sqliteShell(t *testing.T, path, script string) {
	t.Helper()
	out, err := exec.Command("sqlite3", path, script).CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, out)
	}
}

// tamper changes a ledger outside Paidup: with the sqlite3 shell on a
// file, with SQL over its own connection on PostgreSQL. The ledger is
// closed first (the shell would wait for its lock otherwise) and opened
// again after.
func tamper(t *testing.T, s *Store, script string) *Store {
	t.Helper()
	path := s.url
	if s.dialect != postgresDialect {
		path = s.path
		s.Close()
		sqliteShell(t, path, script)
	} else {
		db, err := sql.Open("pgx", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, q := range strings.Split(script, ";\n") {
			q = pgTamperSQL(q)
			if strings.TrimSpace(q) == "" {
				continue
			}
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		s.Close()
	}
	s2, err := OpenExisting(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s2.Now = s.Now
	t.Cleanup(func() { s2.Close() })
	return s2
}

// pgTamperSQL is the shell's SQL as PostgreSQL takes it: triggers are
// dropped by table.
func pgTamperSQL(q string) string {
	q = strings.TrimSpace(q)
	if rest, ok := strings.CutPrefix(q, "DROP TRIGGER "); ok {
		name := strings.TrimSuffix(rest, ";")
		table := map[string]string{"postings_no_update": "postings", "postings_no_delete": "postings", "journal_no_update": "journal_entries",
			"journal_no_delete": "journal_entries", "allocations_no_delete": "allocations", "allocations_only_void": "allocations",
			"documents_no_delete": "documents", "documents_immutable": "documents", "lines_immutable_update": "document_lines",
			"lines_immutable_delete": "document_lines", "audit_log_no_delete": "audit_log", "audit_log_no_update": "audit_log"}[name]
		return "DROP TRIGGER " + name + " ON " + table
	}
	return q
}

func firstProblem(t *testing.T, s *Store, anchors ...AuditAnchor) AuditProblem {
	t.Helper()
	rep, err := s.VerifyAudit(context.Background(), anchors)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Intact || len(rep.Problems) == 0 {
		t.Fatalf("audit verify found nothing wrong in a tampered ledger: %+v", rep)
	}
	t.Logf("first problem: %s (%d in all)", rep.Problems[0].Message, len(rep.Problems))
	return rep.Problems[0]
}

func TestAuditVerifyNamesTampering(t *testing.T) {
	cases := []struct {
		name   string
		script func(docs map[string]string) string
		kind   string
		doc    string // the key of the document it must name
	}{
		{"edit an amount", func(d map[string]string) string {
			return "DROP TRIGGER documents_immutable;\nUPDATE documents SET total = total + 100, open = open + 100 WHERE number = '" + d["inv1"] + "';\n"
		}, "document_changed", "inv1"},
		{"edit a posting", func(d map[string]string) string {
			return "DROP TRIGGER postings_no_update;\nUPDATE postings SET amount = amount * 2 WHERE entry_id = (SELECT MIN(e.id) FROM journal_entries e JOIN documents d ON d.id = e.document_id WHERE d.number = '" + d["inv2"] + "');\n"
		}, "document_changed", "inv2"},
		{"change a date", func(d map[string]string) string {
			return "DROP TRIGGER documents_immutable;\nUPDATE documents SET date = '2026-01-11' WHERE number = '" + d["inv1"] + "';\n"
		}, "document_changed", "inv1"},
		{"delete a payment", func(d map[string]string) string {
			return "DROP TRIGGER postings_no_delete;\nDROP TRIGGER journal_no_delete;\nDROP TRIGGER allocations_no_delete;\nDROP TRIGGER documents_no_delete;\n" +
				"DELETE FROM allocations WHERE credit_id = (SELECT id FROM documents WHERE number = '" + d["pay"] + "');\n" +
				"DELETE FROM postings WHERE entry_id IN (SELECT e.id FROM journal_entries e JOIN documents d ON d.id = e.document_id WHERE d.number = '" + d["pay"] + "');\n" +
				"DELETE FROM journal_entries WHERE document_id = (SELECT id FROM documents WHERE number = '" + d["pay"] + "');\n" +
				"DELETE FROM payment_sources WHERE document_id = (SELECT id FROM documents WHERE number = '" + d["pay"] + "');\n" +
				"DELETE FROM documents WHERE number = '" + d["pay"] + "';\n"
		}, "document_deleted", "pay"},
		{"insert an invoice", func(d map[string]string) string {
			return "INSERT INTO documents (kind, number, customer_id, status, date, due_date, currency, net, tax, total, open, last_change, created_at) " +
				"SELECT 'invoice', 'INV-999999', customer_id, 'issued', date, due_date, currency, net, tax, total, total, date, created_at FROM documents WHERE number = '" + d["inv1"] + "';\n"
		}, "document_inserted", ""},
		{"drop audit rows from the middle", func(d map[string]string) string {
			return "DROP TRIGGER audit_log_no_delete;\nDELETE FROM audit_log WHERE seq IN (3, 4);\n"
		}, "entry_missing", ""},
		{"edit an audit entry", func(d map[string]string) string {
			return "DROP TRIGGER audit_log_no_update;\nUPDATE audit_log SET os_user = 'someone else' WHERE seq = 2;\n"
		}, "entry_changed", ""},
		{"truncate the chain", func(d map[string]string) string {
			return "DROP TRIGGER audit_log_no_delete;\nDELETE FROM audit_log WHERE seq > (SELECT MAX(seq) - 2 FROM audit_log);\n"
		}, "chain_cut", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, docs := auditLedger(t)
			mustIntact(t, s)
			var anchors []AuditAnchor
			if onPostgres() {
				// No file beside an office ledger: the head written down
				// (or in a backup) anchors its chain.
				h, err := s.AuditHead(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				anchors = append(anchors, AuditAnchor{Head: h, Source: "the head written down"})
			}
			s = tamper(t, s, c.script(docs))
			p := firstProblem(t, s, anchors...)
			if p.Kind != c.kind {
				t.Errorf("first problem %q (%s), want kind %s", p.Message, p.Kind, c.kind)
			}
			if c.doc != "" && p.Document != docs[c.doc] {
				t.Errorf("first problem names %q, want %s: %s", p.Document, docs[c.doc], p.Message)
			}
			if c.kind == "document_inserted" && p.Document != "INV-999999" {
				t.Errorf("first problem names %q, want INV-999999", p.Document)
			}
		})
	}
}

// An older copy of the ledger put over the newer one by hand: its own
// chain is whole, but shorter than the head remembered beside it and in
// the newer backup.
func TestAuditVerifyOldBackupOverNewLedger(t *testing.T) {
	if onPostgres() {
		t.Skip("a file copied over a file: SQLite's case (PostgreSQL's restore is Paidup's own, tested below)")
	}
	ctx := context.Background()
	s, _ := auditLedger(t)
	old := t.TempDir() + "/old.db"
	if err := s.Backup(ctx, old); err != nil {
		t.Fatal(err)
	}
	mustInvoice(t, s, "BETA", "2026-03-01", line(1, 9900, 0))
	newer := t.TempDir() + "/newer.db"
	if err := s.Backup(ctx, newer); err != nil {
		t.Fatal(err)
	}
	nh, err := s.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	b, err := os.ReadFile(old)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	s2, err := OpenExisting(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	p := firstProblem(t, s2)
	if p.Kind != "chain_cut" || !strings.Contains(p.Message, "head file") {
		t.Errorf("first problem %+v, want the chain cut short of the head file", p)
	}
	// Without the head file, the newer backup's head anchors it.
	os.Remove(path + HeadFileSuffix)
	rep, err := s2.VerifyAudit(ctx, []AuditAnchor{{Head: nh, Source: "backup newer.db"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Intact || rep.Problems[0].Kind != "chain_cut" || !strings.Contains(rep.Problems[0].Message, "newer.db") {
		t.Errorf("with the newer backup's head: %+v", rep.Problems)
	}
}

// Paidup's own restore is in the chain: verify is content after it, and
// the head of the ledger it replaced is known not to be this chain's.
func TestAuditRestoreIsRecorded(t *testing.T) {
	ctx := context.Background()
	s, _ := auditLedger(t)
	dir := t.TempDir()
	if err := s.Backup(ctx, dir+"/old.db"); err != nil {
		t.Fatal(err)
	}
	mustInvoice(t, s, "BETA", "2026-03-01", line(1, 9900, 0))
	before, err := s.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Restore(ctx, dir+"/old.db", dir+"/kept.db"); err != nil {
		t.Fatal(err)
	}
	rep, err := s.VerifyAudit(ctx, []AuditAnchor{{Head: before, Source: "a head written down before the restore"}})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Intact {
		t.Fatalf("after a restore: %+v", rep.Problems)
	}
	var last *AuditEntry
	if err := s.AuditLog(ctx, AuditFilter{Newest: true, Limit: 1}, func(e *AuditEntry) error { c := *e; last = &c; return nil }); err != nil {
		t.Fatal(err)
	}
	if last == nil || last.Action != "restore" || !strings.Contains(string(last.Detail), before.String()) {
		t.Errorf("last entry %+v, want the restore naming the head it replaced %s", last, before)
	}
}

func TestAuditVerifyTailAndHead(t *testing.T) {
	ctx := context.Background()
	s, _ := auditLedger(t)
	probs, err := s.VerifyAuditTail(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Fatalf("tail of an intact chain: %+v", probs)
	}
	h, err := s.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseAuditHead(h.String())
	if err != nil || back != h {
		t.Fatalf("head %v printed as %s read back as %v, %v", h, h, back, err)
	}
	s = tamper(t, s, "DROP TRIGGER audit_log_no_update;\nUPDATE audit_log SET subject = 'x' WHERE seq = (SELECT MAX(seq) FROM audit_log);\n")
	probs, err = s.VerifyAuditTail(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) == 0 || probs[0].Kind != "entry_changed" {
		t.Fatalf("tail of a changed chain: %+v", probs)
	}
}

// A ledger from before the audit trail gets, in migration 18's
// transaction, a genesis entry over its tables and documents as they
// stood, and verify holds them to it.
func TestAuditGenesisOnUpgrade(t *testing.T) {
	if onPostgres() {
		t.Skip("the upgrade of a file; PostgreSQL's migration runs the same genesis")
	}
	s, docs := auditLedger(t)
	path := s.Path()
	s.Close()
	// As if the ledger predated migration 18: no audit log, 18 not applied
	// (the migrations a ledger lacks are applied, whatever came after).
	sqliteShell(t, path, "DROP TABLE audit_log;\nDELETE FROM schema_migrations WHERE version = 18;\n")
	os.Remove(path + HeadFileSuffix)
	s2, err := OpenExisting(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	mustIntact(t, s2)
	var first *AuditEntry
	if err := s2.AuditLog(context.Background(), AuditFilter{Limit: 2}, func(e *AuditEntry) error {
		if first == nil {
			c := *e
			first = &c
		} else if e.Action != "genesis.documents" || e.Documents != 4 {
			t.Errorf("second entry %s with %d documents, want genesis.documents with 4", e.Action, e.Documents)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if first == nil || first.Action != "genesis" || !strings.Contains(string(first.Detail), `"documents":4`) {
		t.Fatalf("first entry %+v", first)
	}
	s2 = tamper(t, s2, "DROP TRIGGER documents_immutable;\nUPDATE documents SET net = net + 1, total = total + 1, open = open + 1 WHERE number = '"+docs["inv2"]+"';\n")
	if p := firstProblem(t, s2); p.Document != docs["inv2"] {
		t.Errorf("first problem %+v, want %s", p, docs["inv2"])
	}
}

// Reminders written to the outbox and their outcome, and promises, are in
// the trail with their rows' values.
func TestAuditTrailRemindersAndPromises(t *testing.T) {
	ctx := context.Background()
	s, _ := outboxLedger(t)
	q := ReminderQuery{AsOf: day("2026-03-10"), DueBy: day("2026-03-13"), Customer: "ACME"}
	ids, err := s.QueueReminders(ctx, q, func(cs []ReminderCustomer) ([]OutboxDraft, error) {
		return []OutboxDraft{draftFor(cs[0], "overdue", cs[0].Items...)}, nil
	}, msgID)
	if err != nil || len(ids) != 1 {
		t.Fatal(ids, err)
	}
	if ok, err := s.ClaimOutbox(ctx, ids[0], "test"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if _, err := s.FinishOutbox(ctx, ids[0], OutboxSent, "250 ok", 0, "test"); err != nil {
		t.Fatal(err)
	}
	cands, err := s.ReminderCandidates(ctx, q)
	if err != nil || len(cands) == 0 || len(cands[0].Items) == 0 {
		t.Fatal(cands, err)
	}
	if _, err := s.AddPromise(ctx, PromiseInput{CustomerCode: "ACME", Invoices: []string{cands[0].Items[0].Number},
		Amount: usd("100.00"), PayBy: day("2026-04-15")}); err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := s.AuditLog(ctx, AuditFilter{Customer: "ACME"}, func(e *AuditEntry) error {
		got = append(got, e.Action+" "+string(e.Detail))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{`reminder.write`, `reminder.outcome {"id":1,"new":{`, `"status":"sent"`, `"old":{`, `promise.add`} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in ACME's entries:\n%s", want, all)
		}
	}
	mustIntact(t, s)
}
