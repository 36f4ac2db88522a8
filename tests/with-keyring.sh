#!/bin/sh
# Runs a test binary against a real Secret Service, isolated from the user's own keyring.
#   unlocked           private D-Bus session + gnome-keyring-daemon with an unlocked login collection
#   no-secret-service  private D-Bus session on which no Secret Service can be activated
#   no-bus             no D-Bus session at all
# The daemon and the bus end with the test. DISPLAY is dropped so a locked keyring can never open an
# invisible prompt and hang the run.
set -eu
mode=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
       XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset DISPLAY WAYLAND_DISPLAY

case "$mode" in
unlocked)
    dbus-run-session -- sh -c \
        'printf %s keydesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' \
        sh "$@"
    ;;
no-secret-service)
    dbus-run-session --config-file="$here/dbus-no-services.conf" -- "$@"
    ;;
no-bus)
    env -u DBUS_SESSION_BUS_ADDRESS "$@"
    ;;
*)
    echo "with-keyring.sh: unknown mode $mode" >&2
    exit 2
    ;;
esac
