#!/usr/bin/env bash
# Docker/check.sh: builds the image Docker/Dockerfile describes WITHOUT Docker, runs it as a
# container would run and checks it, so the Dockerfile cannot rot where Docker cannot run.
#
# Build. Each FROM image gets a stand-in root made with debootstrap (Debian 12 minbase, the
# variant Debian's official images are made from):
#   debian:bookworm-slim   minbase + the slim image's dpkg excludes and apt clean-up settings
#   swift:X-bookworm       minbase + the official swift image's package list, with the host's
#                          toolchain (the same version X, checked) bind-mounted at /opt/swift
# Docker/dockerfile_replay.py turns each stage into the step_* calls below, run here in a
# chroot: RUN as the stage's USER with its ENV and WORKDIR, COPY from the build context
# (filtered by .dockerignore) or from an earlier stage's root. The network a real build has is
# stood in for by the Debian mirror and the host's local git mirror of GitHub (git's
# url.*.insteadOf), bind-mounted read-only into the builder.
#
# Run. The runtime root is started as `docker run` would: its own network namespace, the root
# read-only (as compose's read_only: true), the image's USER, ENV, WORKDIR and ENTRYPOINT. Checked:
# every library resolves (ldd); the HEALTHCHECK command passes; GET /healthz; a /v1/veil/anonymize
# dry run redacts (the shipped model and the config file's custom detector included); a chat
# completion through Veil to a mock upstream leaves redacted, with Veil's key, and comes back
# restored; the compose file's example app works over localhost; the process is not root;
# after SIGTERM Veil exits 0 and the HEALTHCHECK command fails; the log holds no values.
#
# Usage: Docker/check.sh   (as root on Debian 12; `make docker-check`)
#   FRESH=1   rebuild every stage (default: a stage whose inputs did not change is reused)
# Caches in .build-docker-check/ (gitignored): the debootstrap tarball, the swift stand-in, the
# stage roots. Settings: VEIL_DOCKER_CHECK_DIR, DEBIAN_MIRROR, SWIFT_TOOLCHAIN.
set -euo pipefail
SELF=$(readlink -f "$0")
cd "$(dirname "$SELF")/.."
REPO=$PWD
DOCKERFILE=Docker/Dockerfile
REPLAY="python3 $REPO/Docker/dockerfile_replay.py"
CACHE=${VEIL_DOCKER_CHECK_DIR:-$REPO/.build-docker-check}
RUN_DIR=$CACHE/run
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
log() { printf '\033[1m[check %4ss]\033[0m %s\n' "$SECONDS" "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }
# A command that fails outside a condition stops the check: say which.
set -E
trap 'log "FAIL: ${BASH_SOURCE[0]##*/}:$LINENO: $BASH_COMMAND"' ERR

# Everything runs in a private mount namespace: every mount below vanishes when the script ends.
if [[ -z "${VEIL_CHECK_NS:-}" ]]; then
  [[ $(id -u) -eq 0 ]] || die "run as root (debootstrap, chroot, mounts)"
  exec unshare --mount --propagation private env VEIL_CHECK_NS=1 "$SELF" "$@"
fi

# ---- stand-ins for the FROM images ------------------------------------------------------------

minbase_tarball() {
  local tar=$CACHE/bookworm-minbase.tar
  if [[ ! -f $tar ]]; then
    command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
    log "debootstrap --variant=minbase bookworm (once; cached in $tar)"
    rm -rf --one-file-system "$CACHE/debootstrap"
    debootstrap --variant=minbase bookworm "$CACHE/debootstrap" "$MIRROR" >"$CACHE/debootstrap.log"
    tar -C "$CACHE/debootstrap" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
    rm -rf --one-file-system "$CACHE/debootstrap"
  fi
  echo "$tar"
}

# What debian:bookworm(-slim) adds to a minbase debootstrap (the settings Debian's image builder
# writes): deb822 sources with updates and security, no apt lists or .deb files kept, and for
# -slim no documentation, manual pages or translations.
debian_image() { # ROOT SLIM
  local root=$1 slim=$2
  mkdir -p "$root" && tar -C "$root" -xf "$(minbase_tarball)"
  rm -f "$root/etc/apt/sources.list"
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${MIRROR%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
  if [[ $slim == 1 ]]; then
    cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/man/*
EOF
    find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    rm -rf "$root"/usr/share/{groff,info,linda,lintian,man}/*
    find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  fi
}

# The official image's own package list (swift-docker, 6.x/debian/12/Dockerfile); the toolchain
# comes from the host, so the Swift versions must match.
SWIFT_IMAGE_PACKAGES=(binutils libicu-dev libcurl4-openssl-dev libedit-dev libsqlite3-dev libncurses-dev
  libpython3-dev libxml2-dev pkg-config uuid-dev tzdata git gcc libstdc++-12-dev)
TOOLCHAIN=${SWIFT_TOOLCHAIN:-$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")")}

swift_image() { # ROOT VERSION
  local root=$1 version=$2 tar=$CACHE/swift-bookworm-stand-in.tar
  "$TOOLCHAIN/usr/bin/swift" --version 2>/dev/null | grep -q "Swift version $version " \
    || die "FROM swift:$version-bookworm, but $TOOLCHAIN is $("$TOOLCHAIN/usr/bin/swift" --version 2>/dev/null | head -1)"
  if [[ ! -f $tar ]]; then
    log "swift:$version-bookworm stand-in: debian:bookworm + the swift image's packages (once; cached)"
    local tmp=$CACHE/swift-stand-in
    rm -rf --one-file-system "$tmp"
    debian_image "$tmp" 0
    mount_basics "$tmp"
    chroot "$tmp" /bin/sh -c "apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get -q install -y ${SWIFT_IMAGE_PACKAGES[*]} && rm -rf /var/lib/apt/lists/*" >"$CACHE/swift-stand-in.log"
    unmount_below "$tmp"
    tar -C "$tmp" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
    rm -rf --one-file-system "$tmp"
  fi
  mkdir -p "$root" && tar -C "$root" -xf "$tar"
  mkdir -p "$root/opt/swift" && mount --bind -o ro "$TOOLCHAIN" "$root/opt/swift"
  # The image's ENV lines.
  set_env PATH "/opt/swift/usr/bin:$DEFAULT_PATH"
  set_env LD_LIBRARY_PATH /opt/swift/usr/lib/swift/linux
  # Stand-in for the internet: git reads url.<mirror>.insteadOf from these variables
  # (git-config(1), GIT_CONFIG_COUNT), and each local mirror is bind-mounted read-only.
  local i=0 key value
  while read -r key value; do
    local base=${key#url.}; base=${base%.insteadof}
    [[ -d $base ]] || continue
    if ! mountpoint -q "$root$base"; then mkdir -p "$root$base" && mount --bind -o ro "$base" "$root$base"; fi
    RUN_EXTRA_ENV+=("GIT_CONFIG_KEY_$i=$key" "GIT_CONFIG_VALUE_$i=$value")
    i=$((i + 1))
  done < <(git config --get-regexp '^url\..*\.insteadof$' || true)
  RUN_EXTRA_ENV+=("GIT_CONFIG_COUNT=$i")
}

unmount_below() { # ROOT: deepest first
  findmnt -rn -o TARGET | grep -F "$1/" | sort -r | xargs -r umount
}

mount_basics() { # ROOT: what a container runtime provides: /proc, /dev, the resolver
  mount -t proc proc "$1/proc"
  mount --rbind /dev "$1/dev"
  [[ -e $1/etc/resolv.conf ]] || touch "$1/etc/resolv.conf"
  mount --bind -o ro /etc/resolv.conf "$1/etc/resolv.conf"
}

# ---- the step_* functions dockerfile_replay.py emits --------------------------------------

DEFAULT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
new_stage() {
  ENV_KEYS=(); declare -gA ENV_VALUES=(); RUN_EXTRA_ENV=()
  WORKDIR=/; USER_SPEC=root; HC_CMD=(); declare -gA HC_OPTIONS=(); ENTRYPOINT=(); CMD=(); EXPOSE=()
  set_env PATH "$DEFAULT_PATH"
}
set_env() { [[ -v ENV_VALUES[$1] ]] || ENV_KEYS+=("$1"); ENV_VALUES[$1]=$2; }

step_line() { log "$STAGE:$1  ${2:0:150}"; }
step_from() {
  case $1 in
    debian:bookworm-slim | debian:12-slim) debian_image "$STAGE_ROOT" 1 ;;
    debian:bookworm | debian:12) debian_image "$STAGE_ROOT" 0 ;;
    swift:*-bookworm) local v=${1#swift:}; swift_image "$STAGE_ROOT" "${v%-bookworm}" ;;
    *) die "no stand-in for FROM $1" ;;
  esac
  mount_basics "$STAGE_ROOT"
}
step_env() { set_env "$1" "$2"; }
step_label() { :; }
step_workdir() {
  [[ $1 == /* ]] && WORKDIR=$1 || WORKDIR=${WORKDIR%/}/$1
  mkdir -p "$STAGE_ROOT$WORKDIR"
}
step_user() { USER_SPEC=$1; }
step_run_shell() { in_root "$STAGE_ROOT" /bin/sh -c "$1"; }
step_run_exec() { in_root "$STAGE_ROOT" "$@"; }
step_copy() { # FROM CHOWN SRC... DST
  local from=$1 chown=$2 source_root=$CONTEXT
  shift 2
  if [[ -n $from ]]; then
    source_root=$RUN_DIR/$from
    [[ -d $source_root ]] || die "COPY --from=$from: no such stage"
  fi
  $REPLAY copy "$source_root" "$STAGE_ROOT" "$WORKDIR" "$chown" "${@: -1}" "${@:1:$#-1}"
}
step_expose() { EXPOSE+=("$@"); }
step_healthcheck_option() { HC_OPTIONS[$1]=$2; }
step_healthcheck() { HC_CMD=("$@"); }
step_healthcheck_none() { HC_CMD=(); }
step_entrypoint() { ENTRYPOINT=("$@"); }
step_cmd() { CMD=("$@"); }

# `USER` as uid:gid and the home directory, read from the root's own /etc/passwd and /etc/group.
resolve_user() { # ROOT SPEC -> "uid:gid home"
  local root=$1 user=${2%%:*} group= uid gid home=/
  [[ $2 == *:* ]] && group=${2#*:}
  if [[ $user =~ ^[0-9]+$ ]]; then
    uid=$user
    IFS=: read -r _ _ _ gid _ home _ < <(awk -F: -v u="$uid" '$3 == u' "$root/etc/passwd") || true
  else
    IFS=: read -r _ _ uid gid _ home _ < <(awk -F: -v u="$user" '$1 == u' "$root/etc/passwd") || die "USER $user: not in /etc/passwd"
  fi
  if [[ -n $group ]]; then
    [[ $group =~ ^[0-9]+$ ]] && gid=$group || gid=$(awk -F: -v g="$group" '$1 == g {print $3}' "$root/etc/group")
  fi
  echo "$uid:${gid:-$uid} ${home:-/}"
}

# Runs a command in ROOT the way Docker runs RUN / HEALTHCHECK / ENTRYPOINT: as USER, with only
# the image's ENV (HOME from /etc/passwd unless set), in WORKDIR.
in_root() { # ROOT ARGV...
  local root=$1 ids home
  shift
  read -r ids home < <(resolve_user "$root" "$USER_SPEC")
  local env=(HOSTNAME=veil-check "HOME=${ENV_VALUES[HOME]:-$home}" "${RUN_EXTRA_ENV[@]}")
  local key
  for key in "${ENV_KEYS[@]}"; do env+=("$key=${ENV_VALUES[$key]}"); done
  local argv=(chroot --userspec="$ids" "$root" /usr/bin/env -i "${env[@]}" /bin/sh -c 'cd "$0" && exec "$@"' "$WORKDIR" "$@")
  # IN_ROOT_EXEC=1: replace the calling (sub)shell, so that $! is the command's own pid.
  if [[ -n ${IN_ROOT_EXEC:-} ]]; then exec "${argv[@]}"; else "${argv[@]}"; fi
}

seconds() { # a Docker duration such as 30s, 1m or 1m30s
  local d=$1 total=0
  [[ $d =~ ([0-9]+)m ]] && total=$((total + 60 * BASH_REMATCH[1]))
  [[ $d =~ ([0-9]+)s ]] && total=$((total + BASH_REMATCH[1]))
  echo "$total"
}

# ---- build ------------------------------------------------------------------------------

# A stage is reused while its instructions, the context files its COPY lines read and the stages
# before it are unchanged (one cache entry per stage, where Docker keeps one per instruction).
stage_key() { # STAGE SCRIPT PREVIOUS_KEY
  local sources
  sources=$(cd "$CONTEXT" && $REPLAY inputs "$REPO/$DOCKERFILE" "$1" | xargs -r -I{} find {} -type f -print0 \
    | sort -z | xargs -0 -r sha256sum)
  # step_line only echoes the instruction with its line number: comments may move lines.
  printf '%s\n%s\n%s\n' "$(grep -v '^step_line ' <<<"$2")" "$sources" "$3" | sha256sum | cut -c1-16
}

build_stages() {
  mkdir -p "$RUN_DIR"
  CONTEXT=$RUN_DIR/context
  $REPLAY context "$REPO" "$CONTEXT" >/dev/null
  local previous_key=""
  for STAGE in $($REPLAY stages "$DOCKERFILE"); do
    STAGE_ROOT=$RUN_DIR/$STAGE
    local script key
    script=$($REPLAY emit "$DOCKERFILE" "$STAGE")
    key=$(stage_key "$STAGE" "$script" "$previous_key")
    previous_key=$key
    if [[ -z ${FRESH:-} && -f $RUN_DIR/$STAGE.key && $(cat "$RUN_DIR/$STAGE.key") == "$key" ]]; then
      log "stage $STAGE: unchanged, reusing $STAGE_ROOT"
      continue
    fi
    log "stage $STAGE: building"
    rm -f "$RUN_DIR/$STAGE.key" "$RUN_DIR/$STAGE.meta"
    rm -rf --one-file-system "$STAGE_ROOT"
    local started=$SECONDS
    new_stage
    eval "$script"
    # The image's configuration, for the run below.
    declare -p ENV_KEYS ENV_VALUES WORKDIR USER_SPEC HC_CMD HC_OPTIONS ENTRYPOINT CMD EXPOSE >"$RUN_DIR/$STAGE.meta"
    unmount_below "$STAGE_ROOT"
    echo "$key" >"$RUN_DIR/$STAGE.key"
    log "stage $STAGE: built in $((SECONDS - started)) s"
  done
  FINAL_STAGE=$STAGE
}

# ---- run and check ----------------------------------------------------------------------

# Inside a fresh network namespace (unshare --net): only loopback, like a container's own.
run_checks() {
  local root=$RUN_DIR/$FINAL_STAGE
  ip link set lo up

  log "image size: $(du -sh --apparent-size "$root" | cut -f1) (root file system), veil binary $(du -h --apparent-size "$root/usr/local/bin/veil" | cut -f1)"
  local libraries needed
  libraries=$(chroot "$root" ldd /usr/local/bin/veil)
  if grep -q "not found" <<<"$libraries"; then die "missing libraries: $libraries"; fi
  grep -Eq "libswift|libFoundation|libdispatch" <<<"$libraries" && die "the binary needs the Swift runtime: $libraries"
  needed=$(readelf -d "$root/usr/local/bin/veil" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' | tr '\n' ' ')
  log "ok: ldd resolves all $(wc -l <<<"$libraries") libraries; the binary links $needed"

  mount --bind "$root" "$root" && mount -o remount,bind,ro "$root"
  mount_basics "$root"

  local port=${ENV_VALUES[VEIL_PORT]:-8080} work=$RUN_DIR/run-logs
  rm -rf "$work" && mkdir -p "$work"
  python3 "$REPO/Tests/E2E/mock_openai.py" >"$work/mock.out" 2>"$work/mock.log" &
  local mock_pid=$!
  local tries=0
  until [[ -s $work/mock.out ]]; do sleep 0.1; tries=$((tries + 1)); ((tries < 100)) || die "mock upstream did not start"; done
  local mock_url="http://127.0.0.1:$(awk '{print $2}' "$work/mock.out")"

  # As docker-compose.yml runs it: the upstream and the provider key from the environment.
  set_env VEIL_UPSTREAM "$mock_url"
  set_env VEIL_UPSTREAM_API_KEY sk-held-by-veil
  IN_ROOT_EXEC=1 in_root "$root" "${ENTRYPOINT[@]}" "${CMD[@]}" >"$work/veil.log" 2>&1 &
  local veil_pid=$!
  trap "kill $veil_pid $mock_pid 2>/dev/null || true" EXIT

  # HEALTHCHECK, polled every second instead of every --interval, within start-period + retries.
  # (Docker's own timeout is stood in for by coreutils' timeout inside the root.)
  [[ ${#HC_CMD[@]} -gt 0 ]] || die "the image has no HEALTHCHECK"
  local started=$SECONDS budget hc_timeout
  budget=$(( $(seconds "${HC_OPTIONS[start-period]:-0s}") + ${HC_OPTIONS[retries]:-3} * $(seconds "${HC_OPTIONS[interval]:-30s}") ))
  hc_timeout=$(seconds "${HC_OPTIONS[timeout]:-30s}")
  until in_root "$root" timeout "$hc_timeout" "${HC_CMD[@]}" >"$work/health.out" 2>&1; do
    kill -0 "$veil_pid" 2>/dev/null || { cat "$work/veil.log" >&2; die "veil exited before it was healthy"; }
    ((SECONDS - started < budget)) || { cat "$work/veil.log" "$work/health.out" >&2; die "not healthy after $budget s"; }
    sleep 1
  done
  log "ok: HEALTHCHECK ${HC_CMD[*]} passed after $((SECONDS - started)) s: $(cat "$work/health.out")"
  grep -q "model+patterns" "$work/veil.log" || die "the shipped model did not load: $(cat "$work/veil.log")"
  log "ok: veil started with the shipped model (detectors.mode=model+patterns)"

  local uid
  uid=$(awk '/^Uid:/ {print $2}' "/proc/$veil_pid/status")
  [[ $uid != 0 ]] || die "veil runs as root"
  log "ok: veil runs as uid $uid (USER $USER_SPEC)"

  [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz") == 200 ]] || die "GET /healthz"
  log "ok: GET /healthz on port $port (EXPOSE ${EXPOSE[*]})"

  local answer
  answer=$(curl -s "http://127.0.0.1:$port/v1/veil/anonymize" \
    -d '{"text":"Mail alice@example.com about badge EMP-123456, or call +44 20 7946 0958."}')
  python3 - "$answer" <<'EOF' || die "dry run: $answer"
import json, sys
text = json.loads(sys.argv[1])["text"]
assert "alice@example.com" not in text and "[EMAIL_1]" in text, text
assert "[EMPLOYEE_ID_1]" in text, text   # the custom detector of /etc/veil/veil.json
assert "7946" not in text, text
EOF
  log "ok: dry run: $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["text"])' "$answer")"

  answer=$(curl -s "http://127.0.0.1:$port/v1/chat/completions" -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-test' \
    -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Draft a reply to alice@example.com"}]}')
  local sent
  sent=$(curl -s "$mock_url/_requests")
  grep -q "alice@example.com" <<<"$sent" && die "the upstream saw the address: $sent"
  grep -q "alice@example.com" <<<"$answer" || die "the answer was not restored: $answer"
  grep -q '"authorization": "Bearer sk-held-by-veil"' <<<"$sent" || die "the upstream did not get Veil's key: $sent"
  log "ok: chat completion through Veil: upstream got placeholders and Veil's key only, the answer came back restored"

  # The compose file's example app, as its container would run it: the openai SDK on localhost
  # of the same network namespace (needs the E2E venv: make e2e-venv).
  if [[ -x $REPO/.venv-e2e/bin/python ]]; then
    OPENAI_BASE_URL=http://localhost:$port/v1 OPENAI_API_KEY=held-by-veil \
      "$REPO/.venv-e2e/bin/python" "$REPO/Docker/example-app/app.py" >"$work/app.out" 2>&1 || die "example app: $(cat "$work/app.out")"
    grep -q "^answer: .*alice.martin@example.com" "$work/app.out" || die "example app answer: $(cat "$work/app.out")"
    grep "^provider sees:" "$work/app.out" | grep -q "alice.martin@example.com" && die "example app: the provider saw the address"
    log "ok: Docker/example-app/app.py through the sidecar: $(grep '^provider sees:' "$work/app.out" | tr -s ' ')"
  else
    log "skipped: Docker/example-app/app.py (no .venv-e2e; make e2e-venv)"
  fi

  kill -TERM "$veil_pid"
  local status=0
  wait "$veil_pid" || status=$?
  [[ $status == 0 ]] || die "veil exited $status after SIGTERM: $(tail -5 "$work/veil.log")"
  if in_root "$root" timeout "$hc_timeout" "${HC_CMD[@]}" >/dev/null 2>&1; then
    die "HEALTHCHECK passed with Veil stopped"
  fi
  log "ok: SIGTERM stops veil with status 0; the HEALTHCHECK then fails"
  grep -q "alice@example.com" "$work/veil.log" && die "the log contains a value"
  log "ok: the log has no values ($(wc -l <"$work/veil.log") lines)"
}

main() {
  if [[ ${1:-} == __run_checks ]]; then
    FINAL_STAGE=$2 SECONDS=$3
    # shellcheck disable=SC1090
    source "$RUN_DIR/$FINAL_STAGE.meta"
    RUN_EXTRA_ENV=()
    run_checks
    return
  fi
  log "replaying $DOCKERFILE (cache: $CACHE)"
  build_stages
  unshare --net "$SELF" __run_checks "$FINAL_STAGE" "$SECONDS"
  log "PASS: $DOCKERFILE built and checked in $SECONDS s"
}

# One line, so that bash has read the whole file before running anything (safe to edit meanwhile).
main "$@"; exit
