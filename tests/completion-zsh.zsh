#!/usr/bin/env zsh
# Drives the zsh completion function outside an interactive shell: compadd, _describe, _files and _normal are
# replaced by functions that print what would be offered, one per line, so tests/completion.sh can check it.
#   tests/completion-zsh.zsh <completion file> words...
emulate -L zsh
file=$1
shift
compadd() { # as zsh's: with -a, the words are names of arrays
    local -a taken
    local arrays=0
    while (( $# )); do
        case $1 in
            -a) arrays=1 ;;
            --) shift; taken+=("$@"); break ;;
            -*) ;;
            *) (( arrays )) && taken+=(${(P)1}) || taken+=("$1") ;;
        esac
        shift
    done
    print -l -- $taken
}
_describe() { print -l -- ${${(P)4}%%:*} }
_files() { print -- '<files>' }
_normal() { print -- "<program: ${words[CURRENT]}>" }
words=("$@")
CURRENT=${#words}
source "$file"
