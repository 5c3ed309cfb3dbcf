#!/usr/bin/env bash
# `make run`: migrate, seed the demo centre, and serve it on http://127.0.0.1:${MOTCUA_PORT:-5000}.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export MOTCUA_PORT="${MOTCUA_PORT:-5000}"
mkdir -p var
$BIN/motcua db upgrade
$BIN/motcua demo --credentials var/demo-credentials.json > /dev/null
echo "Demo credentials (officers, tokens): var/demo-credentials.json"
PIDS=()
if [ -f deploy/demo-extras.sh ]; then
  # Device programs of the demo (kiosk with the PNG printer, …) add themselves here.
  source deploy/demo-extras.sh
fi
trap 'kill ${PIDS[@]+"${PIDS[@]}"} 2>/dev/null || true' EXIT
$BIN/motcua serve
