/** The largest id a database column holds (PostgreSQL `integer`): a larger number names nothing. */
export const MAX_ID = 2_147_483_647;

export function isStorableId(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 1 && value <= MAX_ID;
}

/**
 * A numeric path segment or option: the id it names, or null when it is not digits only or no
 * column could hold it. Leading zeros are allowed (`0042` is 42), as GitLab's cast allows them.
 */
export function parseId(raw: string): number | null {
  if (!/^\d+$/.test(raw)) return null;
  const id = Number(raw);
  return isStorableId(id) ? id : null;
}
