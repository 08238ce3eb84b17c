package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"paidup/internal/textwidth"
)

// TestCLICustomerListWide: the customer list lines up by display width
// when names are Chinese, Korean or Vietnamese.
func TestCLICustomerListWide(t *testing.T) {
	db := newLedger(t, filepath.Join(t.TempDir(), "wide.db"))
	for _, c := range [][2]string{{"CN", "北京星辰贸易有限公司"}, {"KR", "주식회사 한빛상사"}, {"VN", "Thương mại Nguyễn Đức"}, {"US", "Acme LLC"}} {
		mustRun(t, 0, "--db", db, "customer", "add", c[0], "--name", c[1], "--currency", "USD")
	}
	out := mustRun(t, 0, "--db", db, "customer", "list")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("want a header and 4 customers:\n%s", out)
	}
	for _, l := range lines {
		if textwidth.Width(l) != textwidth.Width(lines[0]) {
			t.Fatalf("lines of different display widths:\n%s", out)
		}
	}
}
