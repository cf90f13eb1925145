import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { invalidParam } from '../../../domain/errors.ts';
import { deleteMergeRequestNote } from '../../../services/merge-requests/delete-merge-request-note.ts';
import type { MergeRequestNotesShown } from '../../../services/merge-requests/merge-request-note-rules.ts';
import { getMergeRequestDiscussion, listMergeRequestDiscussions } from '../../../services/merge-requests/read-merge-request-discussions.ts';
import { replyToMergeRequestDiscussion } from '../../../services/merge-requests/reply-to-merge-request-discussion.ts';
import { resolveMergeRequestDiscussion } from '../../../services/merge-requests/resolve-merge-request-discussion.ts';
import { startMergeRequestDiscussion } from '../../../services/merge-requests/start-merge-request-discussion.ts';
import { updateMergeRequestNote } from '../../../services/merge-requests/update-merge-request-note.ts';
import { readPage } from '../../pagination.ts';
import { presentMergeRequestDiscussion } from '../../presenters/merge-request-notes.ts';
import { MAX_NOTE_BODY, noteTarget, presentOnlyNote } from './merge-request-notes.ts';
import { idParam, paramsOf, pathParam, sendPage } from './route-kit.ts';

/** The discussion of a route: `:discussion_id` (checked by the service: 40 hex digits). */
const discussionTarget = (request: FastifyRequest) => ({ ...noteTarget(request), discussionId: pathParam(request, 'discussion_id') });

export function mergeRequestDiscussionRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  const presentThread = (shown: MergeRequestNotesShown) => presentMergeRequestDiscussion(shown.notes[0]!.discussion_id, shown.notes, shown.mergeRequest, shown.users, base);
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/merge_requests/:merge_request_iid/discussions', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const shown = await listMergeRequestDiscussions(deps, request.principal, { ...noteTarget(request), page: readPage(paramsOf(request)) });
      return sendPage(request, reply, base, shown.discussions, (d) => presentMergeRequestDiscussion(d.id, d.notes, shown.mergeRequest, shown.users, base));
    });

    app.get('/projects/:id/merge_requests/:merge_request_iid/discussions/:discussion_id', { config: { auth: 'optional', ability: 'read_api' } }, async (request) => {
      return presentThread(await getMergeRequestDiscussion(deps, request.principal, discussionTarget(request)));
    });

    // `position` (a comment on a diff line) is ignored: the thread is a general one on the merge request.
    app.post('/projects/:id/merge_requests/:merge_request_iid/discussions', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const shown = await startMergeRequestDiscussion(deps, request.principal, { ...noteTarget(request), body: params.string('body', { required: true, max: MAX_NOTE_BODY }) });
      reply.code(201);
      return presentThread(shown);
    });

    app.post('/projects/:id/merge_requests/:merge_request_iid/discussions/:discussion_id/notes', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const shown = await replyToMergeRequestDiscussion(deps, request.principal, { ...discussionTarget(request), body: params.string('body', { required: true, max: MAX_NOTE_BODY }) });
      reply.code(201);
      return presentOnlyNote(shown, base);
    });

    app.put('/projects/:id/merge_requests/:merge_request_iid/discussions/:discussion_id', { config: { ability: 'write_api' } }, async (request) => {
      const resolved = paramsOf(request).boolean('resolved');
      if (resolved === undefined) throw invalidParam('resolved is missing');
      return presentThread(await resolveMergeRequestDiscussion(deps, request.principal, { ...discussionTarget(request), resolved }));
    });

    app.put('/projects/:id/merge_requests/:merge_request_iid/discussions/:discussion_id/notes/:note_id', { config: { ability: 'write_api' } }, async (request) => {
      const params = paramsOf(request);
      const body = params.string('body', { max: MAX_NOTE_BODY });
      const resolved = params.boolean('resolved');
      if ((body === undefined) === (resolved === undefined)) throw invalidParam('body, resolved are missing, exactly one parameter must be provided');
      const shown = await updateMergeRequestNote(deps, request.principal, {
        ...discussionTarget(request),
        noteId: idParam(request, 'note_id', 'Note'),
        change: body !== undefined ? { body } : { resolved: resolved! },
      });
      return presentOnlyNote(shown, base);
    });

    app.delete('/projects/:id/merge_requests/:merge_request_iid/discussions/:discussion_id/notes/:note_id', { config: { ability: 'write_api' } }, async (request, reply) => {
      await deleteMergeRequestNote(deps, request.principal, { ...discussionTarget(request), noteId: idParam(request, 'note_id', 'Note') });
      reply.code(204);
    });
  };
}
