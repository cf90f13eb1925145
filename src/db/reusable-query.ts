import type { CompiledQuery } from 'kysely';
import type { Db } from './database.ts';

/**
 * A hot read compiled once per database handle and re-run with new parameter values, skipping
 * Kysely's per-call query building (a measurable share of a cached-auth request). `build` is
 * called once with `sentinels`, distinct placeholder values that locate each argument among the
 * compiled parameters; it must not branch on its arguments.
 */
export function reusableQuery<A extends readonly unknown[], R>(
  build: (db: Db, ...args: A) => { compile(): CompiledQuery<R> },
  sentinels: A,
): (db: Db, ...args: A) => Promise<R[]> {
  const compiled = new WeakMap<Db, { query: CompiledQuery<R>; positions: number[] }>();
  return async (db, ...args) => {
    let entry = compiled.get(db);
    if (!entry) {
      const query = build(db, ...sentinels).compile();
      const positions = query.parameters.map((value) => sentinels.indexOf(value));
      if (positions.includes(-1) || new Set(sentinels).size !== sentinels.length) {
        throw new Error('reusableQuery: every compiled parameter must be one of the distinct sentinels');
      }
      entry = { query, positions };
      compiled.set(db, entry);
    }
    const parameters = entry.positions.map((index) => args[index]);
    const result = await db.executeQuery<R>({ ...entry.query, parameters });
    return result.rows;
  };
}
