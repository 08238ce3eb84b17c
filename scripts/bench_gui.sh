#!/usr/bin/env bash
# bench_gui.sh DB — time the GUI's first frame on the ledger DB and its
# peak memory, and print one markdown row for scripts/bench.sh:
#   | GUI first frame | X s; Y MB peak after Z s | < 1 s, < 250 MB |
# It starts bin/paidup --db DB on a virtual X server (Xvfb), screenshots
# the screen until it is not blank (more than 10 colours, as smoke_test.go
# checks), and reads VmHWM from /proc/PID/status right then. The time runs
# from the start of the process to the end of the first non-blank shot, so
# it errs long by one screenshot. The dashboard keeps loading after the
# first frame, so the peak is read again once it has settled (its slowest
# query takes about 2 s on a million invoices). Fyne's preferences and caches go to a
# temporary folder: the app starts as on a first run, on the dashboard.
# Needs Xvfb (xvfb) and import (imagemagick). Progress goes to stderr.
#   BENCH_GUI_TIMEOUT=S   give up after S seconds (default 60)
#   BENCH_GUI_SETTLE=S    read the peak S seconds after the first frame (default 8)
set -euo pipefail
cd "$(dirname "$0")/.."

db=${1:?usage: scripts/bench_gui.sh DB}
bin=${PAIDUP_BIN:-bin/paidup}
timeout=${BENCH_GUI_TIMEOUT:-60}
[[ -f $db ]] || { echo "bench_gui: no ledger $db" >&2; exit 1; }
[[ -x $bin ]] || { echo "bench_gui: no $bin (make build, or go build -o bin/paidup .)" >&2; exit 1; }
for tool in Xvfb import identify; do
	command -v "$tool" >/dev/null || { echo "bench_gui: $tool is not installed (apt-get install xvfb imagemagick)" >&2; exit 1; }
done

tmp=$(mktemp -d)
xpid="" apid=""
# stop ends a process this script started, by its id: politely, then
# for good after 3 s (Fyne may take its time to close the window).
stop() {
	kill "$1" 2>/dev/null || return 0
	for _ in $(seq 30); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}
cleanup() {
	[[ -n $apid ]] && stop "$apid"
	[[ -n $xpid ]] && stop "$xpid"
	rm -rf "$tmp"
}
trap cleanup EXIT

# -displayfd: Xvfb picks a free display itself and writes its number to
# fd 3 once it accepts connections.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xpid=$!
for _ in $(seq 300); do
	[[ -s $tmp/display ]] && break
	kill -0 "$xpid" 2>/dev/null || { cat "$tmp/xvfb.log" >&2; exit 1; }
	sleep 0.1
done
[[ -s $tmp/display ]] || { echo "bench_gui: Xvfb gave no display" >&2; exit 1; }
display=":$(tr -d '[:space:]' <"$tmp/display")"

locale=C.UTF-8
locale -a 2>/dev/null | grep -qix 'en_US.utf8' && locale=en_US.UTF-8
run_env=(env -u WAYLAND_DISPLAY -u LANGUAGE DISPLAY="$display" LANG="$locale" LC_ALL="$locale"
	XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" XDG_DATA_HOME="$tmp/data")

now() { echo "${EPOCHREALTIME/,/.}"; }
start=$(now)
"${run_env[@]}" "$bin" --db "$db" >"$tmp/app.log" 2>&1 &
apid=$!

frame="" colours=0
deadline=$(awk -v s="$start" -v t="$timeout" 'BEGIN { printf "%.6f", s + t }')
while :; do
	kill -0 "$apid" 2>/dev/null || { echo "bench_gui: paidup exited:" >&2; cat "$tmp/app.log" >&2; exit 1; }
	if "${run_env[@]}" import -window root "png:$tmp/shot.png" 2>/dev/null; then
		t=$(now)
		colours=$(identify -format '%k' "$tmp/shot.png" 2>/dev/null || echo 0)
		if ((colours > 10)); then
			frame=$t
			break
		fi
	fi
	if awk -v n="$(now)" -v d="$deadline" 'BEGIN { exit !(n > d) }'; then
		echo "bench_gui: no frame within ${timeout}s" >&2
		cat "$tmp/app.log" >&2
		exit 1
	fi
	sleep 0.02
done
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$apid/status")
settle=${BENCH_GUI_SETTLE:-8}
sleep "$settle"
kill -0 "$apid" 2>/dev/null || { echo "bench_gui: paidup exited:" >&2; cat "$tmp/app.log" >&2; exit 1; }
peak=$(awk '/^VmHWM:/ { print $2 }' "/proc/$apid/status")
rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$apid/status")

secs=$(awk -v a="$start" -v b="$frame" 'BEGIN { printf "%.2f", b - a }')
echo "  first frame after ${secs} s ($colours colours), VmHWM $((hwm / 1024)) MB; ${settle} s later VmHWM $((peak / 1024)) MB, VmRSS $((rss / 1024)) MB" >&2
echo "| GUI first frame; peak memory ${settle} s later | ${secs} s; $((peak / 1024)) MB peak ($((rss / 1024)) MB resident then) | < 1 s, < 250 MB |"
