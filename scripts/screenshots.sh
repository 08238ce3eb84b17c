#!/usr/bin/env bash
# screenshots.sh — render every screen of the GUI to docs/screens/*.png on a
# demo ledger, with Fyne's software renderer (no display needed).
#   SCREENS_DIR=DIR   where the PNGs go (default docs/screens)
#   SCREENS_MATRIX=1  also render each screen at 1024x700 and 1600x1000,
#                     light and dark, into DIR/WIDTHxHEIGHT-THEME/
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${SCREENS_DIR:-docs/screens}
mkdir -p "$dir"
PAIDUP_SCREENSHOTS="$(cd "$dir" && pwd)" go test ./ui/ -run '^TestScreenshots$' -count=1 -v | grep -E 'wrote|FAIL|ok' >&2
ls "$dir"/*.png
if [[ ${SCREENS_MATRIX:-0} == 1 ]]; then
	for size in 1024x700 1600x1000; do
		for theme in light dark; do
			sub="$dir/$size-$theme"
			mkdir -p "$sub"
			PAIDUP_SCREENSHOTS="$(cd "$sub" && pwd)" PAIDUP_SCREEN_SIZE=$size PAIDUP_SCREEN_THEME=$theme \
				go test ./ui/ -run '^TestScreenshots$' -count=1 | grep -E 'FAIL|ok' >&2
			ls "$sub"/*.png
		done
	done
fi
