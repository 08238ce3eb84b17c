#!/usr/bin/env bash
# screenshots.sh — render every screen of the GUI to docs/screens/*.png on a
# demo ledger, with Fyne's software renderer (no display needed).
#   SCREENS_DIR=DIR   where the PNGs go (default docs/screens)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${SCREENS_DIR:-docs/screens}
mkdir -p "$dir"
PAIDUP_SCREENSHOTS="$(cd "$dir" && pwd)" go test ./ui/ -run '^TestScreenshots$' -count=1 -v | grep -E 'wrote|FAIL|ok' >&2
ls "$dir"/*.png
