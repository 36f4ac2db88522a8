#!/bin/sh
# Keychain operations, KeyDesk's Secret Service client against QtKeychain in the same run, on a throwaway
# GNOME Keyring (tests/with-keyring.sh) and on KeePassXC (tests/with-keepassxc.sh unlocked).
#   bench/keychain_ops.sh BUILD_DIR [N]
set -eu
build=$1
n=${2:-40}
here=$(cd "$(dirname "$0")" && pwd)
echo "== GNOME Keyring, $n operations each"
"$here/../tests/with-keyring.sh" unlocked "$build/bench/keychain_ops" "$n" 2>/dev/null
echo "== KeePassXC, $n operations each"
"$here/../tests/with-keepassxc.sh" unlocked "$build/bench/keychain_ops" "$n" 2>/dev/null
