import type { Paged } from '../../../db/pagination.ts';

/** Previous / next links for a paged list (`?page=N`, after `query`'s parameters), only when there is more than one page. */
export function Pager({ page, path, label, query = {} }: { page: Paged<unknown>; path: string; label: string; query?: Record<string, string> }) {
  const pages = Math.max(1, Math.ceil(page.total / page.perPage));
  if (pages <= 1) return null;
  const href = (n: number) => `${path}?${new URLSearchParams({ ...query, page: String(n) }).toString()}`;
  return (
    <nav class="pager" aria-label={label}>
      {page.page > 1 ? <a href={href(page.page - 1)}>← Previous</a> : <span />}
      <small>
        Page {page.page} of {pages}
      </small>
      {page.page < pages ? <a href={href(page.page + 1)}>Next →</a> : <span />}
    </nav>
  );
}
