#!/usr/bin/env bash
# Start-up time and peak RSS of the app (issue 6), in Xvfb with a private keyring, against a bare window.
#   bench/startup_time.sh [build-dir] [runs]      (generates the 100k and 1M inventories once)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-build}" && pwd)
runs=${2:-15}
small="${TMPDIR:-/tmp}/keydesk-bench-inventory-100000.sqlite"
large="${TMPDIR:-/tmp}/keydesk-bench-inventory-1000000.sqlite"
[ -f "$small" ] || "$build/bench/inventory_generator" "$small" 100000
[ -f "$large" ] || "$build/bench/inventory_generator" "$large" 1000000
# with-keyring.sh drops DISPLAY (so no prompt can ever hang a test); the benchmark hands it on itself.
xvfb-run -a -s "-screen 0 1920x1080x24" sh -c 'KEYDESK_BENCH_DISPLAY=$DISPLAY exec "$@"' sh \
    "$here/tests/with-keyring.sh" unlocked python3 "$here/bench/startup_time.py" "$build" "$small" "$large" "$runs"
