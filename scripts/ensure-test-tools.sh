#!/usr/bin/env bash
# Installs the npm tools the client tests drive (semantic-release, release-it, renovate, danger) at pinned
# versions into a cache folder outside the project, when they are missing; prints each tool's
# folder (its binaries are in <folder>/node_modules/.bin). They never enter package.json.
# Usage: scripts/ensure-test-tools.sh semantic-release|release-it|renovate|danger ...
# renovate is large (about 400 MB installed; a few minutes to install once).
# Cache: ${LATCHKEY_TEST_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/latchkey/test-tools}/<name>@<version>
set -euo pipefail

# The packages of each tool, exact versions (the newest that run on Node 20).
packages_of() {
  case "$1" in
    semantic-release) echo "semantic-release@24.2.9 @semantic-release/gitlab@13.3.3" ;;
    release-it) echo "release-it@20.2.1" ;;
    renovate) echo "renovate@39.264.1" ;;
    danger) echo "danger@14.0.7" ;;
    *) echo "ensure-test-tools: unknown tool '$1' (known: semantic-release, release-it, renovate, danger)" >&2; return 1 ;;
  esac
}

cache=${LATCHKEY_TEST_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/latchkey/test-tools}
mkdir -p "$cache"

for tool in "$@"; do
  packages=$(packages_of "$tool")
  version=${packages%% *}
  version=${version##*@}
  target="$cache/$tool@$version"
  if [ ! -f "$target/.installed" ]; then
    # Two test files may ask at once: one installs, the other waits, then finds it there.
    exec 9>"$cache/.$tool@$version.lock"
    flock 9
    if [ ! -f "$target/.installed" ]; then
      echo "installing $packages into $target" >&2
      staging=$(mktemp -d "$cache/.$tool@$version.XXXXXX")
      trap 'rm -rf "$staging"' EXIT
      echo '{"private":true}' >"$staging/package.json"
      # Run from the staging folder, so no project .npmrc or package.json is read or written.
      (cd "$staging" && npm install --no-audit --no-fund --ignore-scripts --save-exact --loglevel=error $packages >&2)
      touch "$staging/.installed"
      rm -rf "$target"
      mv "$staging" "$target"
      trap - EXIT
    fi
    exec 9>&-
  fi
  echo "$target"
done
