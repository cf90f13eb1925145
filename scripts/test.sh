#!/usr/bin/env bash
# The whole test suite: type check, then every test file on SQLite and on a throwaway PostgreSQL
# cluster (scripts/with-postgres.sh starts and removes it).
#   npm test                         everything (type check first)
#   npm test -- test/api/x.test.ts   just these files, on both dialects (no type check)
set -euo pipefail
cd "$(dirname "$0")/.."

# Everything the suite drives for real: installed when missing (as root), or named when not.
bash scripts/ensure-system-packages.sh \
  ssh:openssh-client sshpass:sshpass docker-registry:docker-registry skopeo:skopeo \
  chromium:chromium haproxy:haproxy openssl:openssl wrk:wrk py/gitlab:python3-gitlab py/prometheus_client:python3-prometheus-client >/dev/null

# Tests that start the real server run the production build, as `npm start` does.
node scripts/build.mjs

shopt -s globstar nullglob
if [ $# -gt 0 ]; then
  files=("$@")
else
  npx tsc --noEmit -p .
  files=(src/**/*.test.ts test/**/*.test.ts)
fi
# Fixtures the test files share (test/helpers/shared-fixtures.ts): built once in this run, removed after it.
LATCHKEY_TEST_FIXTURES_DIR=$(mktemp -d "${TMPDIR:-/tmp}/latchkey-fixtures.XXXXXX")
export LATCHKEY_TEST_FIXTURES_DIR
trap 'rm -rf "$LATCHKEY_TEST_FIXTURES_DIR"' EXIT
trap 'exit 1' INT TERM
# The files run as `node --test` runs them (a process each, LATCHKEY_TEST_CONCURRENCY at once, 3 by
# default; a hung test fails after 15 minutes), the heaviest first (test/file-weights.txt) so that
# the run does not end on one long file: test/helpers/run-test-files.ts.
bash scripts/with-postgres.sh node --import tsx test/helpers/run-test-files.ts "${files[@]}"
