#!/usr/bin/env bash
# Installs the Debian packages Veil builds and tests with (idempotent; skips what is present).
set -euo pipefail
PKGS=(libcurl4-openssl-dev zlib1g-dev libopenblas-dev libssl-dev redis-server pkg-config python3-venv curl openssl "$@")
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
