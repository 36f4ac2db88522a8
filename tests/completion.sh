#!/usr/bin/env bash
# Checks the bash completion against the program it completes: every command of `keydesk-cli --help` and every
# option of `keydesk-cli <command> --help` must be offered (so a new option cannot be forgotten), and a few
# completions must come out as a user would see them.
#   tests/completion.sh <keydesk-cli binary> <completion script>
set -uo pipefail
cli=$1
source "$2"
status=0
complete_line() { # words... : fills COMPREPLY as bash would for that line, the cursor after the last word
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _keydesk_cli
}
expect() { # what, word: fails unless COMPREPLY contains the word
    local w
    for w in "${COMPREPLY[@]}"; do [[ $w == "$2" ]] && return; done
    echo "completion: $1 does not offer $2 (offered: ${COMPREPLY[*]})"
    status=1
}
commands=$("$cli" --help | sed -n 's/^  \([a-z-]*\) .*/\1/p' | sort -u)
if [[ $(wc -w <<<"$commands") -lt 10 ]]; then
    echo "completion: could not read the commands from $cli --help"
    exit 1
fi
for command in $commands; do
    complete_line keydesk-cli "${command:0:3}"
    expect "the command list" "$command"
    for option in $("$cli" "$command" --help 2>/dev/null | grep -oE '^\s+(-[a-z], )?--[a-z-]+' | sed 's/.*--/--/'); do
        [[ $option == --help-all ]] && continue
        complete_line keydesk-cli "$command" "--"
        expect "$command" "$option"
    done
done
complete_line keydesk-cli connections add --auth ""
expect "--auth" basic-raw
expect "--auth" private_key_jwt
complete_line keydesk-cli public-key --format ""
expect "public-key --format" jwks
complete_line keydesk-cli run --env K=Deploy -- ech
expect "the program after run --" echo
complete_line keydesk-cli keys ""
expect "keys" rotate
[[ $status -eq 0 ]] && echo "completion: every command and option is offered"
exit $status
