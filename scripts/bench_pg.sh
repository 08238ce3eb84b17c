#!/usr/bin/env bash
# bench_pg.sh DB — measure an office ledger on PostgreSQL against the
# targets of the PostgreSQL issue, and print markdown rows for
# scripts/bench.sh:
#   - moving the 1M demo ledger DB up (paidup migrate sqlite-to-postgres),
#   - the aging of that ledger on PostgreSQL (target < 2 s) and the
#     window's list queries,
#   - an import of 100,000 invoices into a new database (target < 15 s).
# It starts its own PostgreSQL server (Debian's postgresql package) in a
# temporary folder on a Unix socket, durable as an office would run it
# (fsync on, synchronous commit; shared_buffers 512MB), and removes it at
# the end. Progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

db=${1:?usage: scripts/bench_pg.sh DB (a demo ledger file)}
bin=${PAIDUP_BIN:-bin/paidup}
[[ -f $db ]] || { echo "bench_pg: no ledger $db" >&2; exit 1; }
[[ -x $bin ]] || { echo "bench_pg: no $bin (make build)" >&2; exit 1; }

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x $pgbin/initdb ]] || { echo "bench_pg: PostgreSQL is not installed (scripts/deps.sh test installs it)" >&2; exit 1; }
as=()
if [[ $(id -u) == 0 ]]; then
	as=(runuser -u postgres --) # initdb refuses root
fi

tmp=$(mktemp -d)
[[ ${#as[@]} -gt 0 ]] && chown postgres: "$tmp"
cleanup() {
	"${as[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
"${as[@]}" "$pgbin/initdb" -D "$tmp/data" -A trust -U paidup -E UTF8 --locale=C.UTF-8 >/dev/null
"${as[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -l "$tmp/log" -w -t 60 \
	-o "-k $tmp -c listen_addresses='' -c shared_buffers=512MB -c max_connections=50" start >/dev/null
url="postgres://paidup@/paidup?host=$tmp&sslmode=disable"
"$pgbin/psql" -q -h "$tmp" -U paidup -d postgres -c 'CREATE DATABASE paidup'

row() { echo "| $1 | $2 | $3 |"; echo "  $1: $2" >&2; }
measure() {
	/usr/bin/time -f '%e %M' "$@" >/dev/null 2>"$tmp/time.err" || { cat "$tmp/time.err" >&2; return 1; }
	local t m
	read -r t m < <(tail -1 "$tmp/time.err")
	echo "$t $((m / 1024))"
}

echo "bench_pg: copying $db into PostgreSQL" >&2
read -r t m < <(measure "$bin" migrate sqlite-to-postgres "$db" "$url")
row "PostgreSQL: migrate sqlite-to-postgres of the 1M ledger (copy and verify)" "${t} s, ${m} MB peak" "-"
"$pgbin/psql" -q -h "$tmp" -U paidup -d paidup -c 'VACUUM ANALYZE' >/dev/null

for asof in 2026-03-31 2025-03-31; do
	"$bin" aging --db "$url" --as-of "$asof" --format csv >/dev/null # warm the server's cache, as a day's use does
	read -r t m < <(measure "$bin" aging --db "$url" --as-of "$asof" --format csv)
	row "PostgreSQL: aging summary as of $asof (CLI, whole process)" "${t} s" "< 2 s"
done
read -r t m < <(measure "$bin" metrics --db "$url" --as-of 2026-03-31)
row "PostgreSQL: metrics (CLI)" "${t} s" "-"

gobench() {
	go test "$1" -run '^$' -bench "$2" -benchtime "${3:-1x}" 2>&1 | awk '/^Benchmark/ {printf "%s %.1f ms/op\n", $1, $3/1e6}'
}
while read -r name ms unit; do
	row "PostgreSQL: $name" "$ms $unit" "$(case $name in *Aging*) echo '< 2 s';; *FindDocuments*) echo '< 50 ms';; *Customer*) echo '< 100 ms';; *) echo '-';; esac)"
done < <(PAIDUP_BENCH_DB="$url" gobench ./ledger/ 'AgingLatest|AgingYearBack|CustomerPage|FindCustomers/BalanceDesc|FindDocuments/(FirstPage|Page1000|Customer)$' 3x)
# The import makes a new database of its own on a durable server that the
# test helper starts (internal/pgtest, PAIDUP_PG_DURABLE).
while read -r name ms unit; do
	row "PostgreSQL: $name" "$ms $unit" "< 15 s"
done < <(PAIDUP_PG_DURABLE=1 PAIDUP_TEST_BACKEND=postgres gobench ./ledger/ 'ImportInvoices100k' 1x)
