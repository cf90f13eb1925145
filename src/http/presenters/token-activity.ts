import type { TokenActivityRow } from '../../db/schema.ts';

/** One use of a token (Latchkey's own entity: GitLab has no per-token activity). */
export function presentTokenActivity(row: TokenActivityRow) {
  return {
    id: Number(row.id),
    token_id: row.token_id,
    created_at: row.at,
    transport: row.transport,
    action: row.action,
    status: row.status,
    ip_address: row.ip,
    user_agent: row.user_agent,
  };
}
