#!/bin/bash
# Starts KeePassXC (Debian's 2.7) as the freedesktop Secret Service (org.freedesktop.secrets) on the
# current, private D-Bus session, for tests/with-keepassxc.sh. A fresh database from keepassxc-cli whose
# group "Secret Service" is exposed (FDO_SECRETS_EXPOSED_GROUP in the database's custom data), a private
# config with [FdoSecrets] on, HOME/XDG/TMPDIR inside the work folder. Prints KeePassXC's PID, nothing else.
#   -m unlocked|locked|relocked   database unlocked with --pw-stdin; open and never unlocked; or
#                        unlocked then locked through KeePassXC's own D-Bus call
#   -s                   seed one entry (server=keydesk, user=seed);  -c BOOL  [FdoSecrets] ConfirmAccessItem
#   -u true|false        [FdoSecrets] UnlockBeforeSearch
#   -d DIR               work folder;  -p PASS  database password;  -t S  start-up limit (s)
# Observed with 2.7.4 (docs/keychains.md): KeePassXC owns the name ~0.5 s after start; its dialogs are
# "Unlock Database - KeePassXC" and "KeePassXC -  Access Request", answered with real key events
# (xdotool windowfocus --sync W; xdotool key Escape), not with key --window or windowclose.
set -u

MODE=unlocked UBS=true DIR="" PASS=kpxpass WAIT=30 SEED=0 CONFIRM_ACCESS=false
while getopts "m:u:d:p:t:sc:h" o; do
    case $o in
    m) MODE=$OPTARG ;;
    u) UBS=$OPTARG ;;
    d) DIR=$OPTARG ;;
    p) PASS=$OPTARG ;;
    t) WAIT=$OPTARG ;;
    s) SEED=1 ;;
    c) CONFIRM_ACCESS=$OPTARG ;;
    *) sed -n '2,/^set -u/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 1 ;;
    esac
done
log() { echo "kpx-fixture: $*" >&2; }
die() { log "$*"; exit 1; }

case $MODE in unlocked|locked|relocked) ;; *) die "bad -m $MODE" ;; esac
case $UBS in true|false) ;; *) die "bad -u $UBS (true|false)" ;; esac
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || die "DBUS_SESSION_BUS_ADDRESS unset: run me under dbus-run-session"
for c in keepassxc keepassxc-cli gdbus base64 timeout; do
    command -v $c >/dev/null || die "missing $c"
done

[ -n "$DIR" ] || die "-d DIR is required"
mkdir -p "$DIR" || die "cannot create $DIR"
DIR=$(cd "$DIR" && pwd)

# ---- refuse to run if somebody already owns org.freedesktop.secrets ----------
bus() { timeout 5 gdbus call --session "$@" 2>/dev/null; }
name_owned() {  # NameHasOwner does NOT trigger D-Bus activation
    bus -d org.freedesktop.DBus -o /org/freedesktop/DBus -m org.freedesktop.DBus.NameHasOwner "$1" | grep -q true
}
if name_owned org.freedesktop.secrets; then
    die "org.freedesktop.secrets is already owned on this bus"
fi

[ -n "${DISPLAY:-}" ] || die "DISPLAY unset: KeePassXC needs an X server (tests/with-keepassxc.sh starts Xvfb)"

# ---- private environment: nothing from /root, no single-instance clash ----------
mkdir -p "$DIR/home" "$DIR/tmp" "$DIR/xdg/config" "$DIR/xdg/cache" "$DIR/xdg/data" "$DIR/xdg/runtime"
chmod 700 "$DIR/xdg/runtime" "$DIR/tmp"
export HOME="$DIR/home" TMPDIR="$DIR/tmp" \
       XDG_CONFIG_HOME="$DIR/xdg/config" XDG_CACHE_HOME="$DIR/xdg/cache" \
       XDG_DATA_HOME="$DIR/xdg/data" XDG_RUNTIME_DIR="$DIR/xdg/runtime" \
       KPXC_CONFIG="$DIR/keepassxc.ini" KPXC_CONFIG_LOCAL="$DIR/keepassxc-local.ini" \
       QT_QPA_PLATFORM=xcb QT_ACCESSIBILITY=0 NO_AT_BRIDGE=1
