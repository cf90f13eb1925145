#!/usr/bin/env bash
# Installs the system packages the test suite drives for real, when they are missing.
# Usage: scripts/ensure-system-packages.sh [command:debian-package | py/module:debian-package ...]
# `py/gitlab:python3-gitlab` means "Debian's own /usr/bin/python3 can import gitlab" (a python3 on
# PATH may be a pyenv interpreter that never sees Debian's packages).
set -euo pipefail

# PostgreSQL's server binaries may live outside PATH (Debian puts them in /usr/lib/postgresql/N/bin).
pg_bin_dir() {
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

wanted=("git:git" "$@")
missing=()
for pair in "${wanted[@]}"; do
  cmd=${pair%%:*}
  pkg=${pair#*:}
  if [[ $cmd == py/* ]]; then
    /usr/bin/python3 -c "import ${cmd#py/}" >/dev/null 2>&1 || missing+=("$pkg")
  else
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  fi
done
if [ -z "$(pg_bin_dir)" ]; then missing+=("postgresql"); fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "latchkey tests need these Debian packages: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  # Two test runs at once may both find a package missing: dpkg takes one installer at a time, so the
  # second waits here for the first (then finds nothing left to do).
  lock_dir=/run/lock
  [ -d "$lock_dir" ] || lock_dir=/tmp
  exec 9>"$lock_dir/latchkey-apt.lock"
  flock 9
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
pg_bin_dir
