import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Page, Paged } from '../db/pagination.ts';
import type { Params } from './params.ts';

export const MAX_PER_PAGE = 100;

export function readPage(params: Params): Page {
  const page = params.integer('page', { min: 1, max: 1_000_000 }) ?? 1;
  const perPage = Math.min(params.integer('per_page', { min: 1, max: 1_000_000 }) ?? 20, MAX_PER_PAGE);
  return { page, perPage };
}

/**
 * The path and query of a request target. A client may send the absolute form
 * (`GET http://host/api/v4/projects HTTP/1.1`, RFC 9112 3.2.2): its scheme and host are not ours to
 * echo, the external URL says where Latchkey is.
 */
function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return '/';
  }
}

/** The page links of a request: its own URL with `page` and `per_page` set (a query token is never echoed). */
function pageLinker(request: FastifyRequest, externalUrl: string, perPage: number): (page: number, rel: string) => string {
  // Appended, not resolved: keeps a path prefix of the external URL, and `//host` stays a path.
  const url = new URL(`${externalUrl}${originForm(request.url)}`);
  url.searchParams.delete('private_token');
  url.searchParams.delete('access_token');
  return (page, rel) => {
    url.searchParams.set('page', String(page));
    url.searchParams.set('per_page', String(perPage));
    return `<${url.toString()}>; rel="${rel}"`;
  };
}

/** GitLab's pagination headers: X-Total, X-Total-Pages, X-Page, X-Per-Page, X-Next-Page, X-Prev-Page, Link. */
export function setPageHeaders(request: FastifyRequest, reply: FastifyReply, externalUrl: string, result: Paged<unknown>): void {
  const totalPages = Math.max(1, Math.ceil(result.total / result.perPage));
  const next = result.page < totalPages ? result.page + 1 : null;
  const prev = result.page > 1 ? result.page - 1 : null;
  const link = pageLinker(request, externalUrl, result.perPage);
  const links = [
    ...(prev ? [link(prev, 'prev')] : []),
    ...(next ? [link(next, 'next')] : []),
    link(1, 'first'),
    link(totalPages, 'last'),
  ];
  reply.headers({
    'x-total': String(result.total),
    'x-total-pages': String(totalPages),
    'x-page': String(result.page),
    'x-per-page': String(result.perPage),
    'x-next-page': next ? String(next) : '',
    'x-prev-page': prev ? String(prev) : '',
    link: links.join(', '),
  });
}

/**
 * GitLab's headers for a list it does not count (`without_count`: commits, a commit's refs): no
 * X-Total, X-Total-Pages or `last` link; X-Next-Page when another item follows this page.
 */
export function setUncountedPageHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  externalUrl: string,
  result: { page: number; perPage: number; hasNext: boolean },
): void {
  const next = result.hasNext ? result.page + 1 : null;
  const prev = result.page > 1 ? result.page - 1 : null;
  const link = pageLinker(request, externalUrl, result.perPage);
  const links = [...(prev ? [link(prev, 'prev')] : []), ...(next ? [link(next, 'next')] : []), link(1, 'first')];
  reply.headers({
    'x-page': String(result.page),
    'x-per-page': String(result.perPage),
    'x-next-page': next ? String(next) : '',
    'x-prev-page': prev ? String(prev) : '',
    link: links.join(', '),
  });
}
