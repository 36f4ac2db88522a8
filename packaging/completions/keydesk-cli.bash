# bash completion for keydesk-cli: commands, each command's options and their values, connection names.
# tests/completion.sh checks that every command and option of `keydesk-cli <command> --help` is here.

_keydesk_cli_options() {
    case $1 in
        connections) echo "--type --name --url --issuer --auth --body --header --scope --audience --assertion-audience --test-url --test-header --expect --format" ;;
        keys) echo "--connection --format --name --description --expires --no-store --project --offline" ;;
        token) echo "--credential --format" ;;
        test) echo "--credential" ;;
        import) echo "--connection --client-id --name --expires --generate-key --alg --private-key" ;;
        public-key) echo "--credential --format" ;;
        run) echo "--env --env-file --no-masking" ;;
        read) echo "--reveal" ;;
        projects) echo "--connection --name --yes" ;;
        events) echo "--connection --key --project --limit --format" ;;
        whoami) echo "--connection" ;;
    esac
}

# Connection names starting with $1, each quoted for the shell ("Stripe sandbox" is one word: Stripe\ sandbox).
_keydesk_cli_connections() {
    local name quoted
    COMPREPLY=()
    while IFS= read -r name; do
        [[ -z $name ]] && continue
        printf -v quoted '%q' "$name"
        [[ $name == "$1"* || $quoted == "$1"* ]] && COMPREPLY+=("$quoted")
    done < <(keydesk-cli connections 2>/dev/null | cut -f2)
}

_keydesk_cli() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} command=${COMP_WORDS[1]}
    local commands="connections keys token test import public-key run read projects events whoami"
    COMPREPLY=()
    if [[ $COMP_CWORD -eq 1 ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$commands --help --version" -- "$cur")
        return
    fi
    # After `run … --`: the program and its arguments, as bash completes them anywhere.
    local i
    for ((i = 2; i < COMP_CWORD; i++)); do
        if [[ $command == run && ${COMP_WORDS[i]} == -- ]]; then
            mapfile -t COMPREPLY < <(compgen -c -- "$cur")
            return
        fi
    done
    local values=""
    case $prev in
        --type) values="keydesk oauth2 apikey" ;;
        --auth) values="basic basic-raw post json private_key_jwt" ;;
        --body) values="form json" ;;
        --alg) values="ES256 RS256" ;;
        --test-header) values="x-api-key bearer" ;;
        --expires) [[ $command == keys ]] && values="7 30 90 180 365 never" ;;
        --format)
            case $command in
                connections) values="text json" ;;
                token) values="json header raw" ;;
                public-key) values="jwks jwk pem" ;;
                *) values="table json csv" ;;
            esac ;;
        --connection)
            _keydesk_cli_connections "$cur"
            return ;;
        --env-file | --private-key)
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return ;;
    esac
    if [[ -n $values ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
        return
    fi
    # connections show|set|remove <name>
    if [[ $COMP_CWORD -eq 3 && $command == connections && ${COMP_WORDS[2]} =~ ^(show|set|remove)$ ]]; then
        _keydesk_cli_connections "$cur"
        return
    fi
    if [[ $COMP_CWORD -eq 2 ]]; then
        case $command in
            connections) values="list show add set remove" ;;
            keys) values="list create deactivate activate delete rotate" ;;
            projects) values="list create rename delete" ;;
        esac
    fi
    mapfile -t COMPREPLY < <(compgen -W "$values $(_keydesk_cli_options "$command") --help" -- "$cur")
}

complete -F _keydesk_cli keydesk-cli
