import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { compareRepositoryRefs } from '../../../services/repository/compare-repository-refs.ts';
import { listCommitRefs } from '../../../services/repository/list-commit-refs.ts';
import { listRepositoryCommits } from '../../../services/repository/list-repository-commits.ts';
import { readCommitDiff } from '../../../services/repository/read-commit-diff.ts';
import { readRepositoryArchive } from '../../../services/repository/read-repository-archive.ts';
import { readRepositoryCommit } from '../../../services/repository/read-repository-commit.ts';
import { archiveExtension } from '../../../git/archive.ts';
import { readPage, setUncountedPageHeaders } from '../../pagination.ts';
import { presentCommitDetail, presentCompare, presentDiff, presentLoggedCommit, presentStats } from '../../presenters/commits.ts';
import { requireParams } from './file-params.ts';
import { paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

const READ = { config: { auth: 'optional', ability: 'read_api' } } as const;

/** `attachment; filename="..."` with a plain-ASCII fallback and the exact name in RFC 5987 form. */
function attachment(fileName: string): string {
  return `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Reading history: commits, a commit's diff and refs, comparisons and archives, straight from git (`read_api` is enough). */
export function commitRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/repository/commits', READ, async (request, reply) => {
      const params = paramsOf(request);
      const trailers = params.boolean('trailers') ?? false;
      const list = await listRepositoryCommits(deps, request.principal, {
        project: projectRef(request),
        refName: params.string('ref_name', { max: 2048 }),
        path: params.string('path', { max: 4096 }),
        since: params.datetime('since'),
        until: params.datetime('until'),
        author: params.string('author', { max: 255 }) || undefined,
        all: params.boolean('all'),
        withStats: params.boolean('with_stats'),
        firstParent: params.boolean('first_parent'),
        order: params.oneOf('order', ['default', 'topo'] as const),
        page: readPage(params),
      });
      setUncountedPageHeaders(request, reply, base, list);
      const projectWebUrl = `${base}/${list.projectPath}`;
      return list.commits.map(({ logged, stats }) => ({
        ...presentLoggedCommit(logged, projectWebUrl, { trailers }),
        ...(stats ? { stats: presentStats(stats) } : {}),
      }));
    });

    app.get('/projects/:id/repository/commits/:sha', READ, async (request) => {
      const params = paramsOf(request);
      const view = await readRepositoryCommit(deps, request.principal, { project: projectRef(request), sha: pathParam(request, 'sha'), stats: params.boolean('stats') ?? true });
      return presentCommitDetail(view, base);
    });

    app.get('/projects/:id/repository/commits/:sha/diff', READ, async (request, reply) => {
      const params = paramsOf(request);
      const page = await readCommitDiff(deps, request.principal, { project: projectRef(request), sha: pathParam(request, 'sha'), page: readPage(params) });
      return sendPage(request, reply, base, page, presentDiff);
    });

    app.get('/projects/:id/repository/commits/:sha/refs', READ, async (request, reply) => {
      const params = paramsOf(request);
      const list = await listCommitRefs(deps, request.principal, {
        project: projectRef(request),
        sha: pathParam(request, 'sha'),
        type: params.oneOf('type', ['branch', 'tag', 'all'] as const) ?? 'all',
        page: readPage(params),
      });
      setUncountedPageHeaders(request, reply, base, list);
      return list.refs.map((ref) => ({ type: ref.type, name: ref.name }));
    });

    app.get('/projects/:id/repository/compare', READ, async (request) => {
      const params = paramsOf(request);
      requireParams(params, [['from', true], ['to', true]]);
      const from = params.string('from', { required: true, max: 1024 });
      const to = params.string('to', { required: true, max: 1024 });
      const view = await compareRepositoryRefs(deps, request.principal, { project: projectRef(request), from, to, straight: params.boolean('straight') ?? false });
      return presentCompare(view, base);
    });

    const archive = async (request: FastifyRequest, reply: FastifyReply) => {
      // GitLab's route takes only its archive formats: `archive.rar` is no route at all.
      const extension = pathParam(request, 'format');
      if (extension !== '' && archiveExtension(extension) === null) return reply.callNotFound();
      const params = paramsOf(request);
      const found = await readRepositoryArchive(deps, request.principal, {
        project: projectRef(request),
        sha: params.string('sha', { max: 1024 }) || undefined,
        path: params.string('path', { max: 4096 }) || undefined,
        format: pathParam(request, 'format') || params.string('format', { max: 16 }) || undefined,
      });
      reply.headers({
        'content-type': 'application/octet-stream',
        'content-disposition': attachment(found.fileName),
        'content-transfer-encoding': 'binary',
        'cache-control': 'private',
        'x-gitlab-commit-id': found.commitId,
      });
      return reply.send(found.open());
    };
    app.get('/projects/:id/repository/archive', READ, archive);
    app.get('/projects/:id/repository/archive.:format', READ, archive);
  };
}
