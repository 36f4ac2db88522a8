#!/usr/bin/env bash
# Filter-as-you-type over a large inventory (issue 6): KeyDesk's table model against the same SQL in the
# sqlite3 shell.
#   bench/inventory_scale.sh [build-dir] [rows]      (default 1,000,000 rows; the file is generated once)
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
rows=${2:-1000000}
db="${TMPDIR:-/tmp}/keydesk-bench-inventory-$rows.sqlite"
sql=$(mktemp)
trap 'rm -f "$sql"' EXIT
[ -f "$db" ] || "$build/bench/inventory_generator" "$db" "$rows"
echo "inventory: $rows rows ($(du -h "$db" | cut -f1))"
QT_QPA_PLATFORM=offscreen "$build/bench/inventory_filter_bench" "$db" "$sql"
# Baseline: per keystroke, the planner's probes and the first screenful as one query, in the stock sqlite3
# shell with KeyDesk's search function loaded (bench/keydesk_contains_extension.cpp). The shell runs the
# SQL the planner picked first; it does not switch plans when a walk is slow, as the app's reader does.
{ echo ".load $build/bench/libkeydesk_contains"; cat "$sql"; } | sqlite3 "$db" |
    awk '/^keystroke/ { if (n++) print sum; sum = 0; next }
         /^Run Time: real/ { sum += $4 * 1000 }
         END { print sum }' | sort -n |
    awk '{ t[NR] = $1 }
         END { printf "sqlite3 shell, same SQL (%d keystrokes): first screenful p50 %.2f ms  p95 %.2f ms  max %.2f ms\n",
                      NR, t[int(NR * 0.5) + 1], t[int(NR * 0.95) + 1], t[NR] }'
