#!/usr/bin/env bash
# Fails when a source file includes a header of a layer above its own (see src/CMakeLists.txt): the layers
# are libraries, and this says which include broke the arrows before a linker has to. The front ends (gui,
# cli) may include core/ and usecases/ only: what they do is a use case's job. The includes that still
# reach past them are listed in layers-todo.txt; that list may only shrink (a fixed one must leave it).
set -euo pipefail
src=${1:-$(dirname "$0")/../src}
todo=${2:-$(dirname "$0")/layers-todo.txt}
declare -A allowed=(
    [core]="core"
    [sql]="core sql"
    [storage]="core sql storage"
    [net]="core sql storage net"
    [usecases]="core sql storage net usecases"
    [service]="core sql service"
    [server]="core sql service server"
    [gui]="core usecases gui"
    [cli]="core usecases cli"
)
status=0
declare -A tolerated=() still_broken=()
while read -r file target; do
    [ -n "$file" ] && [ "${file:0:1}" != "#" ] && tolerated["$file $target"]=1
done <"$todo"
for layer in "${!allowed[@]}"; do
    [ -d "$src/$layer" ] || continue
    while IFS=: read -r file line include; do
        target=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$include")
        header=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$include")
        if ! grep -qw -- "$target" <<<"${allowed[$layer]}"; then
            if [ -n "${tolerated["${file#$src/} $header"]:-}" ]; then
                still_broken["${file#$src/} $header"]=1
                continue
            fi
            echo "layers: ${file#$src/}:$line: $layer may not include $target/ ($include)"
            status=1
        fi
    done < <(grep -nE '^#include "[a-z_]+/' "$src/$layer"/*.h "$src/$layer"/*.cpp 2>/dev/null || true)
done
for entry in "${!tolerated[@]}"; do
    if [ -z "${still_broken["$entry"]:-}" ]; then
        echo "layers: $entry is fixed: remove it from ${todo##*/}"
        status=1
    fi
done
# Only the composition root starts the local service: the app and CLI mains name EmbeddedService to hand
# it to their Workstation, nothing else outside the server names it.
named=$(grep -rnw EmbeddedService "$src" --include='*.cpp' --include='*.h' | grep -v '//.*EmbeddedService' |
        grep -vE "^$src/(server/|app/(main|cli_main)\.cpp:)" || true)
if [ -n "$named" ]; then
    echo "$named"
    echo "layers: only src/app's mains may name EmbeddedService (they give it to Workstation, which starts it)"
    status=1
fi
# The files that include Boost.Beast are not given to lupdate (src/CMakeLists.txt): text in them would
# never be translated.
for file in "$src"/server/HttpServer.cpp "$src"/server/HttpSession.* "$src"/server/BeastRequest.*; do
    if grep -nE '(translate|[^a-zA-Z_]tr)\(' "$file"; then
        echo "layers: ${file#$src/} has user-visible text; put it in server/HttpLayerErrors"
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "layers: every include points down"
exit "$status"