unset SSH_AUTH_SOCK
printf 'DISPLAY=%s\nTMPDIR=%s\nHOME=%s\nKPXC_CONFIG=%s\nKPXC_CONFIG_LOCAL=%s\n' \
    "$DISPLAY" "$TMPDIR" "$HOME" "$KPXC_CONFIG" "$KPXC_CONFIG_LOCAL" >"$DIR/env"

# ---- config ---------------------------------------------------------------------
cat >"$KPXC_CONFIG" <<EOF
[General]
ConfigVersion=2
SingleInstance=true
RememberLastDatabases=false
RememberLastKeyFiles=false
OpenPreviousDatabasesOnStartup=false
AutoSaveAfterEveryChange=true
AutoSaveOnExit=true
AutoReloadOnChange=false
BackupBeforeSave=false
UpdateCheckMessageShown=true
MinimizeAfterUnlock=false

[GUI]
CheckForUpdates=false
ShowTrayIcon=false
MinimizeToTray=false
MinimizeOnStartup=false
MinimizeOnClose=false
ShowExpiredEntriesOnDatabaseUnlock=false
HidePreviewPanel=true

[Security]
LockDatabaseIdle=false
LockDatabaseScreenLock=false
LockDatabaseMinimize=false
ClearClipboard=false
IconDownloadFallback=false

[Browser]
Enabled=false

[SSHAgent]
Enabled=false

[FdoSecrets]
Enabled=true
ShowNotification=false
ConfirmDeleteItem=false
ConfirmAccessItem=$CONFIRM_ACCESS
UnlockBeforeSearch=$UBS
EOF
cat >"$KPXC_CONFIG_LOCAL" <<EOF
[Security]
QuickUnlock=false
EOF

# ---- database ---------------------------------------------------------------------
uuid_hex() { tr -d '-' </proc/sys/kernel/random/uuid; }
hex_b64() { printf "$(echo "$1" | sed 's/../\\x&/g')" | base64; }
hex_braced() { echo "{${1:0:8}-${1:8:4}-${1:12:4}-${1:16:4}-${1:20:12}}"; }
ROOT_HEX=$(uuid_hex) EXP_HEX=$(uuid_hex) SEED_HEX=$(uuid_hex)
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
times() { echo "<Times><CreationTime>$NOW</CreationTime><LastModificationTime>$NOW</LastModificationTime><LastAccessTime>$NOW</LastAccessTime><ExpiryTime>$NOW</ExpiryTime><Expires>False</Expires><UsageCount>0</UsageCount><LocationChanged>$NOW</LocationChanged></Times>"; }
SEED_XML=""
if [ $SEED = 1 ]; then
    SEED_XML="<Entry><UUID>$(hex_b64 "$SEED_HEX")</UUID>$(times)
<String><Key>Title</Key><Value>seed</Value></String>
<String><Key>UserName</Key><Value></Value></String>
<String><Key>Password</Key><Value ProtectInMemory=\"True\">seedpw</Value></String>
<String><Key>URL</Key><Value></Value></String>
<String><Key>Notes</Key><Value></Value></String>
<String><Key>xdg:schema</Key><Value>org.qt.keychain</Value></String>
<String><Key>server</Key><Value>keydesk</Value></String>
<String><Key>user</Key><Value>seed</Value></String>
</Entry>"
fi
cat >"$DIR/db.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<KeePassFile>
 <Meta>
  <Generator>kpx-fixture</Generator>
  <DatabaseName>kpx-fixture</DatabaseName>
  <RecycleBinEnabled>True</RecycleBinEnabled>
  <RecycleBinUUID>AAAAAAAAAAAAAAAAAAAAAA==</RecycleBinUUID>
  <CustomData>
   <Item><Key>FDO_SECRETS_EXPOSED_GROUP</Key><Value>$(hex_braced "$EXP_HEX")</Value></Item>
  </CustomData>
 </Meta>
 <Root>
  <Group>
   <UUID>$(hex_b64 "$ROOT_HEX")</UUID><Name>Root</Name>$(times)<IsExpanded>True</IsExpanded>
   <Group>
    <UUID>$(hex_b64 "$EXP_HEX")</UUID><Name>Secret Service</Name>$(times)<IsExpanded>True</IsExpanded>
    $SEED_XML
   </Group>
  </Group>
  <DeletedObjects/>
 </Root>
