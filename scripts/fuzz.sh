#!/usr/bin/env bash
# fuzz.sh [PACKAGE...] — run every Fuzz target for FUZZTIME (default 3s) each.
#
# Go fuzzes one target per `go test` invocation, so each package's targets
# are listed with `go test -list '^Fuzz'` and run one after another:
#   go test -run '^$' -fuzz '^Name$' -fuzztime $FUZZTIME ./pkg
# Packages default to every package of the module that has a Fuzz function
# in its test files. FUZZTIME takes a duration (30s) or a count (500x).
# A failing input is written to the package's testdata/fuzz/Name/ by go
# test; commit it, and it becomes a seed that `go test` runs every time.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
fuzztime=${FUZZTIME:-3s}

if (($#)); then
	pkgs=("$@")
else
	# Only packages whose test files hold a Fuzz function: listing targets
	# builds the test binary, which is slow for the Fyne packages.
	pkgs=()
	while read -r pkg dir files; do
		[[ -n $files ]] || continue
		# shellcheck disable=SC2086 # files is a space-separated list
		if (cd "$dir" && grep -qE '^func Fuzz[A-Z0-9_]' $files); then
			pkgs+=("$pkg")
		fi
	done < <($GO list -f '{{.ImportPath}} {{.Dir}} {{join .TestGoFiles " "}} {{join .XTestGoFiles " "}}' ./...)
fi

n=0
for pkg in "${pkgs[@]}"; do
	targets=$($GO test -list '^Fuzz' "$pkg" | grep -E '^Fuzz' || true)
	for name in $targets; do
		echo "fuzz: $pkg $name for $fuzztime"
		$GO test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg"
		n=$((n + 1))
	done
done
echo "fuzz: $n targets, $fuzztime each"
