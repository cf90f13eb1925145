import { accessLevelName } from '../domain/access-levels.ts';
import { isActiveToken } from '../domain/active-token.ts';
import { parseScopes } from '../domain/scopes.ts';
import { parseTokenLimit } from '../domain/token-limits.ts';
import type { TokenRow } from '../db/schema.ts';

/**
 * How `latchkey project-token list` shows a token: with `--json`, one object per token under the
 * names of GitLab's token entity (so a script reads the CLI and the API alike), never its secret;
 * without, one line per token in a table.
 */
export function tokenRecord(row: TokenRow, now: Date) {
  const { id, name, description, user_id, access_level, created_at, last_used_at, expires_at, superseded_at, active_until } = row;
  return {
    id,
    name,
    description,
    revoked: row.revoked === 1,
    created_at,
    scopes: parseScopes(row.scopes),
    user_id,
    last_used_at,
    active: isActiveToken(row, now),
    expires_at,
    superseded_at,
    active_until,
    ...(access_level !== null && { access_level }),
    allowed_ips: parseTokenLimit(row.allowed_ips) ?? [],
    allowed_refs: parseTokenLimit(row.allowed_refs) ?? [],
  };
}

type TokenRecord = ReturnType<typeof tokenRecord>;

function stateOf(token: TokenRecord): string {
  if (token.revoked) return 'revoked';
  if (token.active_until !== null) return token.active ? `works until ${token.active_until}` : 'superseded';
  return token.active ? 'active' : 'expired';
}

/** The table's lines: a header, then one row per token, columns padded to their widest cell. */
export function tokenTable(tokens: readonly TokenRecord[]): string[] {
  const cells = [
    ['ID', 'NAME', 'ROLE', 'SCOPES', 'EXPIRES', 'STATE', 'LAST USED'],
    ...tokens.map((t) => [
      String(t.id),
      t.name,
      accessLevelName(t.access_level ?? 0),
      t.scopes.join(','),
      t.expires_at ?? 'never',
      stateOf(t),
      t.last_used_at ?? 'never',
    ]),
  ];
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  return cells.map((line) => line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}
