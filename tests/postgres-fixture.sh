#!/bin/sh
# Starts or stops a throwaway PostgreSQL cluster for the tests: Unix socket and 127.0.0.1 (for the TLS-mode tests), trust
# authentication, data under the build tree. Runs the server as the "postgres" user when invoked as root
# (PostgreSQL refuses to run as root).
#   postgres-fixture.sh start DIR PORT    |    postgres-fixture.sh stop DIR
set -eu
cd /  # the cluster runs as "postgres", which may not be allowed into the build tree
action=$1
dir=$2
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "postgres-fixture: PostgreSQL is not installed (scripts/setup installs it)" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
start)
    port=$3
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U keydesk --auth=trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses='127.0.0.1' -c unix_socket_directories='$dir' -p $port -c fsync=off -c max_connections=200" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/createdb" -h "$dir" -p "$port" -U keydesk keydesk
    echo "postgres-fixture: cluster up on $dir port $port"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: postgres-fixture.sh start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
