import { sql, type SelectQueryBuilder } from 'kysely';

export interface Page {
  page: number;
  perPage: number;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
}

/**
 * GitLab's offset paging, the one way every list reads a page: `filtered` holds the tables and
 * the conditions, and its rows are counted for the total; `rows` adds the selection and the
 * order, and the page is cut from that; `map` shapes each row.
 */
export async function pageOf<DB, TB extends keyof DB, O, R, T = R>(
  filtered: SelectQueryBuilder<DB, TB, O>,
  page: Page,
  rows: (query: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, R>,
  map: (row: R) => T = (row) => row as unknown as T,
): Promise<Paged<T>> {
  const { total } = await filtered
    .clearSelect()
    .select(sql<number | bigint | string>`count(*)`.as('total'))
    .$castTo<{ total: number | bigint | string }>()
    .executeTakeFirstOrThrow();
  const items = await rows(filtered)
    .limit(page.perPage)
    .offset((page.page - 1) * page.perPage)
    .execute();
  return { items: items.map(map), total: Number(total), page: page.page, perPage: page.perPage };
}

/** The same page of a list already in memory (git's branches). */
export function pageOfList<T, R = T>(all: readonly T[], page: Page, map: (item: T) => R = (item) => item as unknown as R): Paged<R> {
  const start = (page.page - 1) * page.perPage;
  return { items: all.slice(start, start + page.perPage).map(map), total: all.length, page: page.page, perPage: page.perPage };
}
