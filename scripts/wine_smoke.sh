#!/usr/bin/env bash
# wine_smoke.sh [EXE] — smoke-test the Windows build under Wine, in a fresh
# Wine prefix, inside a virtual X server (run it under xvfb-run; `make
# test` does): the command line on a ledger under a Windows path with
# spaces and non-ASCII letters (demo, a customer with a Chinese name,
# invoice pdf, aging --format xlsx, check), the default ledger under
# %AppData%, then the window, whose screenshot must not be blank, and check
# and backup while the window has the ledger open (Windows file locking).
# Fails with the reason; never skips.
set -euo pipefail
cd "$(dirname "$0")/.."
exe=$(realpath "${1:-bin/paidup.exe}")
[[ -f $exe ]] || { echo "wine_smoke.sh: $exe is missing: run make windows" >&2; exit 1; }
for t in wine wineserver pdftotext import convert; do
	command -v "$t" >/dev/null || { echo "wine_smoke.sh: $t is missing: run scripts/deps.sh test" >&2; exit 1; }
done
[[ -n ${DISPLAY:-} ]] || { echo "wine_smoke.sh: no X display: run it under xvfb-run" >&2; exit 1; }

work=$(mktemp -d)
export WINEPREFIX=$work/prefix WINEARCH=win64 WINEDEBUG=-all
# No Mono or Gecko installers: Paidup needs neither.
export WINEDLLOVERRIDES="mscoree,mshtml="
cleanup() {
	wineserver -k 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
fail() {
	echo "wine_smoke.sh: FAIL: $*" >&2
	exit 1
}
step() { echo "wine_smoke.sh: $*" >&2; }

start=$SECONDS
step "a new Wine prefix"
wine wineboot --init >/dev/null 2>&1 || fail "wineboot"
wineserver -w
# Go's runtime asks bcryptprimitives.dll for random bytes (ProcessPrng),
# which Windows has had since 8 and Wine since 9.0; Debian 12's Wine 8.0
# lacks it. The prefix gets a stand-in built here from RtlGenRandom: a
# gap of this Wine, not of Paidup.
sys32=$WINEPREFIX/drive_c/windows/system32
if [[ ! -f $sys32/bcryptprimitives.dll ]]; then
	command -v x86_64-w64-mingw32-gcc >/dev/null || fail "x86_64-w64-mingw32-gcc is missing: run scripts/deps.sh windows"
	cat >"$work/prng.c" <<'C'
#include <windows.h>
#include <ntsecapi.h>
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!RtlGenRandom(data, n)) return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
C
	x86_64-w64-mingw32-gcc -shared -O2 -o "$sys32/bcryptprimitives.dll" "$work/prng.c" -ladvapi32 || fail "build the bcryptprimitives.dll stand-in"
fi

dir='C:\Paidup Tëst\Bücher & Co 2026'
unixdir="$WINEPREFIX/drive_c/Paidup Tëst/Bücher & Co 2026"
db="$dir\\ledger.db"
pw() { wine "$exe" "$@" 2>&1 | tr -d '\r'; }

step "demo, customer, invoice on $db"
out=$(pw demo --db "$db" --customers 12 --invoices 120 --seed 7 --as-of 2026-03-31) || fail "demo: $out"
[[ -f $unixdir/ledger.db ]] || fail "demo wrote no ledger at $unixdir/ledger.db: $out"
out=$(pw customer add BEIJING --name '北京星辰贸易有限公司' --currency EUR --db "$db") || fail "customer add: $out"
out=$(pw invoice new --customer BEIJING --line '设计费;1;8650.00' --date 2026-03-02 --issue --db "$db") || fail "invoice new: $out"
number=$(grep -o 'INV-[0-9]*' <<<"$out" | head -1)
[[ -n $number ]] || fail "no invoice number in: $out"

step "invoice pdf $number"
out=$(pw invoice pdf "$number" --db "$db" -o "$dir\\$number.pdf") || fail "invoice pdf: $out"
text=$(pdftotext -enc UTF-8 "$unixdir/$number.pdf" -) || fail "pdftotext"
grep -q '北京星辰贸易有限公司' <<<"$text" || fail "the PDF lacks the customer's name:\n$text"
grep -q "$number" <<<"$text" || fail "the PDF lacks $number"

step "aging --format xlsx"
out=$(pw aging --db "$db" --as-of 2026-03-31 --format xlsx -o "$dir\\aging.xlsx") || fail "aging: $out"
python3 - "$unixdir/aging.xlsx" <<'PY' || fail "aging.xlsx is not a workbook"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert "xl/workbook.xml" in z.namelist()
PY

step "check"
out=$(pw check --db "$db") || fail "check: $out"
grep -q '^ok:' <<<"$out" || fail "check: $out"

step "the default ledger is under %AppData%"
out=$(pw customer list || true)
grep -q 'AppData\\Roaming\\Paidup\\paidup.db' <<<"$out" || fail "customer list without --db: $out"

step "the window"
wine "$exe" --db "$db" >"$work/window.log" 2>&1 &
shot=$work/window.png
for _ in $(seq 1 60); do
	sleep 1
	import -window root "$shot" 2>/dev/null || continue
	sd=$(convert "$shot" -colorspace Gray -format '%[fx:standard_deviation]' info:)
	if awk -v s="$sd" 'BEGIN { exit !(s > 0.05) }'; then
		break
	fi
done
sd=$(convert "$shot" -colorspace Gray -format '%[fx:standard_deviation]' info:)
awk -v s="$sd" 'BEGIN { exit !(s > 0.05) }' || fail "the window's screenshot is blank (grey deviation $sd); its log:\n$(cat "$work/window.log")"
step "check and backup while the window has the ledger open"
out=$(pw check --db "$db") || fail "check beside the window: $out"
out=$(pw backup "$dir\\backup 2026.db" --db "$db") || fail "backup beside the window: $out"
[[ -f "$unixdir/backup 2026.db" ]] || fail "backup wrote no file: $out"
if [[ -n ${PAIDUP_WINE_SHOT:-} ]]; then
	cp "$shot" "$PAIDUP_WINE_SHOT"
fi
step "ok in $((SECONDS - start)) s (window screenshot grey deviation $sd)"
