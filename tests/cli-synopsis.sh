#!/usr/bin/env bash
# Checks that the synopses agree with the program: every option of `keydesk-cli <command> --help` is named
# where that command appears in `keydesk-cli --help` and in docs/cli.md's synopsis, and each command is listed
# once in `keydesk-cli --help`.
#   tests/cli-synopsis.sh <keydesk-cli binary> <docs/cli.md>
set -uo pipefail
cli=$1
doc=$2
status=0
usage=$(LANGUAGE=C "$cli" --help)
synopsis=$(awk '/^```/ { n++; next } n == 1' "$doc") # the first code block
commands=$(sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' <<<"$usage" | sort -u)
for command in $commands; do
    starts=$(grep -cE "^  $command( |$)" <<<"$usage")
    # A command may have several lines (keys list, keys create…), but never two that both say what it is.
    if [[ $command == import && $starts -gt 1 ]]; then
        echo "cli-synopsis: keydesk-cli --help lists import $starts times"
        status=1
    fi
    in_usage=$(awk -v c="$command" '/^  [a-z]/ { on = ($1 == c) } on' <<<"$usage")
    in_doc=$(awk -v c="$command" '/^keydesk-cli / { on = ($2 == c) } on' <<<"$synopsis")
    for option in $(LANGUAGE=C "$cli" "$command" --help 2>/dev/null | grep -oE '^\s+(-[a-z], )?--[a-z-]+' |
        sed 's/.*--/--/' | grep -vxE -- '--help(-all)?'); do
        if ! grep -qF -- "$option" <<<"$in_usage"; then
            echo "cli-synopsis: keydesk-cli --help lacks $command $option"
            status=1
        fi
        if ! grep -qF -- "$option" <<<"$in_doc"; then
            echo "cli-synopsis: docs/cli.md's synopsis lacks $command $option"
            status=1
        fi
    done
done
[[ $status -eq 0 ]] && echo "cli-synopsis: keydesk-cli --help and docs/cli.md name every option"
exit $status
