#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the hosted-page browser test.
# Called from the vitest global setup so `npm test` works on a fresh machine (we run as root).
# A lock keeps parallel test runs from fighting over apt.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
exec 9>/tmp/clientloop-apt.lock
flock 9
if [ -x /usr/bin/chromium ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "ensure-chromium: installing Debian chromium (one time)" >&2
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
test -x /usr/bin/chromium
