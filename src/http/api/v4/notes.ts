import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { createIssueNote } from '../../../services/issues/create-note.ts';
import { listIssueNotes } from '../../../services/issues/read-notes.ts';
import { readPage } from '../../pagination.ts';
import { presentNote } from '../../presenters/notes.ts';
import { idParam, paramsOf, projectRef, sendPage } from './route-kit.ts';

export function noteRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/issues/:iid/notes', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const { issue, notes, authors } = await listIssueNotes(deps, request.principal, {
        project: projectRef(request),
        iid: idParam(request, 'iid', 'Issue'),
        sort: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'desc',
        page: readPage(params),
      });
      return sendPage(request, reply, base, notes, (note) => presentNote(note, issue, authors, base));
    });

    app.post('/projects/:id/issues/:iid/notes', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const { note, issue, authors } = await createIssueNote(deps, request.principal, {
        project: projectRef(request),
        iid: idParam(request, 'iid', 'Issue'),
        body: params.string('body', { required: true, max: 1_000_000 }),
      });
      reply.code(201);
      return presentNote(note, issue, authors, base);
    });
  };
}
