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

export const offsetOf = (page: Page): number => (page.page - 1) * page.perPage;

export function paged<T>(items: T[], total: number | bigint | string, page: Page): Paged<T> {
  return { items, total: Number(total), page: page.page, perPage: page.perPage };
}
