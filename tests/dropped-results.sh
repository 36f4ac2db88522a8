#!/usr/bin/env bash
# Fails on a call whose result is thrown away with (void) and nothing says why (issue 29): each such line
# carries a short `//` reason on the line itself or on one of the two above (over an `if`). Expected is
# [[nodiscard]], so the compiler catches a result dropped without (void). `(void)name;` (an unused
# parameter) is not a call and needs none.
set -euo pipefail
src=${1:-$(dirname "$0")/../src}
status=0
while IFS=: read -r file line text; do
    grep -q '//' <<<"$text" && continue
    above=$(sed -n "$((line > 2 ? line - 2 : 1)),$((line - 1))p" "$file")
    grep -q '//' <<<"$above" && continue
    echo "dropped-results: ${file#$src/}:$line: say why the result may be dropped, or handle it:$text"
    status=1
done < <(grep -rnE '\(void\)\s*!?[A-Za-z_:>.-]+[A-Za-z_]\s*[(<]|\(void\)\s*[A-Za-z_]+(->|\.)[^;]*\(' "$src" \
             --include='*.cpp' --include='*.h' || true)
[ "$status" -eq 0 ] && echo "dropped-results: every dropped result says why"
exit "$status"
