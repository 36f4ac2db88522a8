#!/usr/bin/env bash
# Fails when a source file includes a header of a layer above its own (see src/CMakeLists.txt): the layers
# are libraries, and this says which include broke the arrows before a linker has to.
set -euo pipefail
src=${1:-$(dirname "$0")/../src}
declare -A allowed=(
    [core]="core"
    [storage]="core storage"
    [net]="core storage net"
    [usecases]="core storage net usecases"
    [service]="core storage service"
    [server]="core storage service server"
    [gui]="core storage net usecases gui"
    [cli]="core storage net usecases cli"
)
status=0
for layer in "${!allowed[@]}"; do
    [ -d "$src/$layer" ] || continue
    while IFS=: read -r file line include; do
        target=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$include")
        if ! grep -qw -- "$target" <<<"${allowed[$layer]}"; then
            echo "layers: ${file#$src/}:$line: $layer may not include $target/ ($include)"
            status=1
        fi
    done < <(grep -nE '^#include "[a-z_]+/' "$src/$layer"/*.h "$src/$layer"/*.cpp 2>/dev/null || true)
done
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
