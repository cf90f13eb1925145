import type { FastifyInstance } from 'fastify';
import { invalidParam } from '../../../domain/errors.ts';
import { POSTABLE_STATES } from '../../../domain/pipeline-status.ts';
import type { Deps } from '../../../deps.ts';
import { createCommitStatus } from '../../../services/pipelines/create-commit-status.ts';
import { readCommitStatuses } from '../../../services/pipelines/read-commit-statuses.ts';
import type { Params } from '../../params.ts';
import { readPage } from '../../pagination.ts';
import { presentCommitStatus } from '../../presenters/pipelines.ts';
import { paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

/** Grape's Float: a JSON number or a numeric string. */
function float(params: Params, name: string): number | undefined {
  const value = params.string(name, { max: 64 });
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!/^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value) || !Number.isFinite(number)) throw invalidParam(`${name} is invalid`);
  return number;
}

/** Commit statuses (GitLab's commit status API): external CI reports the jobs of a commit's pipelines. */
export function commitStatusRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/repository/commits/:sha/statuses', { config: { ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await readCommitStatuses(deps, request.principal, {
        project: projectRef(request),
        sha: pathParam(request, 'sha'),
        filter: {
          ref: params.string('ref', { max: 255 }) || undefined,
          stage: params.string('stage', { max: 255 }) || undefined,
          name: params.string('name', { max: 255 }) || undefined,
          pipelineId: params.integer('pipeline_id'),
          all: params.boolean('all') ?? false,
        },
        order: { by: params.oneOf('order_by', ['id', 'pipeline_id'] as const) ?? 'id', direction: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'asc' },
        page: readPage(params),
      });
      return sendPage(request, reply, base, page, ({ status, author }) => presentCommitStatus(status, author, base));
    });

    app.post('/projects/:id/statuses/:sha', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const state = params.oneOf('state', POSTABLE_STATES, { required: true })!;
      const { status, author } = await createCommitStatus(deps, request.principal, {
        project: projectRef(request),
        sha: pathParam(request, 'sha'),
        state,
        ref: params.string('ref', { max: 255 }) || undefined,
        name: params.string('name', { max: 255 }) || params.string('context', { max: 255 }) || 'default',
        targetUrl: params.string('target_url', { max: 4096 }) || undefined,
        description: params.string('description', { max: 255 }),
        coverage: float(params, 'coverage'),
        pipelineId: params.integer('pipeline_id'),
      });
      return reply.code(201).send(presentCommitStatus(status, author, base));
    });
  };
}
