import type { Kysely } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/database.ts';

/**
 * Every route the server has for `method`, read from Fastify's own route tree, so a route added
 * later is covered by the tests that loop over them without anyone remembering to list it.
 */
export function routesOf(http: FastifyInstance, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'): string[] {
  const tree = http.printRoutes({ method, commonPrefix: false });
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line.trimEnd());
    if (!match) continue;
    const depth = Math.round(match[1]!.length / 4);
    stack.length = depth;
    const parent = depth > 0 ? stack[depth - 1]! : '';
    // A wildcard beside its parent's own route (`/latest` and `/latest/*`) prints as a bare `*`.
    const full = parent + (match[2] === '*' && !parent.endsWith('/') ? '/*' : match[2]!);
    stack.push(full);
    if (match[3]?.split(', ').includes(method)) routes.push(full);
  }
  return routes;
}

/** Columns the server writes on any authenticated request (usage bookkeeping), not on the caller's behalf. */
const BOOKKEEPING = new Set(['last_used_at', 'last_used_ips', 'last_used_ips_at']);

/**
 * Every row of every table (failed-auth counters and the log of each token's uses aside, both the
 * server's bookkeeping of any request), for "nothing changed" assertions.
 * `except` leaves out tables a refusal legitimately writes to (audit events of a failed attempt).
 */
export async function snapshot(db: Db, except: string[] = []): Promise<string> {
  const any = db as unknown as Kysely<any>;
  const skipped = new Set(['auth_failures', 'token_activity', ...except]);
  const tables = (await any.introspection.getTables()).map((table) => table.name).filter((name) => !skipped.has(name) && !name.startsWith('kysely_'));
  const dump: string[] = [];
  for (const table of tables.sort()) {
    const rows = await any.selectFrom(table).selectAll().execute();
    const cleaned = rows.map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([column]) => !BOOKKEEPING.has(column))));
    cleaned.sort((x: Record<string, unknown>, y: Record<string, unknown>) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    dump.push(`${table}: ${JSON.stringify(cleaned)}`);
  }
  return dump.join('\n');
}
