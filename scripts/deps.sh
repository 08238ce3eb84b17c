#!/usr/bin/env bash
# deps.sh run|test|bench|lint|fonts|windows — install what `make run`,
# `make test`, `make bench`, `make lint`, `make fonts` or `make windows`
# needs and is missing.
# deps.sh vulndb — print the folder of the Go vulnerability database (OSV
# files) for govulncheck -db file://…, fetching it first if need be.
#
# Idempotent and quiet when everything is present: each Debian package is
# checked with dpkg-query, and apt-get (with its update) runs only when
# something is missing; Go tools are `go install`ed into GOBIN only when
# missing or not at the pinned version. Needs no tty or stdin, so it works
# under CI=true.
set -euo pipefail

# Fyne 2.7 builds its GLFW driver with cgo: a C compiler plus X11/GL headers.
run_pkgs=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
	libxinerama-dev libxi-dev libxxf86vm-dev)
# Tests also drive the GUI under a virtual X server, inspect PDFs and XLSX
# files, query ledgers with the C sqlite3 shell, send mail to mailpit and
# start throwaway PostgreSQL clusters (initdb, pg_ctl) for the office ledger,
# and validate e-invoices against EN 16931 (xmllint for the CII schema,
# Saxon-HE on a JRE for the business rules' XSLT).
test_pkgs=(xvfb xauth x11-utils imagemagick poppler-utils qpdf sqlite3 postgresql
	libreoffice-calc fonts-dejavu-core libxml2-utils libsaxonhe-java default-jre-headless)
# `make windows` cross-builds paidup.exe (mingw-w64 for Fyne's cgo, windres
# for the icon, ImageMagick for the .ico); `make test` smoke-tests it under
# Wine in a virtual X server.
windows_pkgs=(gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 imagemagick wine wine64 xvfb xauth)
# `make fonts` rebuilds assets/fonts from Debian's Noto fonts with fontTools
# (the result is committed: building Paidup needs none of these).
fonts_pkgs=(fonts-noto-core fonts-noto-cjk python3-fonttools)
# Benchmarks time commands and compare with the C sqlite3 shell.
bench_pkgs=(time bc sqlite3)
mailpit_version=v1.27.11
# Static checks (`make lint`, part of `make test`). staticcheck 0.8.x is the
# release that knows Go 1.26.
staticcheck_version=v0.8.2
govulncheck_version=v1.9.0
# The vulnerability database, pinned: vuln.go.dev is out of reach, but the
# module proxy serves golang.org/x/vulndb, whose data/osv holds every entry
# as <ID>.json; govulncheck -db file:// reads such a flat folder (it builds
# the index itself). Bump it to learn of newer vulnerabilities:
#   go list -m golang.org/x/vulndb@master
vulndb_version=v0.0.0-20261105234957-e22db6528018

usage() {
	echo "usage: $0 run|test|bench|lint|fonts|windows|vulndb" >&2
	exit 2
}

# vulndb_dir prints the database folder, downloading the module (once, into
# the module cache) when it is not there.
vulndb_dir() {
	local dir
	dir=$(go env GOMODCACHE)/golang.org/x/vulndb@$vulndb_version/data/osv
	if [[ ! -d $dir ]]; then
		echo "deps.sh: downloading golang.org/x/vulndb@$vulndb_version (the vulnerability database)" >&2
		(cd / && go mod download golang.org/x/vulndb@"$vulndb_version") </dev/null >&2
	fi
	[[ -f $dir/GO-2020-0001.json ]] || {
		echo "deps.sh: $dir holds no OSV entries" >&2
		exit 1
	}
	echo "$dir"
}

[[ $# -eq 1 ]] || usage
case $1 in
run) pkgs=("${run_pkgs[@]}") ;;
test) pkgs=("${run_pkgs[@]}" "${test_pkgs[@]}" "${windows_pkgs[@]}") ;;
windows) pkgs=("${windows_pkgs[@]}") ;;
bench) pkgs=("${run_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
lint) pkgs=() ;;
fonts) pkgs=("${fonts_pkgs[@]}") ;;
vulndb)
	vulndb_dir
	exit 0
	;;
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

gobin=$(go env GOBIN)
[[ -n $gobin ]] || gobin=$(go env GOPATH | cut -d: -f1)/bin

# go_tool NAME PACKAGE VERSION: go install PACKAGE@VERSION into GOBIN unless
# GOBIN's NAME already reports VERSION (`make` runs the one in GOBIN).
go_tool() {
	local name=$1 pkg=$2 version=$3
	local want=${version#v}
	if [[ -x $gobin/$name ]] && "$gobin/$name" -version 2>/dev/null | grep -qE "(^|[^0-9.])v?${want//./\\.}([^0-9.]|$)"; then
		return
	fi
	echo "deps.sh: installing $name $version into $gobin" >&2
	go install "$pkg@$version" </dev/null
}

if [[ $1 == test ]]; then
	if ! command -v mailpit >/dev/null 2>&1 && [[ ! -x $gobin/mailpit ]]; then
		echo "deps.sh: installing mailpit $mailpit_version into $gobin" >&2
		go install "github.com/axllent/mailpit@$mailpit_version" </dev/null
	fi
fi

if [[ $1 == test || $1 == lint ]]; then
	go_tool staticcheck honnef.co/go/tools/cmd/staticcheck "$staticcheck_version"
	go_tool govulncheck golang.org/x/vuln/cmd/govulncheck "$govulncheck_version"
	vulndb_dir >/dev/null
fi
