#!/usr/bin/env bash
# deps.sh run|test|bench — install what `make run`, `make test` or `make bench` needs and is missing.
#
# Idempotent and quiet when everything is present: each Debian package is
# checked with dpkg-query, and apt-get (with its update) runs only when
# something is missing. Needs no tty or stdin, so it works under CI=true.
set -euo pipefail

# Fyne 2.7 builds its GLFW driver with cgo: a C compiler plus X11/GL headers.
run_pkgs=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
	libxinerama-dev libxi-dev libxxf86vm-dev)
# Tests also drive the GUI under a virtual X server, inspect PDFs and XLSX
# files, query ledgers with the C sqlite3 shell and send mail to mailpit.
test_pkgs=(xvfb xauth x11-utils imagemagick poppler-utils qpdf sqlite3
	libreoffice-calc fonts-dejavu-core)
# Benchmarks time commands and compare with the C sqlite3 shell.
bench_pkgs=(time bc sqlite3)
mailpit_version=v1.27.11

usage() {
	echo "usage: $0 run|test|bench" >&2
	exit 2
}

[[ $# -eq 1 ]] || usage
case $1 in
run) pkgs=("${run_pkgs[@]}") ;;
test) pkgs=("${run_pkgs[@]}" "${test_pkgs[@]}") ;;
bench) pkgs=("${run_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
*) usage ;;
esac

missing=()
for p in "${pkgs[@]}"; do
	# A package removed but not purged reports "deinstall ok config-files".
	if [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true) != "install ok installed" ]]; then
		missing+=("$p")
	fi
done

if ((${#missing[@]})); then
	if [[ $(id -u) -eq 0 ]]; then
		as_root=()
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		as_root=(sudo -n)
	else
		echo "deps.sh: missing Debian packages: ${missing[*]}" >&2
		echo "deps.sh: install them with:" >&2
		echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
		exit 1
	fi
	echo "deps.sh: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	# env carries DEBIAN_FRONTEND through sudo, which resets the environment.
	apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
	"${apt[@]}" update </dev/null >&2
	"${apt[@]}" install --no-install-recommends "${missing[@]}" </dev/null >&2
fi

if [[ $1 == test ]]; then
	gobin=$(go env GOBIN)
	[[ -n $gobin ]] || gobin=$(go env GOPATH | cut -d: -f1)/bin
	if ! command -v mailpit >/dev/null 2>&1 && [[ ! -x $gobin/mailpit ]]; then
		echo "deps.sh: installing mailpit $mailpit_version into $gobin" >&2
		go install "github.com/axllent/mailpit@$mailpit_version" </dev/null
	fi
fi
