#!/usr/bin/env bash
# Checks the generated man pages: groff reads them without a warning, and every option a program's --help
# offers (for keydesk-cli, every command's) is in its page as a reader sees it.
#   tests/manpages.sh <man dir> <keydesk binary> <keydesk-cli binary> <keydesk-server binary>
set -uo pipefail
man_dir=$1
status=0
options_of() { # binary [command]: the long options of its --help, without the help options
    LANGUAGE=C QT_QPA_PLATFORM=offscreen "$@" --help 2>/dev/null | grep -oE '^\s+(-[a-z], )?--[a-z-]+' |
        sed 's/.*--/--/' | grep -vxE -- '--help(-all)?'
}
check() { # page binary [commands...]
    local page=$man_dir/$1.1 binary=$2 warnings rendered
    shift 2
    if [[ ! -s $page ]]; then
        echo "manpages: $page is missing"
        status=1
        return
    fi
    warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
    if [[ -n $warnings ]]; then
        echo "manpages: groff warns about $page: $warnings"
        status=1
    fi
    rendered=$(MANWIDTH=200 man -l "$page" 2>/dev/null | col -b)
    for command in "" "$@"; do
        for option in $(options_of "$binary" $command); do
            if ! grep -qF -- "$option" <<<"$rendered"; then
                echo "manpages: $(basename "$page") lacks ${command:+$command }$option"
                status=1
            fi
        done
        if [[ -n $command ]] && ! grep -qF -- "$(basename "$page" .1) $command" <<<"$rendered"; then
            echo "manpages: $(basename "$page") has no section for $command"
            status=1
        fi
    done
}
check keydesk "$2"
check keydesk-cli "$3" $("$3" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' | sort -u)
check keydesk-server "$4"
[[ $status -eq 0 ]] && echo "manpages: every program's page has every option, and groff reads them cleanly"
exit $status
