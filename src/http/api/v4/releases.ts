import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidParam } from '../../../domain/errors.ts';
import type { Deps } from '../../../deps.ts';
import { parseId } from '../../../domain/ids.ts';
import { releaseNotFound } from '../../../services/releases/release-access.ts';
import { isGitFilePath } from '../../../git/file-path.ts';
import { createRelease } from '../../../services/releases/create-release.ts';
import { createReleaseAssetLink } from '../../../services/releases/create-release-link.ts';
import { deleteRelease } from '../../../services/releases/delete-release.ts';
import { deleteReleaseAssetLink } from '../../../services/releases/delete-release-link.ts';
import { getReleaseAssetLink, listReleaseAssetLinks } from '../../../services/releases/read-release-links.ts';
import { findLatestProjectRelease, getProjectRelease, listProjectReleases } from '../../../services/releases/read-releases.ts';
import { LINK_TYPES, normalizeFilepath, type LinkFields } from '../../../services/releases/release-rules.ts';
import { updateRelease } from '../../../services/releases/update-release.ts';
import { updateReleaseAssetLink } from '../../../services/releases/update-release-link.ts';
import { Params } from '../../params.ts';
import { readPage } from '../../pagination.ts';
import { presentRelease, presentReleaseLink } from '../../presenters/releases.ts';
import { paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

/** `direct_asset_path`, or the older `filepath`. */
function filepathOf(params: Params): string | null | undefined {
  return normalizeFilepath(params.has('direct_asset_path') ? params.nullableString('direct_asset_path', 1024) : params.nullableString('filepath', 1024));
}

function newLink(params: Params): LinkFields {
  return {
    name: params.string('name', { required: true, max: 1024 }),
    url: params.string('url', { required: true, max: 4096 }),
    filepath: filepathOf(params) ?? null,
    linkType: params.oneOf('link_type', LINK_TYPES) ?? 'other',
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** `assets: {links: [...]}` of a JSON body, as semantic-release, release-it and the client libraries send it. */
function assetLinks(body: unknown): LinkFields[] {
  const assets = isObject(body) ? body.assets : undefined;
  if (assets === undefined || assets === null) return [];
  if (!isObject(assets)) throw invalidParam('assets is invalid');
  const links = assets.links;
  if (links === undefined || links === null) return [];
  if (!Array.isArray(links) || links.length > 100 || !links.every(isObject)) throw invalidParam('assets[links] is invalid');
  return links.map((link) => newLink(new Params(link)));
}

const tagOf = (request: FastifyRequest) => pathParam(request, 'tag_name');

/** `:link_id` is an integer parameter (Grape's 400 for anything else); one no row can have is not found. */
function linkIdOf(request: FastifyRequest): number {
  const raw = pathParam(request, 'link_id');
  if (!/^\d{1,20}$/.test(raw)) throw invalidParam('link_id is invalid');
  const id = parseId(raw);
  if (id === null) throw releaseNotFound();
  return id;
}

/** Releases and their asset links (GitLab's releases and release links APIs). */
export function releaseRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  const read = { config: { auth: 'optional', ability: 'read_api' } } as const;
  const write = { config: { ability: 'write_api' } } as const;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/releases', read, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listProjectReleases(deps, request.principal, {
        project: projectRef(request),
        orderBy: params.oneOf('order_by', ['released_at', 'created_at'] as const) ?? 'released_at',
        sort: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'desc',
        page: readPage(params),
      });
      return sendPage(request, reply, base, page, (view) => presentRelease(view, base));
    });

    app.get('/projects/:id/releases/:tag_name', read, async (request) => {
      return presentRelease(await getProjectRelease(deps, request.principal, { project: projectRef(request), tagName: tagOf(request) }), base);
    });

    // GitLab's redirect to the release with the latest released_at, keeping the rest of the path
    // and the query (less order_by).
    const latest = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
      const suffix = pathParam(request, '*');
      if (suffix !== '' && !isGitFilePath(suffix)) throw invalidParam('suffix_path should be a valid file path');
      const found = await findLatestProjectRelease(deps, request.principal, { project: projectRef(request) });
      const query = new URLSearchParams(request.query as Record<string, string>);
      query.delete('order_by');
      query.delete('private_token');
      const rest = suffix === '' ? '' : `/${suffix.split('/').map(encodeURIComponent).join('/')}`;
      const search = query.size > 0 ? `?${query.toString()}` : '';
      return reply.redirect(`${base}/api/v4/projects/${found.projectId}/releases/${encodeURIComponent(found.tagName)}${rest}${search}`, 302);
    };
    app.get('/projects/:id/releases/permalink/latest', read, latest);
    app.get('/projects/:id/releases/permalink/latest/*', read, latest);

    app.post('/projects/:id/releases', write, async (request, reply) => {
      const params = paramsOf(request);
      const view = await createRelease(deps, request.principal, {
        project: projectRef(request),
        tagName: params.string('tag_name', { required: true, max: 1024 }),
        name: params.string('name', { max: 255 }),
        description: params.nullableString('description', 1_000_000),
        ref: params.string('ref', { max: 1024 }),
        tagMessage: params.string('tag_message'),
        releasedAt: params.datetime('released_at'),
        milestones: params.stringArray('milestones'),
        links: assetLinks(request.body),
      });
      reply.code(201);
      return presentRelease(view, base);
    });

    app.put('/projects/:id/releases/:tag_name', write, async (request) => {
      const params = paramsOf(request);
      const view = await updateRelease(deps, request.principal, {
        project: projectRef(request),
        tagName: tagOf(request),
        name: params.string('name', { max: 255 }),
        description: params.nullableString('description', 1_000_000),
        releasedAt: params.datetime('released_at'),
        milestones: params.stringArray('milestones'),
      });
      return presentRelease(view, base);
    });

    app.delete('/projects/:id/releases/:tag_name', write, async (request) => {
      return presentRelease(await deleteRelease(deps, request.principal, { project: projectRef(request), tagName: tagOf(request) }), base);
    });

    app.get('/projects/:id/releases/:tag_name/assets/links', read, async (request, reply) => {
      const params = paramsOf(request);
      const { links, context } = await listReleaseAssetLinks(deps, request.principal, { project: projectRef(request), tagName: tagOf(request), page: readPage(params) });
      return sendPage(request, reply, base, links, (link) => presentReleaseLink(link, context, base));
    });

    app.get('/projects/:id/releases/:tag_name/assets/links/:link_id', read, async (request) => {
      const linkId = linkIdOf(request);
      const { link, context } = await getReleaseAssetLink(deps, request.principal, { project: projectRef(request), tagName: tagOf(request), linkId });
      return presentReleaseLink(link, context, base);
    });

    app.post('/projects/:id/releases/:tag_name/assets/links', write, async (request, reply) => {
      const link = newLink(paramsOf(request));
      const created = await createReleaseAssetLink(deps, request.principal, { project: projectRef(request), tagName: tagOf(request), link });
      reply.code(201);
      return presentReleaseLink(created.link, created.context, base);
    });

    app.put('/projects/:id/releases/:tag_name/assets/links/:link_id', write, async (request) => {
      const linkId = linkIdOf(request);
      const params = paramsOf(request);
      if (!params.has('name') && !params.has('url')) throw invalidParam('name, url are missing, at least one parameter must be provided');
      const filepath = params.has('direct_asset_path') || params.has('filepath') ? filepathOf(params) : undefined;
      const updated = await updateReleaseAssetLink(deps, request.principal, {
        project: projectRef(request),
        tagName: tagOf(request),
        linkId,
        changes: {
          name: params.string('name', { max: 1024 }),
          url: params.string('url', { max: 4096 }),
          ...(filepath !== undefined && { filepath }),
          linkType: params.oneOf('link_type', LINK_TYPES),
        },
      });
      return presentReleaseLink(updated.link, updated.context, base);
    });

    app.delete('/projects/:id/releases/:tag_name/assets/links/:link_id', write, async (request) => {
      const linkId = linkIdOf(request);
      const deleted = await deleteReleaseAssetLink(deps, request.principal, { project: projectRef(request), tagName: tagOf(request), linkId });
      return presentReleaseLink(deleted.link, deleted.context, base);
    });
  };
}
