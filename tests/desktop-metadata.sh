#!/usr/bin/env bash
# The desktop entry and the AppStream metadata as a software centre reads them: desktop-file-validate and
# appstreamcli report no error or warning, and the icon the entry names is the one we install.
#   tests/desktop-metadata.sh <source dir> <build dir>
set -euo pipefail
src=$1 build=$2
desktop=$src/packaging/linux/org.keydesk.KeyDesk.desktop
metainfo=$build/org.keydesk.KeyDesk.metainfo.xml
status=0
out=$(desktop-file-validate "$desktop" 2>&1) || status=1
if grep -E ": (error|warning):" <<<"$out"; then status=1; fi
appstreamcli validate --no-net "$metainfo" || status=1
icon=$(sed -n 's/^Icon=//p' "$desktop")
[[ -f $src/resources/icons/$icon.svg ]] || { echo "desktop entry names icon $icon, which is not installed"; status=1; }
grep -q "<launchable type=\"desktop-id\">$(basename "$desktop")</launchable>" "$metainfo" ||
    { echo "metainfo does not launch $(basename "$desktop")"; status=1; }
[[ $status -eq 0 ]] && echo "desktop metadata: valid"
exit $status
