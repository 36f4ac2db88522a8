#!/usr/bin/env bash
# Runs lupdate over every source, as `update_translations` does, but into copies of the catalogues, and fails
# when either catalogue misses a message, has one unfinished, or keeps one the sources no longer have: every
# message is translated into German and French, and stays so.
#   tests/translations-complete.sh <build/src dir> <lupdate> <Qt's GenerateLUpdateProject.cmake>
set -euo pipefail
build_src=$1 lupdate=$2 generate=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
project=$build_src/.lupdate/keydesk-gui_project
cmake -DIN_FILE="$project.cmake" -DOUT_FILE="$work/project.json" -P "$generate"
status=0
for ts in $(grep -oE '"[^"]+\.ts"' "$work/project.json" | tr -d '"' | sort -u); do
    cp "$ts" "$work/$(basename "$ts")"
    sed -i "s#\"$ts\"#\"$work/$(basename "$ts")\"#" "$work/project.json"
done
(cd "$build_src" && "$lupdate" -project "$work/project.json" -locations none >"$work/lupdate.log" 2>&1) || {
    cat "$work/lupdate.log"
    exit 1
}
# A tr() lupdate cannot place (outside a class, no context) never reaches a catalogue: a user would see
# English however complete the catalogues look.
if grep -E "cannot be called without context|Cannot invoke tr\(\) like this" "$work/lupdate.log"; then
    echo "translations: the messages above are invisible to lupdate; use QCoreApplication::translate()"
    status=1
fi
for copy in "$work"/*.ts; do
    for kind in unfinished vanished obsolete; do
        count=$(grep -c "type=\"$kind\"" "$copy" || true)
        if [[ $count -gt 0 ]]; then
            echo "translations: $(basename "$copy") has $count $kind message(s):"
            grep -B3 "type=\"$kind\"" "$copy" | grep "<source>" | head -5
            status=1
        fi
    done
done
[[ $status -eq 0 ]] && echo "translations: every message of the sources is translated in $(ls "$work"/*.ts | wc -l) catalogues"
exit $status
