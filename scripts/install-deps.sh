#!/usr/bin/env bash
# Installs the Debian packages Veil builds and tests with (idempotent; skips what is present).
#   scripts/install-deps.sh [extra packages...]          development: build + tests (README, make)
#   scripts/install-deps.sh build [extra packages...]    what `swift build` needs (Docker builder stage)
#   scripts/install-deps.sh runtime [extra packages...]  what the release binary needs to run (Docker runtime stage)
# The one list of Veil's Debian packages: Docker/Dockerfile runs this script too.
set -euo pipefail
BUILD=(libcurl4-openssl-dev zlib1g-dev libopenblas-dev libssl-dev pkg-config)
# redis-server: the E2E tests of the Redis conversation vault start their own.
TEST=(python3-venv curl openssl redis-server)
# The shared libraries the -dev packages above link against (ldd of a --static-swift-stdlib build),
# plus the CA bundle libcurl verifies the upstream's certificate with.
RUNTIME=(libcurl4 libssl3 zlib1g libopenblas0 ca-certificates)
mode=dev
case "${1:-}" in dev | build | runtime) mode=$1; shift ;; esac
APT_OPTS=()
case "$mode" in
  dev) PKGS=("${BUILD[@]}" "${TEST[@]}" "$@") ;;
  # Container images keep to what they need.
  build) PKGS=("${BUILD[@]}" "$@"); APT_OPTS=(--no-install-recommends) ;;
  runtime) PKGS=("${RUNTIME[@]}" "$@"); APT_OPTS=(--no-install-recommends) ;;
esac
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${APT_OPTS[@]}" "${missing[@]}" >/dev/null
fi
