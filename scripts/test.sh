#!/usr/bin/env bash
# The whole test suite: type check, then every test file on SQLite and on a throwaway PostgreSQL
# cluster (scripts/with-postgres.sh starts and removes it).
#   npm test                         everything (type check first)
#   npm test -- test/api/x.test.ts   just these files, on both dialects (no type check)
set -euo pipefail
cd "$(dirname "$0")/.."

shopt -s globstar nullglob
if [ $# -gt 0 ]; then
  files=("$@")
else
  npx tsc --noEmit -p .
  files=(src/**/*.test.ts test/**/*.test.ts)
fi
exec bash scripts/with-postgres.sh node --import tsx --test --test-concurrency="${LATCHKEY_TEST_CONCURRENCY:-2}" "${files[@]}"