</KeePassFile>
EOF
rm -f "$DIR/db.kdbx"
# password asked twice (getConfirmedPassword); -t = KDF decryption-time target in ms (min 100)
if ! printf '%s\n%s\n' "$PASS" "$PASS" | timeout 60 keepassxc-cli import -q -p -t 100 "$DIR/db.xml" "$DIR/db.kdbx" >"$DIR/cli.log" 2>&1; then
    die "keepassxc-cli import failed: $(cat "$DIR/cli.log")"
fi
echo "$(hex_braced "$EXP_HEX")" >"$DIR/exposed-group-uuid"

# ---- start keepassxc ------------------------------------------------------------------
T0=$(date +%s.%N)
if [ "$MODE" = locked ]; then
    setsid keepassxc --config "$KPXC_CONFIG" --localconfig "$KPXC_CONFIG_LOCAL" \
        "$DIR/db.kdbx" </dev/null >"$DIR/kpx.log" 2>&1 &
else
    printf '%s\n' "$PASS" >"$DIR/.pw"; chmod 600 "$DIR/.pw"
    setsid keepassxc --config "$KPXC_CONFIG" --localconfig "$KPXC_CONFIG_LOCAL" \
        --pw-stdin "$DIR/db.kdbx" <"$DIR/.pw" >"$DIR/kpx.log" 2>&1 &
fi
KPID=$!
echo $KPID >"$DIR/kpx.pid"

coll_prop() {  # $1=collection path $2=property -> prints value (e.g. "true")
    bus -d org.freedesktop.secrets -o "$1" -m org.freedesktop.DBus.Properties.Get \
        org.freedesktop.Secret.Collection "$2" | sed -E 's/^\(<(.*)>,\)$/\1/'
}
read_default() {
    bus -d org.freedesktop.secrets -o /org/freedesktop/secrets -m org.freedesktop.Secret.Service.ReadAlias default \
        | sed -E "s/^\(objectpath '(.*)',\)$/\1/"
}
fail_timeout() {
    log "timeout after ${WAIT}s: $1 (log: $DIR/kpx.log)"
    kill -TERM $KPID 2>/dev/null; sleep 1; kill -KILL $KPID 2>/dev/null
    exit 2
}
deadline=$(( $(date +%s) + WAIT ))
until name_owned org.freedesktop.secrets; do
    kill -0 $KPID 2>/dev/null || { log "keepassxc died: $(tail -5 "$DIR/kpx.log")"; exit 2; }
    [ "$(date +%s)" -lt $deadline ] || fail_timeout "org.freedesktop.secrets not owned"
    sleep 0.1
done
T1=$(date +%s.%N)
OWNER_PID=$(bus -d org.freedesktop.DBus -o /org/freedesktop/DBus -m org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets | grep -oE '[0-9]+' | tail -1)
[ "$OWNER_PID" = "$KPID" ] || log "WARNING: org.freedesktop.secrets owned by pid $OWNER_PID, not $KPID"

want_locked=false; [ "$MODE" = locked ] && want_locked=true
COLL=""
while :; do
    COLL=$(read_default)
    if [ -n "$COLL" ] && [ "$COLL" != / ] && [ "$(coll_prop "$COLL" Locked)" = $want_locked ]; then break; fi
    [ "$(date +%s)" -lt $deadline ] || fail_timeout "default alias/collection state not reached (alias='$COLL')"
    sleep 0.1
done
if [ "$MODE" = relocked ]; then
    bus -d org.keepassxc.KeePassXC.MainWindow -o /keepassxc -m org.keepassxc.KeePassXC.MainWindow.lockAllDatabases >/dev/null \
        || log "lockAllDatabases call failed"
    until [ "$(coll_prop "$COLL" Locked)" = true ]; do
        [ "$(date +%s)" -lt $deadline ] || fail_timeout "collection did not lock"
        sleep 0.1
    done
fi
T2=$(date +%s.%N)
log "mode=$MODE UnlockBeforeSearch=$UBS dir=$DIR DISPLAY=$DISPLAY TMPDIR=$TMPDIR"
log "collection=$COLL Locked=$(coll_prop "$COLL" Locked) name-owned-after=$(awk "BEGIN{printf \"%.2f\", $T1-$T0}")s ready-after=$(awk "BEGIN{printf \"%.2f\", $T2-$T0}")s"
echo "$COLL" >"$DIR/collection"
echo $KPID
