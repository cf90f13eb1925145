/**
 * Tables in foreign-key order: each after every table it refers to (self-references ignored), ties
 * alphabetical so one schema always gives one order. Pure.
 */
export function foreignKeyOrder(tables: string[], references: Array<{ child: string; parent: string }>): string[] {
  const known = new Set(tables);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of references) {
    if (child !== parent && known.has(child) && known.has(parent)) parents.get(child)!.add(parent);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p))).sort();
    if (ready.length === 0) throw new Error(`the foreign keys between ${tables.filter((t) => !placed.has(t)).join(', ')} form a cycle`);
    for (const table of ready) {
      ordered.push(table);
      placed.add(table);
    }
  }
  return ordered;
}

/** Tables a backup leaves out: the migrator's own (a restore rebuilds the schema) and the read cache's epochs (recreated by its migration, bumped by the restored rows). */
export const NOT_BACKED_UP = new Set(['latchkey_migrations', 'latchkey_migrations_lock', 'read_cache_epochs', 'read_cache_scoped_epochs']);

/** A column value as it is written to the archive: integers as JSON numbers (past 2^53 as decimal strings), bytes as `{"base64": …}`. */
export function encodeValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  return value;
}

/** The inverse of encodeValue for a restore's insert. */
export function decodeValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { base64?: unknown }).base64 === 'string') {
    return Buffer.from((value as { base64: string }).base64, 'base64');
  }
  return value;
}
