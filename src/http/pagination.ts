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

/** GitLab's pagination headers: X-Total, X-Total-Pages, X-Page, X-Per-Page, X-Next-Page, X-Prev-Page, Link. */
export function setPageHeaders(request: FastifyRequest, reply: FastifyReply, externalUrl: string, result: Paged<unknown>): void {
  const totalPages = Math.max(1, Math.ceil(result.total / result.perPage));
  const next = result.page < totalPages ? result.page + 1 : null;
  const prev = result.page > 1 ? result.page - 1 : null;
  // Appended, not resolved: keeps a path prefix of the external URL, and `//host` stays a path.
  const url = new URL(`${externalUrl}${originForm(request.url)}`);
  // A token passed in the query must not be echoed into the links.
  url.searchParams.delete('private_token');
  url.searchParams.delete('access_token');
  const link = (page: number, rel: string) => {
    url.searchParams.set('page', String(page));
    url.searchParams.set('per_page', String(result.perPage));
    return `<${url.toString()}>; rel="${rel}"`;
  };
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
