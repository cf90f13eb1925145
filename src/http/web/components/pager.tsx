import type { Paged } from '../../../db/pagination.ts';

/** Previous / next links for a paged list (`?page=N`), only when there is more than one page. */
export function Pager({ page, path, label }: { page: Paged<unknown>; path: string; label: string }) {
  const pages = Math.max(1, Math.ceil(page.total / page.perPage));
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={label}>
      {page.page > 1 ? <a href={`${path}?page=${page.page - 1}`}>← Previous</a> : <span />}
      <small>
        Page {page.page} of {pages}
      </small>
      {page.page < pages ? <a href={`${path}?page=${page.page + 1}`}>Next →</a> : <span />}
    </nav>
  );
}
