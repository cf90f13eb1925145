#!/usr/bin/env bash
# The whole test suite: type check, then every test file on SQLite and on a throwaway PostgreSQL
# cluster that this script starts and removes.
#   npm test                         everything (type check first)
#   npm test -- test/api/x.test.ts   just these files, on both dialects (no type check)
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BIN=$(bash scripts/ensure-system-packages.sh)
export PATH="$PG_BIN:$PATH"

work=$(mktemp -d "${TMPDIR:-/tmp}/latchkey-test.XXXXXX")
as_pg_user=()
if [ "$(id -u)" -eq 0 ]; then
  # postgres refuses to run as root.
  chown nobody "$work"
  as_pg_user=(runuser -u nobody --)
fi
cleanup() {
  "${as_pg_user[@]}" pg_ctl -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"${as_pg_user[@]}" initdb -D "$work/pg" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
"${as_pg_user[@]}" pg_ctl -D "$work/pg" -l "$work/pg.log" -w \
  -o "-k $work -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null
export LATCHKEY_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"

shopt -s globstar nullglob
if [ $# -gt 0 ]; then
  files=("$@")
else
  npx tsc --noEmit -p .
  files=(src/**/*.test.ts test/**/*.test.ts)
fi
node --import tsx --test --test-concurrency="${LATCHKEY_TEST_CONCURRENCY:-2}" "${files[@]}"
