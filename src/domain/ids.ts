/** The largest id a database column holds (PostgreSQL `integer`): a larger number names nothing. */
export const MAX_ID = 2_147_483_647;

export function isStorableId(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 1 && value <= MAX_ID;
}
