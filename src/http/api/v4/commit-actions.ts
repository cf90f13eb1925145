import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidParam, rejected } from '../../../domain/errors.ts';
import type { Deps } from '../../../deps.ts';
import { isGitFilePath } from '../../../git/file-path.ts';
import { createCommit } from '../../../services/repository/create-commit.ts';
import { FILE_ACTIONS, type FileAction } from '../../../services/repository/file-actions.ts';
import { parseNestedForm } from '../../nested-form.ts';
import { Params } from '../../params.ts';
import { presentCommitDetail } from '../../presenters/commits.ts';
import { decodeContent, rawParam, REPOSITORY_WRITE_BODY_LIMIT, requireParams, signatureParam } from './file-params.ts';
import { paramsOf, projectRef } from './route-kit.ts';

/** One commit carries at most this many actions (documented in docs/GITLAB-COMPATIBILITY.md). */
export const MAX_COMMIT_ACTIONS = 1000;

/** A path of an action: what git could read as something else never reaches it (Gitaly's wording). */
function actionPath(path: string): string {
  if (path.split('/').includes('..')) throw rejected('Path cannot include directory traversal');
  if (!isGitFilePath(path)) throw rejected(`invalid path: '${path}'`);
  return path;
}

/** `actions[]` as Grape validates it: every problem of every action, named `actions[i][field]`. */
function readActions(request: FastifyRequest): FileAction[] {
  const raw = rawParam(request, 'actions');
  if (!Array.isArray(raw) || !raw.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) {
    throw invalidParam('actions is invalid');
  }
  if (raw.length === 0) throw invalidParam('actions is empty');
  if (raw.length > MAX_COMMIT_ACTIONS) throw invalidParam(`actions has too many items (maximum is ${MAX_COMMIT_ACTIONS})`);
  const errors: string[] = [];
  const actions = raw.map((item: Record<string, unknown>, index): FileAction | null => {
    const name = (field: string) => `actions[${index}][${field}]`;
    const params = new Params(item);
    const attempt = <T>(read: () => T): T | undefined => {
      try {
        return read();
      } catch (error) {
        errors.push((error as Error).message.replace(/^(\w+)/, (field) => name(field)));
        return undefined;
      }
    };
    const action = attempt(() => params.oneOf('action', FILE_ACTIONS, { required: true }));
    const filePath = attempt(() => params.string('file_path', { required: true, max: 4096 }));
    if (action === 'move' && !params.has('previous_path')) errors.push(`${name('previous_path')} is missing`);
    if (action === 'update' && !params.has('content')) errors.push(`${name('content')} is missing`);
    if (action === 'chmod' && !params.has('execute_filemode')) errors.push(`${name('execute_filemode')} is missing`);
    const encoding = attempt(() => params.oneOf('encoding', ['text', 'base64'] as const));
    const executeFilemode = attempt(() => params.boolean('execute_filemode'));
    const lastCommitId = attempt(() => params.string('last_commit_id', { max: 64 }));
    const previousPath = attempt(() => params.string('previous_path', { max: 4096 }));
    const content = item.content === undefined || item.content === null || action === 'delete' || action === 'chmod' ? undefined : attempt(() => decodeContent(item.content, encoding, 'content'));
    if (action === undefined || filePath === undefined) return null;
    return {
      action,
      filePath,
      ...(action === 'move' && previousPath !== undefined && { previousPath }),
      ...(content !== undefined && { content }),
      ...(executeFilemode !== undefined && { executeFilemode }),
      ...(lastCommitId && ['update', 'move', 'delete'].includes(action) && { lastCommitId }),
    };
  });
  if (errors.length > 0) throw invalidParam(errors.join(', '));
  return (actions as FileAction[]).map((action) => ({
    ...action,
    filePath: actionPath(action.filePath),
    ...(action.previousPath !== undefined && { previousPath: actionPath(action.previousPath) }),
    ...(action.action === 'create' && action.content === undefined && { content: Buffer.alloc(0) }),
  }));
}

/** POST /projects/:id/repository/commits: a commit of file actions (JSON, or a form with `actions[][field]` keys). */
export function commitActionRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    // Only in this plugin: forms carry `actions[][action]=...` keys, read in order as Rack reads them.
    app.removeContentTypeParser('application/x-www-form-urlencoded');
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, parseNestedForm(body as string));
    });

    app.post('/projects/:id/repository/commits', { config: { ability: 'write_api' }, bodyLimit: REPOSITORY_WRITE_BODY_LIMIT }, async (request, reply) => {
      const params = paramsOf(request);
      requireParams(params, [
        ['branch', false],
        ['commit_message', false],
        ['actions', true],
      ]);
      if (params.has('start_branch') && params.has('start_sha')) throw invalidParam('start_branch, start_sha are mutually exclusive');
      const actions = readActions(request);
      const created = await createCommit(deps, request.principal, {
        project: projectRef(request),
        request: {
          branch: params.string('branch', { required: true, max: 1024 }),
          startBranch: params.string('start_branch', { max: 1024 }) || undefined,
          startSha: params.string('start_sha', { max: 128 }) || undefined,
          force: params.boolean('force') ?? false,
          message: params.string('commit_message', { required: true, max: 1_000_000 }),
          authorName: signatureParam(params, 'author_name'),
          authorEmail: signatureParam(params, 'author_email'),
          actions,
        },
        stats: params.boolean('stats') ?? true,
      });
      return reply.code(201).send(presentCommitDetail(created, base));
    });
  };
}
