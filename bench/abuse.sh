#!/usr/bin/env bash
# keydesk-server under abuse (issue 11): 1,000 slow-header connections, 1,000 idle keep-alive connections and
# 20 connections uploading 1 GiB chunked, while a well-behaved client asks for /livez and tokens.
#   bench/abuse.sh [build-dir] [seconds] [other-keydesk-server ...]
# Each server binary given (default: the build's) runs the same phases in turn; figures are printed side by
# side. Loopback only (127.0.0.0/8); bounded: `seconds` of abuse (default 20) per server, and the run stops
# early if a server's RSS passes 4 GiB.
set -euo pipefail
build=${1:-build}
seconds=${2:-20}
shift $(($# > 2 ? 2 : $#))
servers=("$build/src/keydesk-server" "$@")
here=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

run_one() {
    local bin=$1 db="$work/abuse-$RANDOM.sqlite"
    local admin port base project key key_id secret
    admin=$("$bin" init --database "$db" | tail -n 1)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    # Rate limits off: the well-behaved client's own request rate must not be what is measured.
    "$bin" serve --database "$db" --listen "127.0.0.1:$port" --quiet --token-rate 0 --health-rate 0 \
        2>"$work/server.log" &
    server_pid=$!
    base="http://127.0.0.1:$port"
    for _ in $(seq 50); do curl -fs "$base/livez" >/dev/null && break; sleep 0.1; done
    project=$(curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
        -d '{"name":"Abuse"}' "$base/v1/projects" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    key=$(curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
        -d '{"name":"well behaved"}' "$base/v1/projects/$project/keys")
    key_id=$(echo "$key" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key_id"])')
    secret=$(echo "$key" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
    python3 "$here/abuse.py" "$port" "$server_pid" "$key_id" "$secret" --seconds "$seconds" >"$work/result.json" ||
        echo '{"error": "abuse.py failed"}' >"$work/result.json"
    alive=yes
    kill -0 "$server_pid" 2>/dev/null || alive=no
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
    python3 - "$bin" "$alive" "$work/result.json" <<'PY'
import json, sys
name, alive, path = sys.argv[1], sys.argv[2], sys.argv[3]
r = json.load(open(path))
print(f"\n{name} (server still running afterwards: {alive})")
if "error" in r:
    print("  ", r["error"]); sys.exit()
print(f"  RSS: start {r['rss_start_mb']} MB, peak under abuse {r['rss_peak_mb']} MB"
      f"{' (run stopped: over 4 GiB)' if r['rss_aborted'] else ''}, after {r['rss_after_mb']} MB")
print("  abusers:", ", ".join(f"{k} {v}" for k, v in r["abuse_stats"].items()))
print(f"  {'phase':<10} {'route':<6} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'failed':>6}")
for phase in ("calm", "abuse", "recovered"):
    for route, s in r[phase].items():
        print(f"  {phase:<10} {route:<6} {s['n']:>8} {s['p50']!s:>8} {s['p99']!s:>8} {s['max']!s:>8} {s['failed']:>6}")
PY
}

echo "keydesk-server abuse, ${seconds}s per server, $(nproc) cores shared by server, abusers and client"
for bin in "${servers[@]}"; do
    [ -x "$bin" ] || { echo "not a program: $bin" >&2; exit 1; }
    run_one "$bin"
done
