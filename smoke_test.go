package main

// The smoke test runs the real binary the way a user does: it builds it,
// makes a demo ledger, opens the GUI on a virtual X server and checks that a
// Paidup window appears and draws something. It fails (never skips) when the
// X tools are missing; set PAIDUP_SMOKE=0 to leave it out deliberately.

import (
	"bufio"
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSmokeGUI(t *testing.T) {
	if os.Getenv("PAIDUP_SMOKE") == "0" {
		t.Skip("PAIDUP_SMOKE=0")
	}
	if testing.Short() {
		t.Skip("needs Xvfb and builds the real binary: skipped in -short mode")
	}
	for _, tool := range []struct{ bin, pkg string }{
		{"Xvfb", "xvfb"}, {"xwininfo", "x11-utils"}, {"import", "imagemagick"},
	} {
		if _, err := exec.LookPath(tool.bin); err != nil {
			t.Fatalf("the GUI smoke test needs %s: install the Debian package %s (scripts/deps.sh test does), or set PAIDUP_SMOKE=0 to skip it",
				tool.bin, tool.pkg)
		}
	}
	dir := t.TempDir()
	bin := buildPaidup(t, dir)
	db := filepath.Join(dir, "demo.db")
	runQuiet(t, 2*time.Minute, bin, "demo", "--db", db, "--customers", "30", "--invoices", "300")

	display := startXvfb(t)
	env := append(cleanEnv(), "DISPLAY="+display, "LANG="+utf8Locale(),
		// Keep Fyne's preferences and caches out of the user's home.
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"))
	start := time.Now()
	app := startProcess(t, env, bin, "--db", db)

	title := waitForWindow(t, env, app, "Paidup", 60*time.Second)
	t.Logf("window %s appeared after %v", title, time.Since(start).Round(time.Millisecond))

	// The window exists before its first frame: shoot until it has content.
	shot := filepath.Join(dir, "smoke.png")
	var colours int
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := commandIn(env, "import", "-window", "root", "png:"+shot).CombinedOutput()
		if err != nil {
			t.Fatalf("import -window root: %v\n%s", err, out)
		}
		colours = distinctColours(t, shot)
		if colours > 10 || time.Now().After(deadline) {
			break
		}
		app.checkRunning(t)
		time.Sleep(500 * time.Millisecond)
	}
	t.Logf("screenshot, %d distinct colours (counting stops at 1000): %s", colours, shot)
	if colours <= 10 {
		t.Fatalf("the screen shows %d colours: the window drew nothing\n%s", colours, app.output())
	}
	app.checkRunning(t)
	// A -race build reports races on stderr and goes on running.
	if out := app.output(); strings.Contains(out, "WARNING: DATA RACE") {
		t.Fatalf("the app has a data race:\n%s", out)
	}
}

// buildPaidup builds the binary into dir. Under go test -race it builds with
// -race too, which reuses the Fyne packages the test build just compiled
// (a cold Fyne build takes minutes) and checks the real app for races.
func buildPaidup(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "paidup")
	args := []string{"build", "-o", bin}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" && s.Value == "true" {
				args = append(args, "-race")
			}
		}
	}
	runQuiet(t, 15*time.Minute, "go", append(args, ".")...)
	return bin
}

// runQuiet runs a command to completion and fails the test, with its output,
// if it fails.
func runQuiet(t *testing.T, timeout time.Duration, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// startXvfb starts a virtual X server and returns its display (":N").
// -displayfd makes Xvfb pick a free display number itself and write it once
// it accepts connections, so parallel runs cannot collide.
func startXvfb(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w} // fd 3 in the child
	var stderr lockedBuffer
	x.Stderr = &stderr
	if err := x.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() { stop(t, x) })

	number := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		number <- strings.TrimSpace(line)
	}()
	select {
	case n := <-number:
		if n == "" {
			t.Fatalf("Xvfb exited without a display\n%s", stderr.String())
		}
		return ":" + n
	case <-time.After(30 * time.Second):
		t.Fatalf("Xvfb gave no display number within 30s\n%s", stderr.String())
	}
	return ""
}

// process is a running command whose output is collected.
type process struct {
	cmd    *exec.Cmd
	out    lockedBuffer
	exited chan struct{}
	err    error // set before exited closes
}

func startProcess(t *testing.T, env []string, name string, args ...string) *process {
	t.Helper()
	p := &process{cmd: commandIn(env, name, args...), exited: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		if err := p.cmd.Process.Kill(); err == nil {
			<-p.exited
		}
		if t.Failed() {
			t.Logf("%s output:\n%s", name, p.output())
		}
	})
	return p
}

func (p *process) output() string { return p.out.String() }

// checkRunning fails the test if the process has exited.
func (p *process) checkRunning(t *testing.T) {
	t.Helper()
	select {
	case <-p.exited:
		t.Fatalf("%s exited early: %v\n%s", p.cmd.Path, p.err, p.output())
	default:
	}
}

// waitForWindow polls the X window tree until a window whose name contains
// name appears, and returns that line of xwininfo's listing. env must have a
// UTF-8 locale: xwininfo converts window names to the locale's charset.
func waitForWindow(t *testing.T, env []string, p *process, name string, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		p.checkRunning(t)
		out, err := commandIn(env, "xwininfo", "-root", "-tree").CombinedOutput()
		if err != nil {
			t.Fatalf("xwininfo -root -tree: %v\n%s", err, out)
		}
		// Window lines look like:
		//   0x200020 "Paidup — demo.db": ("Paidup — demo.db" "Paidup — demo.db")  1100x700+0+0  +0+0
		for _, line := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "0x") && strings.Contains(line, name) {
				return strings.TrimSpace(line)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no window named %q within %v; windows:\n%s", name, timeout, out)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// distinctColours counts the colours of a PNG, stopping at 1000.
func distinctColours(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
			if len(seen) >= 1000 {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// commandIn returns a command with the given environment.
func commandIn(env []string, name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Env = env
	return c
}

// cleanEnv is the test's environment without what would steer the app away
// from the virtual display or the chosen locale.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case k == "DISPLAY", k == "WAYLAND_DISPLAY", k == "LANG", k == "LANGUAGE", strings.HasPrefix(k, "LC_"):
			continue
		}
		env = append(env, kv)
	}
	return env
}

// utf8Locale returns en_US.UTF-8 when that locale is installed, else
// C.UTF-8, which Debian always has. Fyne needs a UTF-8 locale.
func utf8Locale() string {
	out, err := exec.Command("locale", "-a").Output()
	if err == nil {
		for _, l := range strings.Fields(string(out)) {
			if strings.EqualFold(l, "en_US.utf8") || strings.EqualFold(l, "en_US.UTF-8") {
				return "en_US.UTF-8"
			}
		}
	}
	return "C.UTF-8"
}

// stop ends a process politely, then firmly, and waits for it.
func stop(t *testing.T, c *exec.Cmd) {
	if err := c.Process.Signal(os.Interrupt); err != nil {
		return // already gone
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case err := <-done:
		if t.Failed() {
			t.Logf("%s stopped: %v", c.Path, err)
		}
	case <-time.After(5 * time.Second):
		if err := c.Process.Kill(); err != nil {
			t.Logf("kill %s: %v", c.Path, err)
		}
		<-done
	}
}

// lockedBuffer is a bytes.Buffer safe to read while a process writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
