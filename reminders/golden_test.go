package reminders

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// boundaryRE finds the multipart boundaries go-mail draws at random.
var boundaryRE = regexp.MustCompile(`boundary=([0-9A-Za-z'()+_,./:=?-]+)`)

// normalize replaces each random boundary by a fixed name, so that a
// rendered message compares equal run after run.
func normalize(raw []byte) []byte {
	out := string(raw)
	for i, m := range boundaryRE.FindAllStringSubmatch(string(raw), -1) {
		out = strings.ReplaceAll(out, m[1], fmt.Sprintf("BOUNDARY-%d", i+1))
	}
	return []byte(strings.ReplaceAll(out, "\r\n", "\n"))
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		must(t, os.MkdirAll(filepath.Dir(path), 0o755))
		must(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reminders/ -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from what was rendered (go test -update rewrites it after a deliberate change):\n%s",
			path, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, w, g)
		}
	}
	return "(no line differs)"
}

// TestGoldenMessages renders the message of every default step exactly
// as it goes to the server (headers, text, HTML, attachments) and holds
// it against testdata/golden/*.eml; only the random MIME boundaries are
// replaced. The clock and the Message-IDs are fixed.
func TestGoldenMessages(t *testing.T) {
	s := mailLedger(t)
	setting(t, s, "smtp.reply_to", "billing@nordlicht.example")
	setting(t, s, "smtp.bcc_self", "true")
	m := &recordingMailer{}
	r, _ := newRunner(t, s, m)
	if rep := queueAndSend(t, r, "2026-03-31"); rep.Sent != 4 {
		t.Fatalf("report %+v", rep)
	}
	for _, msg := range m.sent {
		t.Run(msg.To, func(t *testing.T) {
			mm, err := msg.mailMsg()
			must(t, err)
			var b bytes.Buffer
			if _, err := mm.WriteTo(&b); err != nil {
				t.Fatal(err)
			}
			raw := b.Bytes()
			// The blind copy is an envelope recipient, never a header.
			if bytes.Contains(raw, []byte("Bcc:")) {
				t.Fatal("the message shows its Bcc header")
			}
			if rcpts, err := mm.GetRecipients(); err != nil || len(rcpts) != 2 || rcpts[1] != "<accounts@nordlicht.example>" {
				t.Fatalf("envelope recipients %v %v", rcpts, err)
			}
			golden(t, "golden/"+strings.SplitN(msg.To, "@", 2)[0]+".eml", normalize(raw))
		})
	}
}
