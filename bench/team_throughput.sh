#!/usr/bin/env bash
# Token throughput of keydesk-server on SQLite (one instance) and on PostgreSQL (one and two instances on
# one database, as behind nginx), wrk (Debian) as the load generator on the same machine. Baseline in the
# same run: GET /livez of the first instance. PostgreSQL runs as a throwaway cluster with its default
# durability (fsync on, synchronous commit).
#   bench/team_throughput.sh [build-dir] [seconds] [connections]
# Bounded: each wrk run lasts `seconds` (default 5); everything it starts is stopped on exit.
set -euo pipefail
build=${1:-build}
seconds=${2:-5}
connections=${3:-32}
server_bin="$build/src/keydesk-server"
[ -x "$server_bin" ] || { echo "not a program (build first?): $server_bin" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk not installed (scripts/setup installs it)" >&2; exit 1; }
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "PostgreSQL is not installed (scripts/setup installs it)" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
pids=()
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -f "$work/pg/data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pg_port=$(free_port)
mkdir -p "$work/pg"
[ "$(id -u)" -eq 0 ] && chown postgres "$work/pg"
as_owner "$bindir/initdb" -D "$work/pg/data" -U keydesk --auth=trust -E UTF8 >"$work/initdb.log" 2>&1
as_owner "$bindir/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 30 \
    -o "-c listen_addresses='127.0.0.1' -c unix_socket_directories='$work/pg' -p $pg_port -c max_connections=200" \
    start >/dev/null
as_owner "$bindir/createdb" -h "$work/pg" -p "$pg_port" -U keydesk keydesk
pg_url="postgresql://keydesk@127.0.0.1:$pg_port/keydesk"

# start DATABASE -> a new instance; its port in $port (not a $(...): the server would hold its pipe open)
start() {
    port=$(free_port)
    "$server_bin" serve --database "$1" --listen "127.0.0.1:$port" --quiet --token-rate 0 --health-rate 0 \
        >/dev/null 2>>"$work/server.log" &
    pids+=($!)
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/livez" >/dev/null && break; sleep 0.1; done
}

# prepare DATABASE PORT -> writes the token.lua for one key of a 1,001-key database
prepare() {
    local admin=$1 base=$2 project key key_id secret
    project=$(curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
        -d '{"name":"Bench"}' "$base/v1/projects" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
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
    cat >"$work/token.lua" <<LUA
wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $(printf '%s:%s' "$key_id" "$secret" | base64 -w0)"
LUA
}

# load NAME PORT... -> "NAME|total req/s|worst p99" with the connections split over the ports, all at once
load() {
    local name=$1
    shift
    local per=$((connections / $#)) i=0
    for port in "$@"; do
        wrk -t1 -c"$per" -d"${seconds}s" --latency -s "$work/token.lua" "http://127.0.0.1:$port/oauth/token" \
            >"$work/wrk.$i" &
        i=$((i + 1))
    done
    wait "${!}" 2>/dev/null || true
    sleep 0.5
    local rps=0 p99=""
    for f in "$work"/wrk.*; do
        rps=$(awk -v a="$rps" '/Requests\/sec/ {printf "%.0f", a + $2}' "$f")
        p99="$p99 $(awk '$1 == "99%" {print $2}' "$f")"
        rm -f "$f"
    done
    echo "$name|$rps|$p99"
}

echo "POST /oauth/token (Basic), 1,001 keys; wrk, $connections connections in all, ${seconds}s; $(nproc) cores shared"
results=()
sqlite_db="$work/bench.sqlite"
admin=$("$server_bin" init --database "$sqlite_db" | tail -n 1)
start "$sqlite_db"
prepare "$admin" "http://127.0.0.1:$port"
livez=$(wrk -t2 -c"$connections" -d"${seconds}s" "http://127.0.0.1:$port/livez" | awk '/Requests\/sec/ {printf "%.0f", $2}')
results+=("$(load "SQLite, 1 instance" "$port")")
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

admin=$("$server_bin" init --database "$pg_url" | tail -n 1)
start "$pg_url"
first=$port
prepare "$admin" "http://127.0.0.1:$first"
results+=("$(load "PostgreSQL, 1 instance" "$first")")
start "$pg_url"
second=$port
results+=("$(load "PostgreSQL, 2 instances" "$first" "$second")")

printf '%-26s %10s %12s  %s\n' setup "req/s" "vs /livez" "p99 per instance"
printf '%-26s %10s %12s\n' "GET /livez (baseline)" "$livez" "1.00x"
for line in "${results[@]}"; do
    IFS='|' read -r name rps p99 <<<"$line"
    printf '%-26s %10s %12s %s\n' "$name" "$rps" "$(awk -v a="$rps" -v b="$livez" 'BEGIN {printf "%.2fx", a / b}')" "$p99"
done
