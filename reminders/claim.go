package reminders

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"paidup/ledger"
)

// Two reminder runs may share one outbox: two desks on an office ledger,
// or a scheduled run and a user. A run claims each row before sending it
// (ledger.ClaimOutbox), naming itself; a row found 'sending' is then
// either another run's message on its way, which must not raise an
// alarm, or one whose run is gone (a crash or kill) — in doubt until the
// user says whether it arrived.

// claimLease is how long a claim by a run on another computer is taken
// to be alive: a row stays 'sending' for at most one message's time
// (smtp.timeout, at most 600 s), so a claim older than that is a run gone.
const claimLease = 11 * time.Minute

// thisRun names the runs of this process in the outbox: host and process
// id, so that a run on the same computer can be found alive or gone.
var thisRun = func() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	return fmt.Sprintf("%s pid %d", host, os.Getpid())
}()

// RunID is how this process's runs sign the outbox rows they claim.
func RunID() string { return thisRun }

// InFlight reports whether a row is being sent by a run that is still at
// work (this process, a live process on this computer, or a run on
// another computer within its lease), and says who is sending it. A row
// that is not 'sending', or whose run is gone, is not in flight.
func InFlight(m ledger.OutboxMessage, now time.Time) (bool, string) {
	if m.Status != ledger.OutboxSending || m.ClaimedBy == "" {
		return false, ""
	}
	host, pid, ok := parseRunID(m.ClaimedBy)
	if !ok {
		return false, ""
	}
	me, _ := os.Hostname()
	if host == me || (me == "" && host == "localhost") {
		if pid == os.Getpid() || processAlive(pid) {
			return true, fmt.Sprintf("being sent by another Paidup on this computer (process %d)", pid)
		}
		return false, ""
	}
	if now.Sub(m.UpdatedAt) < claimLease {
		return true, fmt.Sprintf("being sent by Paidup on %s (process %d) since %s", host, pid, m.UpdatedAt.Local().Format("15:04:05"))
	}
	return false, ""
}

func parseRunID(s string) (host string, pid int, ok bool) {
	host, p, ok := strings.Cut(s, " pid ")
	if !ok {
		return "", 0, false
	}
	pid, err := strconv.Atoi(p)
	return host, pid, err == nil && pid > 0
}

// processAlive reports whether a process of this computer still runs.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false // on Windows: no such process
	}
	if runtime.GOOS == "windows" {
		return true // FindProcess opened it
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || err == syscall.EPERM
}
