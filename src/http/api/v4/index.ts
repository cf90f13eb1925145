import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../domain/errors.ts';
import { ANONYMOUS } from '../../../domain/principal.ts';
import type { Deps } from '../../../deps.ts';
import { requireAbility } from '../../../policies/ability-policies.ts';
import { apiPrincipal } from '../../request-principal.ts';
import { markTokenUse } from '../../token-use.ts';
import { containerRegistryRoutes } from './container-registry.ts';
import { eventRoutes } from './events.ts';
import { issueRoutes } from './issues.ts';
import { labelRoutes } from './labels.ts';
import { memberRoutes } from './members.ts';
import { mergeRequestMergeRoutes } from './merge-request-merges.ts';
import { noteRoutes } from './notes.ts';
import { personalAccessTokenRoutes } from './personal-access-tokens.ts';
import { projectAccessTokenRoutes } from './project-access-tokens.ts';
import { projectRoutes } from './projects.ts';
import { repositoryRoutes } from './repository.ts';
import { repositoryFileRoutes } from './repository-files.ts';
import { commitRoutes } from './commits.ts';
import { commitStatusRoutes } from './commit-statuses.ts';
import { pipelineRoutes } from './pipelines.ts';
import { commitMergeRequestRoutes } from './commit-merge-requests.ts';
import { mergeRequestRoutes } from './merge-requests.ts';
import { mergeRequestNoteRoutes } from './merge-request-notes.ts';
import { mergeRequestDiscussionRoutes } from './merge-request-discussions.ts';
import { mergeRequestDiffRoutes } from './merge-request-diffs.ts';
import { tagRoutes } from './tags.ts';
import { releaseRoutes } from './releases.ts';
import { protectedRefRoutes } from './protected-refs.ts';
import { sshKeyRoutes } from './ssh-keys.ts';
import { userRoutes } from './users.ts';
import { versionRoutes } from './version.ts';
import { tokenActivityRoutes } from './token-activity.ts';
import { tokenRevocationRoutes } from './token-revocation.ts';
import { hookRoutes } from './hooks.ts';
import { groupRoutes } from './groups.ts';
import { groupMemberRoutes } from './group-members.ts';
import { groupAccessTokenRoutes } from './group-access-tokens.ts';
import { groupHookRoutes } from './group-hooks.ts';

/**
 * /api/v4: every route authenticates here, then its credential must grant the ability the route
 * declares (`config: { ability }`, the scope gate), before its handler runs.
 */
export function apiV4(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.decorateRequest('principal', null as never);
    app.addHook('onRoute', (route) => {
      if (route.config?.auth !== 'none' && route.config?.ability === undefined) {
        throw new Error(`${String(route.method)} ${route.url} declares no ability: give it config.ability`);
      }
    });
    app.addHook('preHandler', async (request) => {
      const config = request.routeOptions.config;
      if (config.auth === 'none') {
        request.principal = ANONYMOUS;
        return;
      }
      const principal = await apiPrincipal(deps, request);
      if (principal.kind === 'anonymous' && config.auth !== 'optional') throw new AppError('unauthorized', 'Unauthorized');
      // The route template, never the URL: no ids, paths or query (a token in it) reach the row.
      markTokenUse(request, principal, 'api', `${request.method} ${request.routeOptions.url ?? ''}`);
      requireAbility(principal, config.ability!);
      request.principal = principal;
    });
    await app.register(versionRoutes);
    await app.register(userRoutes(deps));
    await app.register(projectRoutes(deps));
    await app.register(memberRoutes(deps));
    await app.register(issueRoutes(deps));
    await app.register(noteRoutes(deps));
    await app.register(labelRoutes(deps));
    await app.register(eventRoutes(deps));
    await app.register(personalAccessTokenRoutes(deps));
    await app.register(projectAccessTokenRoutes(deps));
    await app.register(sshKeyRoutes(deps));
    await app.register(repositoryRoutes(deps));
    await app.register(repositoryFileRoutes(deps));
    await app.register(commitRoutes(deps));
    await app.register(commitStatusRoutes(deps));
    await app.register(pipelineRoutes(deps));
    await app.register(commitMergeRequestRoutes(deps));
    await app.register(mergeRequestRoutes(deps));
    await app.register(mergeRequestNoteRoutes(deps));
    await app.register(mergeRequestDiscussionRoutes(deps));
    await app.register(mergeRequestDiffRoutes(deps));
    await app.register(tagRoutes(deps));
    await app.register(releaseRoutes(deps));
    await app.register(protectedRefRoutes(deps));
    await app.register(containerRegistryRoutes(deps));
    await app.register(mergeRequestMergeRoutes(deps));
    await app.register(tokenActivityRoutes(deps));
    await app.register(tokenRevocationRoutes(deps));
    // hooks-api
    await app.register(hookRoutes(deps));
    // groups
    await app.register(groupRoutes(deps));
    await app.register(groupMemberRoutes(deps));
    await app.register(groupAccessTokenRoutes(deps));
    await app.register(groupHookRoutes(deps));
  };
}
