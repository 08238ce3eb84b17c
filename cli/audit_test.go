package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The audit commands on a real ledger file, and the contract of audit
// verify: exit 0 intact, 1 tampered, naming the first document changed.
func TestCLIAuditVerifyLogExport(t *testing.T) {
	if os.Getenv("PAIDUP_TEST_BACKEND") == "postgres" {
		t.Skip("edits a ledger file with the sqlite3 shell; ledger's audit tests tamper on PostgreSQL")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "l.db")
	if code, _, errs := paidup(t, "--db", db, "demo", "--invoices", "300", "--as-of", "2026-03-31"); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := paidup(t, "--db", db, "audit", "verify")
	if code != 0 || !strings.HasPrefix(out, "intact: ") {
		t.Fatalf("verify of a new ledger: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = paidup(t, "--db", db, "audit", "head")
	head := strings.TrimSpace(out)
	if code != 0 || !strings.Contains(head, ":") {
		t.Fatalf("head: %d %s %s", code, out, errs)
	}
	code, out, errs = paidup(t, "--db", db, "audit", "log", "--format", "json", "--limit", "3")
	var entries []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &entries) != nil || len(entries) != 3 {
		t.Fatalf("log json: %d %s %s", code, out, errs)
	}
	for _, k := range []string{"seq", "at", "user", "action", "subject", "detail", "prev_hash", "hash"} {
		if _, ok := entries[0][k]; !ok {
			t.Errorf("log json entry has no %q: %v", k, entries[0])
		}
	}
	exp := filepath.Join(dir, "audit.csv")
	if code, _, errs := paidup(t, "--db", db, "audit", "export", "-o", exp); code != 0 {
		t.Fatal(errs)
	}
	f, err := os.Open(exp)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) < 2 || strings.Join(rows[0], ",") != "seq,at,user,action,subject,customer,documents,detail,prev_hash,hash" {
		t.Fatalf("export: %v %v", err, rows[:min(2, len(rows))])
	}
	if b, err := os.ReadFile(exp + ".head"); err != nil || !strings.Contains(string(b), head) {
		t.Fatalf("export's head file: %v %q, want %s", err, b, head)
	}
	// Edited by hand: exit 1, the invoice named.
	var number string
	if out, err := exec.Command("sqlite3", db, "SELECT number FROM documents WHERE kind = 'invoice' AND status = 'issued' ORDER BY id LIMIT 1 OFFSET 7").Output(); err != nil {
		t.Fatalf("sqlite3: %v", err)
	} else {
		number = strings.TrimSpace(string(out))
	}
	if out, err := exec.Command("sqlite3", db, "DROP TRIGGER documents_immutable; UPDATE documents SET due_date = '2027-01-01' WHERE number = '"+number+"';").CombinedOutput(); err != nil {
		t.Fatalf("sqlite3: %v %s", err, out)
	}
	code, out, errs = paidup(t, "--db", db, "audit", "verify")
	if code != 1 || !strings.Contains(errs, number) || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(out, "tampered: document "+number) {
		t.Fatalf("verify of an edited ledger: exit %d\nstdout %s\nstderr %s\nwant exit 1 naming %s", code, out, errs, number)
	}
	// Held to a head written down that this chain does not reach.
	code, _, errs = paidup(t, "--db", db, "audit", "verify", "--head", "999999:"+strings.Repeat("ab", 32))
	if code != 1 || !strings.Contains(errs, "the head given") {
		t.Fatalf("verify against a longer head: %d %s", code, errs)
	}
}
