#!/usr/bin/env bash
# Makes one upgrade fixture (test/fixtures/upgrades/<name>/): an older Latchkey, checked out at
# <commit>, runs on SQLite and on PostgreSQL, scripts/upgrade-fixtures/seed.ts fills each through its
# API, and what it stored is kept: the SQLite file (VACUUM INTO), a plain pg_dump, the repositories
# (tar.gz) and fixture.json (the tokens' plain texts: test data only).
#   scripts/make-upgrade-fixtures.sh <name> <commit>
# Needs PostgreSQL's binaries (scripts/with-postgres.sh starts a throwaway cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${LATCHKEY_TEST_PG_URL:-}" ]; then exec bash scripts/with-postgres.sh bash "$0" "$@"; fi
name=${1:?usage: make-upgrade-fixtures.sh <name> <commit>}
commit=$(git rev-parse --verify "${2:?usage: make-upgrade-fixtures.sh <name> <commit>}^{commit}")
root=$(pwd)
out="$root/test/fixtures/upgrades/$name"
work=$(mktemp -d "${TMPDIR:-/tmp}/latchkey-fixture.XXXXXX")
old="$work/latchkey"
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true
  git -C "$root" worktree remove --force "$old" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

git worktree add --detach "$old" "$commit" >/dev/null
# The old version's dependencies: ours when its lock pins nothing we lack, else its own lock.
if node -e '
  const [o, n] = process.argv.slice(1).map((f) => require(f));
  const deps = (p) => ({ ...p.dependencies, ...p.devDependencies });
  const ours = deps(n);
  process.exit(Object.entries(deps(o)).every(([k, v]) => ours[k] === v) ? 0 : 1);
' "$old/package.json" "$root/package.json"; then
  ln -s "$root/node_modules" "$old/node_modules"
else
  (cd "$old" && npm ci --no-audit --no-fund >/dev/null)
fi

# Test data only: the instance secret keys the token digests the fixture's tokens match.
secret="upgrade-fixture-secret-$name-test-only-0123456789"
mkdir -p "$out"
for dialect in sqlite postgres; do
  data="$work/data-$dialect"
  mkdir -p "$data"
  port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  ssh_port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  env=(LATCHKEY_DATA_DIR="$data" LATCHKEY_HTTP_PORT="$port" LATCHKEY_SSH_PORT="$ssh_port" LATCHKEY_SECRET="$secret"
    LATCHKEY_ROOT_PASSWORD="root-password-test-only" LATCHKEY_LOG_LEVEL=warn LATCHKEY_TRUSTED_PROXIES=)
  db_name="latchkey_fixture_$$"
  if [ "$dialect" = postgres ]; then
    psql "$LATCHKEY_TEST_PG_URL" -qc "drop database if exists $db_name" -c "create database $db_name" >/dev/null
    env+=(LATCHKEY_DATABASE_URL="${LATCHKEY_TEST_PG_URL%/*}/$db_name")
  fi
  (cd "$old" && exec env "${env[@]}" node --import tsx src/main.ts >"$work/server-$dialect.log" 2>&1) &
  server=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/-/readiness" >/dev/null && break; sleep 0.2; done
  token=$(cd "$old" && env "${env[@]}" node bin/latchkey.js token create --user root --name seed --scopes api)
  mkdir -p "$out/$dialect"
  env LATCHKEY_SEED_URL="http://127.0.0.1:$port" LATCHKEY_SEED_TOKEN="$token" node --import tsx scripts/upgrade-fixtures/seed.ts "$out/$dialect/fixture.json"
  node -e '
    const f = require(process.argv[1]);
    Object.assign(f, { commit: process.argv[2], secret: process.argv[3], rootPassword: "root-password-test-only" });
    f.tokens.unshift({ name: "seed", plain: process.argv[4], username: "root", expect: "active" });
    require("fs").writeFileSync(process.argv[1], JSON.stringify(f, null, 2) + "\n");
  ' "$out/$dialect/fixture.json" "$commit" "$secret" "$token"
  kill -TERM "$server"; wait "$server" || true; server=
  if [ "$dialect" = sqlite ]; then
    rm -f "$out/sqlite/latchkey.sqlite3"
    node -e 'const D = require("better-sqlite3"); new D(process.argv[1]).exec(`vacuum into '"'"'${process.argv[2]}'"'"'`)' "$data/latchkey.sqlite3" "$out/sqlite/latchkey.sqlite3"
  else
    pg_dump --no-owner --no-privileges --no-comments "${LATCHKEY_TEST_PG_URL%/*}/$db_name" | grep -v -E '^(SET transaction_timeout|\\restrict|\\unrestrict)' >"$out/postgres/dump.sql"
    psql "$LATCHKEY_TEST_PG_URL" -qc "drop database $db_name with (force)" >/dev/null
  fi
  tar -C "$data" --sort=name --mtime=@0 --owner=0 --group=0 -czf "$out/$dialect/repositories.tar.gz" repositories
done
echo "made $out from $commit"
