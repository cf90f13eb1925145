#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: LATCHKEY_TEST_PG_URL points at it while the
# command runs, and the cluster is stopped and removed afterwards, whatever happens.
#   scripts/with-postgres.sh <command> [args...]
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BIN=$(bash scripts/ensure-system-packages.sh)
export PATH="$PG_BIN:$PATH"

work=$(mktemp -d "${TMPDIR:-/tmp}/latchkey-pg.XXXXXX")
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

"${as_pg_user[@]}" initdb -D "$work/pg" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
# A free port, asked of the kernel; another run on this machine may take it between the question and
# PostgreSQL's bind, so a failed start tries another one.
for attempt in 1 2 3 4 5; do
  port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  if "${as_pg_user[@]}" pg_ctl -D "$work/pg" -l "$work/pg.log" -w \
    -o "-k $work -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null 2>&1; then
    break
  fi
  if [ "$attempt" -eq 5 ]; then
    cat "$work/pg.log" >&2
    exit 1
  fi
done
export LATCHKEY_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
export LATCHKEY_TEST_PG_DIR="$work/pg"

"$@"
