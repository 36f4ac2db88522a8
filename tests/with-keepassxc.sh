#!/bin/bash
# Runs a test binary against KeePassXC as the Secret Service, isolated from the user's own: a private
# D-Bus session on which nothing can be activated (no GNOME Keyring stepping in when KeePassXC is gone),
# an Xvfb for KeePassXC's windows, and a fresh database (tests/keepassxc-fixture.sh).
#   unlocked       the database is unlocked
#   locked         open but locked, UnlockBeforeSearch on (a search opens the unlock dialog)
#   locked-quiet   open but locked, UnlockBeforeSearch off (a search quietly finds nothing)
#   allowing       unlocked, and a person at the screen who allows every "Access Request" (KeePassXC 2.7
#                  asks before one program replaces an entry another wrote): for the app's and the CLI's
#                  own tests, run against KeePassXC as they run against GNOME Keyring
# The test gets DISPLAY (KeePassXC's screen, for xdotool) and KEYDESK_KPX_{MODE,DIR,PASSWORD,PID}.
set -eu
mode=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
case "$mode" in
unlocked | allowing) fixture=(-m unlocked -u true) ;;
locked) fixture=(-m locked -u true) ;;
locked-quiet) fixture=(-m locked -u false) ;;
*) echo "with-keepassxc.sh: unknown mode $mode" >&2; exit 2 ;;
esac
work=$(mktemp -d)
xvfb=""
cleanup() {
    [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
home="$work/test-home"
mkdir -p "$home/run" && chmod 700 "$home/run"
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
       XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$home/run"

Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.05; done
[ -s "$work/display" ] || { echo "with-keepassxc.sh: Xvfb did not start" >&2; exit 1; }
export DISPLAY=":$(cat "$work/display")"

export KEYDESK_KPX_MODE="$mode" KEYDESK_KPX_DIR="$work/keepassxc" KEYDESK_KPX_PASSWORD=kpxpass
dbus-run-session --config-file="$here/dbus-no-services.conf" -- bash -c '
    here=$1 && shift
    pid=$("$here/keepassxc-fixture.sh" "${@:1:4}" -d "$KEYDESK_KPX_DIR" -p "$KEYDESK_KPX_PASSWORD") || exit 1
    export KEYDESK_KPX_PID=$pid
    shift 4
    if [ "$KEYDESK_KPX_MODE" = allowing ]; then
        while kill -0 "$pid" 2>/dev/null; do
            w=$(xdotool search --onlyvisible --name "^KeePassXC -  Access Request\$" 2>/dev/null | head -1)
            [ -n "$w" ] && xdotool windowfocus --sync "$w" key Return 2>/dev/null
            sleep 0.3
        done &
    fi
    status=0
    "$@" || status=$?
    # KeePassXC ignores TERM while one of its dialogs is open.
    kill -TERM "$pid" 2>/dev/null && for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    exit $status
' sh "$here" "${fixture[@]}" "$@"
