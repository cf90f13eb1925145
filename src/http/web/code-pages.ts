import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, notFound } from '../../domain/errors.ts';
import { PROJECT_NOT_FOUND } from '../../services/projects/project-context.ts';

/**
 * The one rule for every repository page (files, history, branches, tags, releases): a viewer who
 * may see the project but not its code (a Guest of a private project) finds no such page, as on
 * GitLab: 404, never a 403 that hints what the repository holds.
 */
export async function codePage<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_permitted') throw notFound(PROJECT_NOT_FOUND);
    throw error;
  }
}

/** A repository page's GET handler under the rule above. */
export function codeRoute(handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) {
  return (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => codePage(() => handler(request, reply));
}
