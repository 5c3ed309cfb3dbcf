#!/usr/bin/env bash
# Debian packages the tests and the demo need: chromium (browser tests), espeak-ng (offline voice),
# zbar-tools (QR decoding in tests), fonts-dejavu-core (Vietnamese glyphs), sox (audio checks),
# nginx (the multi-process configuration in deploy/multiprocess/ is run by the tests and benchmarks).
# Installs only what is missing; needs root (or sudo) the first time.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v espeak-ng >/dev/null || need+=(espeak-ng)
command -v zbarimg >/dev/null || need+=(zbar-tools)
command -v sox >/dev/null || need+=(sox)
[ -x /usr/sbin/nginx ] || need+=(nginx)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
