/**
 * True when the database refused a row because a unique index already holds its key: what a
 * concurrent request that passed the same "is it taken?" check a moment earlier causes.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
