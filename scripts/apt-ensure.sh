#!/usr/bin/env bash
# Usage: scripts/apt-ensure.sh BINARY PACKAGE...
# Makes sure BINARY is on the machine, installing the Debian PACKAGEs when it is missing
# (as root, or through sudo). A lock keeps parallel test runs from fighting over apt.
set -euo pipefail
bin="$1"; shift
if command -v "$bin" >/dev/null 2>&1; then exit 0; fi
exec 9>/tmp/clientloop-apt.lock
flock 9
if command -v "$bin" >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "apt-ensure: installing Debian $* for $bin (one time)" >&2
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >&2
command -v "$bin" >/dev/null
