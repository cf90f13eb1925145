import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidParam } from '../../../domain/errors.ts';
import { parseId } from '../../../domain/ids.ts';
import { PIPELINE_STATUSES } from '../../../domain/pipeline-status.ts';
import type { Deps } from '../../../deps.ts';
import { PIPELINE_ORDERS } from '../../../db/repositories/pipelines.ts';
import { getLatestPipeline, getProjectPipeline, listMergeRequestPipelines, listProjectPipelines, type PipelineList } from '../../../services/pipelines/read-pipelines.ts';
import { readPage } from '../../pagination.ts';
import { presentPipeline, presentPipelineBasic } from '../../presenters/pipelines.ts';
import { paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

const READ = { config: { auth: 'optional', ability: 'read_api' } } as const;

/** Grape's Integer path parameter: digits, else 400; one no row can have reads as no row. */
function integerParam(request: FastifyRequest, name: string): number | null {
  const raw = pathParam(request, name);
  if (!/^\d{1,20}$/.test(raw)) throw invalidParam(`${name} is invalid`);
  return parseId(raw);
}

/** Pipelines (GitLab's pipelines API, read side): the external pipelines commit statuses open. */
export function pipelineRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  const sendList = (request: FastifyRequest, reply: Parameters<typeof sendPage>[1], list: PipelineList) =>
    sendPage(request, reply, base, list.page, (pipeline) => presentPipelineBasic(pipeline, `${base}/${list.projectPath}`));
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/pipelines', READ, async (request, reply) => {
      const params = paramsOf(request);
      const list = await listProjectPipelines(deps, request.principal, {
        project: projectRef(request),
        filter: {
          scope: params.oneOf('scope', ['running', 'pending', 'finished'] as const),
          status: params.oneOf('status', PIPELINE_STATUSES),
          ref: params.string('ref', { max: 255 }) || undefined,
          sha: params.string('sha', { max: 64 }) || undefined,
          source: params.string('source', { max: 64 }) || undefined,
          username: params.string('username', { max: 255 }) || undefined,
          updatedBefore: params.datetime('updated_before'),
          updatedAfter: params.datetime('updated_after'),
          createdBefore: params.datetime('created_before'),
          createdAfter: params.datetime('created_after'),
        },
        order: { by: params.oneOf('order_by', PIPELINE_ORDERS) ?? 'id', direction: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'desc' },
        page: readPage(params),
      });
      return sendList(request, reply, list);
    });

    app.get('/projects/:id/pipelines/latest', READ, async (request) => {
      const detail = await getLatestPipeline(deps, request.principal, { project: projectRef(request), ref: paramsOf(request).string('ref', { max: 255 }) || undefined });
      return presentPipeline(detail, `${base}/${detail.projectPath}`, base);
    });

    app.get('/projects/:id/pipelines/:pipeline_id', READ, async (request) => {
      const detail = await getProjectPipeline(deps, request.principal, { project: projectRef(request), pipelineId: integerParam(request, 'pipeline_id') });
      return presentPipeline(detail, `${base}/${detail.projectPath}`, base);
    });

    app.get('/projects/:id/merge_requests/:merge_request_iid/pipelines', READ, async (request, reply) => {
      const params = paramsOf(request);
      const list = await listMergeRequestPipelines(deps, request.principal, { project: projectRef(request), iid: integerParam(request, 'merge_request_iid'), page: readPage(params) });
      return sendList(request, reply, list);
    });
  };
}
