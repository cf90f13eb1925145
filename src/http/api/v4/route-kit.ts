import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../domain/errors.ts';
import { parseId } from '../../../domain/ids.ts';
import type { ProjectRef } from '../../../domain/project-ref.ts';
import type { Paged } from '../../../db/pagination.ts';
import { Params } from '../../params.ts';
import { setPageHeaders } from '../../pagination.ts';

export function paramsOf(request: FastifyRequest): Params {
  return new Params(request.query, request.body);
}

export function pathParam(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string>)[name] ?? '';
}

/** `:id` of a project route: a number or the URL-encoded `namespace/project` (decoded by the router, read by the service). */
export function projectRef(request: FastifyRequest): ProjectRef {
  return pathParam(request, 'id');
}

/** A numeric path segment; anything else is a 404 for `what`. */
export function idParam(request: FastifyRequest, name: string, what: string): number {
  const id = parseId(pathParam(request, name));
  if (id === null) throw notFound(what);
  return id;
}

export function sendPage<T, R>(
  request: FastifyRequest,
  reply: FastifyReply,
  externalUrl: string,
  page: Paged<T>,
  present: (item: T) => R,
): R[] {
  setPageHeaders(request, reply, externalUrl, page);
  return page.items.map(present);
}
