#!/usr/bin/env bash
# bench.sh — measure Paidup against the performance targets in DESIGN.md and
# print a markdown table. Run through `make bench` (which builds bin/paidup).
set -euo pipefail

echo "| benchmark | result | target |"
echo "|---|---|---|"
echo "| TODO | not measured yet | see DESIGN.md, Performance targets |"
