import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { createMergeRequestNote } from '../../../services/merge-requests/create-merge-request-note.ts';
import { deleteMergeRequestNote } from '../../../services/merge-requests/delete-merge-request-note.ts';
import type { MergeRequestNotesShown, NoteTarget } from '../../../services/merge-requests/merge-request-note-rules.ts';
import { getMergeRequestNote, listMergeRequestNotes } from '../../../services/merge-requests/read-merge-request-notes.ts';
import { updateMergeRequestNote } from '../../../services/merge-requests/update-merge-request-note.ts';
import { readPage } from '../../pagination.ts';
import { presentMergeRequestNote } from '../../presenters/merge-request-notes.ts';
import { idParam, paramsOf, projectRef, sendPage } from './route-kit.ts';

/** GitLab's longest note body. */
export const MAX_NOTE_BODY = 1_000_000;

/** `:id` and `:merge_request_iid` of a note or discussion route. */
export function noteTarget(request: FastifyRequest): NoteTarget {
  return { project: projectRef(request), iid: idParam(request, 'merge_request_iid', 'Merge Request') };
}

/** The one note a write or a read returns. */
export function presentOnlyNote(shown: MergeRequestNotesShown, base: string) {
  return presentMergeRequestNote(shown.notes[0]!, shown.mergeRequest, shown.users, base);
}

export function mergeRequestNoteRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/merge_requests/:merge_request_iid/notes', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const shown = await listMergeRequestNotes(deps, request.principal, {
        ...noteTarget(request),
        order: { by: params.oneOf('order_by', ['created_at', 'updated_at'] as const) ?? 'created_at', direction: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'desc' },
        page: readPage(params),
      });
      return sendPage(request, reply, base, shown.page, (note) => presentMergeRequestNote(note, shown.mergeRequest, shown.users, base));
    });

    app.get('/projects/:id/merge_requests/:merge_request_iid/notes/:note_id', { config: { auth: 'optional', ability: 'read_api' } }, async (request) => {
      const shown = await getMergeRequestNote(deps, request.principal, { ...noteTarget(request), noteId: idParam(request, 'note_id', 'Note') });
      return presentOnlyNote(shown, base);
    });

    app.post('/projects/:id/merge_requests/:merge_request_iid/notes', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const shown = await createMergeRequestNote(deps, request.principal, { ...noteTarget(request), body: params.string('body', { required: true, max: MAX_NOTE_BODY }) });
      reply.code(201);
      return presentOnlyNote(shown, base);
    });

    app.put('/projects/:id/merge_requests/:merge_request_iid/notes/:note_id', { config: { ability: 'write_api' } }, async (request) => {
      const params = paramsOf(request);
      const shown = await updateMergeRequestNote(deps, request.principal, {
        ...noteTarget(request),
        noteId: idParam(request, 'note_id', 'Note'),
        change: { body: params.string('body', { required: true, max: MAX_NOTE_BODY }) },
      });
      return presentOnlyNote(shown, base);
    });

    app.delete('/projects/:id/merge_requests/:merge_request_iid/notes/:note_id', { config: { ability: 'write_api' } }, async (request, reply) => {
      await deleteMergeRequestNote(deps, request.principal, { ...noteTarget(request), noteId: idParam(request, 'note_id', 'Note') });
      reply.code(204);
    });
  };
}
