#pragma once

// What all three programs (keydesk, keydesk-cli, keydesk-server) do first, before any secret exists in
// memory: no core dumps (a crash must not write secrets to disk, and other processes of the same user may
// not read our memory through ptrace or /proc/PID/mem), and files created owner-only.
namespace ProcessHardening {

void apply();
// Whether apply() took effect in this process: core size 0 and not dumpable.
bool isHardened();

} // namespace ProcessHardening
