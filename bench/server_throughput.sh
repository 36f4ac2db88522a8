#!/usr/bin/env bash
# Throughput and latency of keydesk-server on 127.0.0.1 with wrk (Debian) as the load generator, sharing
# this machine's cores. Baseline in the same run: the server's do-nothing route GET /livez.
#   bench/server_throughput.sh [build-dir] [seconds] [connections] [other-keydesk-server ...]
# Every server binary given after the build's own runs the same routes in the same run (before/after).
# Bounded: each wrk run lasts `seconds` (default 5); everything it starts is stopped on exit.
set -euo pipefail
build=${1:-build}
seconds=${2:-5}
connections=${3:-32}
shift $(($# > 3 ? 3 : $#))
servers=("$build/src/keydesk-server" "$@")
for bin in "${servers[@]}"; do
    [ -x "$bin" ] || { echo "not a program (build first?): $bin" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "wrk not installed (scripts/setup installs it)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

bench_one() {
server_bin=$1
db="$work/bench-$RANDOM.sqlite"
admin=$("$server_bin" init --database "$db" | tail -n 1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$server_bin" serve --database "$db" --listen "127.0.0.1:$port" --quiet --token-rate 0 --health-rate 0 \
    2>"$work/server.log" &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -fs "$base/livez" >/dev/null && break; sleep 0.1; done

project=$(curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d '{"name":"Bench"}' "$base/v1/projects" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# Realistic table size: the limit is per project, so spread 1,000 keys over 100 projects.
for p in $(seq 1 99); do
    pid=$(curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
        -d "{\"name\":\"Filler $p\"}" "$base/v1/projects" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    for k in $(seq 1 10); do
        curl -fs -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
            -d "{\"name\":\"key $k\"}" "$base/v1/projects/$pid/keys"
    done
done
key=$(curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d '{"name":"bench key"}' "$base/v1/projects/$project/keys")
key_id=$(echo "$key" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key_id"])')
secret=$(echo "$key" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
basic=$(printf '%s:%s' "$key_id" "$secret" | base64 -w0)

cat >"$work/token.lua" <<LUA
wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $basic"
LUA

# run NAME PATH [wrk args...] -> "NAME|rps|p50|p99|non2xx"
run() {
    local name=$1 path=$2
    shift 2
    local out
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" "$base$path")
    local rps p50 p99 non2xx
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $4}')
    echo "$name|$rps|$p50|$p99|${non2xx:-0}"
}

echo "keydesk-server on SQLite, 1,001 keys; wrk -t2 -c$connections -d${seconds}s on the same $(nproc)-core machine"
results=()
results+=("$(run "GET /livez (baseline)" /livez)")
results+=("$(run "GET /health X-API-Key" /health -H "X-API-Key: $secret")")
access=$(curl -fs -u "$key_id:$secret" -d grant_type=client_credentials "$base/oauth/token" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
results+=("$(run "GET /health Bearer JWT" /health -H "Authorization: Bearer $access")")
results+=("$(run "POST /oauth/token Basic" /oauth/token -s "$work/token.lua")")

base_rps=$(echo "${results[0]}" | cut -d'|' -f2)
printf '%-26s %11s %9s %9s %8s %9s\n' route "req/s" p50 p99 non-2xx "vs livez"
for line in "${results[@]}"; do
    IFS='|' read -r name rps p50 p99 non2xx <<<"$line"
    ratio=$(awk -v a="$rps" -v b="$base_rps" 'BEGIN {printf "%.2f", a / b}')
    printf '%-26s %11s %9s %9s %8s %9s\n' "$name" "$rps" "$p50" "$p99" "$non2xx" "${ratio}x"
done
kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
server_pid=""
}

for bin in "${servers[@]}"; do
    echo
    echo "== $bin"
    bench_one "$bin"
done
