import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../domain/errors.ts';
import { isStorableId } from '../../../domain/ids.ts';
import type { Paged } from '../../../db/pagination.ts';
import { Params } from '../../params.ts';
import { setPageHeaders } from '../../pagination.ts';
import type { ProjectRef } from '../../../services/project-context.ts';

export function paramsOf(request: FastifyRequest): Params {
  return new Params(request.query, request.body);
}

export function pathParam(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string>)[name] ?? '';
}

/** `:id` of a project route: a number or the URL-encoded `namespace/project`. */
export function projectRef(request: FastifyRequest): ProjectRef {
  const raw = pathParam(request, 'id');
  return /^\d{1,15}$/.test(raw) ? Number(raw) : raw;
}

/** A numeric path segment; anything else is a 404 for `what`. */
export function idParam(request: FastifyRequest, name: string, what: string): number {
  const raw = pathParam(request, name);
  if (!/^\d{1,15}$/.test(raw) || !isStorableId(Number(raw))) throw notFound(what);
  return Number(raw);
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
