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
		log=$(mktemp)
		if ! $GO test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg" 2>&1 | tee "$log"; then
			# Go's fuzzing engine sometimes fails a target with its own
			# "context deadline exceeded" when fuzztime ends under load,
			# writing no failing input: that target runs once more. Any
			# other failure, or one with an input, fails the run.
			if grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written' "$log"; then
				echo "fuzz: $name: the fuzzing engine's own deadline, no input found; once more"
				$GO test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg"
			else
				rm -f "$log"
				exit 1
			fi
		fi
		rm -f "$log"
		n=$((n + 1))
	done
done
echo "fuzz: $n targets, $fuzztime each"
