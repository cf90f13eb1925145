import type { Paged } from '../../../db/pagination.ts';

/** A page of a counted list, or of one that only knows whether another page follows (git history). */
export type PagerPage = Paged<unknown> | { page: number; perPage: number; hasNext: boolean };

/** Previous / next links for a paged list (`?page=N`, after `query`'s parameters), only when there is more than one page. */
export function Pager({ page, path, label, query = {} }: { page: PagerPage; path: string; label: string; query?: Record<string, string> }) {
  const pages = 'total' in page ? Math.max(1, Math.ceil(page.total / page.perPage)) : null;
  const hasNext = pages === null ? (page as { hasNext: boolean }).hasNext : page.page < pages;
  if (page.page <= 1 && !hasNext) return null;
  const href = (n: number) => `${path}?${new URLSearchParams({ ...query, page: String(n) }).toString()}`;
  return (
    <nav class="pager" aria-label={label}>
      {page.page > 1 ? <a href={href(page.page - 1)}>← Previous</a> : <span />}
      <small>{pages === null ? `Page ${page.page}` : `Page ${page.page} of ${pages}`}</small>
      {hasNext ? <a href={href(page.page + 1)}>Next →</a> : <span />}
    </nav>
  );
}
