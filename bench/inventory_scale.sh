#!/usr/bin/env bash
# Filter-as-you-type over a large inventory: KeyDesk's InventoryStore against the same SQL in the sqlite3 CLI.
#   bench/inventory_scale.sh [build-dir] [rows]      (default 1,000,000 rows; the file is generated once, ~2 min)
set -euo pipefail
build=${1:-build}
rows=${2:-1000000}
db="${TMPDIR:-/tmp}/keydesk-bench-inventory-$rows.sqlite"
[ -f "$db" ] || "$build/bench/inventory_generator" "$db" "$rows"
echo "inventory: $rows rows ($(du -h "$db" | cut -f1))"
echo -n "KeyDesk InventoryStore (page of 100 + count, per keystroke): "
"$build/bench/inventory_filter_bench" "$db"
# Baseline: the same count and page queries for the same keystrokes in the sqlite3 CLI.
times=()
for word in billing kd_00000000000000000abc ops-4242; do
    for ((i = 1; i <= ${#word}; i++)); do
        s=${word:0:i}
        where="c.name LIKE '%$s%' OR c.description LIKE '%$s%' OR c.key_id LIKE '%$s%' OR c.last4 LIKE '%$s%' OR n.name LIKE '%$s%'"
        start=$(date +%s%N)
        sqlite3 "$db" "SELECT count(*) FROM credentials c JOIN connections n ON n.id = c.connection_id WHERE $where;
                       SELECT c.id, c.name FROM credentials c JOIN connections n ON n.id = c.connection_id WHERE $where
                       ORDER BY c.name COLLATE NOCASE LIMIT 100;" >/dev/null
        times+=($(( ($(date +%s%N) - start) / 1000 )))
    done
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "sqlite3 CLI baseline (same SQL, incl. process start): p50 %.1f ms  p95 %.1f ms\n", a[int(NR*0.5)+1]/1000, a[int(NR*0.95)]/1000}'
