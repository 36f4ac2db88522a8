#!/usr/bin/env bash
# What a newcomer waits for (issue 29, point 9): a cold build of a clean checkout with nothing cached (no
# ccache), then a warm rebuild after a one-line change in core/. Reports wall-clock and CPU seconds (user +
# system, so other work on the machine inflates the wall clock but not the CPU figure).
#   bench/build_time.sh [git-ref] [ninja target] [-- extra cmake arguments]   (defaults: HEAD, all)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
ref=${1:-HEAD}
target=${2:-all}
shift $(( $# < 2 ? $# : 2 ))
[ "${1:-}" = "--" ] && shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$here" worktree add --detach -q "$work/src" "$ref"
trap 'git -C "$here" worktree remove --force "$work/src"; rm -rf "$work"' EXIT
measure() { # label, command...
    local label=$1
    shift
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >"$work/log" 2>&1 || { tail -20 "$work/log"; exit 1; }
    read -r wall user sys <"$work/time"
    awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN { printf "%-40s wall %7.1f s   cpu %7.1f s\n", l, w, u + s }'
}
export CCACHE_DISABLE=1
measure "configure" cmake -S "$work/src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
measure "cold build ($target, $(nproc) jobs)" ninja -C "$work/build" "$target"
echo "// touched by bench/build_time.sh" >>"$work/src/src/core/Credential.h"
measure "warm rebuild after core/Credential.h" ninja -C "$work/build" "$target"
