#!/usr/bin/env bash
# Checks the bash and zsh completions against the program they complete: every command of `keydesk-cli --help`
# and every option of `keydesk-cli <command> --help` must be offered (so a new option cannot be forgotten), and
# a few completions must come out as a user would see them.
#   tests/completion.sh <keydesk-cli binary> <bash completion script> [<zsh completion file>]
# Without zsh on the machine the zsh half fails: it is installed by scripts/setup.
set -uo pipefail
cli=$1
source "$2"
zsh_file=${3:-}
here=$(dirname "$0")
status=0
complete_line() { # words... : fills COMPREPLY as bash, then zsh would for that line, the cursor after the last word
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _keydesk_cli
    [[ -z $zsh_file ]] && return
    local zsh_offers
    if ! zsh_offers=$(zsh "$here/completion-zsh.zsh" "$zsh_file" "$@"); then
        echo "completion: zsh could not complete: $*"
        status=1
    fi
    mapfile -t ZSH_REPLY <<<"$zsh_offers"
}
expect_bash() { # what, word: fails unless bash offered the word
    local w
    for w in "${COMPREPLY[@]}"; do [[ $w == "$2" ]] && return; done
    echo "completion: bash: $1 does not offer $2 (offered: ${COMPREPLY[*]})"
    status=1
}
expect_zsh() { # what, word: fails unless zsh offered the word
    [[ -z $zsh_file ]] && return
    local w
    for w in "${ZSH_REPLY[@]}"; do [[ $w == "$2" ]] && return; done
    echo "completion: zsh: $1 does not offer $2 (offered: ${ZSH_REPLY[*]})"
    status=1
}
expect() {
    expect_bash "$@"
    expect_zsh "$@"
}
commands=$("$cli" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' | sort -u)
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
expect_bash "the program after run --" echo
expect_zsh "the program after run --" "<program: ech>" # zsh's own command completion (_normal) takes over
complete_line keydesk-cli keys ""
expect "keys" rotate
complete_line keydesk-cli import --private-key ""
expect_zsh "import --private-key" "<files>" # bash lists the files themselves
# Connection names come from the real program, a name with a space among them: bash must insert it quoted
# (one word), and both offer names where a connection is named.
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
shims=$(mktemp -d -p "$data")
printf '#!/bin/sh\nXDG_DATA_HOME=%q exec %q "$@"\n' "$data" "$(realpath "$cli")" >"$shims/keydesk-cli"
chmod +x "$shims/keydesk-cli"
PATH="$shims:$PATH"
if ! keydesk-cli connections add --type apikey --name "Stripe sandbox" --test-url https://api.stripe.com/v1/balance \
    --test-header bearer --expect 200 >/dev/null 2>&1; then
    echo "completion: could not add a connection to complete"
    status=1
fi
complete_line keydesk-cli keys list --connection Str
expect_bash "--connection" 'Stripe\ sandbox'
expect_zsh "--connection" 'Stripe sandbox' # zsh's compadd quotes it itself
for action in show set remove; do
    complete_line keydesk-cli connections $action ""
    expect "connections $action" Local
    expect_bash "connections $action" 'Stripe\ sandbox'
done
complete_line keydesk-cli --v
expect "the options" --version
[[ $status -eq 0 ]] && echo "completion: every command and option is offered${zsh_file:+ (bash and zsh)}"
exit $status
